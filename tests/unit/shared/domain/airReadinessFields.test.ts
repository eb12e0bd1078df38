import { describe, expect, it } from 'vitest';
import { Aircraft, AviationBase } from '../../../../src/shared/domain';
import { fieldsProblem } from '../../../../src/shared/sync/records';

/**
 * The availability fields (docs/dispatch.md, "Aircraft availability") are optional: records
 * written before them stay valid and unchanged, and the hub checks a change to them field by field
 * like any other (it accepts the duty officer's values and names a bad one).
 */
const h01 = {
  id: 'base-ZBYN-ac1',
  callsign: '晋应-H01',
  model: 'AC313',
  category: 'helicopter',
  cruiseSpeedKmh: 255,
  launchMinutes: 12,
  rangeKm: 900,
  payloadKg: 4000,
  capabilities: ['aerial_rescue', 'airlift'],
  status: 'available',
} as const;

describe('availability fields on bases and aircraft', () => {
  it('an older record without them parses as it was, with no field added', () => {
    const a = Aircraft.parse(h01);
    for (const f of ['crewPosture', 'onCallLaunchMinutes', 'nightCapable', 'ifrCapable', 'airspaceApproval'])
      expect(a, f).not.toHaveProperty(f);
    const b = AviationBase.parse({
      id: 'base-ZBYN',
      name: '太原武宿国际机场',
      kind: 'civil_airport',
      location: [112.628, 37.747],
    });
    expect(b).not.toHaveProperty('weather');
  });

  it('the hub accepts the duty officer’s changes field by field, and names a bad value', () => {
    expect(
      fieldsProblem('base', {
        weather: 'ifr',
        weatherSetAt: '2026-12-01T23:00:00.000Z',
        weatherSetBy: '王芳',
      }),
    ).toBeNull();
    expect(
      fieldsProblem('aircraft', {
        crewPosture: 'on_call',
        airspaceApproval: 'pending',
        airspaceRequestedAt: null,
      }),
    ).toBeNull();
    expect(fieldsProblem('base', { weather: 'fog' })).toMatch(/base field weather/);
    expect(fieldsProblem('aircraft', { crewPosture: 'asleep' })).toMatch(/aircraft field crewPosture/);
    expect(fieldsProblem('aircraft', { onCallLaunchMinutes: -5 })).toMatch(/onCallLaunchMinutes/);
  });
});
