import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import {
  bestEtaField,
  bestSite,
  countyCoverage,
  hazardWeightedCoverage,
  hazardZonesFromGeoJSON,
  moveUp,
  prepareCoverageGrid,
  whatIfBase,
  type HazardZone,
} from '../../../../src/shared/dispatch';
import { distanceMetres } from '../../../../src/shared/geo';
import { loadScenarioText } from '../../../../src/shared/domain';
import { aircraft, base } from './fixtures';
import { MAP_PACK, mapPackAvailable } from '../geo/mapPack';
import { boxFeature, rectPolygon } from '../../../support/geo';

const box = (code: string, x0: number, y0: number, x1: number, y1: number) =>
  boxFeature(code, x0, y0, x1, y1, `county ${code}`);

// Three 1°×1° "counties" side by side at 37–38°N.
const counties: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    box('140001', 111, 37, 112, 38),
    box('140002', 112, 37, 113, 38),
    box('140003', 113, 37, 114, 38),
  ],
};
// A slow helicopter whose 60-minute reach is (60 − 12 − 5)/60 h × 80 km/h = 57.33 km.
const R_KM = (43 / 60) * 80;
const slow = (id: string, o = {}) => aircraft(id, { cruiseSpeedKmh: 80, ...o });

describe('county coverage', () => {
  it('a base in the middle county covers a 57 km circle: all three counties partly (hand-checked)', () => {
    const bases = [base('mid', [112.5, 37.5], [slow('h1')])];
    const r = countyCoverage(bases, counties, 60, { cellKm: 1 });
    // The middle county is 88 km wide and 111 km tall: the circle spills 13 km into each
    // neighbour and misses the middle county's corners.
    expect(r.counties.map((c) => c.status)).toEqual(['partial', 'partial', 'partial']);
    const circle = Math.PI * R_KM ** 2;
    expect(r.coveredAreaKm2 / circle).toBeGreaterThan(0.97);
    expect(r.coveredAreaKm2 / circle).toBeLessThan(1.01);
    expect(r.counties[1]!.coveredAreaKm2).toBeGreaterThan(r.counties[0]!.coveredAreaKm2);
    expect(r.coveredFraction).toBeCloseTo(r.coveredAreaKm2 / r.totalAreaKm2, 9);
    expect(r.worstServed[0]!.countyAdcode).toMatch(/140001|140003/);
    expect(r.sources[0]!.reachRadiusKm).toBeCloseTo(R_KM, 6);
    // The corners of the outer counties are ~140 km out: 17 min + 140/80 h ≈ 122 min.
    expect(r.worstServed[0]!.bestEtaMinutes).toBeGreaterThan(110);
  });

  it('no available aircraft: nothing covered, all unreachable, worst places have no ETA', () => {
    const r = countyCoverage([base('b', [112.5, 37.5], [slow('h', { status: 'committed' })])], counties, 60, {
      cellKm: 4,
    });
    expect(r.coveredAreaKm2).toBe(0);
    expect(r.unreachableAreaKm2).toBe(r.totalAreaKm2);
    expect(r.counties.every((c) => c.status === 'uncovered' && c.worstEtaMinutes === null)).toBe(true);
    expect(r.worstServed[0]!.bestEtaMinutes).toBeNull();
  });

  it('a generous threshold covers everything within the mission radius', () => {
    const r = countyCoverage(
      [base('b', [112.5, 37.5], [aircraft('fast', { rangeKm: 2000 })])],
      counties,
      600,
      { cellKm: 4 },
    );
    expect(r.coveredFraction).toBe(1);
  });

  it('what-if and best site: a base in an uncovered county gains the most', () => {
    const bases = [base('mid', [112.5, 37.5], [slow('h1')])];
    const grid = prepareCoverageGrid(counties, 2);
    const gain = whatIfBase(bases, grid, [113.5, 37.5], { minutes: 60, aircraft: slow('x') });
    expect(gain.gainKm2).toBeGreaterThan(5_000);
    expect(gain.counties[0]!.adcode).toBe('140003');
    const best = bestSite(
      bases,
      grid,
      [
        { location: [112.5, 37.5], label: 'same place' },
        { location: [111.5, 37.5], label: 'west' },
      ],
      { minutes: 60, aircraft: slow('x') },
    );
    expect(best.best!.label).toBe('west');
    expect(best.ranked[1]!.gainKm2).toBe(0);
    // Equal area gain: the site that speeds up more of the province wins the tie.
    const tie = bestSite(
      bases,
      grid,
      [
        { location: [112.5, 37.5], label: 'same' },
        { location: [112.6, 37.5], label: 'nudged' },
        { location: [112.5, 37.5], label: 'same again' },
      ],
      {
        minutes: 600,
        aircraft: slow('x'),
      },
    );
    expect(tie.ranked.map((r) => r.gainKm2)).toEqual([0, 0, 0]);
    expect(tie.ranked.map((r) => r.label)).toEqual(['nudged', 'same', 'same again']);
    expect(tie.ranked[0]!.meanEtaGainMinutes).toBeGreaterThan(0);
  });

  it('move-up: committing the only aircraft loses coverage, and a spare elsewhere is moved to restore it', () => {
    const bases = [
      base('mid', [112.5, 37.5], [slow('h1')]),
      base('east', [113.5, 37.5], [slow('h2'), slow('h3')]),
    ];
    const grid = prepareCoverageGrid(counties, 2);
    const r = moveUp(bases, grid, ['h1'], { minutes: 60, maxMoves: 1 });
    expect(r.lostAreaKm2).toBeGreaterThan(5_000);
    expect(r.countiesLosing[0]!.adcode).toBe('140002');
    expect(r.moves).toHaveLength(1);
    expect(r.moves[0]).toMatchObject({ fromBaseId: 'east', toBaseId: 'mid' });
    expect(r.moves[0]!.aircraftId).toMatch(/h2|h3/);
    // 12 min launch + 111 km at 100 km/h.
    expect(r.moves[0]!.ferryMinutes).toBeGreaterThan(12 + 60);
    expect(r.coveredAreaKm2AfterMoves).toBe(r.coveredAreaKm2Before);
    expect(r.restoredFraction).toBe(1);
    expect(() => moveUp(bases, grid, ['nope'])).toThrow(/unknown aircraft/);
  });
});

const rect = rectPolygon;

describe('coverage counts rescue-capable aircraft', () => {
  it('a survey drone at a base covers nothing and is reported apart', () => {
    const drone = aircraft('u1', {
      category: 'uav',
      capabilities: ['reconnaissance'],
      bucketLitres: 0,
      cruiseSpeedKmh: 150,
      rangeKm: 3000,
    });
    const r = countyCoverage(
      [base('b', [112.5, 37.5], [drone, slow('h', { status: 'committed' })])],
      counties,
      60,
      { cellKm: 4 },
    );
    expect(r.coveredAreaKm2).toBe(0);
    expect(r.reconAircraftIds).toEqual(['u1']);
    expect(r.sources[0]!.aircraftIds).toEqual([]);
    // The old rule (every aircraft counts) would have covered a (43/60 h × 150 km/h =) 107.5 km circle.
    const old = countyCoverage([base('b', [112.5, 37.5], [drone])], counties, 60, {
      cellKm: 4,
      capabilities: [],
    });
    expect(old.sources[0]!.reachRadiusKm).toBeCloseTo((43 / 60) * 150, 6);
  });

  it('a bucket mission through a water source: ETA per cell = fixed + (base → water + water → cell) ÷ external-load speed', () => {
    const bases = [base('mid', [112.5, 37.5], [slow('h1')])];
    const grid = prepareCoverageGrid(counties, 4);
    const water: [number, number] = [112.2, 37.5];
    const direct = bestEtaField(grid, bases, { hazard: 'forest_fire' });
    const via = bestEtaField(grid, bases, { hazard: 'forest_fire', waterSources: [water] });
    const i = 100;
    const cell: [number, number] = [grid.lng[i]!, grid.lat[i]!];
    const v = (80 * 0.8) / 3.6; // 64 km/h with the bucket slung, m/s
    expect(direct[i]).toBeCloseTo(17 * 60 + distanceMetres([112.5, 37.5], cell) / v, 0);
    expect(via[i]).toBeCloseTo(
      17 * 60 + (distanceMetres([112.5, 37.5], water) + distanceMetres(water, cell)) / v,
      0,
    );
    const a = countyCoverage(bases, grid, 60, { hazard: 'forest_fire' });
    const b = countyCoverage(bases, grid, 60, { hazard: 'forest_fire', waterSources: [water] });
    expect(b.coveredAreaKm2).toBeLessThan(a.coveredAreaKm2);
    // A water source at the base itself changes nothing.
    const c = countyCoverage(bases, grid, 60, { hazard: 'forest_fire', waterSources: [[112.5, 37.5]] });
    expect(c.coveredAreaKm2).toBe(a.coveredAreaKm2);
  });
});

describe('hazard-weighted coverage (synthetic zones)', () => {
  const bases = [base('mid', [112.5, 37.5], [slow('h1')])];
  const grid = prepareCoverageGrid(counties, 2);
  // A forest zone in the east county, 88 km and more from the base: beyond its 57 km reach.
  // A flood zone around the base: every corner within 12 km of it, all covered.
  const zones: HazardZone[] = [
    { kind: 'forest', weight: 4, geometry: rect(113.5, 37.2, 113.9, 37.8) },
    { kind: 'flood', weight: 2, geometry: rect(112.4, 37.4, 112.6, 37.6) },
  ];

  it('reports each zone kind and the weighted fraction beside plain area (hand-checked)', () => {
    const best = bestEtaField(grid, bases);
    const h = hazardWeightedCoverage(grid, best, 60, zones);
    const [forest, flood] = h.zones;
    // 0.4° × 0.6° at 37.5°N: 35.3 km × 66.7 km ≈ 2,355 km²; 0.2° × 0.2°: 17.7 × 22.2 ≈ 392 km².
    expect(forest!.kind).toBe('forest');
    expect(forest!.areaKm2 / 2355).toBeGreaterThan(0.95);
    expect(forest!.areaKm2 / 2355).toBeLessThan(1.05);
    expect(forest!.coveredFraction).toBe(0);
    expect(flood!.areaKm2 / 392).toBeGreaterThan(0.93);
    expect(flood!.areaKm2 / 392).toBeLessThan(1.07);
    expect(flood!.coveredFraction).toBe(1);
    // Weighted = (C + 2F) / (N + 4Z + 2F), in cells: C covered, N all, Z forest, F flood.
    const cell = grid.cellAreaKm2;
    const N = grid.count;
    const C = h.plainCoveredFraction * N;
    const Z = forest!.areaKm2 / cell;
    const F = flood!.areaKm2 / cell;
    expect(h.weightedCoveredFraction).toBeCloseTo((C + 2 * F) / (N + 4 * Z + 2 * F), 12);
    expect(h.plainCoveredFraction).toBeCloseTo(countyCoverage(bases, grid, 60).coveredFraction, 12);
    // Zones only (plain weight 0): 2F / (4Z + 2F).
    const only = hazardWeightedCoverage(grid, best, 60, zones, { plainWeight: 0 });
    expect(only.weightedCoveredFraction).toBeCloseTo((2 * F) / (4 * Z + 2 * F), 12);
    expect(only.weightedCoveredFraction!).toBeLessThan(0.1);
  });

  it('countyCoverage reports it beside plain area when zones are given; GeoJSON zones read kind and weight', () => {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { kind: 'forest', weight: 4 },
          geometry: rect(113.5, 37.2, 113.9, 37.8),
        },
        { type: 'Feature', properties: { kind: 'flood' }, geometry: rect(112.4, 37.4, 112.6, 37.6) },
      ],
    };
    const read = hazardZonesFromGeoJSON(fc, { weights: { flood: 2 } });
    expect(read.map((z) => [z.kind, z.weight])).toEqual([
      ['forest', 4],
      ['flood', 2],
    ]);
    const r = countyCoverage(bases, grid, 60, { hazardZones: read });
    expect(r.hazardWeighted!.weightedCoveredFraction).toBeCloseTo(
      hazardWeightedCoverage(grid, bestEtaField(grid, bases), 60, zones).weightedCoveredFraction!,
      12,
    );
    expect(r.hazardWeighted!.weightedCoveredFraction!).toBeLessThan(r.coveredFraction);
    expect(countyCoverage(bases, grid, 60).hazardWeighted).toBeNull();
    expect(() =>
      hazardZonesFromGeoJSON({
        type: 'FeatureCollection',
        features: [{ ...fc.features[0]!, properties: { weight: -1 } }],
      }),
    ).toThrow(/weight/);
  });
});

describe.runIf(mapPackAvailable)('coverage of Shanxi (map pack + demo scenario)', () => {
  it('computes all 117 counties and adds up to the province', () => {
    const fc = JSON.parse(
      readFileSync(`${MAP_PACK}/shanxi_district_tianditu2024.geojson`, 'utf8'),
    ) as FeatureCollection;
    const s = loadScenarioText(readFileSync('assets/scenarios/shanxi-demo.json', 'utf8'));
    if (!s.ok) throw new Error(s.error.message);
    const r = countyCoverage(s.value.bases, fc, 60);
    expect(r.counties).toHaveLength(117);
    const sum = r.counties.reduce((a, c) => a + c.coveredAreaKm2, 0);
    expect(sum).toBe(r.coveredAreaKm2);
    expect(r.coveredFraction).toBeGreaterThan(0.5);
    for (const c of r.counties) expect(c.coveredFraction).toBeGreaterThanOrEqual(0);
  });
});
