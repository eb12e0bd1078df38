import { describe, expect, it } from 'vitest';
import { Scenario, SCENARIO_SCHEMA_VERSION } from '../../../../src/shared/domain';
import { goodBase, goodIncident, goodScenario, goodUnit, issuePaths } from './records';

describe('Scenario', () => {
  it('accepts a complete scenario', () => {
    expect(Scenario.safeParse(goodScenario()).success).toBe(true);
  });

  it('accepts the smallest scenario: version and name; collections default to empty', () => {
    const s = Scenario.parse({ schemaVersion: 1, name: '空场景' });
    expect(s).toEqual({
      schemaVersion: 1,
      name: '空场景',
      description: '',
      demo: false,
      incidents: [],
      units: [],
      bases: [],
      depots: [],
      assignments: [],
    });
  });

  it('rejects any other schema version', () => {
    expect(SCENARIO_SCHEMA_VERSION).toBe(1);
    for (const v of [0, 2, '1']) {
      expect(issuePaths(Scenario.safeParse({ ...goodScenario(), schemaVersion: v })), String(v)).toEqual([
        'schemaVersion',
      ]);
    }
  });

  it('rejects unknown top-level fields (a typo must not be silently ignored)', () => {
    expect(issuePaths(Scenario.safeParse({ ...goodScenario(), unit: [] }))).toEqual(['']);
  });

  it('names the bad record deep inside a collection', () => {
    const s = goodScenario();
    const units = [goodUnit(), { ...goodUnit(), id: 'unit-2', position: [112.2, 200] }];
    expect(issuePaths(Scenario.safeParse({ ...s, units }))).toEqual(['units.1.position.1']);
  });

  it('rejects duplicate ids within a collection', () => {
    const s = goodScenario();
    const r = Scenario.safeParse({ ...s, incidents: [goodIncident(), goodIncident()] });
    expect(issuePaths(r)).toEqual(['incidents.1.id']);
    expect(r.error?.issues[0]?.message).toMatch(/duplicate id "inc-1" \(first used at incidents\.0\.id\)/);
  });

  it('rejects duplicate ids across collections, aircraft included', () => {
    const s = goodScenario();
    const clash = Scenario.safeParse({ ...s, units: [goodUnit(), { ...goodUnit(), id: 'inc-1' }] });
    expect(issuePaths(clash)).toEqual(['units.1.id']);
    const b = goodBase();
    const ac = { ...b.aircraft![0]!, id: 'unit-1' };
    expect(issuePaths(Scenario.safeParse({ ...s, bases: [{ ...b, aircraft: [ac] }] }))).toEqual([
      'bases.0.aircraft.0.id',
    ]);
    const twoBases = [b, { ...goodBase(), id: 'base-2' }];
    expect(issuePaths(Scenario.safeParse({ ...s, bases: twoBases }))).toEqual(['bases.1.aircraft.0.id']);
  });
});
