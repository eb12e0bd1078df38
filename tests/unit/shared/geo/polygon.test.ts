import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { locateRegion, pointInPolygon, regionsFromGeoJSON, type Region } from '../../../../src/shared/geo';
import { MAP_PACK } from './mapPack';

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];

const two: Region[] = regionsFromGeoJSON({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { adcode: '140200', name: 'B' },
      geometry: { type: 'Polygon', coordinates: square(1, 0, 2, 1) },
    },
    {
      type: 'Feature',
      properties: { adcode: '140100', name: 'A' },
      geometry: { type: 'Polygon', coordinates: square(0, 0, 1, 1) },
    },
  ],
});

describe('point in polygon and county lookup', () => {
  it('classifies inside, outside and border', () => {
    const rings = square(0, 0, 1, 1);
    expect(pointInPolygon([0.5, 0.5], rings)).toBe('inside');
    expect(pointInPolygon([1.5, 0.5], rings)).toBe('outside');
    expect(pointInPolygon([1, 0.5], rings)).toBe('border');
    expect(pointInPolygon([0, 0], rings)).toBe('border');
  });

  it('respects holes', () => {
    const withHole = [...square(0, 0, 4, 4), ...square(1, 1, 2, 2)];
    expect(pointInPolygon([1.5, 1.5], withHole)).toBe('outside');
    expect(pointInPolygon([3, 3], withHole)).toBe('inside');
  });

  it('a point on the border between two counties goes to the smaller code and names both', () => {
    const hit = locateRegion(two, [1, 0.5])!;
    expect(hit.region.code).toBe('140100');
    expect(hit.onBorder).toBe(true);
    expect(hit.touching).toEqual(['140100', '140200']);
  });

  it('a point inside one county is not on a border', () => {
    const hit = locateRegion(two, [1.5, 0.5])!;
    expect(hit.region.name).toBe('B');
    expect(hit.onBorder).toBe(false);
    expect(locateRegion(two, [3, 3])).toBeNull();
  });
});

describe('real county polygons (map pack)', () => {
  const fcs = () =>
    JSON.parse(readFileSync(`${MAP_PACK}/shanxi_district_tianditu2024.geojson`, 'utf8')) as FeatureCollection;

  it('reads 117 counties with 6-digit GB/T 2260 codes', () => {
    const regions = regionsFromGeoJSON(fcs());
    expect(regions).toHaveLength(117);
    for (const r of regions) expect(r.code).toMatch(/^14\d{4}$/);
  });

  it('Taiyuan railway station area is in 迎泽区 (140106)', () => {
    const hit = locateRegion(regionsFromGeoJSON(fcs()), [112.585, 37.852])!;
    expect(hit.region.code).toBe('140106');
  });

  it('a vertex shared by two counties is on their border, filed under the smaller code', () => {
    const f = fcs();
    const regions = regionsFromGeoJSON(f);
    // Find a vertex of 小店区 (140105) that is also a vertex of another county.
    const xiaodian = regions.find((r) => r.code === '140105')!;
    const others = regions.filter((r) => r.code !== '140105');
    const key = (p: readonly number[]) => `${p[0]},${p[1]}`;
    const otherVertices = new Map<string, string>();
    for (const o of others)
      for (const poly of o.polygons)
        for (const ring of poly) for (const p of ring) otherVertices.set(key(p), o.code);
    const shared = xiaodian.polygons[0]![0]!.find((p) => otherVertices.has(key(p)))!;
    expect(shared).toBeDefined();
    const hit = locateRegion(regions, [shared[0]!, shared[1]!])!;
    expect(hit.onBorder).toBe(true);
    expect(hit.touching).toContain('140105');
    expect(hit.touching.length).toBeGreaterThanOrEqual(2);
    expect(hit.region.code).toBe([...hit.touching].sort()[0]);
  });
});
