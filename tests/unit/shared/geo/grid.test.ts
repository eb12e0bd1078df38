import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import {
  buildAreaGrid,
  circlePolygon,
  distanceMetres,
  regionsFromGeoJSON,
  DEG,
  EARTH_RADIUS_M,
} from '../../../../src/shared/geo';
import { MAP_PACK } from './mapPack';
import { boxFeature } from '../../../support/geo';

const box = boxFeature;

/** Exact area of a lng/lat box on the sphere, km². */
function boxAreaKm2(x0: number, y0: number, x1: number, y1: number): number {
  return (EARTH_RADIUS_M / 1000) ** 2 * (x1 - x0) * DEG * (Math.sin(y1 * DEG) - Math.sin(y0 * DEG));
}

describe('equal-area grid', () => {
  it('counts cells to within 1 % of the true area of a box', () => {
    const grid = buildAreaGrid(
      regionsFromGeoJSON({ type: 'FeatureCollection', features: [box('1', 112, 37, 113, 38)] }),
      1,
    );
    const exact = boxAreaKm2(112, 37, 113, 38);
    expect(Math.abs(grid.count * grid.cellAreaKm2 - exact) / exact).toBeLessThan(0.01);
  });

  it('two adjacent regions split the cells of their union without overlap or gap', () => {
    const union = buildAreaGrid(
      regionsFromGeoJSON({ type: 'FeatureCollection', features: [box('u', 112, 37, 114, 38)] }),
      1,
    );
    const split = buildAreaGrid(
      regionsFromGeoJSON({
        type: 'FeatureCollection',
        features: [box('a', 112, 37, 113, 38), box('b', 113, 37, 114, 38)],
      }),
      1,
    );
    expect(split.regionCells[0]! + split.regionCells[1]!).toBe(union.count);
    expect(split.count).toBe(union.count);
  });

  it('rejects a non-positive cell size', () => {
    expect(() => buildAreaGrid([], 0)).toThrow(RangeError);
  });

  it("adds up to Shanxi's area (156,587 km² in the map pack) within 0.5 %", () => {
    const fc = JSON.parse(
      readFileSync(`${MAP_PACK}/shanxi_district_tianditu2024.geojson`, 'utf8'),
    ) as FeatureCollection;
    const grid = buildAreaGrid(regionsFromGeoJSON(fc), 1);
    expect(Math.abs(grid.count - 156_587) / 156_587).toBeLessThan(0.005);
    expect(grid.regionCells.every((n) => n > 0)).toBe(true);
  });
});

describe('geodesic circle', () => {
  it('every vertex is at the radius, ring closed and counter-clockwise', () => {
    const c: [number, number] = [112.63, 37.75];
    const poly = circlePolygon(c, 150_000, 32);
    const ring = poly.coordinates[0]!;
    expect(ring).toHaveLength(33);
    expect(ring[0]).toEqual(ring[32]);
    for (const p of ring)
      expect(Math.abs(distanceMetres(c, p as [number, number]) - 150_000)).toBeLessThan(1);
    let area2 = 0;
    for (let i = 0; i < ring.length - 1; i++)
      area2 += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
    expect(area2).toBeGreaterThan(0);
  });
});
