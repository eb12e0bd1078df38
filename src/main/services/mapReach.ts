import type { FeatureCollection } from 'geojson';
import type { CoverageResult, Picture, ReachResult } from '../../shared/ipc';
import type { Incident } from '../../shared/domain';
import { recommend } from '../../shared/dispatch/recommend';
import {
  airEtaAtDistance,
  airReachRadiusM,
  buildAreaGrid,
  cosForMetres,
  distanceMetres,
  regionsFromGeoJSON,
  unitVector,
  type AreaGrid,
  type Position,
} from '../../shared/geo';

/**
 * Reach and coverage for the map, computed in main from the store's picture with the dispatch
 * engine's ETA models (src/shared/geo, src/shared/dispatch): the renderer only draws the result.
 */
export const ENGINE = 'jinying-dispatch';

/** The widest radius any available aircraft of a base reaches within `minutes`, and which one. */
export function baseReach(base: Picture['bases'][number], minutes: number): { reachM: number; aircraft: string | null } {
  let best = 0;
  let who: string | null = null;
  for (const a of base.aircraft) {
    if (a.status !== 'available') continue;
    const r = airReachRadiusM(a, minutes * 60);
    if (r > best) {
      best = r;
      who = `${a.callsign} ${a.model}`;
    }
  }
  return { reachM: best, aircraft: who };
}

/** Best air ETA from a base to a point, minutes, or null when no available aircraft can go. */
export function baseEtaMinutes(base: Picture['bases'][number], to: Position): number | null {
  const d = distanceMetres(base.location, to);
  let best: number | null = null;
  for (const a of base.aircraft) {
    const eta = airEtaAtDistance(a, d);
    if (eta.ok && (best === null || eta.totalS / 60 < best)) best = eta.totalS / 60;
  }
  return best;
}

export function computeReach(p: Picture, incident: Incident, minutes = 60, now = Date.now()): ReachResult {
  const bases = p.bases.map((b) => {
    const { reachM, aircraft } = baseReach(b, minutes);
    return { baseId: b.id, name: b.name, location: b.location, reachM, etaMinutes: baseEtaMinutes(b, incident.location), aircraft };
  });
  const rec = recommend({ units: p.units, bases: p.bases }, incident, { limit: 12, runCards: false, includeAircraft: false, now });
  const units = rec.candidates
    .filter((c) => c.resource === 'unit')
    .map((c) => ({
      unitId: c.id,
      name: c.name,
      position: c.from,
      etaMinutes: c.etaMinutes,
      distanceKm: c.distanceKm,
      stale: c.fix?.state === 'stale',
    }));
  return { incidentId: incident.id, minutes, bases, units, engine: ENGINE };
}

/** County grid per pack, built once: rasterising 117 counties at 2 km takes a moment. */
const gridCache = new Map<string, AreaGrid>();

export function computeCoverage(
  p: Picture,
  counties: FeatureCollection | null,
  places: { name: string; location: Position }[],
  cacheKey: string,
  minutes = 60,
): CoverageResult {
  const reaches = p.bases
    .map((b) => ({ b, ...baseReach(b, minutes) }))
    .filter((r) => r.reachM > 0)
    .map((r) => ({ v: unitVector(r.b.location[0], r.b.location[1]), cos: cosForMetres(r.reachM) }));
  const within = (x: number, y: number, z: number) => reaches.some((r) => r.v[0] * x + r.v[1] * y + r.v[2] * z >= r.cos);
  const out: CoverageResult = { minutes, counties: [], uncoveredPlaces: [], engine: ENGINE };
  if (counties) {
    let grid = gridCache.get(cacheKey);
    if (!grid) {
      grid = buildAreaGrid(regionsFromGeoJSON(counties), 2);
      gridCache.set(cacheKey, grid);
    }
    const covered = new Int32Array(grid.regions.length);
    const touchedBy = grid.regions.map(() => new Set<number>());
    for (let i = 0; i < grid.count; i++) {
      const x = grid.x[i]!;
      const y = grid.y[i]!;
      const z = grid.z[i]!;
      let any = false;
      reaches.forEach((r, bi) => {
        if (r.v[0] * x + r.v[1] * y + r.v[2] * z >= r.cos) {
          any = true;
          touchedBy[grid.region[i]!]!.add(bi);
        }
      });
      if (any) covered[grid.region[i]!]!++;
    }
    out.counties = grid.regions.map((r, ri) => ({
      code: r.code,
      name: r.name,
      covered: grid.regionCells[ri]! > 0 ? covered[ri]! / grid.regionCells[ri]! : 0,
      bases: touchedBy[ri]!.size,
    }));
  }
  for (const pl of places) {
    const [x, y, z] = unitVector(pl.location[0], pl.location[1]);
    if (!within(x, y, z)) out.uncoveredPlaces.push({ name: pl.name, location: [pl.location[0], pl.location[1]] });
  }
  return out;
}
