import type { FeatureCollection } from 'geojson';
import type { AviationBase } from '../domain';
import {
  airReachRadiusM,
  cosForMetres,
  DEFAULT_AIR_PARAMS,
  missionRadiusM,
  unitVector,
  type AreaGrid,
  type Position,
} from '../geo';
import { bestEtaField, type CoverageOptions } from '../dispatch/coverage';
import { DEFAULT_WHATIF_AIRCRAFT, type SiteGain } from '../dispatch/coveragePlanning';
import {
  hazardWeightedCoverage,
  type HazardWeightedCoverage,
  type HazardZone,
} from '../dispatch/coverageHazard';

/**
 * What-if base siting for the planning view: the candidates to weigh (the county seats, or a
 * lattice over the whole province), the merge of candidates evaluated in chunks (so a long search
 * can report progress and be cancelled between chunks), and the hazard-weighted coverage before and
 * after a new base.
 */

export interface SiteCandidate {
  location: Position;
  label: string | null;
}

/** The county seats of a map pack's county layer (its label points), as the CLI's `coverage` uses. */
export function countySeats(counties: FeatureCollection): SiteCandidate[] {
  return counties.features.flatMap((f) => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    return typeof p.lon === 'number' && typeof p.lat === 'number'
      ? [{ location: [p.lon, p.lat] as Position, label: String(p.district_name ?? p.name ?? '') || null }]
      : [];
  });
}

/**
 * Candidate sites every `spacingKm` over the grid's area (the first cell centre in each square of
 * a lattice `spacingKm` wide, east–west distances taken at the cell's latitude): a search of the
 * whole province rather than of named places. Deterministic: the grid's order.
 */
export function latticeCandidates(grid: AreaGrid, spacingKm: number): SiteCandidate[] {
  if (!(spacingKm > 0)) throw new RangeError('spacingKm must be positive');
  const kmPerDeg = 111.195;
  const seen = new Set<string>();
  const out: SiteCandidate[] = [];
  for (let i = 0; i < grid.count; i++) {
    const lat = grid.lat[i]!;
    const lng = grid.lng[i]!;
    const row = Math.floor((lat * kmPerDeg) / spacingKm);
    const col = Math.floor((lng * kmPerDeg * Math.cos((lat * Math.PI) / 180)) / spacingKm);
    const key = `${row}:${col}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ location: [Math.round(lng * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5], label: null });
  }
  return out;
}

/**
 * Candidates ranked as `bestSite` ranks them (gain, then mean ETA gain, then input order), from
 * chunks each ranked by `bestSite` on its own: `order` gives each site's place in the whole list.
 */
export function mergeRanked(chunks: readonly SiteGain[][], order: (s: SiteGain) => number): SiteGain[] {
  return chunks
    .flat()
    .map((s) => ({ s, o: order(s) }))
    .sort((p, q) => q.s.gainKm2 - p.s.gainKm2 || q.s.meanEtaGainMinutes - p.s.meanEtaGainMinutes || p.o - q.o)
    .map((x) => x.s);
}

export interface WeightedGain {
  before: HazardWeightedCoverage;
  after: HazardWeightedCoverage;
}

/**
 * Coverage weighted by the pack's hazard zones before and after a new base at `site` with one
 * aircraft (the what-if aircraft, DEFAULT_WHATIF_AIRCRAFT, unless given), with the same reach rule
 * as `whatIfBase`: a cell is newly covered when it lies within the aircraft's reach in `minutes`.
 * Null when there are no zones.
 */
export function weightedSiteGain(
  bases: readonly AviationBase[],
  grid: AreaGrid,
  site: Position,
  zones: readonly HazardZone[] | null,
  opts: CoverageOptions & { minutes?: number } = {},
): WeightedGain | null {
  if (!zones?.length) return null;
  const minutes = opts.minutes ?? 60;
  const tS = minutes * 60;
  const params = opts.airParams ?? DEFAULT_AIR_PARAMS;
  const before = bestEtaField(grid, bases, opts);
  const after = Float64Array.from(before);
  const craft = DEFAULT_WHATIF_AIRCRAFT;
  const cosR = cosForMetres(airReachRadiusM(craft, tS, params));
  const cosMission = cosForMetres(missionRadiusM(craft, params));
  const [x, y, z] = unitVector(site[0], site[1]);
  for (let i = 0; i < grid.count; i++) {
    const dot = grid.x[i]! * x + grid.y[i]! * y + grid.z[i]! * z;
    if (dot < cosMission) continue;
    // Inside the reach: covered (whatever rounding of the ETA at the very edge says).
    if (dot >= cosR) after[i] = Math.min(after[i]!, tS);
  }
  return {
    before: hazardWeightedCoverage(grid, before, minutes, zones),
    after: hazardWeightedCoverage(grid, after, minutes, zones),
  };
}
