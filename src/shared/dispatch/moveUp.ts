import type { FeatureCollection } from 'geojson';
import type { Aircraft, AviationBase } from '../domain';
import { cosForMetres, DEFAULT_AIR_PARAMS, distanceMetres, unitVector, type AreaGrid } from '../geo';
import { isReconOnly, missionSpeed, reachRadiusAtSpeedM } from './airMission';
import {
  assessLaunch,
  availabilityNow,
  daylightLeftS,
  explainAvailability,
  type AvailabilityReason,
} from './airAvailability';
import { countingCaps, countsFor, isBucketHazard, toGrid, type CoverageOptions } from './coverage';

/**
 * Move-up: when aircraft are committed, which of the remaining ones to reposition to another
 * existing base, proposing only moves a duty officer would accept (docs/dispatch.md, "Move-up"):
 *
 *  - a move must be worth a ferry flight: its value (below) at least `minGainKm2`, and at least
 *    `minGainFraction` of the area studied (defaults 500 km² and 1 % — about one county of Shanxi);
 *  - the ferry counts: the aircraft is in the air, covering nothing, for `ferryMinutes`, and the
 *    area it newly covers only counts for what is left of the planning horizon after it lands;
 *  - its role counts: the area only this aircraft covers now (it is the only rescue-capable
 *    aircraft there within the threshold) weighs `soleCoverWeight` (default 2) against the move;
 *    a spare, whose area others also cover, leaves nothing behind;
 *  - a reconnaissance-only aircraft (survey drone) is never moved: it rescues nobody;
 *  - aircraft of forest-aviation stations stay at their station during the fire season, unless the
 *    officer says otherwise (`moveForestAircraft`);
 *  - the availability rules of coverage apply (airAvailability.ts): a grounded aircraft neither
 *    counts nor moves, a delayed launch shortens the reach, and a ferry goes only to a base it
 *    could launch from, landing by sunset when it needs daylight.
 */

// ───────────────────────────── fire season ─────────────────────────────

/**
 * Shanxi's forest fire prevention period (森林防火期), by the Beijing date: 1 October through
 * 30 June of the next year. The province may change it by notice in a given year: pass
 * `fireSeason` to override.
 */
export const FIRE_SEASON = { from: { month: 10, day: 1 }, to: { month: 6, day: 30 } } as const;

/**
 * True when the Beijing date of `ms` is in the forest fire season (FIRE_SEASON, boundaries
 * included: 1 October and 30 June are in it, 1 July is not). Same date rule as the supply
 * allocator's cold season (isColdSeason): the calendar day in China Standard Time.
 */
export function isFireSeason(ms: number): boolean {
  const d = new Date(ms + 8 * 3600_000);
  const md = (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
  const from = FIRE_SEASON.from.month * 100 + FIRE_SEASON.from.day;
  const to = FIRE_SEASON.to.month * 100 + FIRE_SEASON.to.day;
  return md >= from || md <= to;
}

// ───────────────────────────── options and result ─────────────────────────────

/** Defaults of the move-up's acceptance rules (docs/dispatch.md explains each). */
export const MOVE_UP_DEFAULTS = {
  maxMoves: 3,
  /** Smallest value a move must have, km² (whatever the area studied). */
  minGainKm2: 500,
  /** ... and as a share of the area studied (Shanxi: 1 % ≈ 1,566 km², about one county). */
  minGainFraction: 0.01,
  /** How long the move is expected to matter: the committed aircraft's absence, minutes. */
  horizonMinutes: 180,
  /** Weight of the area only the moved aircraft covers now (its loss counts this many times). */
  soleCoverWeight: 2,
} as const;

export interface MoveUpOptions extends CoverageOptions {
  minutes?: number;
  /** At most this many repositioning moves (default 3). */
  maxMoves?: number;
  /** A move is proposed only when its value is at least this, km² (default 500). */
  minGainKm2?: number;
  /** ... and at least this share of the area studied (default 0.01). The larger of the two applies. */
  minGainFraction?: number;
  /**
   * Planning horizon, minutes (default 180): how long the committed aircraft are expected to be
   * away. Newly covered area counts only for the part of it after the ferry lands.
   */
  horizonMinutes?: number;
  /** Weight of the area that only the moved aircraft covers now (default 2). */
  soleCoverWeight?: number;
  /**
   * Time that decides the fire season (default the clock) and, as in coverage, the daylight rules
   * of airAvailability.ts (none without it). Ms or ISO.
   */
  now?: number | string;
  /** Override the date rule: true/false = it is / is not the fire season. */
  fireSeason?: boolean;
  /** The officer allows moving aircraft of forest-aviation stations in the fire season. */
  moveForestAircraft?: boolean;
}

export type MoveUpRole = 'spare' | 'sole_cover';

export interface MoveUpMove {
  aircraftId: string;
  callsign: string;
  category: Aircraft['category'];
  fromBaseId: string;
  fromBaseName: string;
  fromBaseKind: AviationBase['kind'];
  toBaseId: string;
  toBaseName: string;
  /** Great-circle distance of the ferry, km. */
  distanceKm: number;
  /** Time the aircraft is away while repositioning, minutes: launch + distance ÷ clean cruise. */
  ferryMinutes: number;
  /** Area within the threshold after the move minus before it (net: newly covered − left uncovered), km². */
  gainKm2: number;
  /** Area nobody covered that the aircraft covers from its new base, km². */
  newlyCoveredKm2: number;
  /** Area only this aircraft covered, which the new base does not reach: uncovered after the move, km². */
  leftUncoveredKm2: number;
  /** Area only this aircraft covered (uncovered while it is in the air), km². */
  soleCoverKm2: number;
  /** `sole_cover`: it is the only counting aircraft within the threshold somewhere; `spare`: not. */
  role: MoveUpRole;
  /**
   * What the move is ranked and judged by, km²: newly covered × (1 − ferry share of the horizon) −
   * soleCoverWeight × (left uncovered + the rest of its sole area × ferry share).
   */
  valueKm2: number;
  /** Counties gaining covered area, largest first (at most 5). */
  counties: { adcode: string; name: string; gainKm2: number }[];
  /** Why the move is proposed, in plain English (the app words the same fields itself). */
  why: string[];
}

export type MoveUpHoldReason = 'recon_only' | 'fire_season_station' | 'cannot_launch';

export interface MoveUpHeld {
  aircraftId: string;
  callsign: string;
  baseId: string;
  baseName: string;
  reason: MoveUpHoldReason;
  /** cannot_launch: the availability rules that ground it (airAvailability.ts); else empty. */
  availability: AvailabilityReason[];
  /** cannot_launch: those rules in plain English; else null. */
  detail: string | null;
}

/** The best move that was not good enough, to say why nothing (more) is proposed. */
export interface MoveUpRejected {
  aircraftId: string;
  callsign: string;
  fromBaseId: string;
  toBaseId: string;
  toBaseName: string;
  ferryMinutes: number;
  gainKm2: number;
  valueKm2: number;
  role: MoveUpRole;
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
  /** The smallest value a move needed, km² (the larger of minGainKm2 and minGainFraction × area). */
  minGainKm2: number;
  horizonMinutes: number;
  soleCoverWeight: number;
  /** Whether it is the fire season (from `now`, or as given). */
  fireSeason: boolean;
  /** Whether aircraft of forest-aviation stations were kept at their station. */
  forestAircraftHeld: boolean;
  /** Available aircraft that were not considered for a move, and why. */
  held: MoveUpHeld[];
  /** The best remaining move, when it fell short of `minGainKm2` (null: none left, or maxMoves reached). */
  bestRejected: MoveUpRejected | null;
}

// ───────────────────────────── the planner ─────────────────────────────

const fmtKm2 = (v: number) => Math.round(v).toLocaleString('en-US');

/**
 * When the aircraft in `commitIds` are committed, how much coverage within `minutes` is lost, and
 * which remaining aircraft to reposition to another existing base to win it back. Moves are
 * chosen one at a time, each the allowed move of largest value, while that value reaches the
 * minimum.
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
  const horizonMinutes = opts.horizonMinutes ?? MOVE_UP_DEFAULTS.horizonMinutes;
  const soleW = opts.soleCoverWeight ?? MOVE_UP_DEFAULTS.soleCoverWeight;
  const minKm2 = opts.minGainKm2 ?? MOVE_UP_DEFAULTS.minGainKm2;
  const minFraction = opts.minGainFraction ?? MOVE_UP_DEFAULTS.minGainFraction;
  if (!(horizonMinutes > 0)) throw new RangeError(`horizonMinutes must be > 0 (got ${horizonMinutes})`);
  if (!(soleW >= 1)) throw new RangeError(`soleCoverWeight must be ≥ 1 (got ${soleW})`);
  if (!(minKm2 >= 0) || !(minFraction >= 0 && minFraction <= 1))
    throw new RangeError('minGainKm2 must be ≥ 0 and minGainFraction within 0..1');
  const nowMs =
    opts.now === undefined ? Date.now() : typeof opts.now === 'number' ? opts.now : Date.parse(opts.now);
  if (opts.fireSeason === undefined && !Number.isFinite(nowMs))
    throw new RangeError(`now "${String(opts.now)}" is not a time`);
  const fireSeason = opts.fireSeason ?? isFireSeason(nowMs);
  // The availability rules judge at `now` only when it was given (as coverage does).
  const availNow = availabilityNow(opts.now);
  const holdForest = fireSeason && !opts.moveForestAircraft;

  const commit = new Set(commitIds);
  const known = new Set(bases.flatMap((b) => b.aircraft.map((a) => a.id)));
  for (const id of commit) if (!known.has(id)) throw new RangeError(`unknown aircraft id "${id}"`);

  interface Placed {
    aircraft: Aircraft;
    baseIdx: number;
    cosR: number;
    movable: boolean;
  }
  const baseVec = bases.map((b) => unitVector(b.location[0], b.location[1]));
  const caps = countingCaps(opts);
  const bucket = isBucketHazard(opts);
  /**
   * The reach within the threshold of aircraft `a` flying from base `b`, as a cos for the disc
   * test, with the availability rules as coverage applies them (sourcesOf): a delayed launch
   * shortens it, and an aircraft that needs daylight reaches only what it gets to by sunset at the
   * base. null: it cannot launch from there now.
   */
  const reachCos = (a: Aircraft, b: number): number | null => {
    const launch = assessLaunch(a, bases[b]!, availNow);
    if (!launch.canLaunch) return null;
    const speedKmh = missionSpeed(a, bucket).speedKmh;
    let r = reachRadiusAtSpeedM({ ...a, launchMinutes: launch.launchMinutes }, tS, speedKmh, params);
    const leftS = daylightLeftS(launch, bases[b]!, availNow);
    if (leftS !== Infinity)
      r = Math.min(r, (leftS - (launch.launchMinutes + a.approachMinutes) * 60) * (speedKmh / 3.6));
    return cosForMetres(r);
  };
  const placedBefore: Placed[] = [];
  const held: MoveUpHeld[] = [];
  const hold = (a: Aircraft, b: AviationBase, reason: MoveUpHoldReason, why: AvailabilityReason[] = []) =>
    held.push({
      aircraftId: a.id,
      callsign: a.callsign,
      baseId: b.id,
      baseName: b.name,
      reason,
      availability: why,
      detail: why.length ? explainAvailability(why) : null,
    });
  bases.forEach((b, baseIdx) => {
    for (const a of b.aircraft) {
      if (a.status !== 'available') continue;
      const counts = countsFor(a, caps);
      const committed = commit.has(a.id);
      // A survey drone covers nobody for rescue: never moved, whatever `capabilities` counts.
      if (isReconOnly(a) && !committed) hold(a, b, 'recon_only');
      if (!counts) continue;
      const cosR = reachCos(a, baseIdx);
      if (cosR === null) {
        // Grounded (weather, night): it neither counts nor moves, as in coverage.
        if (!committed) hold(a, b, 'cannot_launch', assessLaunch(a, b, availNow).reasons);
        continue;
      }
      let movable = !isReconOnly(a);
      if (movable && !committed && holdForest && b.kind === 'forest_aviation') {
        movable = false;
        hold(a, b, 'fire_season_station');
      }
      placedBefore.push({ aircraft: a, baseIdx, cosR, movable });
    }
  });
  const gx = grid.x;
  const gy = grid.y;
  const gz = grid.z;
  const N = grid.count;
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
  const threshold = Math.max(minKm2, minFraction * N * a);

  /**
   * Ferry of aircraft `p` to base `to`: distance, minutes, the reach it has there, and whether it
   * may go: within its range less the reserve, to a base it could launch from (weather), landing
   * by sunset at its base when it needs daylight.
   */
  const ferry = (p: Placed, to: number) => {
    const from = bases[p.baseIdx]!;
    const dM = distanceMetres(from.location, bases[to]!.location);
    const launch = assessLaunch(p.aircraft, from, availNow);
    // A ferry flight is clean (no bucket slung), one way, order to landing.
    const minutes = launch.launchMinutes + dM / (p.aircraft.cruiseSpeedKmh / 3.6) / 60;
    const cosThere = reachCos(p.aircraft, to);
    const ok =
      dM <= p.aircraft.rangeKm * 1000 * (1 - params.reserveFraction) &&
      cosThere !== null &&
      minutes * 60 <= daylightLeftS(launch, from, availNow);
    return { dM, ok, minutes, launchMinutes: launch.launchMinutes, cosThere: cosThere ?? 1 };
  };

  interface Eval {
    k: number;
    to: number;
    newly: number;
    retained: number;
    solo: number;
    ferryMinutes: number;
    launchMinutes: number;
    distanceM: number;
    cosThere: number;
    value: number;
  }
  /** Net gain of a move, cells: newly covered minus the sole area the new base does not reach. */
  const netOf = (e: Eval) => e.newly - (e.solo - e.retained);
  const moves: MoveUpMove[] = [];
  let bestRejected: MoveUpRejected | null = null;
  const maxMoves = opts.maxMoves ?? MOVE_UP_DEFAULTS.maxMoves;
  for (let m = 0; m < maxMoves; m++) {
    const uncovered: number[] = [];
    const solo: number[][] = placed.map(() => []);
    for (let i = 0; i < N; i++) {
      const c = field.cnt[i]!;
      if (c === 0) uncovered.push(i);
      else if (c === 1) solo[field.sum[i]! - 1]!.push(i);
    }
    let best: Eval | null = null;
    placed.forEach((p, k) => {
      if (!p.movable) return;
      const mine = solo[k]!;
      for (let to = 0; to < bases.length; to++) {
        if (to === p.baseIdx) continue;
        const fr = ferry(p, to);
        if (!fr.ok) continue;
        let newly = 0;
        let retained = 0;
        for (const i of uncovered) if (inDisc(fr.cosThere, to, i)) newly++;
        for (const i of mine) if (inDisc(fr.cosThere, to, i)) retained++;
        const f = Math.min(1, fr.minutes / horizonMinutes);
        const stripped = mine.length - retained;
        const value = newly * (1 - f) - soleW * (stripped + retained * f);
        const e: Eval = {
          k,
          to,
          newly,
          retained,
          solo: mine.length,
          ferryMinutes: fr.minutes,
          launchMinutes: fr.launchMinutes,
          distanceM: fr.dM,
          cosThere: fr.cosThere,
          value,
        };
        // Ties: the larger net gain, then the input order (aircraft, then base): deterministic.
        if (!best || value > best.value || (value === best.value && netOf(e) > netOf(best))) best = e;
      }
    });
    const b = best as Eval | null;
    if (!b) break;
    const p = placed[b.k]!;
    const gain = netOf(b);
    const role: MoveUpRole = b.solo > 0 ? 'sole_cover' : 'spare';
    if (b.value <= 0 || b.value * a < threshold) {
      bestRejected = {
        aircraftId: p.aircraft.id,
        callsign: p.aircraft.callsign,
        fromBaseId: bases[p.baseIdx]!.id,
        toBaseId: bases[b.to]!.id,
        toBaseName: bases[b.to]!.name,
        ferryMinutes: b.ferryMinutes,
        gainKm2: gain * a,
        valueKm2: b.value * a,
        role,
      };
      break;
    }
    const from = bases[p.baseIdx]!;
    const dest = bases[b.to]!;
    // Counties that gain: the uncovered cells the new base reaches.
    const perRegion = new Int32Array(grid.regions.length);
    for (let i = 0; i < N; i++)
      if (field.cnt[i] === 0 && inDisc(b.cosThere, b.to, i)) perRegion[grid.region[i]!]!++;
    const countiesGaining = [...perRegion.entries()]
      .filter(([, n]) => n > 0)
      .map(([r, n]) => ({ adcode: grid.regions[r]!.code, name: grid.regions[r]!.name, gainKm2: n * a }))
      .sort((x, y) => y.gainKm2 - x.gainKm2 || (x.adcode < y.adcode ? -1 : 1))
      .slice(0, 5);
    const share = Math.min(1, b.ferryMinutes / horizonMinutes);
    const why = [
      `gains ${fmtKm2(gain * a)} km² within ${minutes} min from ${dest.name}: ${fmtKm2(b.newly * a)} km² newly covered` +
        (b.solo - b.retained > 0
          ? `, ${fmtKm2((b.solo - b.retained) * a)} km² left uncovered at ${from.name}`
          : ''),
      `ferry ${b.ferryMinutes.toFixed(1)} min (${b.launchMinutes} min launch + ${(b.distanceM / 1000).toFixed(0)} km at ${p.aircraft.cruiseSpeedKmh} km/h), unavailable meanwhile: ${(share * 100).toFixed(0)}% of the ${horizonMinutes}-min horizon`,
      role === 'spare'
        ? `spare: every place it covers within ${minutes} min is also covered by another aircraft`
        : `the only counting aircraft within ${minutes} min of ${fmtKm2(b.solo * a)} km²: that area weighs ×${soleW} against the move`,
      from.kind === 'forest_aviation'
        ? fireSeason
          ? `allowed: forest-aviation station aircraft moved in the fire season by the officer's override`
          : `allowed: forest-aviation station, outside the fire season`
        : `allowed: ${from.kind.replace('_', ' ')} aircraft, free to reposition`,
      `value ${fmtKm2(b.value * a)} km² ≥ the ${fmtKm2(threshold)} km² minimum`,
    ];
    moves.push({
      aircraftId: p.aircraft.id,
      callsign: p.aircraft.callsign,
      category: p.aircraft.category,
      fromBaseId: from.id,
      fromBaseName: from.name,
      fromBaseKind: from.kind,
      toBaseId: dest.id,
      toBaseName: dest.name,
      distanceKm: b.distanceM / 1000,
      ferryMinutes: b.ferryMinutes,
      gainKm2: gain * a,
      newlyCoveredKm2: b.newly * a,
      leftUncoveredKm2: (b.solo - b.retained) * a,
      soleCoverKm2: b.solo * a,
      role,
      valueKm2: b.value * a,
      counties: countiesGaining,
      why,
    });
    p.baseIdx = b.to;
    p.cosR = b.cosThere;
    p.movable = false; // one move per aircraft: nobody ferries the same crew twice in a plan
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
    minGainKm2: threshold,
    horizonMinutes,
    soleCoverWeight: soleW,
    fireSeason,
    forestAircraftHeld: holdForest,
    held,
    bestRejected,
  };
}
