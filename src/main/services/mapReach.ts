import type { HazardZone } from '../../shared/dispatch/coverageHazard';
import type { FeatureCollection } from 'geojson';
import type { CoverageResult, Picture, ReachResult } from '../../shared/ipc';
import type { Incident } from '../../shared/domain';
import {
  baseReachRadius,
  countyCoverage,
  prepareCoverageGrid,
  reachNetwork,
  recommend,
} from '../../shared/dispatch';
import { cosForMetres, unitVector, type AreaGrid, type Position } from '../../shared/geo';

/**
 * Reach and coverage for the map, computed in main by the dispatch engine (src/shared/dispatch:
 * 1-hour aviation network, county coverage, ranked ground candidates). The renderer only draws.
 */
export const ENGINE = 'jinying-dispatch';

/**
 * A base's reach and ETA count only aircraft that can do the job at this incident (rescue,
 * firefighting, medical, airlift; per hazard: networkCapabilitiesFor), never reconnaissance-only
 * drones: `etaMinutes` and `aircraft` name the counting aircraft. The drones are listed apart by
 * the incident card (reachNetwork's `recon`).
 */
export function computeReach(p: Picture, incident: Incident, minutes = 60, now = Date.now()): ReachResult {
  // Availability (weather, crew, airspace, daylight) is judged at `now`: docs/dispatch.md.
  const net = reachNetwork(p.bases, incident.location, { minutes, hazard: incident.hazard, now });
  const etaByBase = new Map([...net.within, ...net.beyond].map((b) => [b.baseId, b]));
  const bases = p.bases.map((b) => {
    const { radiusM } = baseReachRadius(b, minutes * 60, undefined, undefined, incident.hazard, now);
    const r = etaByBase.get(b.id);
    const counting = r?.counting ? b.aircraft.find((a) => a.id === r.counting!.id) : undefined;
    return {
      baseId: b.id,
      name: b.name,
      location: b.location,
      reachM: Math.max(0, radiusM),
      etaMinutes: r?.etaMinutes ?? null,
      aircraft: counting ? `${counting.callsign} ${counting.model}` : null,
    };
  });
  const rec = recommend({ units: p.units, bases: p.bases }, incident, {
    limit: 12,
    runCards: false,
    includeAircraft: false,
    now,
  });
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

/** County grid per pack, built once: rasterising 117 counties takes a moment. */
const gridCache = new Map<string, AreaGrid>();

export function computeCoverage(
  p: Picture,
  counties: FeatureCollection | null,
  places: { name: string; location: Position }[],
  cacheKey: string,
  minutes = 60,
  now = Date.now(),
  hazardZones: readonly HazardZone[] | null = null,
): CoverageResult {
  const out: CoverageResult = {
    minutes,
    counties: [],
    uncoveredPlaces: [],
    hazardWeighted: null,
    engine: ENGINE,
  };
  if (counties) {
    let grid = gridCache.get(cacheKey);
    if (!grid) {
      grid = prepareCoverageGrid(counties, 2);
      gridCache.set(cacheKey, grid);
    }
    const report = countyCoverage(p.bases, grid, minutes, {
      worstCount: 8,
      now,
      ...(hazardZones?.length ? { hazardZones } : {}),
    });
    if (report.hazardWeighted)
      out.hazardWeighted = {
        plainCoveredFraction: report.hazardWeighted.plainCoveredFraction,
        weightedCoveredFraction: report.hazardWeighted.weightedCoveredFraction,
        zones: report.hazardWeighted.zones.map((z) => ({
          kind: z.kind,
          areaKm2: z.areaKm2,
          coveredFraction: z.coveredFraction,
        })),
      };
    out.counties = report.counties.map((c) => ({
      code: c.adcode,
      name: c.name,
      covered: c.coveredFraction,
      worstEtaMinutes: c.worstEtaMinutes,
    }));
    for (const w of report.worstServed) {
      if (w.bestEtaMinutes === null || w.bestEtaMinutes > minutes)
        out.uncoveredPlaces.push({ name: w.countyName, location: w.location });
    }
  }
  // Named places (city centres, airports) outside every base's reach.
  const reaches = p.bases
    .map((b) => ({ b, r: baseReachRadius(b, minutes * 60, undefined, undefined, undefined, now).radiusM }))
    .filter((x) => x.r > 0)
    .map((x) => ({ v: unitVector(x.b.location[0], x.b.location[1]), cos: cosForMetres(x.r) }));
  for (const pl of places) {
    const [x, y, z] = unitVector(pl.location[0], pl.location[1]);
    if (!reaches.some((r) => r.v[0] * x + r.v[1] * y + r.v[2] * z >= r.cos))
      out.uncoveredPlaces.push({ name: pl.name, location: [pl.location[0], pl.location[1]] });
  }
  return out;
}
