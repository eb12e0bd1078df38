import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  baseReachRadius,
  explainCandidate,
  reachNetwork,
  recommend,
  type Recommendation,
} from '../../../../src/shared/dispatch';
import {
  AIRSPACE_HOLD_MINUTES,
  AIRSPACE_OVERDUE_MINUTES,
  assessLaunch,
  explainAvailability,
  ON_CALL_EXTRA_MINUTES,
} from '../../../../src/shared/dispatch/airAvailability';
import { explainRefusal } from '../../../../src/shared/dispatch/explain';
import { loadScenarioText, type Aircraft, type AviationBase } from '../../../../src/shared/domain';
import { sunriseSunset } from '../../../../src/shared/geo';

/**
 * Aircraft availability (docs/dispatch.md, "Aircraft availability") on the demo scenario's real
 * Shanxi bases: 太原武宿 (ZBYN: two helicopters, a Y-12, a 翼龙-2H drone), 大同云冈 (ZBDT).
 * Defaults: helicopters and fixed-wing fly by day only and VFR; drones fly at night, not in IFR.
 */
function demoBases(): AviationBase[] {
  const s = loadScenarioText(readFileSync('assets/scenarios/shanxi-demo.json', 'utf8'));
  if (!s.ok) throw new Error(s.error.message);
  return s.value.bases;
}
const cst = (s: string) => Date.parse(`${s}+08:00`);
/** Near 太原 (迎泽区): a flood, for which helicopters with aerial_rescue or airlift qualify. */
const TAIYUAN_FLOOD = {
  id: 'i1',
  location: [112.56, 37.87] as [number, number],
  hazard: 'flood' as const,
  level: 'IV' as const,
};
/** 临汾 city, ~190 km south-west of 太原武宿. */
const LINFEN_FLOOD = { ...TAIYUAN_FLOOD, id: 'i2', location: [111.52, 36.08] as [number, number] };

function withBase(
  bases: AviationBase[],
  id: string,
  change: (b: AviationBase) => AviationBase,
): AviationBase[] {
  return bases.map((b) => (b.id === id ? change(b) : b));
}
function withAircraft(bases: AviationBase[], id: string, change: Partial<Aircraft>): AviationBase[] {
  return bases.map((b) => ({
    ...b,
    aircraft: b.aircraft.map((a) => (a.id === id ? { ...a, ...change } : a)),
  }));
}
const refusedOf = (r: Recommendation, id: string) => r.aircraftRefused.find((x) => x.id === id);
const candidateOf = (r: Recommendation, id: string) => r.candidates.find((x) => x.id === id);
const rec = (bases: AviationBase[], now: string, incident = TAIYUAN_FLOOD) =>
  recommend({ units: [], bases }, incident, { now: cst(now), runCards: false, limit: 50 });

describe('aircraft availability on the demo bases', () => {
  const bases = demoBases();
  const wusu = bases.find((b) => b.id === 'base-ZBYN')!;

  it('at night in December a day-only helicopter at 太原 is unavailable until sunrise at ~07:41 CST', () => {
    const r = rec(bases, '2026-12-20T22:00:00');
    const h01 = refusedOf(r, 'base-ZBYN-ac1')!;
    expect(h01.reason).toBe('conditions');
    expect(h01.conditions.map((c) => c.code)).toEqual(['night_at_base']);
    const sunrise = Date.parse(h01.availableAt!);
    // Winter-solstice sunrise at 太原武宿: 07:41 Beijing time on the next morning (±2 min).
    expect(Math.abs(sunrise - cst('2026-12-21T07:41:00'))).toBeLessThanOrEqual(2 * 60_000);
    expect(explainRefusal(h01)).toMatch(
      /night at the base and not night-capable, until sunrise 2026-12-21 07:4\d CST/,
    );
    expect(candidateOf(r, 'base-ZBYN-ac1')).toBeUndefined();
  });

  it('a drone flies at night: the 翼龙-2H at 太原武宿 stays in the list', () => {
    const r = recommend(
      { units: [], bases },
      { ...TAIYUAN_FLOOD, hazard: 'landslide' },
      {
        now: cst('2026-12-20T22:00:00'),
        runCards: false,
        limit: 50,
      },
    );
    expect(candidateOf(r, 'base-ZBYN-ac4')?.availability).toEqual([]);
  });

  it('by day the same helicopter goes, with nothing to say', () => {
    const r = rec(bases, '2026-12-21T10:00:00');
    const h01 = candidateOf(r, 'base-ZBYN-ac1')!;
    expect(h01.availability).toEqual([]);
    expect(h01.eta.launchMinutes).toBe(12);
  });

  it('late afternoon: it can take off but would reach 临汾 after sunset, so it is held until the next sunrise', () => {
    const now = '2026-12-21T16:50:00';
    const r = rec(bases, now, LINFEN_FLOOD);
    const h01 = refusedOf(r, 'base-ZBYN-ac1')!;
    expect(h01.reason).toBe('conditions');
    expect(h01.conditions.map((c) => c.code)).toEqual(['night_at_scene']);
    const c = h01.conditions[0]!;
    const [, linfenSunset] = sunriseSunset(LINFEN_FLOOD.location, cst(now));
    expect(c.sunset).toBe(new Date(linfenSunset!).toISOString());
    expect(Math.abs(Date.parse(c.until!) - cst('2026-12-22T07:41:00'))).toBeLessThanOrEqual(3 * 60_000);
    // Earlier the same day the same flight arrives in daylight.
    expect(candidateOf(rec(bases, '2026-12-21T14:00:00', LINFEN_FLOOD), 'base-ZBYN-ac1')).toBeDefined();
  });

  it('IFR weather at 太原武宿: the VFR helicopters are unavailable, an IFR-capable one is not', () => {
    const ifr = withBase(bases, 'base-ZBYN', (b) => ({ ...b, weather: 'ifr' }));
    const r = rec(ifr, '2026-12-21T10:00:00');
    for (const id of ['base-ZBYN-ac1', 'base-ZBYN-ac2']) {
      const x = refusedOf(r, id)!;
      expect(x.reason, id).toBe('conditions');
      expect(x.conditions.map((c) => c.code)).toEqual(['ifr_weather']);
      expect(x.availableAt).toBeNull();
    }
    expect(explainRefusal(refusedOf(r, 'base-ZBYN-ac1')!)).toMatch(
      /IFR weather at the base and not IFR-capable/,
    );
    // Other bases are not affected.
    expect(candidateOf(r, 'base-ZBXZ-ac1')).toBeDefined();
    const capable = withAircraft(ifr, 'base-ZBYN-ac1', { ifrCapable: true });
    expect(candidateOf(rec(capable, '2026-12-21T10:00:00'), 'base-ZBYN-ac1')?.availability).toEqual([]);
  });

  it('a closed base launches nothing, IFR-capable or not, and at night says both', () => {
    const closed = withAircraft(
      withBase(bases, 'base-ZBYN', (b) => ({ ...b, weather: 'closed' })),
      'base-ZBYN-ac1',
      { ifrCapable: true },
    );
    const r = rec(closed, '2026-12-21T10:00:00');
    expect(refusedOf(r, 'base-ZBYN-ac1')!.conditions.map((c) => c.code)).toEqual(['base_closed']);
    const night = rec(closed, '2026-12-20T22:00:00');
    const h01 = refusedOf(night, 'base-ZBYN-ac1')!;
    expect(h01.conditions.map((c) => c.code)).toEqual(['base_closed', 'night_at_base']);
    // Closed as well as dark: sunrise alone does not free it.
    expect(h01.availableAt).toBeNull();
  });

  it('crew on call: launch + 45 min by default, or the aircraft’s own on-call time', () => {
    const day = '2026-12-21T10:00:00';
    const base = candidateOf(rec(bases, day), 'base-ZBYN-ac1')!;
    const onCall = candidateOf(
      rec(withAircraft(bases, 'base-ZBYN-ac1', { crewPosture: 'on_call' }), day),
      'base-ZBYN-ac1',
    )!;
    expect(onCall.availability).toEqual([
      { code: 'on_call', effect: 'delay', minutes: 12 + ON_CALL_EXTRA_MINUTES },
    ]);
    expect(onCall.eta.launchMinutes).toBe(57);
    expect(onCall.etaMinutes - base.etaMinutes).toBeCloseTo(45, 9);
    expect(explainCandidate(onCall)).toMatch(/launch 57\.0 \(crew on call, launch 57 min\)/);
    const own = candidateOf(
      rec(withAircraft(bases, 'base-ZBYN-ac1', { crewPosture: 'on_call', onCallLaunchMinutes: 30 }), day),
      'base-ZBYN-ac1',
    )!;
    expect(own.eta.launchMinutes).toBe(30);
  });

  it('airspace pending: the launch waits for approval, 60 min from the request, in parallel with crew preparation', () => {
    const now = cst('2026-12-21T10:00:00');
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const a = wusu.aircraft.find((x) => x.id === 'base-ZBYN-ac1')!;
    const fresh = assessLaunch({ ...a, airspaceApproval: 'pending', airspaceRequestedAt: at(20) }, wusu, now);
    expect(fresh.canLaunch).toBe(true);
    expect(fresh.launchMinutes).toBeCloseTo(AIRSPACE_HOLD_MINUTES - 20, 9);
    expect(fresh.reasons).toEqual([{ code: 'airspace_pending', effect: 'delay', minutes: 40 }]);
    const overdue = assessLaunch(
      { ...a, airspaceApproval: 'pending', airspaceRequestedAt: at(90) },
      wusu,
      now,
    );
    expect(overdue.launchMinutes).toBe(AIRSPACE_OVERDUE_MINUTES);
    // Unknown request time: the full hold.
    expect(assessLaunch({ ...a, airspaceApproval: 'pending' }, wusu, now).launchMinutes).toBe(
      AIRSPACE_HOLD_MINUTES,
    );
    // On call and pending: the longer of the two.
    const both = assessLaunch(
      { ...a, crewPosture: 'on_call', airspaceApproval: 'pending', airspaceRequestedAt: at(20) },
      wusu,
      now,
    );
    expect(both.launchMinutes).toBe(57);
    expect(explainAvailability(both.reasons)).toBe(
      'crew on call, launch 57 min; airspace approval pending, launch held 40 min',
    );
    const r = rec(
      withAircraft(bases, 'base-ZBYN-ac1', { airspaceApproval: 'pending', airspaceRequestedAt: at(20) }),
      '2026-12-21T10:00:00',
    );
    expect(candidateOf(r, 'base-ZBYN-ac1')!.eta.launchMinutes).toBeCloseTo(40, 9);
  });

  it('without `now` no daylight rule applies (the weather, crew and airspace rules still do)', () => {
    const r = recommend({ units: [], bases }, TAIYUAN_FLOOD, { runCards: false, limit: 50 });
    // Whatever the clock says, no night refusal.
    expect(r.aircraftRefused.filter((x) => x.reason === 'conditions')).toEqual([]);
  });
});

describe('the 1-hour network and reach circles use the same rules', () => {
  const bases = demoBases();

  it('at night 太原武宿 counts for nothing in a flood at 太原; by day its helicopter counts', () => {
    const night = reachNetwork(bases, TAIYUAN_FLOOD.location, {
      hazard: 'flood',
      now: cst('2026-12-20T22:00:00'),
    });
    const wusu = [...night.within, ...night.beyond].find((b) => b.baseId === 'base-ZBYN')!;
    expect(wusu.counting).toBeNull();
    const h01 = wusu.aircraft.find((a) => a.id === 'base-ZBYN-ac1')!;
    expect(h01.refused).toBe('conditions');
    expect(h01.availability.map((c) => c.code)).toEqual(['night_at_base']);
    const day = reachNetwork(bases, TAIYUAN_FLOOD.location, {
      hazard: 'flood',
      now: cst('2026-12-21T10:00:00'),
    });
    expect(day.within.map((b) => b.baseId)).toContain('base-ZBYN');
  });

  it('IFR at 太原武宿 takes it out of the network at any hour', () => {
    const ifr = withBase(bases, 'base-ZBYN', (b) => ({ ...b, weather: 'ifr' }));
    const r = reachNetwork(ifr, TAIYUAN_FLOOD.location, { hazard: 'flood', now: cst('2026-12-21T10:00:00') });
    expect(r.within.map((b) => b.baseId)).not.toContain('base-ZBYN');
  });

  it('the reach circle shrinks to what can be reached by sunset, and is gone at night', () => {
    const wusu = bases.find((b) => b.id === 'base-ZBYN')!;
    const noon = baseReachRadius(wusu, 3600, undefined, undefined, 'flood', cst('2026-12-21T12:00:00'));
    const late = cst('2026-12-21T16:40:00');
    const evening = baseReachRadius(wusu, 3600, undefined, undefined, 'flood', late);
    const [, sunset] = sunriseSunset(wusu.location, late);
    const a = evening.aircraft!;
    const expected =
      ((sunset! - late) / 1000 - (a.launchMinutes + a.approachMinutes) * 60) * (a.cruiseSpeedKmh / 3.6);
    expect(evening.radiusM).toBeCloseTo(expected, 3);
    expect(evening.radiusM).toBeLessThan(noon.radiusM);
    expect(
      baseReachRadius(wusu, 3600, undefined, undefined, 'flood', cst('2026-12-20T22:00:00')).aircraft,
    ).toBeNull();
  });
});
