import type { FeatureCollection } from 'geojson';
import type { AviationBase } from '../domain';
import {
  airReachRadiusM,
  cosForMetres,
  DEFAULT_AIR_PARAMS,
  missionRadiusM,
  unitVector,
  type AircraftLike,
  type AreaGrid,
  type Position,
} from '../geo';
import { bestField, chordSqToMetres, sourcesOf, toGrid, type CoverageOptions } from './coverage';

/** What-if siting and the best new site, over the coverage grid of coverage.ts (move-up: moveUp.ts). */

// ───────────────────────────── what-if and best site ─────────────────────────────

/** The aircraft assumed at a new base in what-if analysis when none is given. */
export const DEFAULT_WHATIF_AIRCRAFT: AircraftLike = {
  cruiseSpeedKmh: 240,
  launchMinutes: 12,
  approachMinutes: 5,
  rangeKm: 620,
  status: 'available',
};

export interface WhatIfOptions extends CoverageOptions {
  minutes?: number;
  aircraft?: AircraftLike;
}

export interface SiteGain {
  location: [number, number];
  /** Label for the site when the caller gave one (e.g. a county name). */
  label: string | null;
  /** Area newly covered within the threshold, km². */
  gainKm2: number;
  /** Gain as a share of the province area. */
  gainFraction: number;
  coveredFractionAfter: number;
  /** Counties whose covered area grows, with the new area, largest first. */
  counties: { adcode: string; name: string; gainKm2: number }[];
  /**
   * How much faster the best air ETA gets on average over the whole province, minutes (cells the
   * new aircraft reaches faster than today count; a previously unreachable cell counts from the
   * threshold). Breaks ties between sites with the same gain.
   */
  meanEtaGainMinutes: number;
}

/** Coverage gained by adding one base (with one aircraft) at `site`. */
export function whatIfBase(
  bases: readonly AviationBase[],
  counties: FeatureCollection | AreaGrid,
  site: Position,
  opts: WhatIfOptions = {},
  label: string | null = null,
): SiteGain {
  return bestSite(bases, counties, [{ location: site, label }], opts).ranked[0]!;
}

export interface BestSiteResult {
  minutes: number;
  coveredFractionBefore: number;
  coveredAreaKm2Before: number;
  /** Candidates by gain, largest first (ties: larger mean ETA gain, then input order). */
  ranked: SiteGain[];
  best: SiteGain | null;
}

/** Evaluate candidate sites for a new base and rank them by coverage gain. */
export function bestSite(
  bases: readonly AviationBase[],
  counties: FeatureCollection | AreaGrid,
  candidates: readonly { location: Position; label?: string | null }[],
  opts: WhatIfOptions = {},
): BestSiteResult {
  const minutes = opts.minutes ?? 60;
  const grid = toGrid(counties, opts.cellKm);
  const params = opts.airParams ?? DEFAULT_AIR_PARAMS;
  const best = bestField(grid, sourcesOf(bases, params, opts), opts.waterSources);
  const tS = minutes * 60;
  let coveredBefore = 0;
  for (let i = 0; i < grid.count; i++) if (best[i]! <= tS) coveredBefore++;
  const craft = opts.aircraft ?? DEFAULT_WHATIF_AIRCRAFT;
  const radius = airReachRadiusM(craft, tS, params);
  const cosR = cosForMetres(radius);
  const cosMission = cosForMetres(missionRadiusM(craft, params));
  const fixedS = (craft.launchMinutes + craft.approachMinutes) * 60;
  const invSpeed = 3.6 / craft.cruiseSpeedKmh;
  const ranked = candidates.map((c, order) => {
    const [x, y, z] = unitVector(c.location[0], c.location[1]);
    const perRegion = new Int32Array(grid.regions.length);
    let gain = 0;
    let etaGainS = 0;
    for (let i = 0; i < grid.count; i++) {
      const dot = grid.x[i]! * x + grid.y[i]! * y + grid.z[i]! * z;
      if (dot < cosMission) continue;
      const old = best[i]!;
      if (old > tS && dot >= cosR) {
        gain++;
        perRegion[grid.region[i]!]!++;
      }
      const dx = grid.x[i]! - x;
      const dy = grid.y[i]! - y;
      const dz = grid.z[i]! - z;
      const eta = fixedS + chordSqToMetres(dx * dx + dy * dy + dz * dz) * invSpeed;
      const before = old === Infinity ? Math.max(tS, eta) : old;
      if (eta < before) etaGainS += before - eta;
    }
    const a = grid.cellAreaKm2;
    const cs = [...perRegion.entries()]
      .filter(([, n]) => n > 0)
      .map(([r, n]) => ({ adcode: grid.regions[r]!.code, name: grid.regions[r]!.name, gainKm2: n * a }))
      .sort((p, q) => q.gainKm2 - p.gainKm2 || (p.adcode < q.adcode ? -1 : 1));
    return {
      order,
      gain: {
        location: [c.location[0], c.location[1]] as [number, number],
        label: c.label ?? null,
        gainKm2: gain * a,
        gainFraction: grid.count ? gain / grid.count : 0,
        coveredFractionAfter: grid.count ? (coveredBefore + gain) / grid.count : 0,
        counties: cs,
        meanEtaGainMinutes: grid.count ? etaGainS / grid.count / 60 : 0,
      },
    };
  });
  ranked.sort(
    (p, q) =>
      q.gain.gainKm2 - p.gain.gainKm2 ||
      q.gain.meanEtaGainMinutes - p.gain.meanEtaGainMinutes ||
      p.order - q.order,
  );
  return {
    minutes,
    coveredFractionBefore: grid.count ? coveredBefore / grid.count : 0,
    coveredAreaKm2Before: coveredBefore * grid.cellAreaKm2,
    ranked: ranked.map((r) => r.gain),
    best: ranked[0]?.gain ?? null,
  };
}
