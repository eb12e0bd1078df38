import { describe, expect, it } from 'vitest';
import { CAPABILITIES, RescueUnit, UNIT_KINDS } from '../../../../src/shared/domain';
import { goodUnit, issuePaths } from './records';

describe('RescueUnit', () => {
  it('accepts a complete record', () => {
    expect(RescueUnit.safeParse(goodUnit()).success).toBe(true);
  });

  it('accepts every kind the issue lists', () => {
    expect([...UNIT_KINDS]).toEqual([
      'fire_rescue',
      'forest_fire',
      'mine_rescue',
      'hazmat',
      'flood',
      'earthquake_geo',
      'medical',
      'utilities',
      'social',
      'aircraft',
    ]);
    for (const kind of UNIT_KINDS)
      expect(RescueUnit.safeParse({ ...goodUnit(), kind }).success, kind).toBe(true);
  });

  it('fills defaults: vehicles 0, no city, empty org, not demo', () => {
    const { vehicles: _v, cityAdcode: _c, org: _o, demo: _d, ...min } = goodUnit();
    const u = RescueUnit.parse(min);
    expect(u.vehicles).toBe(0);
    expect(u.cityAdcode).toBeNull();
    expect(u.org).toBe('');
    expect(u.demo).toBe(false);
  });

  it('rejects an unknown kind, status or capability', () => {
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), kind: 'police' }))).toEqual(['kind']);
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), status: 'busy' }))).toEqual(['status']);
    const r = RescueUnit.safeParse({ ...goodUnit(), capabilities: ['firefighting', 'teleport'] });
    expect(issuePaths(r)).toEqual(['capabilities.1']);
    expect(CAPABILITIES).not.toContain('teleport');
  });

  it('requires at least one capability', () => {
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), capabilities: [] }))).toEqual(['capabilities']);
  });

  it('rejects negative and fractional headcount and vehicles', () => {
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), headcount: -3 }))).toEqual(['headcount']);
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), vehicles: 2.5 }))).toEqual(['vehicles']);
  });

  it('rejects out-of-range positions, in the position and in the home base', () => {
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), position: [112.2, 136.6] }))).toEqual([
      'position.1',
    ]);
    const homeBase = { name: '站', location: [-190, 36.6] };
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), homeBase }))).toEqual(['homeBase.location.0']);
  });

  it('requires the time of the position fix, with an offset', () => {
    const { positionFixAt: _p, ...noFix } = goodUnit();
    expect(issuePaths(RescueUnit.safeParse(noFix))).toEqual(['positionFixAt']);
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), positionFixAt: '07:58' }))).toEqual([
      'positionFixAt',
    ]);
  });

  it('rejects a bad city adcode', () => {
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), cityAdcode: '1404' }))).toEqual(['cityAdcode']);
  });

  it('rejects unknown fields, at the top and in the home base', () => {
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), callsign: 'x' }))).toEqual(['']);
    const homeBase = { ...goodUnit().homeBase, phone: '110' };
    expect(issuePaths(RescueUnit.safeParse({ ...goodUnit(), homeBase }))).toEqual(['homeBase']);
  });
});
