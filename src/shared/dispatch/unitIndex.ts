import { UNIT_STATUSES, type RescueUnit, type UnitStatus } from '../domain';
import { buildPointIndex, visitNearest, type PointIndex } from '../geo';
import { capabilityMask } from './capabilities';

/**
 * A spatial index over a snapshot of rescue units: kdbush over positions, plus per-unit capability
 * bit masks, status codes and parsed fix times in typed arrays so the ranking can filter without
 * touching the unit objects.
 *
 * The snapshot is immutable: when units move or change status the caller builds a new index (about
 * 10 ms per 100,000 units). For capability sets that few units have, a sub-index of just those
 * units is built on first use, so a search for the 200 mine-rescue teams among 100,000 units does
 * not walk past the other 99,800.
 */
export interface UnitIndex {
  readonly units: readonly RescueUnit[];
  readonly kd: PointIndex;
  readonly masks: Uint32Array;
  readonly statuses: Uint8Array;
  readonly fixAtMs: Float64Array;
  /** Sub-indexes by capability mask (any-of), built lazily. */
  readonly subIndexes: Map<number, SubIndex | null>;
}

interface SubIndex {
  kd: PointIndex;
  /** Sub-index id → unit index. */
  ids: Int32Array;
}

/** Below this share of qualifying units a capability set gets its own sub-index. */
const SUB_INDEX_SHARE = 0.25;

export function statusCode(s: UnitStatus): number {
  return UNIT_STATUSES.indexOf(s);
}

export function buildUnitIndex(units: readonly RescueUnit[]): UnitIndex {
  const n = units.length;
  const masks = new Uint32Array(n);
  const statuses = new Uint8Array(n);
  const fixAtMs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = units[i]!;
    masks[i] = capabilityMask(u.capabilities);
    statuses[i] = statusCode(u.status);
    fixAtMs[i] = Date.parse(u.positionFixAt);
  }
  const kd = buildPointIndex(
    n,
    (i) => units[i]!.position[0],
    (i) => units[i]!.position[1],
  );
  return { units, kd, masks, statuses, fixAtMs, subIndexes: new Map() };
}

const cache = new WeakMap<readonly RescueUnit[], UnitIndex>();

/**
 * The index for a units array, built once per array. Callers that change units must pass a new
 * array (our store hands out immutable snapshots); the length is checked as a guard.
 */
export function unitIndexFor(units: readonly RescueUnit[]): UnitIndex {
  let idx = cache.get(units);
  if (!idx || idx.units.length !== units.length) {
    idx = buildUnitIndex(units);
    cache.set(units, idx);
  }
  return idx;
}

function subIndexFor(index: UnitIndex, anyMask: number): SubIndex | null {
  if (index.subIndexes.has(anyMask)) return index.subIndexes.get(anyMask)!;
  const n = index.units.length;
  const picked: number[] = [];
  for (let i = 0; i < n; i++) if ((index.masks[i]! & anyMask) !== 0) picked.push(i);
  let sub: SubIndex | null = null;
  if (picked.length < n * SUB_INDEX_SHARE) {
    const ids = Int32Array.from(picked);
    const kd = buildPointIndex(
      ids.length,
      (j) => index.units[ids[j]!]!.position[0],
      (j) => index.units[ids[j]!]!.position[1],
    );
    sub = { kd, ids };
  }
  index.subIndexes.set(anyMask, sub);
  return sub;
}

/**
 * Walk units in increasing distance from a point, restricted to units with any capability in
 * `anyMask` (0: no restriction) that pass `accept`. `visit` returns false to stop.
 */
export function visitUnits(
  index: UnitIndex,
  lng: number,
  lat: number,
  anyMask: number,
  accept: (unitIdx: number) => boolean,
  visit: (unitIdx: number, distanceM: number) => boolean,
): void {
  const masks = index.masks;
  const sub = anyMask === 0 ? null : subIndexFor(index, anyMask);
  if (sub) {
    const ids = sub.ids;
    visitNearest(
      sub.kd,
      lng,
      lat,
      (j, d) => visit(ids[j]!, d),
      (j) => accept(ids[j]!),
    );
    return;
  }
  visitNearest(
    index.kd,
    lng,
    lat,
    visit,
    anyMask === 0 ? accept : (i) => (masks[i]! & anyMask) !== 0 && accept(i),
  );
}

/** How many units have any capability of `anyMask` (0: all), by status code. Cached per mask. */
export function countByStatus(index: UnitIndex, anyMask: number): Uint32Array {
  const key = `count:${anyMask}`;
  const cached = countCache.get(index)?.get(key);
  if (cached) return cached;
  const counts = new Uint32Array(UNIT_STATUSES.length);
  const n = index.units.length;
  for (let i = 0; i < n; i++)
    if (anyMask === 0 || (index.masks[i]! & anyMask) !== 0) counts[index.statuses[i]!]!++;
  let m = countCache.get(index);
  if (!m) countCache.set(index, (m = new Map()));
  m.set(key, counts);
  return counts;
}

const countCache = new WeakMap<UnitIndex, Map<string, Uint32Array>>();
