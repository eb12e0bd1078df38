import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { Position } from './spherical';

/**
 * Point-in-polygon on lng/lat treated as a plane. At the scale of a county (tens of km, edges a
 * couple of km long) the planar test differs from the spherical one by metres, well inside the
 * simplification of the map data itself.
 */

/** Rings of one polygon: first the outer ring, then holes. */
export type Rings = readonly (readonly (readonly number[])[])[];

/** Within this many degrees of an edge (about 1 cm) a point counts as on the border. */
export const BORDER_EPSILON_DEG = 1e-7;

export type RingTest = 'inside' | 'outside' | 'border';

/** Classify a point against one polygon (outer ring plus holes), even-odd rule. */
export function pointInPolygon(p: Position, rings: Rings): RingTest {
  let inside = false;
  const [x, y] = p;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const a = ring[i]!;
      const b = ring[j]!;
      const xi = a[0]!;
      const yi = a[1]!;
      const xj = b[0]!;
      const yj = b[1]!;
      if (onSegment(x, y, xi, yi, xj, yj)) return 'border';
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

function onSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number): boolean {
  const e = BORDER_EPSILON_DEG;
  if (
    x < Math.min(x1, x2) - e ||
    x > Math.max(x1, x2) + e ||
    y < Math.min(y1, y2) - e ||
    y > Math.max(y1, y2) + e
  )
    return false;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(x - x1, y - y1) <= e;
  return Math.abs(dx * (y - y1) - dy * (x - x1)) / len <= e;
}

/** The polygons of a Polygon or MultiPolygon geometry; other geometry types give none. */
export function polygonsOf(g: Geometry | null): Rings[] {
  if (!g) return [];
  if (g.type === 'Polygon') return [(g as Polygon).coordinates];
  if (g.type === 'MultiPolygon') return (g as MultiPolygon).coordinates;
  return [];
}

export type BBox = readonly [minLng: number, minLat: number, maxLng: number, maxLat: number];

export function bboxOfRings(polys: readonly Rings[]): BBox {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (const rings of polys)
    for (const ring of rings)
      for (const pt of ring) {
        const x = pt[0]!;
        const y = pt[1]!;
        if (x < a) a = x;
        if (y < b) b = y;
        if (x > c) c = x;
        if (y > d) d = y;
      }
  return [a, b, c, d];
}

/** A named area (a county, a province) with its polygons. */
export interface Region {
  /** GB/T 2260 code as a 6-digit string when the data has one. */
  code: string;
  name: string;
  polygons: Rings[];
  bbox: BBox;
}

export interface RegionPropertyNames {
  /** Property holding the code; the first of these present is used. */
  code?: readonly string[];
  name?: readonly string[];
}

const DEFAULT_CODE_PROPS = ['district_adcode', 'adcode', 'city_adcode', 'province_adcode', 'code'];
const DEFAULT_NAME_PROPS = ['district_name', 'name_zh', 'name', 'short_name', 'city_name', 'province_name'];

/** Read regions from GeoJSON features (codes may be numbers or strings in the data). */
export function regionsFromGeoJSON(
  fc: FeatureCollection | Feature,
  names: RegionPropertyNames = {},
): Region[] {
  const features = fc.type === 'FeatureCollection' ? fc.features : [fc];
  const codeProps = names.code ?? DEFAULT_CODE_PROPS;
  const nameProps = names.name ?? DEFAULT_NAME_PROPS;
  const out: Region[] = [];
  features.forEach((f, i) => {
    const polygons = polygonsOf(f.geometry);
    if (polygons.length === 0) return;
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const code = firstProp(props, codeProps) ?? String(f.id ?? i);
    const name = firstProp(props, nameProps) ?? code;
    out.push({ code, name, polygons, bbox: bboxOfRings(polygons) });
  });
  return out;
}

function firstProp(props: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = props[k];
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

export interface RegionHit {
  region: Region;
  /** True when the point lies on a shared border (within BORDER_EPSILON_DEG). */
  onBorder: boolean;
  /** Every region whose border or interior holds the point, by code (ascending). */
  touching: string[];
}

/**
 * The region holding a point. A point on a border between regions belongs to the one with the
 * smallest code: a fixed rule, so the same incident is always filed under the same county, and the
 * others are listed in `touching` so the UI can say "on the border of A and B".
 */
export function locateRegion(regions: readonly Region[], p: Position): RegionHit | null {
  const hits: { region: Region; test: RingTest }[] = [];
  for (const region of regions) {
    const [a, b, c, d] = region.bbox;
    const e = BORDER_EPSILON_DEG;
    if (p[0] < a - e || p[0] > c + e || p[1] < b - e || p[1] > d + e) continue;
    let best: RingTest = 'outside';
    for (const rings of region.polygons) {
      const t = pointInPolygon(p, rings);
      if (t === 'inside') {
        best = 'inside';
        break;
      }
      if (t === 'border') best = 'border';
    }
    if (best !== 'outside') hits.push({ region, test: best });
  }
  if (hits.length === 0) return null;
  hits.sort((x, y) => (x.region.code < y.region.code ? -1 : x.region.code > y.region.code ? 1 : 0));
  const interior = hits.find((h) => h.test === 'inside');
  const chosen = interior ?? hits[0]!;
  return {
    region: chosen.region,
    onBorder: hits.some((h) => h.test === 'border'),
    touching: hits.map((h) => h.region.code),
  };
}

/** True when the point is inside or on the border of any of the regions. */
export function isInsideAny(regions: readonly Region[], p: Position): boolean {
  return locateRegion(regions, p) !== null;
}
