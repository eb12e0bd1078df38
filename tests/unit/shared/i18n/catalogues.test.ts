import { describe, expect, it } from 'vitest';
import { catalogues, translate, formatAge } from '../../../../src/shared/i18n';
import {
  BASE_KINDS,
  DEPOT_LEVELS,
  HAZARD_TYPES,
  INCIDENT_STATUSES,
  SUPPLY_ITEMS,
  UNIT_KINDS,
  UNIT_STATUSES,
} from '../../../../src/shared/domain';

describe('i18n catalogues', () => {
  it('zh-CN and en hold the same keys, none empty', () => {
    const zh = Object.keys(catalogues['zh-CN']).sort();
    const en = Object.keys(catalogues.en).sort();
    expect(en).toEqual(zh);
    for (const [k, v] of Object.entries(catalogues.en)) expect(v.trim(), k).not.toBe('');
  });

  it('every domain code has a name in both languages', () => {
    const keys = [
      ...HAZARD_TYPES.map((c) => `hazard.${c}`),
      ...INCIDENT_STATUSES.map((c) => `status.${c}`),
      ...UNIT_KINDS.map((c) => `unitKind.${c}`),
      ...UNIT_STATUSES.map((c) => `unitStatus.${c}`),
      ...BASE_KINDS.map((c) => `baseKind.${c}`),
      ...DEPOT_LEVELS.map((c) => `depotLevel.${c}`),
      ...SUPPLY_ITEMS.map((c) => `supply.${c}`),
    ];
    for (const k of keys) {
      expect(catalogues['zh-CN'], k).toHaveProperty([k]);
      expect(catalogues.en, k).toHaveProperty([k]);
    }
  });

  it('placeholders in both languages match', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, zh] of Object.entries(catalogues['zh-CN'])) {
      expect(ph(catalogues.en[k as keyof typeof catalogues.en]), k).toEqual(ph(zh));
    }
  });

  it('fills placeholders and formats ages', () => {
    expect(translate('zh-CN', 'incident.level', { level: 'II' })).toBe('II级响应');
    expect(translate('en', 'incident.level', { level: 'II' })).toBe('Level II response');
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(formatAge('zh-CN', '2026-11-29T09:48:00Z', now)).toBe('12 分钟');
    expect(formatAge('en', '2026-11-29T04:00:00Z', now)).toBe('6 h');
    expect(formatAge('en', '2026-11-26T10:00:00Z', now)).toBe('3 d');
  });
});
