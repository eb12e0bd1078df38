import { union } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Aircraft, AviationBase, Capability } from '../domain';
import {
  airEtaAtDistance,
  airReachRadiusM,
  circlePolygon,
  DEFAULT_AIR_PARAMS,
  distanceMetres,
  type AirParams,
  type Position,
} from '../geo';

/**
 * The 1-hour aviation network: the bases whose best available aircraft reaches a point within a
 * threshold (60 minutes by default, any threshold allowed), and the reach areas for the map.
 */
export interface AviationOptions {
  /** Threshold in minutes (default 60). */
  minutes?: number;
  airParams?: AirParams;
  /** Only aircraft with any of these capabilities count (default: all). */
  capabilities?: readonly Capability[];
}

export interface AircraftReach {
  id: string;
  callsign: string;
  category: Aircraft['category'];
  status: Aircraft['status'];
  /** Air ETA to the point, minutes; null when refused. */
  etaMinutes: number | null;
  refused: 'not_available' | 'out_of_range' | null;
}

export interface BaseReach {
  baseId: string;
  baseName: string;
  location: [number, number];
  distanceKm: number;
  /** Best air ETA among the base's available aircraft, minutes; null when none can go. */
  etaMinutes: number | null;
  bestAircraftId: string | null;
  withinThreshold: boolean;
  aircraft: AircraftReach[];
}

export interface ReachNetworkResult {
  location: [number, number];
  minutes: number;
  /** Bases reaching the point within the threshold, fastest first (ties by base id). */
  within: BaseReach[];
  /** All other bases, fastest first; those with no usable aircraft last. */
  beyond: BaseReach[];
}

function qualifies(a: Aircraft, caps: readonly Capability[] | undefined): boolean {
  return !caps || caps.length === 0 || a.capabilities.some((c) => caps.includes(c));
}

/** Which bases can reach `point` within the threshold, with each aircraft's ETA or refusal. */
export function reachNetwork(bases: readonly AviationBase[], point: Position, opts: AviationOptions = {}): ReachNetworkResult {
  const minutes = opts.minutes ?? 60;
  if (!(minutes >= 0)) throw new RangeError('minutes must be ≥ 0');
  const params = opts.airParams ?? DEFAULT_AIR_PARAMS;
  const rows: BaseReach[] = bases.map((b) => {
    const d = distanceMetres(b.location, point);
    const aircraft: AircraftReach[] = b.aircraft
      .filter((a) => qualifies(a, opts.capabilities))
      .map((a) => {
        const eta = airEtaAtDistance(a, d, params);
        return {
          id: a.id,
          callsign: a.callsign,
          category: a.category,
          status: a.status,
          etaMinutes: eta.ok ? eta.totalS / 60 : null,
          refused: eta.ok ? null : eta.reason,
        };
      })
      .sort((x, y) => (x.etaMinutes ?? Infinity) - (y.etaMinutes ?? Infinity) || (x.id < y.id ? -1 : 1));
    const best = aircraft[0] && aircraft[0].etaMinutes !== null ? aircraft[0] : null;
    return {
      baseId: b.id,
      baseName: b.name,
      location: [b.location[0], b.location[1]],
      distanceKm: d / 1000,
      etaMinutes: best ? best.etaMinutes : null,
      bestAircraftId: best ? best.id : null,
      withinThreshold: best !== null && best.etaMinutes! <= minutes,
      aircraft,
    };
  });
  rows.sort((x, y) => (x.etaMinutes ?? Infinity) - (y.etaMinutes ?? Infinity) || (x.baseId < y.baseId ? -1 : 1));
  return {
    location: [point[0], point[1]],
    minutes,
    within: rows.filter((r) => r.withinThreshold),
    beyond: rows.filter((r) => !r.withinThreshold),
  };
}

/** How far a base reaches within `seconds`: the widest radius among its usable aircraft. */
export function baseReachRadius(
  base: AviationBase,
  seconds: number,
  params: AirParams = DEFAULT_AIR_PARAMS,
  capabilities?: readonly Capability[],
): { radiusM: number; aircraft: Aircraft | null } {
  let radiusM = -Infinity;
  let aircraft: Aircraft | null = null;
  for (const a of base.aircraft) {
    if (!qualifies(a, capabilities)) continue;
    const r = airReachRadiusM(a, seconds, params);
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
    const { radiusM, aircraft } = baseReachRadius(b, minutes * 60, params, opts.capabilities);
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
        : union({ type: 'FeatureCollection', features: features.map((f) => ({ ...f, properties: {} })) })?.geometry;
    if (merged) {
      features.push({
        type: 'Feature',
        properties: { kind: 'network', baseId: null, baseName: null, minutes, radiusKm: null, aircraftId: null, callsign: null },
        geometry: merged,
      });
    }
  }
  return { type: 'FeatureCollection', features };
}
