import type { Polygon } from 'geojson';
import { destination, type Position } from './spherical';

/**
 * A geodesic circle as a GeoJSON polygon: `steps` points at `radiusM` from the centre, ring
 * counter-clockwise as RFC 7946 asks, first point repeated at the end. Coordinates are rounded to
 * 6 decimals (~0.1 m): plenty for the map and it keeps the GeoJSON small.
 */
export function circlePolygon(center: Position, radiusM: number, steps = 64): Polygon {
  const ring: [number, number][] = [];
  const n = Math.max(8, Math.floor(steps));
  for (let i = 0; i < n; i++) {
    // Bearings decreasing from north: that walks the ring counter-clockwise.
    const [lng, lat] = destination(center, Math.max(0, radiusM), 360 - (i * 360) / n);
    ring.push([round6(lng), round6(lat)]);
  }
  ring.push([ring[0]![0], ring[0]![1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
