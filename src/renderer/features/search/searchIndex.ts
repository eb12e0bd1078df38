import { pinyin } from 'pinyin-pro';
import type { Picture } from '../../../shared/ipc';
import { CITY_CENTRES } from '../../map/cityCentres';

/** Something the search box can find: a place to fly to, or a thing on the map to select. */
export interface SearchEntry {
  /** An aircraft is found by its call sign and selects its base. */
  kind: 'county' | 'city' | 'incident' | 'unit' | 'base' | 'aircraft' | 'depot';
  /** For an aircraft, its base's id (what choosing it selects). */
  id: string;
  name: string;
  /** Parent area or kind, shown under the name. */
  context: string;
  location: [number, number];
  /** Lowercase keys matched against the query: the name, full pinyin, pinyin initials. */
  keys: string[];
}

const keyCache = new Map<string, string[]>();

/** Name, full pinyin and initials ("太原市" → "taiyuanshi", "tys"); Latin names lowercased. */
export function searchKeys(name: string): string[] {
  let k = keyCache.get(name);
  if (!k) {
    const full = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
      .join('')
      .replace(/\s+/g, '')
      .toLowerCase();
    const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
      .join('')
      .replace(/\s+/g, '')
      .toLowerCase();
    k = [name.toLowerCase(), full, initials];
    keyCache.set(name, k);
  }
  return k;
}

function centreOf(f: GeoJSON.Feature): [number, number] | null {
  const p = (f.properties ?? {}) as Record<string, unknown>;
  if (typeof p.lon === 'number' && typeof p.lat === 'number') return [p.lon, p.lat];
  let b = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      b = [
        Math.min(b[0]!, c[0]),
        Math.min(b[1]!, c[1] as number),
        Math.max(b[2]!, c[0]),
        Math.max(b[3]!, c[1] as number),
      ];
      return;
    }
    c.forEach(walk);
  };
  walk((f.geometry as { coordinates?: unknown } | null)?.coordinates);
  return Number.isFinite(b[0]) ? [(b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2] : null;
}

export function buildSearchIndex(
  picture: Picture | null,
  counties: GeoJSON.FeatureCollection | null,
  points: GeoJSON.FeatureCollection | null,
  label: (kind: SearchEntry['kind']) => string,
): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const f of counties?.features ?? []) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const name = String(p.district_name ?? p.name_zh ?? p.name ?? '');
    const at = centreOf(f);
    if (!name || !at) continue;
    out.push({
      kind: 'county',
      id: String(p.district_adcode ?? name),
      name,
      context: String(p.city_name ?? label('county')),
      location: at,
      keys: searchKeys(name),
    });
  }
  const packCities = (points?.features ?? []).filter(
    (f) => (f.properties as Record<string, unknown> | null)?.kind === 'city_centre',
  );
  const cities = packCities.length
    ? packCities.map((f) => ({
        name: String(f.properties!.name_zh ?? f.properties!.name),
        location: (f.geometry as GeoJSON.Point).coordinates as [number, number],
      }))
    : CITY_CENTRES;
  for (const c of cities)
    out.push({
      kind: 'city',
      id: c.name,
      name: c.name,
      context: label('city'),
      location: [c.location[0], c.location[1]],
      keys: searchKeys(c.name),
    });
  if (picture) {
    for (const i of picture.incidents)
      out.push({
        kind: 'incident',
        id: i.id,
        name: i.title,
        context: label('incident'),
        location: [i.location[0], i.location[1]],
        keys: searchKeys(i.title),
      });
    for (const u of picture.units)
      out.push({
        kind: 'unit',
        id: u.id,
        name: u.name,
        context: label('unit'),
        location: [u.position[0], u.position[1]],
        keys: searchKeys(u.name),
      });
    for (const b of picture.bases) {
      out.push({
        kind: 'base',
        id: b.id,
        name: b.name,
        context: label('base'),
        location: [b.location[0], b.location[1]],
        keys: [...searchKeys(b.name), ...(b.icao ? [b.icao.toLowerCase()] : [])],
      });
      // Call signs ("晋应-H01") as written, in pinyin, and each without spaces or dashes ("h01", "jyh01").
      for (const a of b.aircraft) {
        const ks = searchKeys(a.callsign);
        const keys = [...new Set([...ks, ...ks.map((k) => k.replace(/[\s-]+/g, ''))])];
        out.push({
          kind: 'aircraft',
          id: b.id,
          name: a.callsign,
          context: `${a.model} · ${b.name}`,
          location: [b.location[0], b.location[1]],
          keys,
        });
      }
    }
    for (const d of picture.depots)
      out.push({
        kind: 'depot',
        id: d.id,
        name: d.name,
        context: label('depot'),
        location: [d.location[0], d.location[1]],
        keys: searchKeys(d.name),
      });
  }
  return out;
}

const KIND_ORDER: Record<SearchEntry['kind'], number> = {
  city: 0,
  county: 1,
  incident: 2,
  base: 3,
  aircraft: 4,
  depot: 5,
  unit: 6,
};

/** Entries matching the query: prefix matches first, then substring, then by kind and name length. */
export function searchEntries(index: readonly SearchEntry[], query: string, limit = 10): SearchEntry[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '');
  if (!q) return [];
  const scored: { e: SearchEntry; score: number }[] = [];
  for (const e of index) {
    let best = Infinity;
    e.keys.forEach((k, ki) => {
      const at = k.indexOf(q);
      if (at < 0) return;
      // Exact name beats pinyin; a prefix beats a match inside the name.
      const s = (at === 0 ? 0 : 10) + ki + (k === q ? -5 : 0);
      if (s < best) best = s;
    });
    if (best < Infinity) scored.push({ e, score: best });
  }
  scored.sort(
    (a, b) =>
      a.score - b.score || KIND_ORDER[a.e.kind] - KIND_ORDER[b.e.kind] || a.e.name.length - b.e.name.length,
  );
  return scored.slice(0, limit).map((s) => s.e);
}
