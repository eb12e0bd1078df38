import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPointIndex, distanceMetresLngLat, nearest, visitNearest } from '../../../../src/shared/geo';

const pointsArb = fc.array(
  fc.tuple(fc.double({ min: 110, max: 115, noNaN: true }), fc.double({ min: 34, max: 41, noNaN: true })),
  {
    minLength: 0,
    maxLength: 300,
  },
);

function indexOf(points: [number, number][]) {
  return buildPointIndex(
    points.length,
    (i) => points[i]![0],
    (i) => points[i]![1],
  );
}

describe('incremental nearest-neighbour walk', () => {
  it('visits every point in non-decreasing distance, matching brute force (property)', () => {
    fc.assert(
      fc.property(
        pointsArb,
        fc.tuple(
          fc.double({ min: 110, max: 115, noNaN: true }),
          fc.double({ min: 34, max: 41, noNaN: true }),
        ),
        (points, q) => {
          const idx = indexOf(points);
          const seen: { id: number; d: number }[] = [];
          visitNearest(idx, q[0], q[1], (id, d) => {
            seen.push({ id, d });
            return true;
          });
          expect(seen.length).toBe(points.length);
          expect(new Set(seen.map((s) => s.id)).size).toBe(points.length);
          for (let i = 1; i < seen.length; i++)
            expect(seen[i]!.d).toBeGreaterThanOrEqual(seen[i - 1]!.d - 1e-6);
          for (const s of seen)
            expect(
              Math.abs(s.d - distanceMetresLngLat(q[0], q[1], points[s.id]![0], points[s.id]![1])),
            ).toBeLessThan(1e-3);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stops when the visitor says so, honours the filter and the distance cap', () => {
    const points: [number, number][] = [
      [112, 37],
      [112.01, 37],
      [112.02, 37],
      [112.5, 37],
    ];
    const idx = indexOf(points);
    expect(nearest(idx, 112, 37, 2).map((r) => r.id)).toEqual([0, 1]);
    expect(nearest(idx, 112, 37, 10, (id) => id % 2 === 1).map((r) => r.id)).toEqual([1, 3]);
    // 0.02° of longitude at 37°N is about 1.78 km.
    expect(nearest(idx, 112, 37, 10, undefined, 2000).map((r) => r.id)).toEqual([0, 1, 2]);
  });

  it('an empty index yields nothing', () => {
    const idx = indexOf([]);
    expect(nearest(idx, 112, 37, 5)).toEqual([]);
  });

  it('supports nested walks (a visitor that searches again)', () => {
    const points: [number, number][] = [
      [112, 37],
      [113, 38],
    ];
    const idx = indexOf(points);
    const inner: number[] = [];
    visitNearest(idx, 112, 37, (id) => {
      inner.push(nearest(idx, 113, 38, 1)[0]!.id);
      return id === 0;
    });
    expect(inner).toEqual([1, 1]);
  });
});
