import type { AviationBase, Incident, RescueUnit, SupplyDepot, StockItem } from '../../shared/domain';
import { locateRegion, regionsFromGeoJSON, type Region } from '../../shared/geo/polygon';
import type { ListFilter } from '../store';

/**
 * What the lists show and in which order: pure functions over the picture, tested on their own
 * (tests/unit/renderer/listModel.test.ts).
 */

/** The city (prefecture) of a GB/T 2260 code: its first 4 digits + '00'; null for a province code. */
export function cityOfAdcode(code: string | null | undefined): string | null {
  if (!code || !/^\d{6}$/.test(code) || code.endsWith('0000')) return null;
  return `${code.slice(0, 4)}00`;
}

/** Finds the city holding a point, from the map pack's county polygons. */
export interface CityLocator {
  cityAt(p: readonly number[]): string | null;
}

const NO_LOCATOR: CityLocator = { cityAt: () => null };
const locators = new WeakMap<GeoJSON.FeatureCollection, CityLocator>();

/** A locator over the pack's counties (cached per collection); without a pack, none is found. */
export function cityLocator(counties: GeoJSON.FeatureCollection | null | undefined): CityLocator {
  if (!counties) return NO_LOCATOR;
  let l = locators.get(counties);
  if (!l) {
    const regions: Region[] = regionsFromGeoJSON(counties);
    l = { cityAt: (p) => cityOfAdcode(locateRegion(regions, [p[0]!, p[1]!])?.region.code) };
    locators.set(counties, l);
  }
  return l;
}

/** An incident's city: from its county code, else from where it is. */
export const incidentCity = (i: Incident, at: CityLocator) =>
  cityOfAdcode(i.countyAdcode) ?? at.cityAt(i.location);
/** A team's city: the city it belongs to, else where its home base is. */
export const unitCity = (u: RescueUnit, at: CityLocator) =>
  cityOfAdcode(u.cityAdcode) ?? at.cityAt(u.homeBase.location);
export const baseCity = (b: AviationBase, at: CityLocator) => at.cityAt(b.location);
/** A depot's city: from its code; a provincial depot by where it stands. */
export const depotCity = (d: SupplyDepot, at: CityLocator) => cityOfAdcode(d.adcode) ?? at.cityAt(d.location);

const LEVEL_RANK: Record<string, number> = { I: 0, II: 1, III: 2, IV: 3 };

/** Level I first, then the newest report first (then by id, so the order never wobbles). */
export function sortIncidents(xs: readonly Incident[]): Incident[] {
  return [...xs].sort(
    (a, b) =>
      LEVEL_RANK[a.level]! - LEVEL_RANK[b.level]! ||
      Date.parse(b.reportedAt) - Date.parse(a.reportedAt) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

const has = (q: string, ...names: (string | null | undefined)[]) =>
  q === '' || names.some((n) => n && n.toLowerCase().includes(q));
const is = (want: string, value: string | null) => want === '' || want === value;

export function filterIncidents(xs: readonly Incident[], f: ListFilter, at: CityLocator): Incident[] {
  const q = f.text.trim().toLowerCase();
  return sortIncidents(
    xs.filter(
      (i) =>
        is(f.status, i.status) &&
        is(f.level, i.level) &&
        is(f.hazard, i.hazard) &&
        has(q, i.title) &&
        (f.city === '' || incidentCity(i, at) === f.city),
    ),
  );
}

export function filterUnits(xs: readonly RescueUnit[], f: ListFilter, at: CityLocator): RescueUnit[] {
  const q = f.text.trim().toLowerCase();
  return xs.filter(
    (u) =>
      is(f.status, u.status) &&
      is(f.kind, u.kind) &&
      has(q, u.name, u.org) &&
      (f.city === '' || unitCity(u, at) === f.city),
  );
}

/** A base's status for the list: some aircraft available, or none. */
export type BaseStatus = 'available' | 'none';
export const baseStatus = (b: AviationBase): BaseStatus =>
  b.aircraft.some((a) => a.status === 'available') ? 'available' : 'none';

export function filterBases(xs: readonly AviationBase[], f: ListFilter, at: CityLocator): AviationBase[] {
  const q = f.text.trim().toLowerCase();
  return xs.filter(
    (b) =>
      is(f.status, baseStatus(b)) &&
      is(f.kind, b.kind) &&
      has(q, b.name, b.icao, ...b.aircraft.map((a) => a.callsign)) &&
      (f.city === '' || baseCity(b, at) === f.city),
  );
}

/** A depot's status for the list: every item at or above its minimum, or some below. */
export type DepotStatus = 'ok' | 'below';
export const depotStatus = (d: SupplyDepot): DepotStatus =>
  d.stock.some((s) => s.quantity < s.minimum) ? 'below' : 'ok';

export function filterDepots(xs: readonly SupplyDepot[], f: ListFilter, at: CityLocator): SupplyDepot[] {
  const q = f.text.trim().toLowerCase();
  return xs.filter(
    (d) =>
      is(f.status, depotStatus(d)) &&
      is(f.kind, d.level) &&
      has(q, d.name) &&
      (f.city === '' || depotCity(d, at) === f.city),
  );
}

/** A depot's stock, items below their minimum first (the furthest below first), then the rest as stored. */
export function stockBelowMinimumFirst(stock: readonly StockItem[]): StockItem[] {
  const short = (s: StockItem) =>
    s.quantity < s.minimum ? (s.minimum - s.quantity) / Math.max(1, s.minimum) : -1;
  return stock
    .map((s, i) => ({ s, i, k: short(s) }))
    .sort((a, b) => (b.k >= 0 || a.k >= 0 ? b.k - a.k : 0) || a.i - b.i)
    .map((x) => x.s);
}
