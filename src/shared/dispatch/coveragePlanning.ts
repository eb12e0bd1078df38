import type { FeatureCollection } from 'geojson';
import type { Aircraft, AviationBase } from '../domain';
import {
  airReachRadiusM,
  cosForMetres,
  DEFAULT_AIR_PARAMS,
  distanceMetres,
  missionRadiusM,
  unitVector,
  type AircraftLike,
  type AreaGrid,
  type Position,
} from '../geo';
import { missionSpeed, reachRadiusAtSpeedM } from './airMission';
import {
  bestField,
  chordSqToMetres,
  countingCaps,
  countsFor,
  isBucketHazard,
  sourcesOf,
  toGrid,
  type CoverageOptions,
} from './coverage';

/** What-if siting, the best new site and move-up, over the coverage grid of coverage.ts. */

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

// ───────────────────────────── move-up ─────────────────────────────

export interface MoveUpOptions extends CoverageOptions {
  minutes?: number;
  /** At most this many repositioning moves (default 3). */
  maxMoves?: number;
}

export interface MoveUpMove {
  aircraftId: string;
  callsign: string;
  fromBaseId: string;
  fromBaseName: string;
  toBaseId: string;
  toBaseName: string;
  /** Time to ferry the aircraft, minutes (launch + flight; coverage is restored only after it). */
  ferryMinutes: number;
  gainKm2: number;
}

export interface MoveUpResult {
  minutes: number;
  committed: string[];
  coveredAreaKm2Before: number;
  coveredAreaKm2AfterCommit: number;
  lostAreaKm2: number;
  /** Counties that lose covered area, largest loss first. */
  countiesLosing: { adcode: string; name: string; lostKm2: number }[];
  moves: MoveUpMove[];
  coveredAreaKm2AfterMoves: number;
  /** Share of the lost area that the moves win back (may exceed 1 when moves also fill old gaps). */
  restoredFraction: number | null;
}

/**
 * When the aircraft in `commitIds` are committed, how much 1-hour coverage is lost, and which
 * remaining available aircraft to reposition (to another existing base) to win it back. Moves are
 * chosen greedily, one at a time, each the move with the largest net gain.
 */
export function moveUp(
  bases: readonly AviationBase[],
  counties: FeatureCollection | AreaGrid,
  commitIds: readonly string[],
  opts: MoveUpOptions = {},
): MoveUpResult {
  const minutes = opts.minutes ?? 60;
  const tS = minutes * 60;
  const grid = toGrid(counties, opts.cellKm);
  const params = opts.airParams ?? DEFAULT_AIR_PARAMS;
  const commit = new Set(commitIds);
  const known = new Set(bases.flatMap((b) => b.aircraft.map((a) => a.id)));
  for (const id of commit) if (!known.has(id)) throw new RangeError(`unknown aircraft id "${id}"`);

  interface Placed {
    aircraft: Aircraft;
    baseIdx: number;
    cosR: number;
  }
  const baseVec = bases.map((b) => unitVector(b.location[0], b.location[1]));
  const caps = countingCaps(opts);
  const bucket = isBucketHazard(opts);
  const placedBefore: Placed[] = [];
  bases.forEach((b, baseIdx) => {
    for (const a of b.aircraft) {
      if (a.status !== 'available' || !countsFor(a, caps)) continue;
      placedBefore.push({
        aircraft: a,
        baseIdx,
        cosR: cosForMetres(reachRadiusAtSpeedM(a, tS, missionSpeed(a, bucket).speedKmh, params)),
      });
    }
  });
  const gx = grid.x;
  const gy = grid.y;
  const gz = grid.z;
  const N = grid.count;
  /** Cells covered by aircraft reach `cosR` from base `b`, as a callback per cell index. */
  const forDisc = (cosR: number, b: number, f: (i: number) => void): void => {
    const [x, y, z] = baseVec[b]!;
    for (let i = 0; i < N; i++) if (gx[i]! * x + gy[i]! * y + gz[i]! * z >= cosR) f(i);
  };
  const inDisc = (cosR: number, b: number, i: number): boolean => {
    const [x, y, z] = baseVec[b]!;
    return gx[i]! * x + gy[i]! * y + gz[i]! * z >= cosR;
  };
  // Per cell: how many aircraft cover it, and the sum of (index + 1) of those aircraft, so a cell
  // covered once names its only coverer. Moves are then judged on the uncovered and singly
  // covered cells only, not the whole grid.
  const countField = (placed: readonly Placed[]): { cnt: Uint16Array; sum: Int32Array } => {
    const cnt = new Uint16Array(N);
    const sum = new Int32Array(N);
    placed.forEach((p, k) =>
      forDisc(p.cosR, p.baseIdx, (i) => {
        cnt[i]!++;
        sum[i]! += k + 1;
      }),
    );
    return { cnt, sum };
  };
  const coveredCells = (cnt: Uint16Array) => cnt.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);

  const before = countField(placedBefore).cnt;
  // Copies: the moves below change where aircraft sit.
  const placed = placedBefore.filter((p) => !commit.has(p.aircraft.id)).map((p) => ({ ...p }));
  let field = countField(placed);
  const cb = coveredCells(before);
  const cc = coveredCells(field.cnt);
  const a = grid.cellAreaKm2;
  const lostPer = new Int32Array(grid.regions.length);
  for (let i = 0; i < N; i++) if (before[i]! > 0 && field.cnt[i] === 0) lostPer[grid.region[i]!]!++;

  const moves: MoveUpMove[] = [];
  for (let m = 0; m < (opts.maxMoves ?? 3); m++) {
    const uncovered: number[] = [];
    const solo: number[][] = placed.map(() => []);
    for (let i = 0; i < N; i++) {
      const c = field.cnt[i]!;
      if (c === 0) uncovered.push(i);
      else if (c === 1) solo[field.sum[i]! - 1]!.push(i);
    }
    let bestGain = 0;
    let bestMove: { k: number; to: number } | null = null;
    placed.forEach((p, k) => {
      const mine = solo[k]!;
      for (let to = 0; to < bases.length; to++) {
        if (to === p.baseIdx) continue;
        // Net gain: uncovered cells it would reach from the new base, minus the cells only it
        // covers now that the new base does not also reach.
        let gain = -mine.length;
        for (const i of uncovered) if (inDisc(p.cosR, to, i)) gain++;
        for (const i of mine) if (inDisc(p.cosR, to, i)) gain++;
        if (gain > bestGain) {
          bestGain = gain;
          bestMove = { k, to };
        }
      }
    });
    if (!bestMove) break;
    const { k, to } = bestMove as { k: number; to: number };
    const p = placed[k]!;
    const from = bases[p.baseIdx]!;
    const dest = bases[to]!;
    moves.push({
      aircraftId: p.aircraft.id,
      callsign: p.aircraft.callsign,
      fromBaseId: from.id,
      fromBaseName: from.name,
      toBaseId: dest.id,
      toBaseName: dest.name,
      // A ferry flight is clean (no bucket slung).
      ferryMinutes:
        p.aircraft.launchMinutes +
        distanceMetres(from.location, dest.location) / (p.aircraft.cruiseSpeedKmh / 3.6) / 60,
      gainKm2: bestGain * a,
    });
    p.baseIdx = to;
    field = countField(placed);
  }
  const cm = coveredCells(field.cnt);
  const lost = (cb - cc) * a;
  return {
    minutes,
    committed: [...commit].sort(),
    coveredAreaKm2Before: cb * a,
    coveredAreaKm2AfterCommit: cc * a,
    lostAreaKm2: lost,
    countiesLosing: [...lostPer.entries()]
      .filter(([, n]) => n > 0)
      .map(([r, n]) => ({ adcode: grid.regions[r]!.code, name: grid.regions[r]!.name, lostKm2: n * a }))
      .sort((x, y) => y.lostKm2 - x.lostKm2 || (x.adcode < y.adcode ? -1 : 1)),
    moves,
    coveredAreaKm2AfterMoves: cm * a,
    restoredFraction: lost > 0 ? ((cm - cc) * a) / lost : null,
  };
}
