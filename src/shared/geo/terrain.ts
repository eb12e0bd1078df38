import { pointInPolygon, type Rings } from './polygon';
import type { Position } from './spherical';

/**
 * Road circuity (road distance ÷ great-circle distance) by terrain.
 *
 * Without an authorised road layer we only know the crow-flies distance, so we stretch it by a
 * factor that depends on the ground the trip crosses. Shanxi is a plateau cut by the Taihang (east)
 * and Lüliang (west) ranges with a chain of basins down the middle, where the expressways and most
 * people are. Trips inside a basin follow roads that are nearly straight; trips into the mountains
 * wind. The basin outlines below are deliberately coarse (tens of km) and documented in
 * docs/dispatch.md; a finer terrain layer can replace them through `CircuityModel`.
 */
export type TerrainClass = 'basin' | 'mountain';

export interface CircuityModel {
  readonly name: string;
  /**
   * Factor ≥ 1 for trips starting or ending at this point. A trip's factor is the mean of its two
   * ends (see `tripCircuity`): a trip from a basin town up into the hills gets a factor in between.
   * One value per point (not per pair) so the engine can cache it per unit.
   */
  pointFactor(p: Position): number;
  /** The smallest factor this model ever returns (for lower bounds in the spatial search). */
  readonly minFactor: number;
}

export function tripCircuity(model: CircuityModel, from: Position, to: Position): number {
  return (model.pointFactor(from) + model.pointFactor(to)) / 2;
}

/**
 * Coarse outlines of Shanxi's main basins ([lng, lat] rings), drawn so that every city and county
 * seat on the basin floor is inside (tests/unit/shared/geo/terrain.test.ts pins the 11 city centres and the
 * towns an independent check found misclassified: 运城, 永济, 河津, 稷山, 榆次, 汾阳, 孝义, 原平)
 * and the ranges beside them (中条山, 吕梁山, 太行山, 五台山) stay outside.
 */
export const SHANXI_BASINS: readonly { name: string; ring: readonly (readonly [number, number])[] }[] = [
  {
    name: '大同盆地',
    ring: [
      [112.35, 39.25],
      [113.0, 39.3],
      [114.25, 39.85],
      [114.2, 40.3],
      [113.0, 40.2],
      [112.35, 39.6],
    ],
  },
  {
    name: '忻定盆地',
    ring: [
      [112.45, 38.25],
      [113.2, 38.45],
      [113.3, 38.75],
      [112.95, 38.95],
      [112.6, 38.85],
      [112.4, 38.5],
    ],
  },
  {
    name: '太原盆地',
    ring: [
      [112.3, 38.05],
      [112.62, 38.0],
      [112.85, 37.75],
      [112.75, 37.45],
      [112.35, 37.1],
      [112.0, 36.9],
      [111.7, 37.0],
      [111.7, 37.35],
      [111.95, 37.6],
    ],
  },
  {
    name: '临汾盆地',
    ring: [
      [111.75, 36.75],
      [111.9, 36.35],
      [111.55, 35.55],
      [111.15, 35.6],
      [111.35, 36.1],
      [111.55, 36.6],
    ],
  },
  // 涑水河 basin and the lower Fen valley: 运城, 永济 under the 中条山's north foot, 河津 and 稷山.
  {
    name: '运城盆地',
    ring: [
      [110.25, 34.7],
      [110.55, 34.78],
      [110.95, 34.97],
      [111.35, 35.08],
      [111.75, 35.3],
      [111.55, 35.55],
      [111.25, 35.72],
      [110.55, 35.72],
      [110.4, 35.45],
      [110.25, 35.1],
    ],
  },
  {
    name: '长治盆地',
    ring: [
      [112.85, 35.95],
      [113.3, 36.0],
      [113.3, 36.45],
      [112.9, 36.5],
      [112.75, 36.2],
    ],
  },
  // 泽州盆地: 晋城 and 高平.
  {
    name: '晋城盆地',
    ring: [
      [112.7, 35.4],
      [113.0, 35.4],
      [113.05, 35.6],
      [112.98, 35.85],
      [112.8, 35.85],
      [112.7, 35.6],
    ],
  },
];

export const DEFAULT_CIRCUITY = { basin: 1.25, mountain: 1.5 } as const;

/** Terrain class of a point: basin when inside one of the basin outlines, else mountain. */
export function terrainAt(p: Position, basins = SHANXI_BASINS): TerrainClass {
  for (const b of basins) {
    const rings: Rings = [b.ring];
    if (pointInPolygon(p, rings) !== 'outside') return 'basin';
  }
  return 'mountain';
}

/** Default model: basin or mountain factor by the terrain class of the point. */
export function terrainCircuity(
  factors: { basin: number; mountain: number } = DEFAULT_CIRCUITY,
  basins = SHANXI_BASINS,
): CircuityModel {
  if (!(factors.basin >= 1 && factors.mountain >= 1)) throw new RangeError('circuity factors must be ≥ 1');
  return {
    name: 'terrain',
    minFactor: Math.min(factors.basin, factors.mountain),
    pointFactor: (p) => (terrainAt(p, basins) === 'basin' ? factors.basin : factors.mountain),
  };
}

/** One factor everywhere (tests, or a region with one kind of ground). */
export function constantCircuity(factor: number): CircuityModel {
  if (!(factor >= 1)) throw new RangeError('circuity factor must be ≥ 1');
  return { name: `constant ${factor}`, minFactor: factor, pointFactor: () => factor };
}
