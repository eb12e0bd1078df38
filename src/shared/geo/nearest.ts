import KDBush from 'kdbush';
import { DEG, haversine, havToMetres, metresToHav } from './spherical';

/**
 * Spatial index over points on the sphere: kdbush for storage and an incremental best-first
 * nearest-neighbour walk (the algorithm of geokdbush, by V. Agafonkin, ISC) that hands points to a
 * visitor in increasing great-circle distance and stops as soon as the visitor says so.
 *
 * Why not geokdbush's `around` directly: it needs `maxResults` up front, but the dispatch engine
 * ranks by ETA, not distance, and only knows when to stop while walking (when the best possible
 * ETA at the current distance is already worse than its k-th best). The walk is also written
 * on typed arrays, because it runs for every recommendation.
 */
export type PointIndex = KDBush;

/** Index `count` points; `lng(i)`/`lat(i)` give point i. Ids returned by searches are these i. */
export function buildPointIndex(
  count: number,
  lng: (i: number) => number,
  lat: (i: number) => number,
  nodeSize = 16,
): PointIndex {
  const kd = new KDBush(Math.max(count, 1), nodeSize, Float64Array);
  for (let i = 0; i < count; i++) kd.add(lng(i), lat(i));
  // kdbush cannot hold zero items; an empty index holds one point that is never reported.
  if (count === 0) kd.add(0, 0);
  kd.finish();
  (kd as KDBush & { realCount: number }).realCount = count;
  return kd;
}

function realCount(kd: PointIndex): number {
  return (kd as KDBush & { realCount?: number }).realCount ?? kd.numItems;
}

/**
 * Called with each point in increasing distance (metres); return false to stop the walk.
 */
export type NearestVisitor = (id: number, distanceM: number) => boolean;

/** Scratch space for one walk; reused between walks, and a new one is made if walks nest. */
class Walk {
  // Heap of (key, value): value >= 0 is a kd-tree node slot, value < 0 is point -(value + 1).
  keys = new Float64Array(256);
  vals = new Int32Array(256);
  size = 0;
  // Node slots: left, right, axis; bbox minLng, minLat, maxLng, maxLat.
  nInt = new Int32Array(3 * 256);
  nBox = new Float64Array(4 * 256);
  nodes = 0;
  busy = false;

  reset(): void {
    this.size = 0;
    this.nodes = 0;
  }

  addNode(
    left: number,
    right: number,
    axis: number,
    minLng: number,
    minLat: number,
    maxLng: number,
    maxLat: number,
  ): number {
    const n = this.nodes++;
    if (3 * this.nodes > this.nInt.length) {
      const ni = new Int32Array(this.nInt.length * 2);
      ni.set(this.nInt);
      this.nInt = ni;
      const nb = new Float64Array(this.nBox.length * 2);
      nb.set(this.nBox);
      this.nBox = nb;
    }
    this.nInt[3 * n] = left;
    this.nInt[3 * n + 1] = right;
    this.nInt[3 * n + 2] = axis;
    this.nBox[4 * n] = minLng;
    this.nBox[4 * n + 1] = minLat;
    this.nBox[4 * n + 2] = maxLng;
    this.nBox[4 * n + 3] = maxLat;
    return n;
  }

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.vals);
      this.vals = v;
    }
    const keys = this.keys;
    const vals = this.vals;
    let pos = this.size++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pk = keys[parent]!;
      // Ties: points before nodes, then lower value, so the walk order is deterministic.
      if (pk < key || (pk === key && vals[parent]! <= val)) break;
      keys[pos] = pk;
      vals[pos] = vals[parent]!;
      pos = parent;
    }
    keys[pos] = key;
    vals[pos] = val;
  }

  /** Removes the top; its key/value must be read before. */
  pop(): void {
    const keys = this.keys;
    const vals = this.vals;
    const last = --this.size;
    if (last <= 0) return;
    const key = keys[last]!;
    const val = vals[last]!;
    let pos = 0;
    const half = last >> 1;
    while (pos < half) {
      let child = 2 * pos + 1;
      const right = child + 1;
      if (
        right < last &&
        (keys[right]! < keys[child]! || (keys[right] === keys[child] && vals[right]! < vals[child]!))
      )
        child = right;
      const ck = keys[child]!;
      if (ck > key || (ck === key && vals[child]! >= val)) break;
      keys[pos] = ck;
      vals[pos] = vals[child]!;
      pos = child;
    }
    keys[pos] = key;
    vals[pos] = val;
  }
}

const pool: Walk[] = [new Walk()];

function acquire(): Walk {
  for (const w of pool) if (!w.busy) return w;
  const w = new Walk();
  pool.push(w);
  return w;
}

/**
 * Walk the points of `index` in increasing great-circle distance from (lng, lat), calling
 * `visit(id, distanceM)` for each point that passes `accept` (if given), until `visit` returns
 * false, the points run out, or the next point is farther than `maxDistanceM`.
 * Points at equal distance come out in an order fixed by the index (deterministic, not by id):
 * callers that rank must break their own ties.
 */
export function visitNearest(
  index: PointIndex,
  lng: number,
  lat: number,
  visit: NearestVisitor,
  accept?: (id: number) => boolean,
  maxDistanceM = Infinity,
): void {
  if (realCount(index) === 0) return;
  const w = acquire();
  w.busy = true;
  w.reset();
  try {
    walk(index, lng, lat, visit, accept, maxDistanceM === Infinity ? 1 : metresToHav(maxDistanceM), w);
  } finally {
    w.busy = false;
  }
}

function walk(
  index: PointIndex,
  lng: number,
  lat: number,
  visit: NearestVisitor,
  accept: ((id: number) => boolean) | undefined,
  maxHav: number,
  w: Walk,
): void {
  const ids = index.ids;
  const coords = index.coords;
  const nodeSize = index.nodeSize;
  const cosLat = Math.cos(lat * DEG);
  let node = w.addNode(0, ids.length - 1, 0, -180, -90, 180, 90);

  for (;;) {
    if (node >= 0) {
      const left = w.nInt[3 * node]!;
      const right = w.nInt[3 * node + 1]!;
      const axis = w.nInt[3 * node + 2]!;
      if (right - left <= nodeSize) {
        for (let i = left; i <= right; i++) {
          const id = ids[i]!;
          if (!accept || accept(id)) {
            const pLng = coords[2 * i]!;
            const pLat = coords[2 * i + 1]!;
            w.push(
              cosLat * Math.cos(pLat * DEG) * haversine((lng - pLng) * DEG) + haversine((lat - pLat) * DEG),
              -id - 1,
            );
          }
        }
      } else {
        const m = (left + right) >> 1;
        const midLng = coords[2 * m]!;
        const midLat = coords[2 * m + 1]!;
        const id = ids[m]!;
        if (!accept || accept(id)) {
          w.push(
            cosLat * Math.cos(midLat * DEG) * haversine((lng - midLng) * DEG) +
              haversine((lat - midLat) * DEG),
            -id - 1,
          );
        }
        const b = 4 * node;
        const minLng = w.nBox[b]!;
        const minLat = w.nBox[b + 1]!;
        const maxLng = w.nBox[b + 2]!;
        const maxLat = w.nBox[b + 3]!;
        const next = 1 - axis;
        if (m - 1 >= left) {
          const l = w.addNode(
            left,
            m - 1,
            next,
            minLng,
            minLat,
            axis === 0 ? midLng : maxLng,
            axis === 1 ? midLat : maxLat,
          );
          w.push(boxHav(lng, lat, cosLat, w.nBox, 4 * l), l);
        }
        if (right >= m + 1) {
          const r = w.addNode(
            m + 1,
            right,
            next,
            axis === 0 ? midLng : minLng,
            axis === 1 ? midLat : minLat,
            maxLng,
            maxLat,
          );
          w.push(boxHav(lng, lat, cosLat, w.nBox, 4 * r), r);
        }
      }
    }
    // Hand out every point that is closer than anything left in the queue.
    for (;;) {
      if (w.size === 0) return;
      const key = w.keys[0]!;
      const val = w.vals[0]!;
      w.pop();
      if (val >= 0) {
        node = val;
        break;
      }
      if (key > maxHav) return;
      if (!visit(-val - 1, havToMetres(key))) return;
    }
  }
}

/** Lower bound of the haversine from a point to any point inside a lng/lat box (geokdbush's boxDist). */
function boxHav(lng: number, lat: number, cosLat: number, box: Float64Array, o: number): number {
  const minLng = box[o]!;
  const minLat = box[o + 1]!;
  const maxLng = box[o + 2]!;
  const maxLat = box[o + 3]!;
  if (lng >= minLng && lng <= maxLng) {
    if (lat < minLat) return haversine((lat - minLat) * DEG);
    if (lat > maxLat) return haversine((lat - maxLat) * DEG);
    return 0;
  }
  const hDLng = Math.min(haversine((lng - minLng) * DEG), haversine((lng - maxLng) * DEG));
  const cosDLng = 1 - 2 * hDLng;
  const extremumLat = cosDLng <= 0 ? (lat > 0 ? 90 : -90) : Math.atan(Math.tan(lat * DEG) / cosDLng) / DEG;
  if (extremumLat > minLat && extremumLat < maxLat) {
    return cosLat * Math.cos(extremumLat * DEG) * hDLng + haversine((lat - extremumLat) * DEG);
  }
  return Math.min(
    cosLat * Math.cos(minLat * DEG) * hDLng + haversine((lat - minLat) * DEG),
    cosLat * Math.cos(maxLat * DEG) * hDLng + haversine((lat - maxLat) * DEG),
  );
}

/** The `k` nearest accepted points as ids with distances, nearest first (deterministic order at equal distance). */
export function nearest(
  index: PointIndex,
  lng: number,
  lat: number,
  k: number,
  accept?: (id: number) => boolean,
  maxDistanceM = Infinity,
): { id: number; distanceM: number }[] {
  const out: { id: number; distanceM: number }[] = [];
  if (k <= 0) return out;
  visitNearest(
    index,
    lng,
    lat,
    (id, distanceM) => {
      out.push({ id, distanceM });
      return out.length < k;
    },
    accept,
    maxDistanceM,
  );
  return out;
}
