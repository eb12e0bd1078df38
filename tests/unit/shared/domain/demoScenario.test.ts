/**
 * The demo scenario (assets/scenarios/shanxi-demo.json) loads through the same loader as any user
 * file, and holds what issue 2 promises.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasStockWarning, loadScenarioText, type LngLat, type Scenario } from '../../../../src/shared/domain';
import { REPO_ROOT as ROOT } from '../../../support/tmp';

const DEMO = path.join(ROOT, 'assets/scenarios/shanxi-demo.json');
const SCENARIO_TIME = Date.parse('2026-11-29T08:00:00+08:00');

/** Shanxi's bounding box with a little margin (the province polygon spans 110.23..114.56, 34.58..40.74). */
const inShanxiBbox = ([lng, lat]: LngLat) => lng >= 110.2 && lng <= 114.6 && lat >= 34.5 && lat <= 40.8;

/** The 11 prefecture-level cities (GB/T 2260). */
const CITY_ADCODES = [
  '140100',
  '140200',
  '140300',
  '140400',
  '140500',
  '140600',
  '140700',
  '140800',
  '140900',
  '141000',
  '141100',
];

/** Real airport reference points (OurAirports, public domain), [lng, lat]. */
const AIRPORTS: Record<string, LngLat> = {
  ZBYN: [112.628, 37.7469], // 太原武宿
  ZBDT: [113.482, 40.0603], // 大同云冈
  ZBCZ: [113.126, 36.2475], // 长治王村
  ZBYC: [111.0314, 35.1164], // 运城关公
  ZBLL: [111.1428, 37.6833], // 吕梁大武
  ZBLF: [111.6412, 36.1326], // 临汾尧都
  ZBXZ: [112.9692, 38.5975], // 忻州五台山
};

/** City centres (GeoNames), [lng, lat]. */
const CITY_CENTRES: Record<string, LngLat> = {
  '140100': [112.56028, 37.86944],
  '140200': [113.29139, 40.09361],
  '140300': [113.56333, 37.8575],
  '140400': [113.10528, 36.18389],
  '140500': [112.83278, 35.50222],
  '140600': [112.4225, 39.31583],
  '140700': [112.73194, 37.68028],
  '140800': [110.99278, 35.02306],
  '140900': [112.73333, 38.40917],
  '141000': [111.51889, 36.08889],
  '141100': [111.13417, 37.51556],
};

function km(a: LngLat, b: LngLat): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 +
    Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

let s: Scenario;
beforeAll(() => {
  const r = loadScenarioText(readFileSync(DEMO, 'utf8'), 'shanxi-demo.json');
  if (!r.ok) throw new Error(r.error.message);
  s = r.value;
});

describe('demo scenario: the file', () => {
  it('loads through the scenario loader, schema version 1, marked demo', () => {
    expect(s.schemaVersion).toBe(1);
    expect(s.demo).toBe(true);
    expect(s.name).toMatch(/演示/);
  });

  it('says which facts are real and which are invented', () => {
    expect(s.description).toMatch(/真实/);
    expect(s.description).toMatch(/虚构/);
    expect(s.description).toMatch(/ICAO/);
    expect(s.description).toMatch(/Invented/);
  });

  it('is pretty-printed with a 2-space indent and a final newline', () => {
    const text = readFileSync(DEMO, 'utf8');
    expect(text.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    for (const line of text.split('\n')) expect((/^ */.exec(line)?.[0].length ?? 0) % 2).toBe(0);
  });

  it('marks every invented record demo: true (only the real airports are not)', () => {
    for (const x of [...s.incidents, ...s.units, ...s.depots]) expect(x.demo, x.id).toBe(true);
    for (const b of s.bases) {
      expect(b.demo, b.id).toBe(b.kind !== 'civil_airport');
      for (const a of b.aircraft) expect(a.demo, a.id).toBe(true);
    }
  });

  it('puts every position in Shanxi (bbox 110.2..114.6, 34.5..40.8)', () => {
    const points: [string, LngLat][] = [
      ...s.incidents.map((x): [string, LngLat] => [x.id, x.location]),
      ...s.units.flatMap((u): [string, LngLat][] => [
        [u.id, u.position],
        [`${u.id} home`, u.homeBase.location],
      ]),
      ...s.bases.map((x): [string, LngLat] => [x.id, x.location]),
      ...s.depots.map((x): [string, LngLat] => [x.id, x.location]),
    ];
    expect(points.length).toBeGreaterThan(300);
    for (const [id, p] of points) expect(inShanxiBbox(p), `${id} at ${p.join(',')}`).toBe(true);
  });

  it('uses Shanxi adcodes (14xxxx) everywhere', () => {
    for (const i of s.incidents) expect(i.countyAdcode, i.id).toMatch(/^14\d{2}(?!00)\d{2}$/);
    for (const u of s.units) expect(CITY_ADCODES, u.id).toContain(u.cityAdcode);
    for (const d of s.depots) expect(d.adcode, d.id).toMatch(/^14\d{4}$/);
  });
});

describe('demo scenario: aviation', () => {
  it('has a base at each of the 7 civil airports, by ICAO, at the real position', () => {
    const airports = s.bases.filter((b) => b.kind === 'civil_airport');
    expect(airports.map((b) => b.icao).sort()).toEqual(Object.keys(AIRPORTS).sort());
    for (const b of airports) expect(km(b.location, AIRPORTS[b.icao!]!), b.id).toBeLessThan(0.05);
  });

  it('has 4–6 forest-protection / general-aviation stations without ICAO codes', () => {
    const stations = s.bases.filter((b) => b.kind === 'forest_aviation' || b.kind === 'general_aviation');
    expect(stations.length).toBeGreaterThanOrEqual(4);
    expect(stations.length).toBeLessThanOrEqual(6);
    expect(stations.some((b) => b.name.includes('省航空护林站'))).toBe(true);
    for (const b of stations) expect(b.icao, b.id).toBeNull();
  });

  it('gives every base 1–4 aircraft with realistic performance', () => {
    for (const b of s.bases) {
      expect(b.aircraft.length, b.id).toBeGreaterThanOrEqual(1);
      expect(b.aircraft.length, b.id).toBeLessThanOrEqual(4);
      for (const a of b.aircraft) {
        if (a.category === 'helicopter') {
          expect(a.launchMinutes, a.id).toBeGreaterThanOrEqual(10);
          expect(a.launchMinutes, a.id).toBeLessThanOrEqual(20);
          expect(a.cruiseSpeedKmh, a.id).toBeGreaterThanOrEqual(200);
          expect(a.cruiseSpeedKmh, a.id).toBeLessThanOrEqual(300);
        }
        if (a.category === 'fixed_wing') {
          expect(a.launchMinutes, a.id).toBeGreaterThanOrEqual(20);
          expect(a.launchMinutes, a.id).toBeLessThanOrEqual(30);
        }
        if (a.capabilities.includes('aerial_firefighting')) expect(a.bucketLitres, a.id).toBeGreaterThan(0);
      }
    }
    const all = s.bases.flatMap((b) => b.aircraft);
    expect(new Set(all.map((a) => a.category))).toEqual(new Set(['helicopter', 'fixed_wing', 'uav']));
    expect(all.some((a) => a.capabilities.includes('medical'))).toBe(true);
    expect(all.some((a) => a.model === 'AC313' && a.cruiseSpeedKmh === 255 && a.rangeKm === 900)).toBe(true);
  });

  it('has a few aircraft that are not available', () => {
    const all = s.bases.flatMap((b) => b.aircraft);
    expect(all.filter((a) => a.status === 'committed').length).toBeGreaterThanOrEqual(1);
    expect(all.filter((a) => a.status === 'maintenance').length).toBeGreaterThanOrEqual(1);
    expect(all.filter((a) => a.status === 'available').length).toBeGreaterThan(all.length / 2);
  });
});

describe('demo scenario: rescue units', () => {
  it('has 120–200 units', () => {
    expect(s.units.length).toBeGreaterThanOrEqual(120);
    expect(s.units.length).toBeLessThanOrEqual(200);
  });

  it('has a fire-rescue detachment (支队) at the centre of each of the 11 cities', () => {
    for (const city of CITY_ADCODES) {
      const det = s.units.filter(
        (u) => u.kind === 'fire_rescue' && u.cityAdcode === city && u.name.includes('支队'),
      );
      expect(det.length, city).toBeGreaterThanOrEqual(1);
      expect(Math.min(...det.map((u) => km(u.homeBase.location, CITY_CENTRES[city]!))), city).toBeLessThan(
        0.1,
      );
    }
  });

  it('has fire-rescue stations (消防救援站) in a sample of about 30 counties', () => {
    const stations = s.units.filter((u) => u.kind === 'fire_rescue' && u.name.endsWith('消防救援站'));
    expect(stations.length).toBeGreaterThanOrEqual(25);
    expect(stations.length).toBeLessThanOrEqual(40);
  });

  it('has hazmat bases in the north, centre, south and south-east', () => {
    const bases = s.units.filter((u) => u.kind === 'hazmat' && u.name.includes('危险化学品应急救援基地'));
    expect(bases).toHaveLength(4);
    const at = (test: (p: LngLat) => boolean) => bases.filter((b) => test(b.homeBase.location)).length;
    expect(
      at(([, lat]) => lat > 39),
      'north',
    ).toBe(1);
    expect(
      at(([, lat]) => lat > 37 && lat < 38.5),
      'centre',
    ).toBe(1);
    expect(
      at(([lng, lat]) => lat < 36 && lng < 112),
      'south',
    ).toBe(1);
    expect(
      at(([lng, lat]) => lat < 36.8 && lng > 112.5),
      'south-east',
    ).toBe(1);
  });

  it('has mine-rescue teams in the coal regions', () => {
    const mine = s.units.filter((u) => u.kind === 'mine_rescue');
    expect(mine.length).toBeGreaterThanOrEqual(8);
    // Datong, Shuozhou, Xinzhou, Yangquan, Jinzhong, Changzhi, Jincheng, Linfen, Lüliang.
    const coalCities = [
      '140200',
      '140600',
      '140900',
      '140300',
      '140700',
      '140400',
      '140500',
      '141000',
      '141100',
    ];
    const covered = new Set(mine.map((u) => u.cityAdcode));
    for (const c of coalCities) expect(covered.has(c), c).toBe(true);
    for (const u of mine) expect(u.capabilities, u.id).toContain('mine_rescue');
  });

  it('has forest-fire, flood, earthquake/geological, medical, utilities and social teams', () => {
    const count = (k: string) => s.units.filter((u) => u.kind === k).length;
    expect(count('forest_fire')).toBeGreaterThanOrEqual(5);
    expect(count('flood')).toBeGreaterThanOrEqual(8);
    expect(count('earthquake_geo')).toBeGreaterThanOrEqual(3);
    expect(count('medical')).toBeGreaterThanOrEqual(11);
    expect(count('utilities')).toBeGreaterThanOrEqual(2);
    expect(count('social')).toBeGreaterThanOrEqual(2);
    expect(s.units.some((u) => u.kind === 'flood' && u.name.includes('黄河'))).toBe(true);
    expect(s.units.some((u) => u.kind === 'flood' && u.name.includes('汾河'))).toBe(true);
  });

  it('gives each kind the capabilities it is dispatched for', () => {
    const needs: Record<string, string> = {
      fire_rescue: 'firefighting',
      forest_fire: 'wildfire',
      mine_rescue: 'mine_rescue',
      hazmat: 'hazmat',
      flood: 'water_rescue',
      earthquake_geo: 'search_rescue',
      medical: 'medical',
    };
    for (const u of s.units) {
      const need = needs[u.kind];
      if (u.kind === 'fire_rescue' && u.name.includes('战勤保障')) continue; // logistics battalions
      if (need) expect(u.capabilities, u.id).toContain(need);
      expect(u.headcount, u.id).toBeGreaterThan(0);
      expect(u.org, u.id).not.toBe('');
    }
  });

  it('is mostly available, with some dispatched, on scene and out of service', () => {
    const by = (st: string) => s.units.filter((u) => u.status === st).length;
    expect(by('available')).toBeGreaterThan(s.units.length * 0.7);
    expect(by('on_scene')).toBeGreaterThanOrEqual(3);
    expect(by('out_of_service')).toBeGreaterThanOrEqual(2);
    expect(by('en_route') + by('dispatched')).toBeGreaterThanOrEqual(2);
  });

  it('has mostly recent position fixes, a few hours or days old, none in the future', () => {
    const ageMin = s.units.map((u) => (SCENARIO_TIME - Date.parse(u.positionFixAt)) / 60_000);
    for (const a of ageMin) expect(a).toBeGreaterThanOrEqual(0);
    expect(ageMin.filter((a) => a <= 15).length).toBeGreaterThan(s.units.length * 0.75);
    expect(ageMin.filter((a) => a >= 60).length).toBeGreaterThanOrEqual(3);
    expect(ageMin.filter((a) => a >= 24 * 60).length).toBeGreaterThanOrEqual(1);
  });
});

describe('demo scenario: incidents and assignments', () => {
  it('has 5–8 current incidents of varied hazards and levels', () => {
    expect(s.incidents.length).toBeGreaterThanOrEqual(5);
    expect(s.incidents.length).toBeLessThanOrEqual(8);
    expect(new Set(s.incidents.map((i) => i.hazard)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(s.incidents.map((i) => i.level)).size).toBeGreaterThanOrEqual(3);
    for (const i of s.incidents) {
      expect(['reported', 'verified', 'responding'], i.id).toContain(i.status);
      expect(Date.parse(i.reportedAt), i.id).toBeLessThanOrEqual(SCENARIO_TIME);
      expect(Date.parse(i.updatedAt), i.id).toBeGreaterThanOrEqual(Date.parse(i.reportedAt));
      expect(i.description.length, i.id).toBeGreaterThan(20);
    }
    const hazards = new Set(s.incidents.map((i) => i.hazard));
    for (const h of ['forest_fire', 'flood', 'mine_accident', 'hazmat', 'landslide'])
      expect(hazards.has(h as never), h).toBe(true);
  });

  it('has exactly one unacknowledged incident', () => {
    expect(s.incidents.filter((i) => i.acknowledgedAt === null)).toHaveLength(1);
  });

  it('links assignments to incidents and to existing units or aircraft', () => {
    const incidents = new Map(s.incidents.map((i) => [i.id, i]));
    const units = new Set(s.units.map((u) => u.id));
    const aircraft = new Set(s.bases.flatMap((b) => b.aircraft.map((a) => a.id)));
    expect(s.assignments.filter((a) => a.status === 'accepted').length).toBeGreaterThanOrEqual(2);
    for (const a of s.assignments) {
      expect(incidents.has(a.incidentId), a.id).toBe(true);
      expect((a.resourceKind === 'unit' ? units : aircraft).has(a.resourceId), a.id).toBe(true);
      if (a.status === 'accepted') expect(incidents.get(a.incidentId)!.status, a.id).toBe('responding');
    }
  });

  it('has every unit on its way or on scene under an accepted assignment, near its incident when on scene', () => {
    const incidents = new Map(s.incidents.map((i) => [i.id, i]));
    for (const u of s.units.filter((x) => ['dispatched', 'en_route', 'on_scene'].includes(x.status))) {
      const a = s.assignments.find((x) => x.resourceId === u.id && x.status === 'accepted');
      expect(a, u.id).toBeDefined();
      if (u.status === 'on_scene')
        expect(km(u.position, incidents.get(a!.incidentId)!.location), u.id).toBeLessThan(3);
    }
    for (const ac of s.bases.flatMap((b) => b.aircraft).filter((x) => x.status === 'committed')) {
      expect(
        s.assignments.some((x) => x.resourceId === ac.id && x.status === 'accepted'),
        ac.id,
      ).toBe(true);
    }
  });
});

describe('demo scenario: supply depots', () => {
  it('has one province depot in Taiyuan, one per city, and about 15 county depots', () => {
    const level = (l: string) => s.depots.filter((d) => d.level === l);
    expect(level('province')).toHaveLength(1);
    expect(km(level('province')[0]!.location, CITY_CENTRES['140100']!)).toBeLessThan(20);
    expect(
      level('city')
        .map((d) => d.adcode)
        .sort(),
    ).toEqual(CITY_ADCODES);
    expect(level('county').length).toBeGreaterThanOrEqual(10);
    expect(level('county').length).toBeLessThanOrEqual(20);
  });

  it('stocks relief items in Chinese counting units', () => {
    const units: Record<string, string> = {
      tent: '顶',
      quilt: '床',
      cotton_coat: '件',
      folding_bed: '张',
      drinking_water: '箱',
      instant_food: '箱',
      generator: '台',
    };
    for (const d of s.depots) {
      expect(d.stock.length, d.id).toBeGreaterThanOrEqual(8);
      for (const st of d.stock)
        if (units[st.item]) expect(st.unit, `${d.id} ${st.item}`).toBe(units[st.item]);
    }
    const prov = s.depots.find((d) => d.level === 'province')!;
    const county = s.depots.find((d) => d.level === 'county')!;
    const tents = (d: typeof prov) => d.stock.find((x) => x.item === 'tent')!.quantity;
    expect(tents(prov)).toBeGreaterThan(tents(county) * 10);
  });

  it('has a couple of depots under their minimum (stock warning), and most not', () => {
    const warned = s.depots.filter(hasStockWarning);
    expect(warned.length).toBeGreaterThanOrEqual(2);
    expect(warned.length).toBeLessThan(s.depots.length / 2);
  });
});
