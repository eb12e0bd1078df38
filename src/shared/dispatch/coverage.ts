import type { FeatureCollection } from 'geojson';
import type { Aircraft, AviationBase, Capability, HazardType } from '../domain';
import {
  buildAreaGrid,
  cosForMetres,
  DEFAULT_AIR_PARAMS,
  EARTH_RADIUS_M,
  missionRadiusM,
  regionsFromGeoJSON,
  unitVector,
  type AircraftLike,
  type AirParams,
  type AreaGrid,
  type Position,
} from '../geo';
import {
  BUCKET_HAZARDS,
  hasAnyCapability,
  isReconOnly,
  missionSpeed,
  networkCapabilitiesFor,
} from './airMission';
import type { HazardCapabilityTable } from './capabilities';
import { assessLaunch, availabilityNow, daylightLeftS } from './airAvailability';
import { hazardWeightedCoverage, type HazardWeightedCoverage, type HazardZone } from './coverageHazard';

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
  /**
   * The time (ms or ISO) the availability rules are judged at (airAvailability.ts): an aircraft
   * that needs daylight counts only when it can take off by day, and reaches only what it can
   * reach by sunset at its base. Without it only the weather, crew and airspace rules apply.
   */
  now?: number | string;
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

/** Shared with coveragePlanning.ts (not part of the public API in index.ts). */
export function toGrid(counties: FeatureCollection | AreaGrid, cellKm: number | undefined): AreaGrid {
  return 'type' in counties && counties.type === 'FeatureCollection'
    ? prepareCoverageGrid(counties, cellKm ?? 1)
    : (counties as AreaGrid);
}

/** Whether an aircraft counts under these options (available is checked apart). */
export function countsFor(a: Aircraft, caps: readonly Capability[]): boolean {
  return caps.length === 0 || (hasAnyCapability(a, caps) && !isReconOnly(a));
}

/** Shared with coveragePlanning.ts (not part of the public API in index.ts). */
export function countingCaps(opts: CoverageOptions): readonly Capability[] {
  return opts.capabilities ?? networkCapabilitiesFor(opts.hazard, opts.hazardCapabilities);
}

/** Shared with coveragePlanning.ts (not part of the public API in index.ts). */
export function isBucketHazard(opts: CoverageOptions): boolean {
  return !!opts.hazard && BUCKET_HAZARDS.includes(opts.hazard);
}

/** Shared with coveragePlanning.ts (not part of the public API in index.ts). */
export function sourcesOf(
  bases: readonly AviationBase[],
  params: AirParams,
  opts: CoverageOptions,
): Source[] {
  const out: Source[] = [];
  const caps = countingCaps(opts);
  const bucket = isBucketHazard(opts);
  const water = bucket && (opts.waterSources?.length ?? 0) > 0;
  const nowMs = availabilityNow(opts.now);
  bases.forEach((b, baseIdx) => {
    const [x, y, z] = unitVector(b.location[0], b.location[1]);
    for (const a of b.aircraft) {
      if (a.status !== 'available' || !countsFor(a, caps)) continue;
      // Availability: grounded aircraft do not count; a delayed launch adds to the fixed time; an
      // aircraft that needs daylight reaches only as far as it gets by sunset at its base.
      const launch = assessLaunch(a, b, nowMs);
      if (!launch.canLaunch) continue;
      const { speedKmh, basis } = missionSpeed(a, bucket);
      const src = sourceFor(a, a.id, baseIdx, x, y, z, params, speedKmh, water && basis === 'external_load');
      src.fixedS += launch.delayMinutes * 60;
      const leftS = daylightLeftS(launch, b, nowMs);
      if (leftS !== Infinity) {
        const capM = (leftS - src.fixedS) * src.speedMps;
        if (capM < 0) continue;
        src.maxRadiusM = Math.min(src.maxRadiusM, capM);
      }
      out.push(src);
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
export function chordSqToMetres(c2: number): number {
  const c = Math.sqrt(c2);
  if (c > 0.2) return 2 * R_M * Math.asin(Math.min(1, c / 2));
  return R_M * c * (1 + c2 / 24 + (3 * c2 * c2) / 640);
}

// A module-local copy: imported bindings can compile to getter calls, which we keep out of hot loops.
const R_M = EARTH_RADIUS_M;

/** Best air ETA (seconds, Infinity when none) for every cell. */
export function bestEtaField(
  grid: AreaGrid,
  bases: readonly AviationBase[],
  opts: CoverageOptions = {},
): Float64Array {
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

/** Shared with coveragePlanning.ts (not part of the public API in index.ts). */
export function bestField(
  grid: AreaGrid,
  sources: readonly Source[],
  waterSources?: readonly Position[],
): Float64Array {
  const n = grid.count;
  const best = new Float64Array(n).fill(Infinity);
  if (waterSources && waterSources.length > 0 && sources.some((s) => s.viaWater))
    waterField(grid, sources, waterSources, best);
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
function waterField(
  grid: AreaGrid,
  sources: readonly Source[],
  waterSources: readonly Position[],
  best: Float64Array,
): void {
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
      const radii = mine.map((s) =>
        seconds < s.fixedS ? -1 : Math.min(s.maxRadiusM, (seconds - s.fixedS) * s.speedMps),
      );
      const r = radii.length ? Math.max(...radii) : -1;
      return {
        baseId: b.id,
        baseName: b.name,
        aircraftIds: mine.map((s) => s.aircraftId),
        reachRadiusKm: r >= 0 ? r / 1000 : null,
      };
    }),
    countingCapabilities: [...countingCaps(opts)],
    reconAircraftIds: bases.flatMap((b) =>
      b.aircraft
        .filter((x) => x.status === 'available' && isReconOnly(x) && !countsFor(x, countingCaps(opts)))
        .map((x) => x.id),
    ),
    hazardWeighted: opts.hazardZones
      ? hazardWeightedCoverage(grid, best, minutes, opts.hazardZones, { plainWeight: opts.plainWeight })
      : null,
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
