import { describe, expect, it } from 'vitest';
import {
  HAZARD_TYPES,
  HazardType,
  levelSeverity,
  RESPONSE_LEVELS,
  ResponseLevel,
} from '../../../../src/shared/domain';

describe('HazardType', () => {
  it('holds the codes the issue requires, as stable English codes', () => {
    for (const code of [
      'flood',
      'landslide',
      'debris_flow',
      'earthquake',
      'forest_fire',
      'mine_accident',
      'hazmat',
      'building_collapse',
      'fire',
      'traffic_accident',
      'drought',
      'snow_ice',
      'other',
    ]) {
      expect(HazardType.safeParse(code).success, code).toBe(true);
    }
    for (const code of HAZARD_TYPES) expect(code).toMatch(/^[a-z_]+$/);
  });

  it('rejects unknown hazards, Chinese names and wrong case', () => {
    for (const bad of ['tsunami', '森林火灾', 'Flood', 'FOREST_FIRE', '', null]) {
      expect(HazardType.safeParse(bad).success, String(bad)).toBe(false);
    }
  });
});

describe('ResponseLevel', () => {
  it('is I..IV, with I the most severe', () => {
    expect([...RESPONSE_LEVELS]).toEqual(['I', 'II', 'III', 'IV']);
    expect(levelSeverity('I')).toBe(4);
    expect(levelSeverity('IV')).toBe(1);
    expect(levelSeverity('II')).toBeGreaterThan(levelSeverity('III'));
  });

  it('rejects Arabic numerals and other spellings', () => {
    for (const bad of ['1', 1, 'V', 'i', 'Ⅰ'])
      expect(ResponseLevel.safeParse(bad).success, String(bad)).toBe(false);
  });
});
