import type { FeatureCollection } from 'geojson';
import type { Aircraft, AviationBase, Capability } from '../domain';
import {
  airReachRadiusM,
  buildAreaGrid,
  cosForMetres,
  DEFAULT_AIR_PARAMS,
  distanceMetres,
  EARTH_RADIUS_M,
  missionRadiusM,
  regionsFromGeoJSON,
  unitVector,
  type AircraftLike,
  type AirParams,
  type AreaGrid,
  type Position,
} from '../geo';

/**
 * Coverage of the province by the aviation network, on an equal-area grid (1 km cells by default)
 * built from the county polygons of a map pack. For every cell we compute the best air ETA over
 * all available aircraft; a cell is covered when that is within the threshold. Areas are cell
 * counts × cell area, so county and province figures add up exactly.
 */

export interface CoverageOptions {
  airParams?: AirParams;
  /** Only aircraft with any of these capabilities count (default: all). */
  capabilities?: readonly Capability[];
  /** How many worst-served places to list (default 10). */
  worstCount?: number;
  /** Worst-served places are at least this far apart, km (default 25). */
  worstSeparationKm?: number;
  /** Grid cell size when a GeoJSON is passed, km (default 1). */
  cellKm?: number;
}

export interface CountyCoverage {
  adcode: string;
  name: string;
  areaKm2: number;
  coveredAreaKm2: number;
  coveredFraction: number;
  status: 'covered' | 'partial' | 'uncovered';
  /** Worst best-ETA anywhere in the county, minutes; null when part of it no aircraft can reach at all. */
  worstEtaMinutes: number | null;
  /** Mean best-ETA over the reachable part, minutes; null when no part is reachable. */
  meanEtaMinutes: number | null;
  /** Area no available aircraft can reach at any time (beyond every mission radius). */
  unreachableAreaKm2: number;
}

export interface WorstPlace {
  location: [number, number];
  countyAdcode: string;
  countyName: string;
  /** Best air ETA there, minutes; null when no aircraft can reach it. */
  bestEtaMinutes: number | null;
}

export interface CoverageReport {
  minutes: number;
  cellKm: number;
  totalAreaKm2: number;
  coveredAreaKm2: number;
  coveredFraction: number;
  unreachableAreaKm2: number;
  counties: CountyCoverage[];
  worstServed: WorstPlace[];
  /** Aircraft that count (available, with a qualifying capability), by base. */
  sources: { baseId: string; baseName: string; aircraftIds: string[]; reachRadiusKm: number | null }[];
}

/** An available aircraft at a position, flattened for the grid loops. */
interface Source {
  baseIdx: number;
  aircraftId: string;
  fixedS: number;
  speedMps: number;
  maxRadiusM: number;
  x: number;
  y: number;
  z: number;
}

const gridCache = new WeakMap<object, Map<number, AreaGrid>>();

/** The coverage grid for a county FeatureCollection, built once per (object, cell size). */
export function prepareCoverageGrid(counties: FeatureCollection, cellKm = 1): AreaGrid {
  let byCell = gridCache.get(counties);
  if (!byCell) gridCache.set(counties, (byCell = new Map()));
  let grid = byCell.get(cellKm);
  if (!grid) {
    grid = buildAreaGrid(regionsFromGeoJSON(counties), cellKm);
    byCell.set(cellKm, grid);
  }
  return grid;
}

function toGrid(counties: FeatureCollection | AreaGrid, cellKm: number | undefined): AreaGrid {
  return 'type' in counties && counties.type === 'FeatureCollection' ? prepareCoverageGrid(counties, cellKm ?? 1) : (counties as AreaGrid);
}

function sourcesOf(bases: readonly AviationBase[], params: AirParams, caps?: readonly Capability[]): Source[] {
  const out: Source[] = [];
  bases.forEach((b, baseIdx) => {
    const [x, y, z] = unitVector(b.location[0], b.location[1]);
    for (const a of b.aircraft) {
      if (a.status !== 'available') continue;
      if (caps && caps.length && !a.capabilities.some((c) => caps.includes(c))) continue;
      out.push(sourceFor(a, a.id, baseIdx, x, y, z, params));
    }
  });
  return out;
}

function sourceFor(a: AircraftLike, id: string, baseIdx: number, x: number, y: number, z: number, params: AirParams): Source {
  return {
    baseIdx,
    aircraftId: id,
    fixedS: (a.launchMinutes + a.approachMinutes) * 60,
    speedMps: a.cruiseSpeedKmh / 3.6,
    maxRadiusM: missionRadiusM(a, params),
    x,
    y,
    z,
  };
}

/**
 * Great-circle metres from the squared chord between two unit vectors: 2R·asin(c/2), by its
 * series for chords up to 0.2 (≈1,270 km; error under 10 cm) to stay off Math.asin in the hot loop.
 */
function chordSqToMetres(c2: number): number {
  const c = Math.sqrt(c2);
  if (c > 0.2) return 2 * R_M * Math.asin(Math.min(1, c / 2));
  return R_M * c * (1 + c2 / 24 + (3 * c2 * c2) / 640);
}

// A module-local copy: imported bindings can compile to getter calls, which we keep out of hot loops.
const R_M = EARTH_RADIUS_M;

/** Best air ETA (seconds, Infinity when none) for every cell. */
export function bestEtaField(grid: AreaGrid, bases: readonly AviationBase[], opts: CoverageOptions = {}): Float64Array {
  return bestField(grid, sourcesOf(bases, opts.airParams ?? DEFAULT_AIR_PARAMS, opts.capabilities));
}

/**
 * Distances from each base position to every cell, cached per grid: bases do not move while
 * aircraft statuses change all day, so repeated coverage runs skip the geometry. Float32 keeps
 * it at 0.6 MB per base (error < 0.1 m at provincial distances); at most 64 positions are kept.
 */
const distCache = new WeakMap<AreaGrid, Map<string, Float32Array>>();
const MAX_CACHED_BASES = 64;

function distancesFrom(grid: AreaGrid, x: number, y: number, z: number, key: string): Float32Array {
  let byBase = distCache.get(grid);
  if (!byBase) distCache.set(grid, (byBase = new Map()));
  let d = byBase.get(key);
  if (!d) {
    if (byBase.size >= MAX_CACHED_BASES) byBase.clear();
    const n = grid.count;
    const gx = grid.x;
    const gy = grid.y;
    const gz = grid.z;
    d = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const dx = gx[i]! - x;
      const dy = gy[i]! - y;
      const dz = gz[i]! - z;
      d[i] = chordSqToMetres(dx * dx + dy * dy + dz * dz);
    }
    byBase.set(key, d);
  }
  return d;
}

function bestField(grid: AreaGrid, sources: readonly Source[]): Float64Array {
  const n = grid.count;
  const best = new Float64Array(n).fill(Infinity);
  // Group aircraft by base position: one distance per (cell, base), then each aircraft is cheap.
  const groups = new Map<string, Source[]>();
  for (const s of sources) {
    const key = `${s.x},${s.y},${s.z}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(s);
  }
  for (const [key, g] of groups) {
    const { x, y, z } = g[0]!;
    const dist = distancesFrom(grid, x, y, z, key);
    const maxR = Math.max(...g.map((s) => s.maxRadiusM));
    const m = g.length;
    const fixed = Float64Array.from(g, (s) => s.fixedS);
    const inv = Float64Array.from(g, (s) => 1 / s.speedMps);
    const rad = Float64Array.from(g, (s) => s.maxRadiusM);
    if (m === 1) {
      const f = fixed[0]!;
      const v = inv[0]!;
      for (let i = 0; i < n; i++) {
        const d = dist[i]!;
        if (d > maxR) continue;
        const t = f + d * v;
        if (t < best[i]!) best[i] = t;
      }
      continue;
    }
    for (let i = 0; i < n; i++) {
      const d = dist[i]!;
      if (d > maxR) continue;
      let b = best[i]!;
      for (let k = 0; k < m; k++) {
        if (d > rad[k]!) continue;
        const t = fixed[k]! + d * inv[k]!;
        if (t < b) b = t;
      }
      best[i] = b;
    }
  }
  return best;
}

/** Province and county coverage within `minutes` by the bases' available aircraft. */
export function countyCoverage(
  bases: readonly AviationBase[],
  counties: FeatureCollection | AreaGrid,
  minutes = 60,
  opts: CoverageOptions = {},
): CoverageReport {
  if (!(minutes >= 0)) throw new RangeError('minutes must be ≥ 0');
  const grid = toGrid(counties, opts.cellKm);
  const params = opts.airParams ?? DEFAULT_AIR_PARAMS;
  const sources = sourcesOf(bases, params, opts.capabilities);
  const best = bestField(grid, sources);
  return summarise(grid, best, minutes, opts, bases, sources, params);
}

function summarise(
  grid: AreaGrid,
  best: Float64Array,
  minutes: number,
  opts: CoverageOptions,
  bases: readonly AviationBase[],
  sources: readonly Source[],
  params: AirParams,
): CoverageReport {
  const tS = minutes * 60;
  const R = grid.regions.length;
  const covered = new Int32Array(R);
  const unreachable = new Int32Array(R);
  const worst = new Float64Array(R).fill(-Infinity);
  const sum = new Float64Array(R);
  let coveredAll = 0;
  let unreachableAll = 0;
  for (let i = 0; i < grid.count; i++) {
    const r = grid.region[i]!;
    const b = best[i]!;
    if (b <= tS) {
      covered[r]!++;
      coveredAll++;
    }
    if (b === Infinity) {
      unreachable[r]!++;
      unreachableAll++;
    } else sum[r]! += b;
    if (b > worst[r]!) worst[r] = b;
  }
  const a = grid.cellAreaKm2;
  const counties: CountyCoverage[] = grid.regions.map((reg, r) => {
    const cells = grid.regionCells[r]!;
    const reach = cells - unreachable[r]!;
    const frac = cells ? covered[r]! / cells : 0;
    return {
      adcode: reg.code,
      name: reg.name,
      areaKm2: cells * a,
      coveredAreaKm2: covered[r]! * a,
      coveredFraction: frac,
      status: cells > 0 && covered[r] === cells ? 'covered' : covered[r]! > 0 ? 'partial' : 'uncovered',
      worstEtaMinutes: cells === 0 || worst[r] === Infinity || worst[r] === -Infinity ? null : worst[r]! / 60,
      meanEtaMinutes: reach > 0 ? sum[r]! / reach / 60 : null,
      unreachableAreaKm2: unreachable[r]! * a,
    };
  });
  counties.sort((x, y) => (x.adcode < y.adcode ? -1 : x.adcode > y.adcode ? 1 : 0));
  const seconds = tS;
  return {
    minutes,
    cellKm: grid.cellKm,
    totalAreaKm2: grid.count * a,
    coveredAreaKm2: coveredAll * a,
    coveredFraction: grid.count ? coveredAll / grid.count : 0,
    unreachableAreaKm2: unreachableAll * a,
    counties,
    worstServed: worstPlaces(grid, best, opts.worstCount ?? 10, (opts.worstSeparationKm ?? 25) * 1000),
    sources: bases.map((b, bi) => {
      const ids = sources.filter((s) => s.baseIdx === bi).map((s) => s.aircraftId);
      const radii = b.aircraft.filter((x) => ids.includes(x.id)).map((x) => airReachRadiusM(x, seconds, params));
      const r = radii.length ? Math.max(...radii) : -1;
      return { baseId: b.id, baseName: b.name, aircraftIds: ids, reachRadiusKm: r >= 0 ? r / 1000 : null };
    }),
  };
}

/** The places with the worst best-ETA, picked greedily at least `sepM` apart (unreachable first). */
function worstPlaces(grid: AreaGrid, best: Float64Array, count: number, sepM: number): WorstPlace[] {
  const out: WorstPlace[] = [];
  const picked: number[] = [];
  const cosSep = cosForMetres(sepM);
  for (let k = 0; k < count; k++) {
    let bi = -1;
    let bv = -Infinity;
    for (let i = 0; i < grid.count; i++) {
      const v = best[i]!;
      if (v < bv || (v === bv && bi >= 0)) continue;
      let near = false;
      for (const p of picked) {
        if (grid.x[i]! * grid.x[p]! + grid.y[i]! * grid.y[p]! + grid.z[i]! * grid.z[p]! >= cosSep) {
          near = true;
          break;
        }
      }
      if (near) continue;
      bi = i;
      bv = v;
    }
    if (bi < 0) break;
    picked.push(bi);
    const reg = grid.regions[grid.region[bi]!]!;
    out.push({
      location: [round6(grid.lng[bi]!), round6(grid.lat[bi]!)],
      countyAdcode: reg.code,
      countyName: reg.name,
      bestEtaMinutes: bv === Infinity ? null : bv / 60,
    });
  }
  return out;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

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
  const best = bestField(grid, sourcesOf(bases, params, opts.capabilities));
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
  ranked.sort((p, q) => q.gain.gainKm2 - p.gain.gainKm2 || q.gain.meanEtaGainMinutes - p.gain.meanEtaGainMinutes || p.order - q.order);
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
  const usable = (a: Aircraft) => !opts.capabilities || opts.capabilities.length === 0 || a.capabilities.some((c) => opts.capabilities!.includes(c));
  const placedBefore: Placed[] = [];
  bases.forEach((b, baseIdx) => {
    for (const a of b.aircraft) {
      if (a.status !== 'available' || !usable(a)) continue;
      placedBefore.push({ aircraft: a, baseIdx, cosR: cosForMetres(airReachRadiusM(a, tS, params)) });
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
      ferryMinutes: p.aircraft.launchMinutes + distanceMetres(from.location, dest.location) / (p.aircraft.cruiseSpeedKmh / 3.6) / 60,
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
