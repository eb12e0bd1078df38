import { union } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Aircraft, AviationBase, Capability, HazardType } from '../domain';
import {
  airReachRadiusM,
  circlePolygon,
  DEFAULT_AIR_PARAMS,
  distanceMetres,
  type AirParams,
  type Position,
} from '../geo';
import {
  BUCKET_HAZARDS,
  hasAnyCapability,
  isReconOnly,
  missionEta,
  missionSpeed,
  networkCapabilitiesFor,
  reachRadiusAtSpeedM,
  type SpeedBasis,
} from './airMission';
import type { HazardCapabilityTable } from './capabilities';
import {
  assessLaunch,
  assessMission,
  availabilityNow,
  daylightLeftS,
  type AvailabilityReason,
} from './airAvailability';

/**
 * The 1-hour aviation network: the bases whose best *counting* aircraft reaches a point within a
 * threshold (60 minutes by default, any threshold allowed), and the reach areas for the map. An
 * aircraft counts when it is available and can do the job: NETWORK_CAPABILITIES (rescue,
 * firefighting, medical, airlift), or for a known hazard the aerial capabilities of its row in the
 * hazard table (networkCapabilitiesFor). Reconnaissance-only aircraft never count; they are listed
 * apart in `recon` with their times.
 */
export interface AviationOptions {
  /** Threshold in minutes (default 60). */
  minutes?: number;
  airParams?: AirParams;
  /**
   * Only aircraft with any of these capabilities count. Default: networkCapabilitiesFor(hazard);
   * an empty list counts every aircraft (the old rule, reconnaissance included).
   */
  capabilities?: readonly Capability[];
  /** The hazard at the point, when known: which aircraft count, and bucket missions for a forest fire. */
  hazard?: HazardType | null;
  hazardCapabilities?: HazardCapabilityTable;
  /** Water sources a bucket mission fills at before its first drop (forest fire). */
  waterSources?: readonly Position[];
  /**
   * The time (ms or ISO) the availability rules are judged at (airAvailability.ts): daylight at
   * the base and the scene. Without it only the weather, crew and airspace rules apply.
   */
  now?: number | string;
}

export interface AircraftReach {
  id: string;
  callsign: string;
  category: Aircraft['category'];
  status: Aircraft['status'];
  /** Air ETA to the point, minutes; null when refused. */
  etaMinutes: number | null;
  /** `conditions`: kept on the ground by the availability rules (`availability` says which). */
  refused: 'not_available' | 'out_of_range' | 'conditions' | null;
  /** Availability rules that applied: delays (on call, airspace) or why it is grounded. */
  availability: AvailabilityReason[];
  /** Grounded by night only: the sunrise from which it may take off, ISO; else null. */
  availableAt: string | null;
  /** It can do the job (a counting capability): only these make the base count. */
  counts: boolean;
  /** Reconnaissance only (a survey drone): listed in `recon`, never counted. */
  reconOnly: boolean;
  /** Cruise used for the ETA, km/h, and which one (external load for a forest-fire bucket mission). */
  speedKmh: number;
  speedBasis: SpeedBasis;
}

/** The aircraft that makes a base count: its id, callsign and ETA. */
export interface CountingAircraft {
  id: string;
  callsign: string;
  etaMinutes: number;
  speedBasis: SpeedBasis;
}

export interface BaseReach {
  baseId: string;
  baseName: string;
  location: [number, number];
  distanceKm: number;
  /** Best air ETA among the base's counting aircraft, minutes; null when none can go. */
  etaMinutes: number | null;
  /** Id of `counting` (kept for callers of the earlier API). */
  bestAircraftId: string | null;
  /** The fastest counting aircraft, which makes the base count when within the threshold; null when none can go. */
  counting: CountingAircraft | null;
  withinThreshold: boolean;
  /** Every aircraft at the base, fastest first (refused last), each marked whether it counts. */
  aircraft: AircraftReach[];
}

/** A reconnaissance-only aircraft and its time: useful to look, never counted in the network. */
export interface ReconReach {
  id: string;
  callsign: string;
  category: Aircraft['category'];
  status: Aircraft['status'];
  baseId: string;
  baseName: string;
  etaMinutes: number | null;
  refused: 'not_available' | 'out_of_range' | 'conditions' | null;
  availability: AvailabilityReason[];
  withinThreshold: boolean;
}

export interface ReachNetworkResult {
  location: [number, number];
  minutes: number;
  /** The hazard the counting rule was taken from (null: not known). */
  hazard: HazardType | null;
  /** Capabilities that made an aircraft count (empty: every aircraft counted). */
  countingCapabilities: Capability[];
  /** Bases whose counting aircraft reach the point within the threshold, fastest first (ties by base id). */
  within: BaseReach[];
  /** All other bases, fastest first; those with no usable counting aircraft last. */
  beyond: BaseReach[];
  /** Reconnaissance-only aircraft, fastest first (refused last): never counted. */
  recon: ReconReach[];
}

/** The counting capabilities for these options (explicit list, else per hazard). */
export function countingCapabilities(
  opts: Pick<AviationOptions, 'capabilities' | 'hazard' | 'hazardCapabilities'> = {},
): readonly Capability[] {
  return opts.capabilities ?? networkCapabilitiesFor(opts.hazard, opts.hazardCapabilities);
}

/** Whether an aircraft counts under `caps` (empty: all do; else any of them, never recon-only). */
function counts(a: Aircraft, caps: readonly Capability[]): boolean {
  return caps.length === 0 || hasAnyCapability(a, caps);
}

const byEta = (x: { etaMinutes: number | null; id: string }, y: { etaMinutes: number | null; id: string }) =>
  (x.etaMinutes ?? Infinity) - (y.etaMinutes ?? Infinity) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** Which bases can reach `point` within the threshold, with each aircraft's ETA or refusal. */
export function reachNetwork(
  bases: readonly AviationBase[],
  point: Position,
  opts: AviationOptions = {},
): ReachNetworkResult {
  const minutes = opts.minutes ?? 60;
  if (!(minutes >= 0)) throw new RangeError('minutes must be ≥ 0');
  const params = opts.airParams ?? DEFAULT_AIR_PARAMS;
  const caps = countingCapabilities(opts);
  const hazard = opts.hazard ?? null;
  const bucket = hazard !== null && BUCKET_HAZARDS.includes(hazard);
  const nowMs = availabilityNow(opts.now);
  const recon: ReconReach[] = [];
  const rows: BaseReach[] = bases.map((b) => {
    const d = distanceMetres(b.location, point);
    const aircraft: AircraftReach[] = b.aircraft
      .map((a) => {
        const eta = missionEta(a, b.location, point, d, bucket, opts.waterSources, params);
        const { speedKmh, basis } = missionSpeed(a, bucket);
        const reconOnly = isReconOnly(a);
        const avail = eta.ok ? assessMission(a, b, point, eta.flightS + eta.approachS, nowMs) : null;
        const goes = eta.ok && avail !== null && avail.canLaunch;
        return {
          id: a.id,
          callsign: a.callsign,
          category: a.category,
          status: a.status,
          etaMinutes: goes ? (eta.totalS + avail.delayMinutes * 60) / 60 : null,
          refused: eta.ok ? (goes ? null : ('conditions' as const)) : eta.reason,
          availability: avail?.reasons ?? [],
          availableAt: avail?.availableAt ?? null,
          counts: counts(a, caps) && !(reconOnly && caps.length > 0),
          reconOnly,
          speedKmh,
          speedBasis: basis,
        };
      })
      .sort(byEta);
    for (const a of aircraft) {
      if (!a.reconOnly || a.counts) continue;
      recon.push({
        id: a.id,
        callsign: a.callsign,
        category: a.category,
        status: a.status,
        baseId: b.id,
        baseName: b.name,
        etaMinutes: a.etaMinutes,
        refused: a.refused,
        availability: a.availability,
        withinThreshold: a.etaMinutes !== null && a.etaMinutes <= minutes,
      });
    }
    const best = aircraft.find((a) => a.counts && a.etaMinutes !== null) ?? null;
    return {
      baseId: b.id,
      baseName: b.name,
      location: [b.location[0], b.location[1]],
      distanceKm: d / 1000,
      etaMinutes: best ? best.etaMinutes : null,
      bestAircraftId: best ? best.id : null,
      counting: best
        ? { id: best.id, callsign: best.callsign, etaMinutes: best.etaMinutes!, speedBasis: best.speedBasis }
        : null,
      withinThreshold: best !== null && best.etaMinutes! <= minutes,
      aircraft,
    };
  });
  rows.sort(
    (x, y) => (x.etaMinutes ?? Infinity) - (y.etaMinutes ?? Infinity) || (x.baseId < y.baseId ? -1 : 1),
  );
  recon.sort(byEta);
  return {
    location: [point[0], point[1]],
    minutes,
    hazard,
    countingCapabilities: [...caps],
    within: rows.filter((r) => r.withinThreshold),
    beyond: rows.filter((r) => !r.withinThreshold),
    recon,
  };
}

/**
 * How far a base reaches within `seconds`: the widest radius among its counting aircraft
 * (default: networkCapabilitiesFor(hazard); an empty list: every aircraft). For a forest fire,
 * bucket helicopters reach at their external-load speed (the water leg is not drawn).
 */
export function baseReachRadius(
  base: AviationBase,
  seconds: number,
  params: AirParams = DEFAULT_AIR_PARAMS,
  capabilities?: readonly Capability[],
  hazard?: HazardType | null,
  nowMs: number | null = null,
): { radiusM: number; aircraft: Aircraft | null } {
  const caps = capabilities ?? networkCapabilitiesFor(hazard);
  const bucket = !!hazard && BUCKET_HAZARDS.includes(hazard);
  let radiusM = -Infinity;
  let aircraft: Aircraft | null = null;
  for (const a of base.aircraft) {
    if (!counts(a, caps) || (caps.length > 0 && isReconOnly(a))) continue;
    // Availability: grounded aircraft reach nowhere; a delayed launch has that much less time,
    // and one that needs daylight must be there by sunset (the base's, standing for the scene's).
    const launch = assessLaunch(a, base, nowMs);
    if (!launch.canLaunch) continue;
    const s = Math.min(seconds, daylightLeftS(launch, base, nowMs)) - launch.delayMinutes * 60;
    const r = bucket
      ? reachRadiusAtSpeedM(a, s, missionSpeed(a, true).speedKmh, params)
      : airReachRadiusM(a, s, params);
    if (r > radiusM || (r === radiusM && aircraft && a.id < aircraft.id)) {
      radiusM = r;
      aircraft = a;
    }
  }
  return radiusM >= 0 ? { radiusM, aircraft } : { radiusM: -1, aircraft: null };
}

export interface ReachAreaProperties {
  kind: 'base' | 'network';
  baseId: string | null;
  baseName: string | null;
  minutes: number;
  radiusKm: number | null;
  aircraftId: string | null;
  callsign: string | null;
}

export interface ReachAreasOptions extends AviationOptions {
  /** Vertices per circle (default 64). */
  steps?: number;
  /** Also add one merged 'network' feature, the union of all circles (default true). */
  merge?: boolean;
}

/**
 * Reach areas for the map: one geodesic circle per base whose available aircraft can get anywhere
 * within the threshold (radius = the widest reach among its aircraft, see docs/dispatch.md), and
 * the merged network outline. Bases with no usable aircraft get no feature.
 */
export function reachAreas(
  bases: readonly AviationBase[],
  minutes = 60,
  opts: ReachAreasOptions = {},
): FeatureCollection<Polygon | MultiPolygon, ReachAreaProperties> {
  const params = opts.airParams ?? DEFAULT_AIR_PARAMS;
  const features: Feature<Polygon | MultiPolygon, ReachAreaProperties>[] = [];
  for (const b of [...bases].sort((x, y) => (x.id < y.id ? -1 : 1))) {
    const { radiusM, aircraft } = baseReachRadius(
      b,
      minutes * 60,
      params,
      countingCapabilities(opts),
      opts.hazard,
      availabilityNow(opts.now),
    );
    if (!aircraft || radiusM <= 0) continue;
    features.push({
      type: 'Feature',
      properties: {
        kind: 'base',
        baseId: b.id,
        baseName: b.name,
        minutes,
        radiusKm: radiusM / 1000,
        aircraftId: aircraft.id,
        callsign: aircraft.callsign,
      },
      geometry: circlePolygon(b.location, radiusM, opts.steps ?? 64),
    });
  }
  if ((opts.merge ?? true) && features.length > 0) {
    const merged =
      features.length === 1
        ? features[0]!.geometry
        : union({ type: 'FeatureCollection', features: features.map((f) => ({ ...f, properties: {} })) })
            ?.geometry;
    if (merged) {
      features.push({
        type: 'Feature',
        properties: {
          kind: 'network',
          baseId: null,
          baseName: null,
          minutes,
          radiusKm: null,
          aircraftId: null,
          callsign: null,
        },
        geometry: merged,
      });
    }
  }
  return { type: 'FeatureCollection', features };
}
