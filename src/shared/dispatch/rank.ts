import {
  CAPABILITIES,
  type Aircraft,
  type AviationBase,
  type Capability,
  type RescueUnit,
  type UnitStatus,
} from '../domain';
import {
  airEtaAtDistance,
  crowFliesGroundModel,
  DEFAULT_AIR_PARAMS,
  distanceMetres,
  sunriseSunset,
  type AirParams,
  type GroundEta,
  type GroundEtaModel,
  type Position,
} from '../geo';
import { capabilityMask } from './capabilities';
import { missionEta, type SpeedBasis, type WaterLeg } from './airMission';
import {
  assessLaunch,
  sceneNightReason,
  type AvailabilityReason,
  type LaunchAssessment,
} from './airAvailability';
import { assessFix, DEFAULT_FIX_POLICY, type FixAssessment, type FixPolicy } from './confidence';
import type { RunCardSlot } from './runCards';
import { statusCode, visitUnits, type UnitIndex } from './unitIndex';

/**
 * The ranking core shared by recommendation, run cards and assignment: the k best resources
 * (ground units and aircraft) for a point by ETA, under a filter. Seconds and metres inside.
 */

/** Statuses a ground unit may be dispatched from. Returning units are free for a new task. */
export const DEFAULT_ELIGIBLE_STATUSES: readonly UnitStatus[] = ['available', 'returning'];

export type RankBy = 'eta' | 'worst_case';

export interface RankContext {
  index: UnitIndex;
  aircraft: readonly AircraftEntry[];
  groundModel: GroundEtaModel;
  airParams: AirParams;
  fixPolicy: FixPolicy;
  nowMs: number;
  eligibleStatusBits: number;
  linkDown: (unitId: string) => boolean;
  rankBy: RankBy;
  /** Water sources a bucket mission fills at on the way to its first drop (none: direct). */
  waterSources: readonly Position[] | undefined;
  /** The time the daylight rules are judged at: `now` when given, else null (no daylight rule). */
  availabilityNowMs: number | null;
}

export interface AircraftEntry {
  aircraft: Aircraft;
  base: AviationBase;
  mask: number;
  /** The launch rules at its base (weather, crew, airspace, daylight at take-off); airAvailability.ts. */
  launch: LaunchAssessment;
}

export interface ContextOptions {
  groundModel?: GroundEtaModel;
  airParams?: AirParams;
  fixPolicy?: FixPolicy;
  /** Current time (ms since epoch or ISO string) for fix ages. Default: the clock. */
  now?: number | string;
  eligibleStatuses?: readonly UnitStatus[];
  /** Units whose data link is down (their fixes are not being refreshed). */
  linkDown?: ReadonlySet<string> | ((unitId: string) => boolean);
  rankBy?: RankBy;
  /**
   * Water sources (lakes, reservoirs, dams) where a bucket helicopter fills: the ETA of a bucket
   * mission is then to its first drop, through the source that makes the path shortest.
   */
  waterSources?: readonly Position[];
}

let defaultGround: GroundEtaModel | null = null;
/** The default ground model, built once (it caches terrain per position). */
export function defaultGroundModel(): GroundEtaModel {
  return (defaultGround ??= crowFliesGroundModel());
}

export function flattenAircraft(
  bases: readonly AviationBase[],
  nowMs: number | null = null,
): AircraftEntry[] {
  const out: AircraftEntry[] = [];
  for (const base of bases)
    for (const aircraft of base.aircraft)
      out.push({
        aircraft,
        base,
        mask: capabilityMask(aircraft.capabilities),
        launch: assessLaunch(aircraft, base, nowMs),
      });
  return out;
}

export function parseNow(now: number | string | undefined): number {
  if (now === undefined) return Date.now();
  const ms = typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms)) throw new RangeError(`"now" is not a valid time: ${String(now)}`);
  return ms;
}

export function makeContext(
  index: UnitIndex,
  bases: readonly AviationBase[],
  o: ContextOptions = {},
): RankContext {
  let bits = 0;
  for (const s of o.eligibleStatuses ?? DEFAULT_ELIGIBLE_STATUSES) bits |= 1 << statusCode(s);
  const ld = o.linkDown;
  const nowMs = parseNow(o.now);
  // The daylight rules need a time someone gave: without `now` they are not applied.
  const availabilityNowMs = o.now === undefined ? null : nowMs;
  return {
    index,
    aircraft: flattenAircraft(bases, availabilityNowMs),
    groundModel: o.groundModel ?? defaultGroundModel(),
    airParams: o.airParams ?? DEFAULT_AIR_PARAMS,
    fixPolicy: o.fixPolicy ?? DEFAULT_FIX_POLICY,
    nowMs,
    eligibleStatusBits: bits,
    linkDown: ld === undefined ? () => false : typeof ld === 'function' ? ld : (id) => ld.has(id),
    rankBy: o.rankBy ?? 'eta',
    waterSources: o.waterSources,
    availabilityNowMs,
  };
}

/** What a search asks for: capabilities (any-of), and the slot's extra conditions. */
export interface ResourceFilter {
  anyMask: number;
  resource: 'unit' | 'aircraft' | 'any';
  kinds?: readonly string[];
  categories?: readonly string[];
  minBucketLitres?: number;
  /**
   * A bucket mission (forest fire, or a run-card slot asking for a bucket): bucket helicopters
   * are ranked at their external-load speed, through a water source when there are any.
   */
  bucket?: boolean;
}

export function filterForSlot(slot: RunCardSlot): ResourceFilter {
  return {
    anyMask: capabilityMask(slot.anyOf),
    resource: slot.resource,
    ...(slot.kinds ? { kinds: slot.kinds } : {}),
    ...(slot.categories ? { categories: slot.categories } : {}),
    ...(slot.minBucketLitres !== undefined ? { minBucketLitres: slot.minBucketLitres, bucket: true } : {}),
  };
}

interface RankedBase {
  id: string;
  /** What the ranking sorts by: the ETA, or the ETA plus the position uncertainty (worst case). */
  keyS: number;
  etaS: number;
  etaLowS: number;
  etaHighS: number;
  distanceM: number;
  mask: number;
}

export interface RankedUnit extends RankedBase {
  resource: 'unit';
  unitIdx: number;
  unit: RescueUnit;
  ground: GroundEta;
  fix: FixAssessment;
}

export interface RankedAircraft extends RankedBase {
  resource: 'aircraft';
  entry: AircraftEntry;
  launchS: number;
  flightS: number;
  approachS: number;
  maxRadiusM: number;
  /** The speed the ETA was computed with, and which one (clean cruise or external load). */
  speedKmh: number;
  speedBasis: SpeedBasis;
  /** A bucket mission's leg through a water source; null when it flies direct. */
  water: WaterLeg | null;
  /** Availability rules that changed its launch (crew on call, airspace pending); empty when none. */
  availability: AvailabilityReason[];
}

export type Ranked = RankedUnit | RankedAircraft;

export interface AircraftRefusal {
  entry: AircraftEntry;
  /** `conditions`: available, but the availability rules keep it on the ground (night, weather). */
  reason: 'not_available' | 'out_of_range' | 'conditions';
  distanceM: number;
  maxRadiusM: number;
  /** The rules that applied (conditions); empty otherwise. */
  conditions: AvailabilityReason[];
  /** When it may take off (night only), ISO; null otherwise. */
  availableAt: string | null;
}

/** Sort order of every ranking: key, then id (so ties never depend on input order). */
export function compareRanked(a: { keyS: number; id: string }, b: { keyS: number; id: string }): number {
  if (a.keyS !== b.keyS) return a.keyS - b.keyS;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function insertBounded<T extends { keyS: number; id: string }>(list: T[], item: T, k: number): void {
  if (list.length >= k && compareRanked(item, list[k - 1]!) >= 0) return;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareRanked(list[mid]!, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
  if (list.length > k) list.length = k;
}

export function rankUnit(ctx: RankContext, unitIdx: number, target: Position): RankedUnit {
  const unit = ctx.index.units[unitIdx]!;
  const ground = ctx.groundModel.estimate(unit.position, target, unit.kind);
  const fix = assessFix(ctx.index.fixAtMs[unitIdx]!, ctx.nowMs, ctx.linkDown(unit.id), ctx.fixPolicy);
  // Seconds per metre of displacement, to turn the position uncertainty into an ETA spread.
  const sPerM =
    ground.distanceM > 1 ? ground.travelS / ground.distanceM : ground.circuity / (ground.speedKmh / 3.6);
  const spreadS = fix.uncertaintyM * sPerM;
  const etaS = ground.totalS;
  return {
    resource: 'unit',
    id: unit.id,
    unitIdx,
    unit,
    ground,
    fix,
    etaS,
    etaLowS: Math.max(ground.mobilisationS, etaS - spreadS),
    etaHighS: etaS + spreadS,
    keyS: ctx.rankBy === 'worst_case' ? etaS + spreadS : etaS,
    distanceM: ground.distanceM,
    mask: ctx.index.masks[unitIdx]!,
  };
}

function aircraftPasses(e: AircraftEntry, f: ResourceFilter): boolean {
  if (f.resource === 'unit') return false;
  if (f.anyMask !== 0 && (e.mask & f.anyMask) === 0) return false;
  if (f.categories && !f.categories.includes(e.aircraft.category)) return false;
  if (f.minBucketLitres !== undefined && e.aircraft.bucketLitres < f.minBucketLitres) return false;
  return true;
}

export interface TopKResult {
  ranked: Ranked[];
  /** Aircraft that pass the filter but cannot go (not available, or out of range). */
  refused: AircraftRefusal[];
}

/**
 * The k best resources for `target` under `filter`, skipping ids in `exclude`.
 *
 * Ground units come from the spatial index in increasing distance; the walk stops once the ground
 * model's lower bound at the current distance is worse than the k-th best found, so the result is
 * exactly the k best by ETA (not by distance) while touching only the units near the top.
 */
export function topK(
  ctx: RankContext,
  target: Position,
  filter: ResourceFilter,
  k: number,
  exclude?: ReadonlySet<string>,
): TopKResult {
  const best: Ranked[] = [];
  const refused: AircraftRefusal[] = [];
  if (k <= 0) return { ranked: best, refused };
  if (filter.resource !== 'aircraft') {
    const { index } = ctx;
    const statuses = index.statuses;
    const bits = ctx.eligibleStatusBits;
    const kinds = filter.kinds;
    const accept = (i: number): boolean => {
      if (((1 << statuses[i]!) & bits) === 0) return false;
      const u = index.units[i]!;
      if (kinds && !kinds.includes(u.kind)) return false;
      return !(exclude && exclude.has(u.id));
    };
    const model = ctx.groundModel;
    const kindBound = model.lowerBoundForKindS?.bind(model);
    visitUnits(index, target[0], target[1], filter.anyMask, accept, (i, d) => {
      if (best.length >= k) {
        const kth = best[k - 1]!.keyS;
        if (model.lowerBoundS(d) > kth) return false;
        // This unit's own best case cannot make the list: skip the full estimate.
        if (kindBound && kindBound(d, index.units[i]!.kind) > kth) return true;
      }
      insertBounded(best, rankUnit(ctx, i, target), k);
      return true;
    });
  }
  if (filter.resource !== 'unit') {
    // Daylight at the scene, once per search: an arrival inside today's [sunrise, sunset) needs no
    // more work; anything else goes to sceneNightReason (which also finds the next sunrise).
    const nowMs = ctx.availabilityNowMs;
    const [sceneRise, sceneSet] = nowMs === null ? [null, null] : sunriseSunset(target, nowMs);
    for (const e of ctx.aircraft) {
      if (!aircraftPasses(e, filter) || (exclude && exclude.has(e.aircraft.id))) continue;
      const distanceM = distanceMetres(e.base.location, target);
      // A bucket mission may fly slower (external load) and through a water source; anything
      // else flies direct at clean cruise, as before.
      const mission = filter.bucket
        ? missionEta(e.aircraft, e.base.location, target, distanceM, true, ctx.waterSources, ctx.airParams)
        : null;
      const air = mission ?? airEtaAtDistance(e.aircraft, distanceM, ctx.airParams);
      if (!air.ok) {
        refused.push({
          entry: e,
          reason: air.reason,
          distanceM,
          maxRadiusM: air.maxRadiusM,
          conditions: [],
          availableAt: null,
        });
        continue;
      }
      // Availability (airAvailability.ts): weather, crew, airspace and daylight at the base were
      // judged once per context; daylight at the scene on arrival needs this ETA.
      const launch = e.launch;
      const delayS = launch.delayMinutes * 60;
      const totalS = air.totalS + delayS;
      const arrival = nowMs === null ? 0 : nowMs + totalS * 1000;
      const night =
        launch.canLaunch &&
        launch.needsDaylight &&
        nowMs !== null &&
        !(sceneRise !== null && sceneSet !== null && arrival >= sceneRise && arrival < sceneSet)
          ? sceneNightReason(e.base, target, nowMs, totalS)
          : null;
      if (!launch.canLaunch || night) {
        refused.push({
          entry: e,
          reason: 'conditions',
          distanceM,
          maxRadiusM: air.maxRadiusM,
          conditions: night ? [...launch.reasons, night] : launch.reasons,
          availableAt: night ? (night.until ?? null) : launch.availableAt,
        });
        continue;
      }
      insertBounded(
        best,
        {
          resource: 'aircraft',
          id: e.aircraft.id,
          entry: e,
          keyS: totalS,
          etaS: totalS,
          etaLowS: totalS,
          etaHighS: totalS,
          distanceM,
          mask: e.mask,
          launchS: air.launchS + delayS,
          flightS: air.flightS,
          approachS: air.approachS,
          maxRadiusM: air.maxRadiusM,
          speedKmh: mission?.ok ? mission.speedKmh : e.aircraft.cruiseSpeedKmh,
          speedBasis: mission?.ok ? mission.speedBasis : 'clean',
          water: mission?.ok ? mission.water : null,
          availability: launch.reasons,
        },
        k,
      );
    }
  }
  return { ranked: best, refused };
}

export function capabilitiesIn(mask: number, wanted: number): Capability[] {
  const m = mask & wanted;
  const out: Capability[] = [];
  for (let i = 0; i < CAPABILITIES.length; i++) if (m & (1 << i)) out.push(CAPABILITIES[i]!);
  return out;
}
