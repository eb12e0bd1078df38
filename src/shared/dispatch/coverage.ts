import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Aircraft, AviationBase, Capability, HazardType } from '../domain';
import {
  airReachRadiusM,
  bboxOfRings,
  buildAreaGrid,
  cosForMetres,
  DEFAULT_AIR_PARAMS,
  distanceMetres,
  EARTH_RADIUS_M,
  missionRadiusM,
  pointInPolygon,
  polygonsOf,
  regionsFromGeoJSON,
  unitVector,
  type AircraftLike,
  type AirParams,
  type AreaGrid,
  type Position,
  type Rings,
} from '../geo';
import { BUCKET_HAZARDS, hasAnyCapability, isReconOnly, missionSpeed, networkCapabilitiesFor, reachRadiusAtSpeedM } from './airMission';
import type { HazardCapabilityTable } from './capabilities';

/**
 * Coverage of the province by the aviation network, on an equal-area grid (1 km cells by default)
 * built from the county polygons of a map pack. For every cell we compute the best air ETA over
 * all available *counting* aircraft (rescue-capable, per hazard when one is given; never
 * reconnaissance-only ones, see airMission.ts); a cell is covered when that is within the
 * threshold. Areas are cell counts × cell area, so county and province figures add up exactly.
 */

export interface CoverageOptions {
  airParams?: AirParams;
  /**
   * Only aircraft with any of these capabilities count. Default: networkCapabilitiesFor(hazard)
   * (rescue, firefighting, medical, airlift; reconnaissance-only aircraft never count). An empty
   * list counts every available aircraft.
   */
  capabilities?: readonly Capability[];
  /** Coverage for one hazard: its counting capabilities; for a forest fire, bucket helicopters at external-load speed. */
  hazard?: HazardType | null;
  hazardCapabilities?: HazardCapabilityTable;
  /** Water sources a bucket mission fills at before its first drop (forest fire coverage). */
  waterSources?: readonly Position[];
  /** Hazard zones (forest, flood, geological hazard …) to weight coverage by, reported beside plain area. */
  hazardZones?: readonly HazardZone[];
  /** Weight of every cell before zones are added (default 1: plain area counts; 0: zones only). */
  plainWeight?: number;
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
  /** Aircraft that count (available, with a counting capability), by base. */
  sources: { baseId: string; baseName: string; aircraftIds: string[]; reachRadiusKm: number | null }[];
  /** Capabilities that made an aircraft count (empty: every aircraft counted). */
  countingCapabilities: Capability[];
  /** Available reconnaissance-only aircraft, by id: left out of the coverage. */
  reconAircraftIds: string[];
  /** Coverage weighted by hazard zones; null when no zones were given. */
  hazardWeighted: HazardWeightedCoverage | null;
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
  /** A bucket mission that fills at a water source before its first drop. */
  viaWater: boolean;
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

/** Whether an aircraft counts under these options (available is checked apart). */
function countsFor(a: Aircraft, caps: readonly Capability[]): boolean {
  return caps.length === 0 || (hasAnyCapability(a, caps) && !isReconOnly(a));
}

function countingCaps(opts: CoverageOptions): readonly Capability[] {
  return opts.capabilities ?? networkCapabilitiesFor(opts.hazard, opts.hazardCapabilities);
}

function isBucketHazard(opts: CoverageOptions): boolean {
  return !!opts.hazard && BUCKET_HAZARDS.includes(opts.hazard);
}

function sourcesOf(bases: readonly AviationBase[], params: AirParams, opts: CoverageOptions): Source[] {
  const out: Source[] = [];
  const caps = countingCaps(opts);
  const bucket = isBucketHazard(opts);
  const water = bucket && (opts.waterSources?.length ?? 0) > 0;
  bases.forEach((b, baseIdx) => {
    const [x, y, z] = unitVector(b.location[0], b.location[1]);
    for (const a of b.aircraft) {
      if (a.status !== 'available' || !countsFor(a, caps)) continue;
      const { speedKmh, basis } = missionSpeed(a, bucket);
      out.push(sourceFor(a, a.id, baseIdx, x, y, z, params, speedKmh, water && basis === 'external_load'));
    }
  });
  return out;
}

function sourceFor(
  a: AircraftLike,
  id: string,
  baseIdx: number,
  x: number,
  y: number,
  z: number,
  params: AirParams,
  speedKmh: number = a.cruiseSpeedKmh,
  viaWater = false,
): Source {
  return {
    baseIdx,
    aircraftId: id,
    fixedS: (a.launchMinutes + a.approachMinutes) * 60,
    speedMps: speedKmh / 3.6,
    maxRadiusM: missionRadiusM(a, params),
    x,
    y,
    z,
    viaWater,
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
  return bestField(grid, sourcesOf(bases, opts.airParams ?? DEFAULT_AIR_PARAMS, opts), opts.waterSources);
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

function bestField(grid: AreaGrid, sources: readonly Source[], waterSources?: readonly Position[]): Float64Array {
  const n = grid.count;
  const best = new Float64Array(n).fill(Infinity);
  if (waterSources && waterSources.length > 0 && sources.some((s) => s.viaWater)) waterField(grid, sources, waterSources, best);
  // Group aircraft by base position: one distance per (cell, base), then each aircraft is cheap.
  const groups = new Map<string, Source[]>();
  for (const s of sources) {
    if (s.viaWater) continue;
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

/**
 * Bucket missions through a water source: ETA to a cell = fixed + min over sources w of
 * (base → w + w → cell) ÷ speed, for cells within the mission radius of the base. One cached
 * distance table per water source, so this costs one pass per (aircraft, source).
 */
function waterField(grid: AreaGrid, sources: readonly Source[], waterSources: readonly Position[], best: Float64Array): void {
  const n = grid.count;
  const water = waterSources.map((w) => {
    const [x, y, z] = unitVector(w[0], w[1]);
    return { x, y, z, dist: distancesFrom(grid, x, y, z, `${x},${y},${z}`) };
  });
  for (const s of sources) {
    if (!s.viaWater) continue;
    const toBase = distancesFrom(grid, s.x, s.y, s.z, `${s.x},${s.y},${s.z}`);
    const inv = 1 / s.speedMps;
    for (const w of water) {
      const dx = w.x - s.x;
      const dy = w.y - s.y;
      const dz = w.z - s.z;
      const leg = chordSqToMetres(dx * dx + dy * dy + dz * dz);
      const dist = w.dist;
      for (let i = 0; i < n; i++) {
        if (toBase[i]! > s.maxRadiusM) continue;
        const t = s.fixedS + (leg + dist[i]!) * inv;
        if (t < best[i]!) best[i] = t;
      }
    }
  }
}

/** Province and county coverage within `minutes` by the bases' available counting aircraft. */
export function countyCoverage(
  bases: readonly AviationBase[],
  counties: FeatureCollection | AreaGrid,
  minutes = 60,
  opts: CoverageOptions = {},
): CoverageReport {
  if (!(minutes >= 0)) throw new RangeError('minutes must be ≥ 0');
  const grid = toGrid(counties, opts.cellKm);
  const params = opts.airParams ?? DEFAULT_AIR_PARAMS;
  const sources = sourcesOf(bases, params, opts);
  const best = bestField(grid, sources, opts.waterSources);
  return summarise(grid, best, minutes, opts, bases, sources);
}

function summarise(
  grid: AreaGrid,
  best: Float64Array,
  minutes: number,
  opts: CoverageOptions,
  bases: readonly AviationBase[],
  sources: readonly Source[],
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
      const mine = sources.filter((s) => s.baseIdx === bi);
      // Direct reach at the speed the coverage used (external load for a forest fire).
      const radii = mine.map((s) => (seconds < s.fixedS ? -1 : Math.min(s.maxRadiusM, (seconds - s.fixedS) * s.speedMps)));
      const r = radii.length ? Math.max(...radii) : -1;
      return { baseId: b.id, baseName: b.name, aircraftIds: mine.map((s) => s.aircraftId), reachRadiusKm: r >= 0 ? r / 1000 : null };
    }),
    countingCapabilities: [...countingCaps(opts)],
    reconAircraftIds: bases.flatMap((b) => b.aircraft.filter((x) => x.status === 'available' && isReconOnly(x) && !countsFor(x, countingCaps(opts))).map((x) => x.id)),
    hazardWeighted: opts.hazardZones ? hazardWeightedCoverage(grid, best, minutes, opts.hazardZones, { plainWeight: opts.plainWeight }) : null,
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
  const caps = countingCaps(opts);
  const bucket = isBucketHazard(opts);
  const placedBefore: Placed[] = [];
  bases.forEach((b, baseIdx) => {
    for (const a of b.aircraft) {
      if (a.status !== 'available' || !countsFor(a, caps)) continue;
      placedBefore.push({ aircraft: a, baseIdx, cosR: cosForMetres(reachRadiusAtSpeedM(a, tS, missionSpeed(a, bucket).speedKmh, params)) });
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
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`hazard zone weight must be a finite number ≥ 0 (kind ${kind})`);
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
    if (!(z.weight >= 0) || !Number.isFinite(z.weight)) throw new RangeError(`hazard zone weight must be a finite number ≥ 0 (kind ${z.kind})`);
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
      return { kind, areaKm2: cells * a, coveredAreaKm2: cov * a, coveredFraction: cells ? cov / cells : null };
    }),
  };
}
