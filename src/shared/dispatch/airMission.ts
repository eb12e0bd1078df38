import type { Aircraft, Capability, HazardType } from '../domain';
import { DEFAULT_AIR_PARAMS, distanceMetres, missionRadiusM, type AirParams, type Position } from '../geo';
import { DEFAULT_HAZARD_CAPABILITIES, type HazardCapabilityTable } from './capabilities';

/**
 * What an aircraft can do on a mission, and how fast it flies there: which aircraft count in the
 * 1-hour aviation network (rescue-capable ones, per hazard where the hazard is known), which are
 * reconnaissance-only, and the external-load speed of bucket missions. See docs/dispatch.md.
 */

/**
 * Capabilities that make an aircraft count in the 1-hour aviation network when the hazard is not
 * known: it can rescue, fight fire, treat or carry people and loads. Reconnaissance alone never
 * counts: a survey drone that arrives first cannot lift anyone out.
 */
export const NETWORK_CAPABILITIES: readonly Capability[] = [
  'aerial_rescue',
  'aerial_firefighting',
  'airlift',
  'medical',
  'search_rescue',
  'water_rescue',
];

/** Capabilities an aircraft has for the job in the air (the aerial subset of the hazard table). */
const AERIAL_CAPABILITIES: readonly Capability[] = ['aerial_rescue', 'aerial_firefighting', 'airlift'];

/** Capabilities of a reconnaissance-only aircraft (a survey drone): listed apart, never counted. */
export const RECON_CAPABILITIES: readonly Capability[] = ['reconnaissance'];

/**
 * The capabilities that make an aircraft count for a hazard: the aerial capabilities of the
 * hazard's row in the hazard→capability table (forest fire: aerial_firefighting; flood and
 * earthquake: aerial_rescue, airlift). Hazards whose row has none (landslide, mine accident …) and
 * an unknown hazard use NETWORK_CAPABILITIES.
 */
export function networkCapabilitiesFor(
  hazard?: HazardType | null,
  table: HazardCapabilityTable = DEFAULT_HAZARD_CAPABILITIES,
): readonly Capability[] {
  if (!hazard) return NETWORK_CAPABILITIES;
  const row = table[hazard];
  if (!row) throw new RangeError(`unknown hazard ${String(hazard)}`);
  const aerial = row.filter((c) => AERIAL_CAPABILITIES.includes(c));
  return aerial.length ? aerial : NETWORK_CAPABILITIES;
}

/** True when an aircraft's capabilities are all reconnaissance (a survey drone). */
export function isReconOnly(a: Pick<Aircraft, 'capabilities'>): boolean {
  return a.capabilities.length > 0 && a.capabilities.every((c) => RECON_CAPABILITIES.includes(c));
}

/** True when the aircraft has any of `caps` (an empty list: every aircraft). */
export function hasAnyCapability(a: Pick<Aircraft, 'capabilities'>, caps: readonly Capability[]): boolean {
  return caps.length === 0 || a.capabilities.some((c) => caps.includes(c));
}

// ───────────────────────────── external load ─────────────────────────────

/**
 * Cruise with an external load ÷ clean cruise, when the aircraft does not give its own
 * `externalLoadCruiseKmh`: the published K-MAX figures, about 148 km/h with an external load
 * against 185 km/h clean (148 / 185 = 0.8).
 */
export const EXTERNAL_LOAD_SPEED_RATIO = 148 / 185;

export type SpeedBasis = 'clean' | 'external_load';

/** Hazards whose air missions are bucket missions for bucket helicopters. */
export const BUCKET_HAZARDS: readonly HazardType[] = ['forest_fire'];

type MissionAircraft = Pick<Aircraft, 'category' | 'bucketLitres' | 'capabilities' | 'cruiseSpeedKmh'> & {
  externalLoadCruiseKmh?: number | undefined;
};

/** The aircraft's cruise with a bucket or sling load, km/h (its own figure, else 0.8 × clean). */
export function externalLoadSpeedKmh(
  a: Pick<Aircraft, 'cruiseSpeedKmh'> & { externalLoadCruiseKmh?: number | undefined },
): number {
  return a.externalLoadCruiseKmh ?? a.cruiseSpeedKmh * EXTERNAL_LOAD_SPEED_RATIO;
}

/**
 * A bucket mission: a helicopter with a bucket (bucketLitres > 0) and aerial_firefighting, sent to
 * a forest fire or into a bucket slot of a run card. It flies with the bucket slung, at the
 * external-load speed. Fixed-wing belly tanks are internal and fly clean.
 */
export function isBucketMission(a: MissionAircraft): boolean {
  return a.category === 'helicopter' && a.bucketLitres > 0 && a.capabilities.includes('aerial_firefighting');
}

/** The speed a mission flies at, and which one it is. */
export function missionSpeed(a: MissionAircraft, bucket: boolean): { speedKmh: number; basis: SpeedBasis } {
  return bucket && isBucketMission(a)
    ? { speedKmh: externalLoadSpeedKmh(a), basis: 'external_load' }
    : { speedKmh: a.cruiseSpeedKmh, basis: 'clean' };
}

/** The flight path to the first drop: base → nearest-detour water source → fire. */
export interface WaterLeg {
  /** Index of the water source in the list given. */
  index: number;
  location: [number, number];
  /** Base → water source, metres. */
  toWaterM: number;
  /** Water source → fire, metres. */
  toFireM: number;
}

/**
 * The water source that makes the path base → source → fire shortest (ties: the first listed);
 * null when there is none. The bucket is filled on the way, so the first drop comes after both legs.
 */
export function waterLeg(
  from: Position,
  to: Position,
  sources: readonly Position[] | undefined,
): WaterLeg | null {
  if (!sources || sources.length === 0) return null;
  let best: WaterLeg | null = null;
  for (let i = 0; i < sources.length; i++) {
    const w = sources[i]!;
    const a = distanceMetres(from, w);
    const b = distanceMetres(w, to);
    if (!best || a + b < best.toWaterM + best.toFireM)
      best = { index: i, location: [w[0], w[1]], toWaterM: a, toFireM: b };
  }
  return best;
}

export type MissionEta =
  | {
      ok: true;
      /** Great-circle distance base → target, metres (what the mission radius is checked against). */
      distanceM: number;
      /** Metres flown to the first useful moment: the direct distance, or base → water → fire. */
      pathM: number;
      launchS: number;
      flightS: number;
      approachS: number;
      totalS: number;
      maxRadiusM: number;
      speedKmh: number;
      speedBasis: SpeedBasis;
      water: WaterLeg | null;
    }
  | { ok: false; reason: 'not_available' | 'out_of_range'; distanceM: number; maxRadiusM: number };

/**
 * Air ETA of a mission: launch + path ÷ mission speed + approach. A bucket mission flies at the
 * external-load speed and, when water sources are given, its path goes through the source that
 * makes it shortest. Refused when not available or when the target is beyond the mission radius
 * (range × (1 − reserve) ÷ 2, checked on the direct distance as for any mission).
 */
export function missionEta(
  a: MissionAircraft & Pick<Aircraft, 'launchMinutes' | 'approachMinutes' | 'rangeKm' | 'status'>,
  from: Position,
  to: Position,
  distanceM: number,
  bucket: boolean,
  waterSources: readonly Position[] | undefined,
  params: AirParams = DEFAULT_AIR_PARAMS,
): MissionEta {
  const maxRadiusM = missionRadiusM(a, params);
  if (a.status !== 'available') return { ok: false, reason: 'not_available', distanceM, maxRadiusM };
  if (distanceM > maxRadiusM) return { ok: false, reason: 'out_of_range', distanceM, maxRadiusM };
  // No intermediate object here: this runs per aircraft in every ranking of a bucket mission.
  const external = bucket && isBucketMission(a);
  const speedKmh = external ? externalLoadSpeedKmh(a) : a.cruiseSpeedKmh;
  const basis: SpeedBasis = external ? 'external_load' : 'clean';
  const water = external ? waterLeg(from, to, waterSources) : null;
  const pathM = water ? water.toWaterM + water.toFireM : distanceM;
  const launchS = a.launchMinutes * 60;
  const approachS = a.approachMinutes * 60;
  const flightS = pathM / (speedKmh / 3.6);
  return {
    ok: true,
    distanceM,
    pathM,
    launchS,
    flightS,
    approachS,
    totalS: launchS + flightS + approachS,
    maxRadiusM,
    speedKmh,
    speedBasis: basis,
    water,
  };
}

/** Reach radius within `seconds` at a given speed: min(mission radius, (seconds − launch − approach) × speed). */
export function reachRadiusAtSpeedM(
  a: Pick<Aircraft, 'cruiseSpeedKmh' | 'launchMinutes' | 'approachMinutes' | 'rangeKm' | 'status'>,
  seconds: number,
  speedKmh: number,
  params: AirParams = DEFAULT_AIR_PARAMS,
): number {
  if (a.status !== 'available') return -Infinity;
  const flyS = seconds - a.launchMinutes * 60 - a.approachMinutes * 60;
  if (flyS < 0) return -1;
  return Math.min(missionRadiusM(a, params), flyS * (speedKmh / 3.6));
}
