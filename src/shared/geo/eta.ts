import type { Aircraft, UnitKind } from '../domain';
import { distanceMetres, type Position } from './spherical';
import { terrainCircuity, type CircuityModel } from './terrain';

/**
 * Travel-time models. Metres and seconds throughout; km/h and minutes only in the parameter
 * tables, named as such. Formulas and defaults are in docs/dispatch.md.
 */

// ───────────────────────────── ground ─────────────────────────────

export interface GroundEta {
  /** Which model produced it ('crow-flies', or a road router's name). */
  model: string;
  /** Great-circle distance. */
  distanceM: number;
  /** Estimated road distance (great-circle × circuity, or what the router returned). */
  roadDistanceM: number;
  circuity: number;
  /** Average speed over the whole drive, km/h (roadDistance ÷ travel time). */
  speedKmh: number;
  mobilisationS: number;
  travelS: number;
  /** mobilisationS + travelS. */
  totalS: number;
}

/**
 * What the dispatch engine needs from a ground travel-time model. The default is crow-flies with
 * terrain circuity; an authorised road layer or an OSRM/Valhalla service replaces it by
 * implementing this (synchronously from a precomputed table, or see `RoadRouter` for an async
 * service that re-ranks a shortlist).
 */
export interface GroundEtaModel {
  readonly name: string;
  estimate(from: Position, to: Position, kind: UnitKind): GroundEta;
  /**
   * A lower bound of `estimate(...).totalS` for ANY unit kind at great-circle distance `distanceM`.
   * The spatial search stops when this bound exceeds the k-th best ETA found, so it must never be
   * larger than a real estimate (a bound that is too low only makes the search slower).
   */
  lowerBoundS(distanceM: number): number;
  /**
   * Optional, tighter: a lower bound for one unit kind. Lets the search skip a unit without a full
   * estimate when even its best case cannot make the top k. Same rule: never above the estimate.
   */
  lowerBoundForKindS?(distanceM: number, kind: UnitKind): number;
}

/** An asynchronous road router (OSRM `table`, Valhalla `sources_to_targets` …). */
export interface RoadRouter {
  readonly name: string;
  /** Driving seconds and metres from each origin to the destination; null where there is no route. */
  route(
    origins: readonly Position[],
    destination: Position,
  ): Promise<({ durationS: number; distanceM: number } | null)[]>;
}

export interface GroundProfile {
  /** Average speed for the first `localKm` of road (towns, county roads, climbs), km/h. */
  localSpeedKmh: number;
  /** Average speed for the road beyond that (expressways and trunk roads), km/h. */
  trunkSpeedKmh: number;
  /** Order to wheels rolling, minutes. */
  mobilisationMinutes: number;
}

/** Road kilometres driven at the local speed before the trunk speed applies. */
export const DEFAULT_LOCAL_KM = 20;

/**
 * Defaults per unit kind. Fire and rescue crews turn out within about a minute of the call by
 * regulation, so 3 minutes covers call handling too; teams that must load specialist kit or
 * gather volunteers take longer. Heavy vehicles are slower on mountain roads and expressways.
 */
export const DEFAULT_GROUND_PROFILES: Readonly<Record<UnitKind, GroundProfile>> = {
  fire_rescue: { localSpeedKmh: 40, trunkSpeedKmh: 70, mobilisationMinutes: 3 },
  forest_fire: { localSpeedKmh: 35, trunkSpeedKmh: 65, mobilisationMinutes: 10 },
  mine_rescue: { localSpeedKmh: 40, trunkSpeedKmh: 70, mobilisationMinutes: 5 },
  hazmat: { localSpeedKmh: 35, trunkSpeedKmh: 60, mobilisationMinutes: 10 },
  flood: { localSpeedKmh: 35, trunkSpeedKmh: 60, mobilisationMinutes: 15 },
  earthquake_geo: { localSpeedKmh: 40, trunkSpeedKmh: 65, mobilisationMinutes: 20 },
  medical: { localSpeedKmh: 45, trunkSpeedKmh: 80, mobilisationMinutes: 5 },
  utilities: { localSpeedKmh: 35, trunkSpeedKmh: 60, mobilisationMinutes: 20 },
  social: { localSpeedKmh: 35, trunkSpeedKmh: 60, mobilisationMinutes: 30 },
  // An aviation team's ground element (crew, fuel truck); its aircraft are modelled by AirEta.
  aircraft: { localSpeedKmh: 40, trunkSpeedKmh: 65, mobilisationMinutes: 15 },
};

export interface CrowFliesOptions {
  profiles?: Partial<Record<UnitKind, Partial<GroundProfile>>>;
  circuity?: CircuityModel;
  localKm?: number;
}

/** Driving seconds for a road distance: the first localKm at the local speed, the rest at trunk speed. */
export function driveSeconds(roadDistanceM: number, p: GroundProfile, localKm = DEFAULT_LOCAL_KM): number {
  const localM = Math.min(roadDistanceM, localKm * 1000);
  return localM / (p.localSpeedKmh / 3.6) + (roadDistanceM - localM) / (p.trunkSpeedKmh / 3.6);
}

/**
 * How far a crow-flies drive time may be from the real one, as factors on the drive (not on
 * mobilisation): the band a dispatcher is shown beside a crow-flies ETA. `fastest`: the two trips
 * reported when Shanxi's last counties reached an expressway (Xinhua, 2024-12-27: 汾阳→石楼 1 h,
 * 浮山→临汾 15 min by car) are priced 2.0× and 3.4× too long by this model for a fire engine, so the
 * real drive may be as short as a third. `slowest`: winding mountain roads with no expressway run
 * to about twice the crow-flies distance against the model's 1.5, so up to 1.3× longer (a judgement,
 * not a measurement). See docs/dispatch.md, "How wrong the ground model can be".
 */
export const CROW_FLIES_DRIVE_BAND = { fastest: 1 / 3, slowest: 1.3 } as const;

/**
 * Ground ETA = mobilisation + drive time of (great-circle distance × circuity), the drive at the
 * local speed for the first `localKm` and at the trunk speed beyond.
 */
export function crowFliesGroundModel(options: CrowFliesOptions = {}): GroundEtaModel {
  const profiles = { ...DEFAULT_GROUND_PROFILES } as Record<UnitKind, GroundProfile>;
  for (const [kind, p] of Object.entries(options.profiles ?? {}) as [UnitKind, Partial<GroundProfile>][]) {
    profiles[kind] = { ...profiles[kind], ...p };
  }
  for (const [kind, p] of Object.entries(profiles)) {
    if (!(p.localSpeedKmh > 0) || !(p.trunkSpeedKmh > 0) || !(p.mobilisationMinutes >= 0)) {
      throw new RangeError(`bad ground profile for ${kind}`);
    }
  }
  const circuity = options.circuity ?? terrainCircuity();
  const localKm = options.localKm ?? DEFAULT_LOCAL_KM;
  const kindProfiles = Object.values(profiles);
  const minFactor = circuity.minFactor;
  // Per kind, the best case: the least circuity at the kind's own speeds (drive time grows with
  // road distance, and the trip factor is never below the model's minimum).
  const kindBound = (distanceM: number, p: GroundProfile) =>
    p.mobilisationMinutes * 60 + driveSeconds(distanceM * minFactor, p, localKm);
  // Circuity of a point depends only on the point: cache it per position array (unit positions
  // are stable arrays within one snapshot) so ranking many units does not redo polygon tests.
  const factorCache = new WeakMap<Position, number>();
  const pointFactor = (p: Position): number => {
    let f = factorCache.get(p);
    if (f === undefined) {
      f = circuity.pointFactor(p);
      factorCache.set(p, f);
    }
    return f;
  };
  return {
    name: 'crow-flies',
    estimate(from, to, kind) {
      const profile = profiles[kind] ?? profiles.fire_rescue;
      const distanceM = distanceMetres(from, to);
      const c = (pointFactor(from) + pointFactor(to)) / 2;
      const roadDistanceM = distanceM * c;
      const travelS = driveSeconds(roadDistanceM, profile, localKm);
      const mobilisationS = profile.mobilisationMinutes * 60;
      return {
        model: 'crow-flies',
        distanceM,
        roadDistanceM,
        circuity: c,
        speedKmh: travelS > 0 ? roadDistanceM / 1000 / (travelS / 3600) : profile.localSpeedKmh,
        mobilisationS,
        travelS,
        totalS: mobilisationS + travelS,
      };
    },
    lowerBoundS(distanceM) {
      let b = Infinity;
      for (const p of kindProfiles) {
        const v = kindBound(distanceM, p);
        if (v < b) b = v;
      }
      return b;
    },
    lowerBoundForKindS(distanceM, kind) {
      return kindBound(distanceM, profiles[kind] ?? profiles.fire_rescue);
    },
  };
}

// ───────────────────────────── air ─────────────────────────────

export type AircraftLike = Pick<
  Aircraft,
  'cruiseSpeedKmh' | 'launchMinutes' | 'approachMinutes' | 'rangeKm' | 'status'
>;

export interface AirParams {
  /**
   * Share of the range kept as reserve (fuel for holding, diversion, time on scene). The mission
   * must fit out and back in the rest: max radius = range × (1 − reserve) ÷ 2.
   */
  reserveFraction: number;
}

export const DEFAULT_AIR_PARAMS: AirParams = { reserveFraction: 0.1 };

export type AirEta =
  | {
      ok: true;
      distanceM: number;
      launchS: number;
      flightS: number;
      approachS: number;
      /** launchS + flightS + approachS. */
      totalS: number;
      /** The farthest this aircraft may go from its base on a mission. */
      maxRadiusM: number;
    }
  | { ok: false; reason: 'not_available' | 'out_of_range'; distanceM: number; maxRadiusM: number };

/** Max mission radius in metres (out and back within the range less the reserve). */
export function missionRadiusM(a: AircraftLike, params: AirParams = DEFAULT_AIR_PARAMS): number {
  return (a.rangeKm * 1000 * (1 - params.reserveFraction)) / 2;
}

/** Air ETA = launch + great-circle distance ÷ cruise speed + approach; refused when unavailable or out of range. */
export function airEta(
  a: AircraftLike,
  from: Position,
  to: Position,
  params: AirParams = DEFAULT_AIR_PARAMS,
): AirEta {
  return airEtaAtDistance(a, distanceMetres(from, to), params);
}

export function airEtaAtDistance(
  a: AircraftLike,
  distanceM: number,
  params: AirParams = DEFAULT_AIR_PARAMS,
): AirEta {
  const maxRadiusM = missionRadiusM(a, params);
  if (a.status !== 'available') return { ok: false, reason: 'not_available', distanceM, maxRadiusM };
  if (distanceM > maxRadiusM) return { ok: false, reason: 'out_of_range', distanceM, maxRadiusM };
  const launchS = a.launchMinutes * 60;
  const approachS = a.approachMinutes * 60;
  const flightS = distanceM / (a.cruiseSpeedKmh / 3.6);
  return {
    ok: true,
    distanceM,
    launchS,
    flightS,
    approachS,
    totalS: launchS + flightS + approachS,
    maxRadiusM,
  };
}

/**
 * How far from its base an aircraft reaches within `seconds`: min(mission radius, (seconds −
 * launch − approach) × cruise speed). Negative when it cannot even launch and approach in time;
 * -Infinity when the aircraft is not available.
 */
export function airReachRadiusM(
  a: AircraftLike,
  seconds: number,
  params: AirParams = DEFAULT_AIR_PARAMS,
): number {
  if (a.status !== 'available') return -Infinity;
  const flyS = seconds - a.launchMinutes * 60 - a.approachMinutes * 60;
  if (flyS < 0) return -1; // cannot even launch and approach in time
  return Math.min(missionRadiusM(a, params), flyS * (a.cruiseSpeedKmh / 3.6));
}
