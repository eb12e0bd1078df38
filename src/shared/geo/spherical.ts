/**
 * Spherical geometry on [lng, lat] degrees. Metres in and out.
 *
 * We use a sphere of the IUGG mean radius (the same as Turf), not the ellipsoid: at the scale of a
 * province the difference is below 0.5 %, far under the error of any travel-time estimate, and a
 * sphere keeps the spatial-index bounds exact.
 */
export type Position = readonly [lng: number, lat: number];

export const EARTH_RADIUS_M = 6_371_008.8;
export const DEG = Math.PI / 180;

/** sin²(θ/2): monotonic in θ on [0, π], so it orders distances without the asin. */
export function haversine(theta: number): number {
  const s = Math.sin(theta / 2);
  return s * s;
}

/** Haversine of the central angle between two points (0 … 1). */
export function havDistance(lng1: number, lat1: number, lng2: number, lat2: number): number {
  return (
    Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * haversine((lng1 - lng2) * DEG) +
    haversine((lat1 - lat2) * DEG)
  );
}

/** Metres from a haversine value. */
export function havToMetres(h: number): number {
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, Math.max(0, h))));
}

/** Haversine value for a distance in metres (inverse of havToMetres). */
export function metresToHav(metres: number): number {
  if (metres >= Math.PI * EARTH_RADIUS_M) return 1;
  return haversine(metres / EARTH_RADIUS_M);
}

/** Great-circle distance in metres. */
export function distanceMetres(a: Position, b: Position): number {
  return havToMetres(havDistance(a[0], a[1], b[0], b[1]));
}

/** Great-circle distance in metres between coordinate pairs (no tuple allocation). */
export function distanceMetresLngLat(lng1: number, lat1: number, lng2: number, lat2: number): number {
  return havToMetres(havDistance(lng1, lat1, lng2, lat2));
}

/** The point reached from `origin` after `metres` along the initial bearing (degrees from north). */
export function destination(origin: Position, metres: number, bearingDeg: number): [number, number] {
  const d = metres / EARTH_RADIUS_M;
  const b = bearingDeg * DEG;
  const lat1 = origin[1] * DEG;
  const lng1 = origin[0] * DEG;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lng2 =
    lng1 +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  let lng = lng2 / DEG;
  if (lng > 180) lng -= 360;
  if (lng < -180) lng += 360;
  return [lng, lat2 / DEG];
}

/** Midpoint along the great circle. */
export function midpoint(a: Position, b: Position): [number, number] {
  const lat1 = a[1] * DEG;
  const lat2 = b[1] * DEG;
  const dLng = (b[0] - a[0]) * DEG;
  const bx = Math.cos(lat2) * Math.cos(dLng);
  const by = Math.cos(lat2) * Math.sin(dLng);
  const lat = Math.atan2(Math.sin(lat1) + Math.sin(lat2), Math.sqrt((Math.cos(lat1) + bx) ** 2 + by ** 2));
  const lng = a[0] * DEG + Math.atan2(by, Math.cos(lat1) + bx);
  return [lng / DEG, lat / DEG];
}

/** True for a finite [lng, lat] inside the WGS84 ranges. */
export function isValidPosition(p: readonly number[]): p is Position {
  return (
    p.length === 2 &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    (p[0] as number) >= -180 &&
    (p[0] as number) <= 180 &&
    (p[1] as number) >= -90 &&
    (p[1] as number) <= 90
  );
}
