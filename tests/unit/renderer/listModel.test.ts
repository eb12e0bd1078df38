import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { readScenarioFile } from '../../../src/main/services/scenarioFile';
import {
  cityLocator,
  cityOfAdcode,
  depotCity,
  baseCity,
  filterBases,
  filterDepots,
  filterIncidents,
  filterUnits,
  sortIncidents,
  stockBelowMinimumFirst,
} from '../../../src/renderer/model/listModel';
import { NO_FILTER } from '../../../src/renderer/store/workspaceSlice';
import type { Incident } from '../../../src/shared/domain';
import { SHANXI_PACK, DEMO_SCENARIO } from '../../support/tmp';

const s = readScenarioFile(DEMO_SCENARIO);
const counties = JSON.parse(
  readFileSync(join(SHANXI_PACK, 'shanxi_district_tianditu2024.geojson'), 'utf8'),
) as FeatureCollection;
const at = cityLocator(counties);
const none = cityLocator(null);
const f = (patch: Partial<typeof NO_FILTER>) => ({ ...NO_FILTER, ...patch });

const incident = (id: string, level: Incident['level'], reportedAt: string): Incident => ({
  ...s.incidents[0]!,
  id,
  level,
  reportedAt,
});

describe('the incident list order', () => {
  it('puts level I first, then the newest report first', () => {
    const xs = [
      incident('a', 'III', '2026-12-01T10:00:00Z'),
      incident('b', 'I', '2026-12-01T08:00:00Z'),
      incident('c', 'III', '2026-12-01T12:00:00Z'),
      incident('d', 'II', '2026-12-01T09:00:00Z'),
      incident('e', 'I', '2026-12-01T09:30:00Z'),
      incident('f', 'IV', '2026-12-01T13:00:00Z'),
    ];
    expect(sortIncidents(xs).map((i) => i.id)).toEqual(['e', 'b', 'd', 'c', 'a', 'f']);
  });

  it('sorts the demo incidents by level, then time', () => {
    const out = filterIncidents(s.incidents, NO_FILTER, none);
    expect(out).toHaveLength(s.incidents.length);
    const rank = { I: 0, II: 1, III: 2, IV: 3 };
    for (let k = 1; k < out.length; k++) {
      const [p, q] = [out[k - 1]!, out[k]!];
      expect(
        rank[p.level] < rank[q.level] ||
          (p.level === q.level && Date.parse(p.reportedAt) >= Date.parse(q.reportedAt)),
      ).toBe(true);
    }
  });
});

describe('cities from GB/T 2260 codes and from the pack', () => {
  it('takes the first four digits of a county code, and no city from a province code', () => {
    expect(cityOfAdcode('140431')).toBe('140400');
    expect(cityOfAdcode('140100')).toBe('140100');
    expect(cityOfAdcode('140000')).toBeNull();
    expect(cityOfAdcode(null)).toBeNull();
    expect(cityOfAdcode('14')).toBeNull();
  });

  it('finds the city of a point from the county polygons', () => {
    expect(at.cityAt([112.56, 37.86])).toBe('140100'); // Taiyuan, Yingze district
    expect(at.cityAt([111.0, 35.03])).toBe('140800'); // Yuncheng
    expect(at.cityAt([120, 30])).toBeNull(); // outside Shanxi
    expect(none.cityAt([112.56, 37.86])).toBeNull();
  });

  it('files bases by where they are and the provincial depot by where it stands', () => {
    const wusu = s.bases.find((b) => b.name.includes('武宿'))!;
    expect(baseCity(wusu, at)).toBe('140100');
    const province = s.depots.find((d) => d.level === 'province')!;
    expect(province.adcode).toBe('140000');
    expect(depotCity(province, at)).toBe('140100');
  });
});

describe('list filters', () => {
  it('filters incidents by status, level, hazard, city and name', () => {
    expect(filterIncidents(s.incidents, f({ level: 'II' }), none).map((i) => i.title)).toEqual([
      '长治市屯留区某煤矿透水事故',
    ]);
    expect(filterIncidents(s.incidents, f({ hazard: 'forest_fire' }), none).map((i) => i.id)).toEqual([
      'inc-20261129-001',
    ]);
    expect(
      filterIncidents(s.incidents, f({ status: 'verified' }), none).every((i) => i.status === 'verified'),
    ).toBe(true);
    // Changzhi (140400): the forest fire in Qinyuan and the mine flooding in Tunliu.
    expect(
      filterIncidents(s.incidents, f({ city: '140400' }), none)
        .map((i) => i.id)
        .sort(),
    ).toEqual(['inc-20261129-001', 'inc-20261129-003']);
    expect(filterIncidents(s.incidents, f({ text: '地震' }), none).map((i) => i.id)).toEqual([
      'inc-20261129-007',
    ]);
    expect(filterIncidents(s.incidents, f({ level: 'I' }), none)).toEqual([]);
  });

  it('filters teams by status, kind and city', () => {
    const ty = filterUnits(s.units, f({ city: '140100' }), none);
    expect(ty.length).toBeGreaterThan(0);
    expect(ty.every((u) => u.cityAdcode?.startsWith('1401'))).toBe(true);
    const mine = filterUnits(s.units, f({ kind: 'mine_rescue', status: 'available' }), none);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((u) => u.kind === 'mine_rescue' && u.status === 'available')).toBe(true);
  });

  it('filters bases by aircraft availability, kind, city, and finds them by call sign', () => {
    const forest = filterBases(s.bases, f({ kind: 'forest_aviation' }), at);
    expect(forest.length).toBeGreaterThan(0);
    expect(forest.every((b) => b.kind === 'forest_aviation')).toBe(true);
    const sign = s.bases[0]!.aircraft[0]!.callsign;
    expect(filterBases(s.bases, f({ text: sign.toLowerCase() }), at).map((b) => b.id)).toEqual([
      s.bases[0]!.id,
    ]);
    const available = filterBases(s.bases, f({ status: 'available' }), at);
    const unavailable = filterBases(s.bases, f({ status: 'none' }), at);
    expect(available.length + unavailable.length).toBe(s.bases.length);
    expect(filterBases(s.bases, f({ city: '140100' }), at).some((b) => b.name.includes('武宿'))).toBe(true);
  });

  it('filters depots by stock state, level and city', () => {
    const below = filterDepots(s.depots, f({ status: 'below' }), at);
    expect(below.length).toBeGreaterThan(0);
    expect(below.every((d) => d.stock.some((x) => x.quantity < x.minimum))).toBe(true);
    expect(filterDepots(s.depots, f({ kind: 'county' }), at).every((d) => d.level === 'county')).toBe(true);
    const linfen = filterDepots(s.depots, f({ city: '141000' }), at).map((d) => d.name);
    expect(linfen).toContain('临汾市应急物资储备库');
    expect(linfen).toContain('洪洞县应急物资储备库');
  });
});

describe('a depot stock table', () => {
  it('lists items below their minimum first, the furthest below first, then the rest in stored order', () => {
    const stock = [
      { item: 'tent' as const, quantity: 500, unit: '顶', minimum: 100 },
      { item: 'quilt' as const, quantity: 90, unit: '床', minimum: 100 },
      { item: 'generator' as const, quantity: 1, unit: '台', minimum: 10 },
      { item: 'pump' as const, quantity: 12, unit: '台', minimum: 0 },
    ];
    expect(stockBelowMinimumFirst(stock).map((x) => x.item)).toEqual(['generator', 'quilt', 'tent', 'pump']);
  });
});
