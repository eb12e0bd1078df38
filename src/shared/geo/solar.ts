import type { Position } from './spherical';

/**
 * Sunrise, sunset and civil twilight, computed offline with the NOAA solar position algorithm
 * (the NOAA Global Monitoring Laboratory's solar calculator, after Meeus, "Astronomical
 * Algorithms"): the sun's declination and the equation of time for the Julian century, then the
 * hour angle at which the sun's centre stands at a given zenith. Accurate to about a minute at
 * Shanxi's latitudes between 1900 and 2100 (tests/unit/shared/geo/solar.test.ts).
 *
 * Every instant is a UTC epoch in milliseconds; China Standard Time is a display matter.
 * Sunrise and sunset are for a sea-level horizon (zenith 90.833°: 34′ of refraction and the sun's
 * 16′ semi-diameter, the standard almanac definition); civil twilight is the sun's centre 6°
 * below the horizon (zenith 96°). Terrain and height above sea level are not modelled: on the
 * 1,000 m plateau a visible horizon is lower, in a valley higher; both move the times by a few
 * minutes, which the availability rules absorb by their own margins.
 */

/** Zenith of the sun's centre at sunrise and sunset (upper limb on the horizon, with refraction). */
export const SUNRISE_ZENITH_DEG = 90.833;
/** Zenith of the sun's centre at the start of morning / end of evening civil twilight. */
export const CIVIL_TWILIGHT_ZENITH_DEG = 96;

const RAD = Math.PI / 180;
const DAY_MS = 86_400_000;

export interface SunTimes {
  /** The local solar day these times belong to, as its UTC calendar date (YYYY-MM-DD). */
  date: string;
  /** Solar noon, ms. */
  solarNoon: number;
  /** Sunrise and sunset, ms; null when the sun does not cross the horizon that day (polar day or night). */
  sunrise: number | null;
  sunset: number | null;
  /** Start of morning and end of evening civil twilight, ms; null when there is none. */
  civilDawn: number | null;
  civilDusk: number | null;
}

/** Julian day of an epoch in ms. */
function julianDay(ms: number): number {
  return ms / DAY_MS + 2440587.5;
}

/** Declination of the sun (radians) and the equation of time (minutes) at an instant. */
export function solarDeclinationAndEquationOfTime(ms: number): { declination: number; eqTimeMin: number } {
  const t = (julianDay(ms) - 2451545) / 36525;
  const l0 = (((280.46646 + t * (36000.76983 + t * 0.0003032)) % 360) + 360) % 360;
  const m = 357.52911 + t * (35999.05029 - 0.0001537 * t);
  const e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
  const mr = m * RAD;
  const c =
    Math.sin(mr) * (1.914602 - t * (0.004817 + 0.000014 * t)) +
    Math.sin(2 * mr) * (0.019993 - 0.000101 * t) +
    Math.sin(3 * mr) * 0.000289;
  const trueLong = l0 + c;
  const omega = (125.04 - 1934.136 * t) * RAD;
  const lambda = (trueLong - 0.00569 - 0.00478 * Math.sin(omega)) * RAD;
  const eps0 = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
  const eps = (eps0 + 0.00256 * Math.cos(omega)) * RAD;
  const declination = Math.asin(Math.sin(eps) * Math.sin(lambda));
  const y = Math.tan(eps / 2) ** 2;
  const l0r = l0 * RAD;
  const eq =
    y * Math.sin(2 * l0r) -
    2 * e * Math.sin(mr) +
    4 * e * y * Math.sin(mr) * Math.cos(2 * l0r) -
    0.5 * y * y * Math.sin(4 * l0r) -
    1.25 * e * e * Math.sin(2 * mr);
  return { declination, eqTimeMin: (4 * eq) / RAD };
}

/** Hour angle (degrees) of the sun at `zenithDeg`; NaN when it never gets there that day. */
function hourAngleDeg(latDeg: number, declination: number, zenithDeg: number): number {
  const lat = latDeg * RAD;
  const cosH =
    Math.cos(zenithDeg * RAD) / (Math.cos(lat) * Math.cos(declination)) -
    Math.tan(lat) * Math.tan(declination);
  if (cosH > 1 || cosH < -1) return NaN;
  return Math.acos(cosH) / RAD;
}

/**
 * The instant the sun's centre stands at `zenithDeg` in the morning (`side` −1) or evening (+1)
 * of the solar day whose noon is near `noonGuess`. Two refinements of declination and equation of
 * time at the event itself bring it within seconds of the full iteration.
 */
function eventAt(p: Position, dayStartMs: number, zenithDeg: number, side: -1 | 1): number | null {
  let at = dayStartMs + DAY_MS / 2 - (p[0] / 360) * DAY_MS;
  for (let i = 0; i < 3; i++) {
    const { declination, eqTimeMin } = solarDeclinationAndEquationOfTime(at);
    const ha = hourAngleDeg(p[1], declination, zenithDeg);
    if (Number.isNaN(ha)) return null;
    const minutes = 720 - 4 * p[0] - eqTimeMin + side * 4 * ha;
    at = dayStartMs + minutes * 60_000;
  }
  return Math.round(at);
}

/** 00:00 UTC of the local solar day (mean solar time at the longitude) that contains `ms`. */
export function solarDayStart(p: Position, ms: number): number {
  const local = ms + (p[0] / 360) * DAY_MS;
  return Math.floor(local / DAY_MS) * DAY_MS;
}

/** Sun times at `p` for the local solar day containing the instant `ms` (see solarDayStart). */
export function sunTimes(p: Position, ms: number): SunTimes {
  const day = solarDayStart(p, ms);
  const { eqTimeMin } = solarDeclinationAndEquationOfTime(day + DAY_MS / 2);
  return {
    date: new Date(day).toISOString().slice(0, 10),
    solarNoon: Math.round(day + (720 - 4 * p[0] - eqTimeMin) * 60_000),
    sunrise: eventAt(p, day, SUNRISE_ZENITH_DEG, -1),
    sunset: eventAt(p, day, SUNRISE_ZENITH_DEG, 1),
    civilDawn: eventAt(p, day, CIVIL_TWILIGHT_ZENITH_DEG, -1),
    civilDusk: eventAt(p, day, CIVIL_TWILIGHT_ZENITH_DEG, 1),
  };
}

/** Sun times at `p` on a calendar date (YYYY-MM-DD, the local solar day of that date). */
export function sunTimesOn(p: Position, isoDate: string): SunTimes {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (!Number.isFinite(ms)) throw new RangeError(`not a date: ${isoDate}`);
  // Noon at the longitude falls inside that date's solar day.
  return sunTimes(p, ms + DAY_MS / 2 - (p[0] / 360) * DAY_MS);
}

export interface DaylightState {
  /** The sun is up at `p` at the instant (between sunrise and sunset). */
  day: boolean;
  /** The next sunrise at or after the instant when it is night; null when it is day (or none comes). */
  nextSunrise: number | null;
  /** Sunset ending the current day when it is day; null at night. */
  sunset: number | null;
}

/**
 * Whether it is day (sunrise ≤ t < sunset) at `p`, and when that changes. Polar day counts as
 * day and polar night as night; neither happens in China south of 53° N… nor in Shanxi.
 */
export function daylightAt(p: Position, ms: number): DaylightState {
  const today = sunTimes(p, ms);
  if (today.sunrise === null || today.sunset === null) {
    const { declination } = solarDeclinationAndEquationOfTime(ms);
    const polarDay = p[1] * declination > 0;
    return { day: polarDay, nextSunrise: null, sunset: null };
  }
  if (ms < today.sunrise) return { day: false, nextSunrise: today.sunrise, sunset: null };
  if (ms < today.sunset) return { day: true, nextSunrise: null, sunset: today.sunset };
  const tomorrow = sunTimes(p, ms + DAY_MS);
  return { day: false, nextSunrise: tomorrow.sunrise, sunset: null };
}

/**
 * Sunrise and sunset only, for the solar day containing `ms`, memoised per place and day: the
 * dispatch engine asks for the same bases' days on every ranking. The memo is bounded (cleared
 * past 4,096 entries); sun times never change, so a stale entry cannot exist.
 */
const riseSetMemo = new Map<string, readonly [number | null, number | null]>();
/** The last day asked for per position array (a base's location): no string key on the hot path. */
const riseSetByPoint = new WeakMap<Position, { day: number; v: readonly [number | null, number | null] }>();
export function sunriseSunset(
  p: Position,
  ms: number,
): readonly [sunrise: number | null, sunset: number | null] {
  const day = solarDayStart(p, ms);
  const hit = riseSetByPoint.get(p);
  if (hit && hit.day === day) return hit.v;
  const key = `${p[0]},${p[1]},${day}`;
  let v = riseSetMemo.get(key);
  if (!v) {
    if (riseSetMemo.size >= 4096) riseSetMemo.clear();
    v = [eventAt(p, day, SUNRISE_ZENITH_DEG, -1), eventAt(p, day, SUNRISE_ZENITH_DEG, 1)];
    riseSetMemo.set(key, v);
  }
  riseSetByPoint.set(p, { day, v });
  return v;
}

/** Like daylightAt, from the memoised sunrise and sunset (no twilight): the engine's hot path. */
export function isDaylight(p: Position, ms: number): DaylightState {
  const [rise, set] = sunriseSunset(p, ms);
  if (rise === null || set === null) return daylightAt(p, ms);
  if (ms < rise) return { day: false, nextSunrise: rise, sunset: null };
  if (ms < set) return { day: true, nextSunrise: null, sunset: set };
  return { day: false, nextSunrise: sunriseSunset(p, ms + DAY_MS)[0], sunset: null };
}
