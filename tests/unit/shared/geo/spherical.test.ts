import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  destination,
  distanceMetres,
  EARTH_RADIUS_M,
  midpoint,
  isValidPosition,
} from '../../../../src/shared/geo';

const lngLat = fc.tuple(
  fc.double({ min: 110, max: 115, noNaN: true }),
  fc.double({ min: 34, max: 41, noNaN: true }),
);

describe('spherical geometry', () => {
  it('one degree of latitude is R·π/180 metres (111,195 m)', () => {
    expect(distanceMetres([112, 37], [112, 38])).toBeCloseTo((EARTH_RADIUS_M * Math.PI) / 180, 3);
    expect(distanceMetres([112, 37], [112, 38])).toBeCloseTo(111_195, -1);
  });

  it('one degree of longitude at 60°N is half of one at the equator', () => {
    const eq = distanceMetres([0, 0], [1, 0]);
    expect(distanceMetres([0, 60], [1, 60]) / eq).toBeCloseTo(0.5, 3);
  });

  it('Taiyuan city centre to Datong city centre is about 255 km', () => {
    // Hand-checked with the haversine formula: 112.56028,37.86944 → 113.29139,40.09361.
    expect(distanceMetres([112.56028, 37.86944], [113.29139, 40.09361]) / 1000).toBeCloseTo(255.2, 0);
  });

  it('a point is 0 m from itself', () => {
    expect(distanceMetres([112.5, 37.5], [112.5, 37.5])).toBe(0);
  });

  it('destination then distance gives back the distance (property)', () => {
    fc.assert(
      fc.property(
        lngLat,
        fc.double({ min: 0, max: 500_000, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (p, d, b) => {
          const q = destination(p, d, b);
          expect(Math.abs(distanceMetres(p, q) - d)).toBeLessThan(0.01);
        },
      ),
    );
  });

  it('distance is symmetric and obeys the triangle inequality (property)', () => {
    fc.assert(
      fc.property(lngLat, lngLat, lngLat, (a, b, c) => {
        expect(Math.abs(distanceMetres(a, b) - distanceMetres(b, a))).toBeLessThan(1e-6);
        expect(distanceMetres(a, c)).toBeLessThanOrEqual(distanceMetres(a, b) + distanceMetres(b, c) + 1e-6);
      }),
    );
  });

  it('the midpoint is half way', () => {
    const a: [number, number] = [111, 36];
    const b: [number, number] = [113.5, 39];
    const m = midpoint(a, b);
    expect(distanceMetres(a, m)).toBeCloseTo(distanceMetres(a, b) / 2, 1);
  });

  it('validates positions', () => {
    expect(isValidPosition([112, 37])).toBe(true);
    expect(isValidPosition([181, 37])).toBe(false);
    expect(isValidPosition([112, Number.NaN])).toBe(false);
    expect(isValidPosition([112])).toBe(false);
  });
});
