import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { bboxOfRings, pointInPolygon, polygonsOf, type AreaGrid, type Rings } from '../geo';

// ───────────────────────────── hazard-weighted coverage ─────────────────────────────

/**
 * A hazard zone from a map pack's hazard layer: a forest, a flood plain, a geological-hazard area.
 * `weight` is how much each km² of it adds to the weighted coverage (see hazardWeightedCoverage).
 */
export interface HazardZone {
  /** What the zone is, e.g. 'forest', 'flood', 'geological'. Zones of one kind are reported together. */
  kind: string;
  weight: number;
  geometry: Polygon | MultiPolygon;
}

export interface HazardZoneCoverage {
  kind: string;
  /** Area of the grid inside zones of this kind (a cell in two zones of a kind counts once), km². */
  areaKm2: number;
  coveredAreaKm2: number;
  /** Null when no cell of the grid lies in a zone of this kind. */
  coveredFraction: number | null;
}

export interface HazardWeightedCoverage {
  minutes: number;
  /** Weight of every cell before zones are added. */
  plainWeight: number;
  /** Plain area coverage, for comparison: covered cells ÷ cells. */
  plainCoveredFraction: number;
  /** Σ weight of covered cells ÷ Σ weight of all cells (null when every weight is 0). */
  weightedCoveredFraction: number | null;
  /** Per zone kind, in the order first listed. */
  zones: HazardZoneCoverage[];
}

/** Read hazard zones from GeoJSON: `kind` from a property, weight from the property or a table by kind. */
export function hazardZonesFromGeoJSON(
  fc: FeatureCollection,
  opts: { kindProperty?: string; weightProperty?: string; weights?: Readonly<Record<string, number>> } = {},
): HazardZone[] {
  const kp = opts.kindProperty ?? 'kind';
  const wp = opts.weightProperty ?? 'weight';
  const out: HazardZone[] = [];
  for (const f of fc.features) {
    if (!f.geometry || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) continue;
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const kind = typeof props[kp] === 'string' ? (props[kp] as string) : 'zone';
    const w = typeof props[wp] === 'number' ? (props[wp] as number) : (opts.weights?.[kind] ?? 1);
    if (!(w >= 0) || !Number.isFinite(w))
      throw new RangeError(`hazard zone weight must be a finite number ≥ 0 (kind ${kind})`);
    out.push({ kind, weight: w, geometry: f.geometry });
  }
  return out;
}

/**
 * Coverage weighted by hazard zones, beside plain area. Each cell weighs `plainWeight` (default 1)
 * plus the weight of every zone its centre lies in (a border counts as inside); the weighted
 * covered fraction is Σ weight of cells whose best ETA is within `minutes` ÷ Σ weight of all cells.
 * Pure: the grid, the best-ETA field (seconds per cell, from bestEtaField) and the zones in.
 */
export function hazardWeightedCoverage(
  grid: AreaGrid,
  best: Float64Array,
  minutes: number,
  zones: readonly HazardZone[],
  opts: { plainWeight?: number | undefined } = {},
): HazardWeightedCoverage {
  if (best.length !== grid.count) throw new RangeError('best-ETA field does not match the grid');
  const plainWeight = opts.plainWeight ?? 1;
  if (!(plainWeight >= 0)) throw new RangeError('plainWeight must be ≥ 0');
  const tS = minutes * 60;
  const n = grid.count;
  const weight = new Float64Array(n).fill(plainWeight);
  const kinds: string[] = [];
  const inKind = new Map<string, Uint8Array>();
  for (const z of zones) {
    if (!(z.weight >= 0) || !Number.isFinite(z.weight))
      throw new RangeError(`hazard zone weight must be a finite number ≥ 0 (kind ${z.kind})`);
    let mark = inKind.get(z.kind);
    if (!mark) {
      inKind.set(z.kind, (mark = new Uint8Array(n)));
      kinds.push(z.kind);
    }
    const polys: Rings[] = polygonsOf(z.geometry);
    const [x0, y0, x1, y1] = bboxOfRings(polys);
    const p: [number, number] = [0, 0];
    for (let i = 0; i < n; i++) {
      const lng = grid.lng[i]!;
      const lat = grid.lat[i]!;
      if (lng < x0 || lng > x1 || lat < y0 || lat > y1) continue;
      p[0] = lng;
      p[1] = lat;
      if (polys.some((rings) => pointInPolygon(p, rings) !== 'outside')) {
        weight[i]! += z.weight;
        mark[i] = 1;
      }
    }
  }
  let wAll = 0;
  let wCovered = 0;
  let covered = 0;
  for (let i = 0; i < n; i++) {
    wAll += weight[i]!;
    if (best[i]! <= tS) {
      wCovered += weight[i]!;
      covered++;
    }
  }
  const a = grid.cellAreaKm2;
  return {
    minutes,
    plainWeight,
    plainCoveredFraction: n ? covered / n : 0,
    weightedCoveredFraction: wAll > 0 ? wCovered / wAll : null,
    zones: kinds.map((kind) => {
      const mark = inKind.get(kind)!;
      let cells = 0;
      let cov = 0;
      for (let i = 0; i < n; i++) {
        if (!mark[i]) continue;
        cells++;
        if (best[i]! <= tS) cov++;
      }
      return {
        kind,
        areaKm2: cells * a,
        coveredAreaKm2: cov * a,
        coveredFraction: cells ? cov / cells : null,
      };
    }),
  };
}
