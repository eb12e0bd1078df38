import KDBush from 'kdbush';
import { distanceMetres as haversineM, type Position } from './spherical';
import type { RoadRouter } from './eta';

/**
 * A road router over a road layer of a map pack (GeoJSON LineStrings), for when an authorised road
 * layer is installed: drive times along the roads instead of crow-flies × circuity. Lines connect
 * where they share a vertex (as routable road data does). Each segment is driven at its road
 * class's speed; the legs from the origin to the nearest road vertex and from the road to the
 * destination are driven off-road (crow-flies × OFF_ROAD_CIRCUITY at `offRoadKmh`).
 */

/**
 * Speeds of an emergency vehicle (a loaded fire engine or rescue truck) by road class, km/h:
 * below the legal limits for cars (120 on expressways), as the ground profiles are
 * (docs/dispatch.md, "Ground"). OSM `highway` values and the Chinese classes 高速/国道/省道/县道/乡道
 * both map here; a feature's own `speed_kmh` wins.
 */
export const DEFAULT_ROAD_SPEEDS_KMH: Readonly<Record<string, number>> = {
  motorway: 80,
  trunk: 65,
  primary: 55,
  secondary: 45,
  tertiary: 35,
  other: 25,
};

const CLASS_OF: Readonly<Record<string, string>> = {
  motorway: 'motorway',
  motorway_link: 'motorway',
  expressway: 'motorway',
  高速: 'motorway',
  高速公路: 'motorway',
  trunk: 'trunk',
  trunk_link: 'trunk',
  国道: 'trunk',
  primary: 'primary',
  primary_link: 'primary',
  省道: 'primary',
  secondary: 'secondary',
  secondary_link: 'secondary',
  县道: 'secondary',
  tertiary: 'tertiary',
  tertiary_link: 'tertiary',
  乡道: 'tertiary',
};

const OFF_ROAD_CIRCUITY = 1.3;

interface LineFeature {
  type?: unknown;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
  properties?: Record<string, unknown> | null;
}

export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly lng: Float64Array;
  readonly lat: Float64Array;
  /** CSR adjacency: the edges of node i are offsets[i] .. offsets[i+1] in `to` / `seconds`. */
  readonly offsets: Uint32Array;
  readonly to: Uint32Array;
  readonly seconds: Float64Array;
  readonly metres: Float64Array;
  readonly index: KDBush;
}

function speedOf(props: Record<string, unknown> | null | undefined, speeds: Record<string, number>): number {
  const own = props?.speed_kmh;
  if (typeof own === 'number' && own > 0 && own <= 200) return own;
  for (const key of ['highway', 'class', 'fclass', 'type', 'road_class', '等级']) {
    const v = props?.[key];
    if (typeof v === 'string') {
      const cls = CLASS_OF[v.trim().toLowerCase()] ?? CLASS_OF[v.trim()];
      if (cls) return speeds[cls] ?? speeds.other!;
    }
  }
  return speeds.other!;
}

function isPosition(p: unknown): p is [number, number] {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Math.abs(p[0]) <= 180 &&
    Math.abs(p[1]) <= 90
  );
}

/**
 * Build the graph. A feature that is not a LineString/MultiLineString is skipped; a line with a
 * coordinate that is not [lng, lat] is refused with its index, since a road layer with broken
 * geometry would route silently wrong.
 */
export function buildRoadGraph(
  features: readonly LineFeature[],
  speeds: Readonly<Record<string, number>> = DEFAULT_ROAD_SPEEDS_KMH,
): RoadGraph {
  const ids = new Map<string, number>();
  const lng: number[] = [];
  const lat: number[] = [];
  const edges: { a: number; b: number; s: number; m: number }[] = [];
  const node = (p: [number, number]) => {
    const key = `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = lng.length;
      ids.set(key, id);
      lng.push(p[0]);
      lat.push(p[1]);
    }
    return id;
  };
  features.forEach((f, fi) => {
    const g = f.geometry;
    if (!g) return;
    const lines =
      g.type === 'LineString'
        ? [g.coordinates]
        : g.type === 'MultiLineString'
          ? (g.coordinates as unknown[])
          : [];
    if (!Array.isArray(lines)) return;
    const kmh = speedOf(f.properties, { ...DEFAULT_ROAD_SPEEDS_KMH, ...speeds });
    for (const line of lines) {
      if (!Array.isArray(line))
        throw new RangeError(`road feature ${fi}: a line is not an array of positions`);
      let prev: number | null = null;
      let prevP: [number, number] | null = null;
      for (const p of line) {
        if (!isPosition(p))
          throw new RangeError(`road feature ${fi}: ${JSON.stringify(p)} is not [lng, lat]`);
        const id = node(p);
        if (prev !== null && prevP && prev !== id) {
          const m = haversineM(prevP, p);
          edges.push({ a: prev, b: id, s: m / ((kmh * 1000) / 3600), m });
        }
        prev = id;
        prevP = p;
      }
    }
  });
  const n = lng.length;
  const degree = new Uint32Array(n + 1);
  for (const e of edges) {
    degree[e.a]!++;
    degree[e.b]!++;
  }
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + degree[i]!;
  const fill = offsets.slice(0, n);
  const to = new Uint32Array(edges.length * 2);
  const seconds = new Float64Array(edges.length * 2);
  const metres = new Float64Array(edges.length * 2);
  const put = (from: number, target: number, s: number, m: number) => {
    const k = fill[from]!++;
    to[k] = target;
    seconds[k] = s;
    metres[k] = m;
  };
  for (const e of edges) {
    put(e.a, e.b, e.s, e.m);
    put(e.b, e.a, e.s, e.m);
  }
  const index = new KDBush(Math.max(n, 1));
  for (let i = 0; i < n; i++) index.add(lng[i]!, lat[i]!);
  if (n === 0) index.add(0, 0);
  index.finish();
  return {
    nodeCount: n,
    edgeCount: edges.length,
    lng: Float64Array.from(lng),
    lat: Float64Array.from(lat),
    offsets,
    to,
    seconds,
    metres,
    index,
  };
}

/** The graph node nearest to p (by great circle) within maxM, or null. */
function snap(g: RoadGraph, p: Position, maxM: number): { node: number; m: number } | null {
  if (g.nodeCount === 0) return null;
  // A box of maxM around p in degrees (longitude degrees shrink with latitude), then exact distances.
  const dLat = maxM / 111_320;
  const dLng = dLat / Math.max(0.01, Math.cos((p[1] * Math.PI) / 180));
  let best: { node: number; m: number } | null = null;
  for (const i of g.index.range(p[0] - dLng, p[1] - dLat, p[0] + dLng, p[1] + dLat)) {
    const m = haversineM(p, [g.lng[i]!, g.lat[i]!]);
    if (m <= maxM && (!best || m < best.m)) best = { node: i, m };
  }
  return best;
}

/** Shortest drive seconds (and metres along them) from `source` to every node, stopping once `wanted` are settled. */
function dijkstra(
  g: RoadGraph,
  source: number,
  wanted: ReadonlySet<number>,
): { s: Float64Array; m: Float64Array } {
  const s = new Float64Array(g.nodeCount).fill(Infinity);
  const m = new Float64Array(g.nodeCount).fill(Infinity);
  const done = new Uint8Array(g.nodeCount);
  const heap: number[] = []; // node ids, ordered by s[node]
  const push = (v: number) => {
    heap.push(v);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (s[heap[parent]!]! <= s[v]!) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = v;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const c = r < heap.length && s[heap[r]!]! < s[heap[l]!]! ? r : l;
        if (s[heap[c]!]! >= s[last]!) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  s[source] = 0;
  m[source] = 0;
  push(source);
  let left = wanted.size;
  while (heap.length > 0 && left > 0) {
    const u = pop();
    if (done[u]) continue;
    done[u] = 1;
    if (wanted.has(u)) left--;
    for (let k = g.offsets[u]!; k < g.offsets[u + 1]!; k++) {
      const v = g.to[k]!;
      const ns = s[u]! + g.seconds[k]!;
      if (ns < s[v]!) {
        s[v] = ns;
        m[v] = m[u]! + g.metres[k]!;
        push(v); // lazy deletion: stale heap entries are skipped when popped
      }
    }
  }
  return { s, m };
}

export interface RoadGraphRouterOptions {
  /** The router's name, shown as the model that priced an ETA. */
  name?: string;
  /** Farthest a point may be from the road network and still be routed, metres (default 10 km). */
  snapMaxM?: number;
  /** Speed off the network (to and from the nearest road vertex), km/h (default 20). */
  offRoadKmh?: number;
}

export function roadGraphRouter(g: RoadGraph, opts: RoadGraphRouterOptions = {}): RoadRouter {
  const snapMaxM = opts.snapMaxM ?? 10_000;
  const offRoadMps = ((opts.offRoadKmh ?? 20) * 1000) / 3600;
  const offRoad = (m: number) => ({ s: (m * OFF_ROAD_CIRCUITY) / offRoadMps, m: m * OFF_ROAD_CIRCUITY });
  return {
    name: opts.name ?? 'road-graph',
    async route(origins, destination) {
      const dest = snap(g, destination, snapMaxM);
      if (!dest) return origins.map(() => null);
      const snapped = origins.map((o) => snap(g, o, snapMaxM));
      const wanted = new Set(snapped.filter((x) => x !== null).map((x) => x.node));
      // The graph is undirected: one search from the destination reaches every origin.
      const { s, m } = dijkstra(g, dest.node, wanted);
      const last = offRoad(dest.m);
      return snapped.map((o) => {
        if (!o || !Number.isFinite(s[o.node]!)) return null;
        const first = offRoad(o.m);
        return { durationS: first.s + s[o.node]! + last.s, distanceM: first.m + m[o.node]! + last.m };
      });
    },
  };
}
