import type { Aircraft, AircraftCategory, AviationBase, BaseWeather } from '../domain';
import { isDaylight, sunriseSunset, type Position } from '../geo';

/**
 * Whether an aircraft can launch now, how long its launch takes, and why (docs/dispatch.md,
 * "Aircraft availability"). Pure: the same rules serve the recommendation, the 1-hour network,
 * coverage and the CLI. Rules, in the order the explanation lists them:
 *
 * - base closed (the duty officer's weather status `closed`) → unavailable, whatever the aircraft;
 * - IFR weather at the base and the aircraft not IFR-capable → unavailable;
 * - crew on call → the on-call launch time (default launch + 45 min);
 * - airspace approval pending → the launch waits for it: 60 min from the request, at least 15 min
 *   more when it is overdue; crew preparation runs in parallel, so the launch takes the longer of both;
 * - not night-capable and night (before sunrise or after sunset) at the base at take-off, or at
 *   the scene on arrival → unavailable until the next sunrise at the base (when is said).
 *
 * The daylight rules need a time: they apply when `nowMs` is given (the app and the CLI always
 * give it); without it only the weather, crew and airspace rules apply.
 */

/** Extra minutes to recall a crew that is on call (home or quarters off base) and brief it. */
export const ON_CALL_EXTRA_MINUTES = 45;
/**
 * Minutes a pending airspace approval holds the launch, from the request: a temporary flight
 * plan for an emergency mission is to be filed at least one hour before the flight
 * (通用航空飞行管制条例, Art. 15, as we read it).
 */
export const AIRSPACE_HOLD_MINUTES = 60;
/** A request still pending past the hold: assume at least this many more minutes (call the ATC unit). */
export const AIRSPACE_OVERDUE_MINUTES = 15;

/**
 * Defaults where an aircraft does not say: China's civil rescue helicopters and fixed-wing
 * firefighters mostly fly VFR by day (few crews hold NVG night or IFR ratings); a drone has no crew
 * on board and flies its thermal payload at night, but small drones do not fly in cloud or rain.
 */
export const NIGHT_CAPABLE_BY_CATEGORY: Readonly<Record<AircraftCategory, boolean>> = {
  helicopter: false,
  fixed_wing: false,
  uav: true,
};
export const IFR_CAPABLE_BY_CATEGORY: Readonly<Record<AircraftCategory, boolean>> = {
  helicopter: false,
  fixed_wing: false,
  uav: false,
};

export type AvailabilityCode =
  'base_closed' | 'ifr_weather' | 'on_call' | 'airspace_pending' | 'night_at_base' | 'night_at_scene';

/** One rule that applied: its code and parameters (times are ISO instants, durations minutes). */
export interface AvailabilityReason {
  code: AvailabilityCode;
  /** `unavailable`: it cannot go; `delay`: it goes, later. */
  effect: 'unavailable' | 'delay';
  /** Delay rules: the launch time this rule makes, minutes. */
  minutes?: number;
  /** Night rules: the sunrise at the base from which it may take off. */
  until?: string | null;
  /** night_at_scene: the sunset at the scene it would arrive after (null when it arrives before sunrise). */
  sunset?: string | null;
}

export interface LaunchAssessment {
  canLaunch: boolean;
  /** Minutes from order to wheels-up, all delays included (the aircraft's own when none). */
  launchMinutes: number;
  /** launchMinutes − the aircraft's own launchMinutes. */
  delayMinutes: number;
  /** The rules that applied; empty when none did. */
  reasons: AvailabilityReason[];
  /** When unavailable only by night: the sunrise from which it may take off; else null. */
  availableAt: string | null;
  /** The daylight rule applies to it at all (not night-capable, and a time was given). */
  needsDaylight: boolean;
}

type AvailabilityAircraft = Pick<Aircraft, 'category' | 'launchMinutes'> &
  Partial<
    Pick<
      Aircraft,
      | 'crewPosture'
      | 'onCallLaunchMinutes'
      | 'nightCapable'
      | 'ifrCapable'
      | 'airspaceApproval'
      | 'airspaceRequestedAt'
    >
  >;
type AvailabilityBase = Pick<AviationBase, 'location'> & { weather?: BaseWeather | undefined };

export const nightCapable = (a: AvailabilityAircraft): boolean =>
  a.nightCapable ?? NIGHT_CAPABLE_BY_CATEGORY[a.category];
export const ifrCapable = (a: AvailabilityAircraft): boolean =>
  a.ifrCapable ?? IFR_CAPABLE_BY_CATEGORY[a.category];
export const onCallLaunchMinutes = (a: AvailabilityAircraft): number =>
  a.onCallLaunchMinutes ?? a.launchMinutes + ON_CALL_EXTRA_MINUTES;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The launch rules at the base: weather, crew, airspace and daylight at take-off. `nowMs` null:
 * no daylight rule, and a pending approval holds for the full AIRSPACE_HOLD_MINUTES.
 */
export function assessLaunch(
  a: AvailabilityAircraft,
  base: AvailabilityBase,
  nowMs: number | null,
): LaunchAssessment {
  const reasons: AvailabilityReason[] = [];
  let canLaunch = true;
  const weather = base.weather ?? 'vfr';
  if (weather === 'closed') {
    canLaunch = false;
    reasons.push({ code: 'base_closed', effect: 'unavailable' });
  } else if (weather === 'ifr' && !ifrCapable(a)) {
    canLaunch = false;
    reasons.push({ code: 'ifr_weather', effect: 'unavailable' });
  }
  let launch = a.launchMinutes;
  if (a.crewPosture === 'on_call') {
    launch = Math.max(launch, onCallLaunchMinutes(a));
    reasons.push({ code: 'on_call', effect: 'delay', minutes: launch });
  }
  if (a.airspaceApproval === 'pending') {
    const requested = a.airspaceRequestedAt ? Date.parse(a.airspaceRequestedAt) : NaN;
    const hold =
      nowMs !== null && Number.isFinite(requested)
        ? Math.max(AIRSPACE_OVERDUE_MINUTES, AIRSPACE_HOLD_MINUTES - (nowMs - requested) / 60_000)
        : AIRSPACE_HOLD_MINUTES;
    launch = Math.max(launch, hold);
    reasons.push({ code: 'airspace_pending', effect: 'delay', minutes: hold });
  }
  const needsDaylight = nowMs !== null && !nightCapable(a);
  let availableAt: string | null = null;
  if (needsDaylight) {
    const takeoff = nowMs + launch * 60_000;
    const light = isDaylight(base.location, takeoff);
    if (!light.day) {
      availableAt = iso(light.nextSunrise);
      reasons.push({ code: 'night_at_base', effect: 'unavailable', until: availableAt });
      if (canLaunch) canLaunch = false;
      else availableAt = null; // unavailable by weather too: sunrise alone does not free it
    }
  }
  return {
    canLaunch,
    launchMinutes: launch,
    delayMinutes: launch - a.launchMinutes,
    reasons,
    availableAt,
    needsDaylight,
  };
}

/**
 * The daylight rule at the scene: arriving `arrivalS` seconds after `nowMs` (launch included),
 * is it day there? Returns the reason when not (unavailable until the next sunrise at the base),
 * else null. Only for an assessment that `needsDaylight` and can launch.
 */
export function sceneNightReason(
  base: AvailabilityBase,
  scene: Position,
  nowMs: number,
  arrivalS: number,
): AvailabilityReason | null {
  const arrival = nowMs + arrivalS * 1000;
  const light = isDaylight(scene, arrival);
  if (light.day) return null;
  // The next sunrise at the base after the arrival: tomorrow's after an evening mission.
  const next = isDaylight(base.location, arrival);
  const [, sceneSunset] = sunriseSunset(scene, arrival);
  return {
    code: 'night_at_scene',
    effect: 'unavailable',
    until: iso(next.nextSunrise ?? light.nextSunrise),
    sunset: sceneSunset !== null && arrival >= sceneSunset ? iso(sceneSunset) : null,
  };
}

/** Full assessment for a mission to `scene` whose flight and approach take `flightS` seconds. */
export function assessMission(
  a: AvailabilityAircraft,
  base: AvailabilityBase,
  scene: Position,
  flightS: number,
  nowMs: number | null,
): LaunchAssessment {
  const at = assessLaunch(a, base, nowMs);
  if (!at.canLaunch || !at.needsDaylight || nowMs === null) return at;
  const night = sceneNightReason(base, scene, nowMs, at.launchMinutes * 60 + flightS);
  if (!night) return at;
  return { ...at, canLaunch: false, reasons: [...at.reasons, night], availableAt: night.until ?? null };
}

/**
 * Latest seconds after `nowMs` at which an aircraft that needs daylight may still arrive at its
 * base's end of day (sunset at the base): coverage and reach circles cap their reach with it,
 * the base's sunset standing for the scene's (Shanxi spans 4° of longitude, 16 minutes of sun).
 * Infinity when the rule does not apply.
 */
export function daylightLeftS(a: LaunchAssessment, base: AvailabilityBase, nowMs: number | null): number {
  if (!a.needsDaylight || nowMs === null || !a.canLaunch) return Infinity;
  const takeoff = nowMs + a.launchMinutes * 60_000;
  const light = isDaylight(base.location, takeoff);
  return light.sunset === null ? Infinity : (light.sunset - nowMs) / 1000;
}

/** An instant in China Standard Time with the date, e.g. "2026-12-02 07:41 CST" (reference wording). */
export function cstText(isoOrNull: string | null | undefined): string {
  if (!isoOrNull) return '—';
  const ms = Date.parse(isoOrNull);
  if (!Number.isFinite(ms)) return '—';
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')} CST`;
}

/** The reference English wording of the rules that applied (the app words the same codes through i18n). */
export function explainAvailability(
  reasons: readonly AvailabilityReason[],
  availableAt: string | null = null,
): string {
  const parts = reasons.map((r) => {
    switch (r.code) {
      case 'base_closed':
        return 'base closed (weather status set by the duty officer)';
      case 'ifr_weather':
        return 'IFR weather at the base and not IFR-capable';
      case 'on_call':
        return `crew on call, launch ${r.minutes ?? 0} min`;
      case 'airspace_pending':
        return `airspace approval pending, launch held ${Math.round(r.minutes ?? 0)} min`;
      case 'night_at_base':
        return `night at the base and not night-capable, until sunrise ${cstText(r.until)}`;
      case 'night_at_scene':
        return `would arrive after ${r.sunset ? `sunset ${cstText(r.sunset)}` : 'dark'} at the scene and not night-capable, until sunrise ${cstText(r.until)}`;
    }
  });
  const s = parts.join('; ');
  return availableAt && !reasons.some((r) => r.until === availableAt)
    ? `${s}; may launch from ${cstText(availableAt)}`
    : s;
}

/** An API's `now` option as ms, or null when not given (then no daylight rule applies). */
export function availabilityNow(now: number | string | undefined): number | null {
  if (now === undefined) return null;
  const ms = typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms)) throw new RangeError(`"now" is not a valid time: ${String(now)}`);
  return ms;
}
