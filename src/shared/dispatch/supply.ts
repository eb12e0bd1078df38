import { DEPOT_LEVELS, type DepotLevel, type SupplyDepot, type SupplyItem } from '../domain';
import {
  distanceMetres,
  driveSeconds,
  terrainCircuity,
  tripCircuity,
  type CircuityModel,
  type GroundProfile,
  type Position,
} from '../geo';

/**
 * Relief-supply allocation: for the people affected by a disaster, what is needed, which depots
 * send what (never more than they hold, nearest by road time first, across the province, city and
 * county levels), and whether all of it arrives within the plan's relief target (by default 10
 * hours: basic living assistance for affected people within 10 hours of the disaster).
 * Ratios and assumptions are documented in docs/dispatch.md and can all be replaced.
 */

export interface SupplyRatio {
  item: SupplyItem;
  /** Who counts: everyone affected, or only the displaced (who need shelter). */
  per: 'affected' | 'displaced';
  /** Stock units per person (per person per day when `perDay`). */
  perPerson: number;
  perDay: boolean;
  /** Needed only in the cold season (Shanxi's heating season, 15 Oct – 15 Apr). */
  coldOnly?: boolean;
  /** Why this number, for the docs and the UI. */
  basis: string;
}

export const DEFAULT_SUPPLY_RATIOS: readonly SupplyRatio[] = [
  { item: 'tent', per: 'displaced', perPerson: 0.25, perDay: false, basis: 'one 12 m² family tent per household of 4' },
  { item: 'folding_bed', per: 'displaced', perPerson: 0.5, perDay: false, basis: 'one bed per 2 displaced (children share; the rest sleep on quilts)' },
  { item: 'quilt', per: 'displaced', perPerson: 1, perDay: false, basis: 'one quilt per displaced person' },
  { item: 'quilt', per: 'displaced', perPerson: 1, perDay: false, coldOnly: true, basis: 'a second quilt in the cold season' },
  { item: 'cotton_coat', per: 'displaced', perPerson: 1, perDay: false, coldOnly: true, basis: 'one padded coat per displaced person in the cold season' },
  { item: 'drinking_water', per: 'affected', perPerson: 0.25, perDay: true, basis: '3.3 L drinking water a day: ¼ case of 24 × 550 mL' },
  { item: 'instant_food', per: 'affected', perPerson: 0.25, perDay: true, basis: '3 meals a day: ¼ case of 12 instant meals' },
  { item: 'medical_kit', per: 'affected', perPerson: 0.01, perDay: false, basis: 'one first-aid kit per 100 people' },
  { item: 'lighting', per: 'displaced', perPerson: 0.01, perDay: false, basis: 'one lighting set per 100 displaced (a shelter row)' },
  { item: 'generator', per: 'displaced', perPerson: 0.002, perDay: false, basis: 'one generator per 500 displaced (a shelter site)' },
];

/** A truck convoy: loading time, then the road at truck speeds. */
export const DEFAULT_TRUCK: GroundProfile = { localSpeedKmh: 35, trunkSpeedKmh: 60, mobilisationMinutes: 60 };

export interface SupplyOptions {
  /** Share of affected people who are displaced and need shelter (default 0.3). */
  displacedShare?: number;
  /** Days of food and water the first wave must bring (default 3). */
  days?: number;
  /** Relief target, hours (default 10). */
  targetHours?: number;
  ratios?: readonly SupplyRatio[];
  /** Cold season (default: from `now`, else true). */
  coldSeason?: boolean;
  /** Date used for the season when `coldSeason` is not given (ms or ISO). */
  now?: number | string;
  truck?: GroundProfile;
  circuity?: CircuityModel;
  /** Replace the road-time estimate (e.g. a road router's table), seconds from depot to site. */
  travelSeconds?: (depot: SupplyDepot, site: Position) => number;
  /** Leave each depot's minimum (reserve) stock untouched (default false: reserves are for this). */
  keepMinimum?: boolean;
}

export interface ItemNeed {
  item: SupplyItem;
  needed: number;
  allocated: number;
  shortfall: number;
  /** When the last allocated unit arrives, minutes (null when nothing allocated). */
  lastArrivalMinutes: number | null;
  basis: string[];
}

export interface DepotShipment {
  depotId: string;
  depotName: string;
  level: DepotLevel;
  distanceKm: number;
  travelMinutes: number;
  withinTarget: boolean;
  items: { item: SupplyItem; quantity: number; unit: string }[];
}

export interface SupplyPlan {
  location: [number, number];
  affected: number;
  displaced: number;
  days: number;
  coldSeason: boolean;
  targetMinutes: number;
  needs: ItemNeed[];
  shipments: DepotShipment[];
  /** Everything needed was found in stock. */
  complete: boolean;
  /** Every shipment arrives within the target. */
  allWithinTarget: boolean;
  /** Everything needed is found AND arrives within the target. */
  meetsTarget: boolean;
  lastArrivalMinutes: number | null;
  /** Plain statements of what falls short, for the duty officer. */
  problems: string[];
}

export function isColdSeason(ms: number): boolean {
  const d = new Date(ms + 8 * 3600_000); // Beijing time for the date
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return m > 10 || m < 4 || (m === 10 && day >= 15) || (m === 4 && day < 15);
}

/** Quantities needed per item for the given population. */
export function supplyNeeds(
  affected: number,
  opts: Pick<SupplyOptions, 'displacedShare' | 'days' | 'ratios' | 'coldSeason'> = {},
): { item: SupplyItem; needed: number; basis: string[] }[] {
  const share = opts.displacedShare ?? 0.3;
  const days = opts.days ?? 3;
  const cold = opts.coldSeason ?? true;
  const displaced = Math.round(affected * share);
  const acc = new Map<SupplyItem, { q: number; basis: string[] }>();
  for (const r of opts.ratios ?? DEFAULT_SUPPLY_RATIOS) {
    if (r.coldOnly && !cold) continue;
    const people = r.per === 'affected' ? affected : displaced;
    const q = people * r.perPerson * (r.perDay ? days : 1);
    const cur = acc.get(r.item) ?? { q: 0, basis: [] };
    cur.q += q;
    cur.basis.push(r.basis);
    acc.set(r.item, cur);
  }
  return [...acc.entries()].map(([item, { q, basis }]) => ({ item, needed: Math.ceil(q - 1e-9), basis })).filter((n) => n.needed > 0);
}

export function allocateSupplies(depots: readonly SupplyDepot[], site: Position, affected: number, opts: SupplyOptions = {}): SupplyPlan {
  if (!(Number.isInteger(affected) && affected >= 0)) throw new RangeError('affected must be a whole number ≥ 0');
  const share = opts.displacedShare ?? 0.3;
  if (!(share >= 0 && share <= 1)) throw new RangeError('displacedShare must be between 0 and 1');
  const days = opts.days ?? 3;
  const targetMinutes = (opts.targetHours ?? 10) * 60;
  const coldSeason = opts.coldSeason ?? (opts.now !== undefined ? isColdSeason(typeof opts.now === 'number' ? opts.now : Date.parse(opts.now)) : true);
  const truck = opts.truck ?? DEFAULT_TRUCK;
  const circuity = opts.circuity ?? terrainCircuity();
  const travelS = (d: SupplyDepot): number =>
    opts.travelSeconds
      ? opts.travelSeconds(d, site)
      : truck.mobilisationMinutes * 60 + driveSeconds(distanceMetres(d.location, site) * tripCircuity(circuity, d.location, site), truck);

  // Depots nearest by road time first; at equal time the lower level (county) first, then id.
  const levelRank = (l: DepotLevel) => DEPOT_LEVELS.length - 1 - DEPOT_LEVELS.indexOf(l);
  const order = depots
    .map((d) => ({ d, s: travelS(d), m: distanceMetres(d.location, site) }))
    .sort((a, b) => a.s - b.s || levelRank(a.d.level) - levelRank(b.d.level) || (a.d.id < b.d.id ? -1 : 1));

  const needs = supplyNeeds(affected, { displacedShare: share, days, coldSeason, ...(opts.ratios ? { ratios: opts.ratios } : {}) });
  const ship = new Map<string, DepotShipment>();
  const itemNeeds: ItemNeed[] = needs.map(({ item, needed, basis }) => {
    let left = needed;
    let last: number | null = null;
    for (const { d, s, m } of order) {
      if (left <= 0) break;
      const stock = d.stock.find((x) => x.item === item);
      if (!stock) continue;
      const free = stock.quantity - (opts.keepMinimum ? stock.minimum : 0);
      const q = Math.min(left, Math.max(0, free));
      if (q <= 0) continue;
      left -= q;
      last = s / 60;
      let sh = ship.get(d.id);
      if (!sh) {
        sh = {
          depotId: d.id,
          depotName: d.name,
          level: d.level,
          distanceKm: m / 1000,
          travelMinutes: s / 60,
          withinTarget: s / 60 <= targetMinutes,
          items: [],
        };
        ship.set(d.id, sh);
      }
      sh.items.push({ item, quantity: q, unit: stock.unit });
    }
    return { item, needed, allocated: needed - left, shortfall: left, lastArrivalMinutes: last, basis };
  });
  const shipments = [...ship.values()].sort((a, b) => a.travelMinutes - b.travelMinutes || (a.depotId < b.depotId ? -1 : 1));
  const complete = itemNeeds.every((n) => n.shortfall === 0);
  const allWithinTarget = shipments.every((s) => s.withinTarget);
  const lastArrivalMinutes = shipments.length ? Math.max(...shipments.map((s) => s.travelMinutes)) : null;
  const problems: string[] = [];
  for (const n of itemNeeds) {
    if (n.shortfall > 0) problems.push(`${n.item}: ${n.shortfall} of ${n.needed} not in stock at any depot`);
    else if (n.lastArrivalMinutes !== null && n.lastArrivalMinutes > targetMinutes) {
      problems.push(
        `${n.item}: the last of it arrives after ${(n.lastArrivalMinutes / 60).toFixed(1)} h, beyond the ${(targetMinutes / 60).toFixed(0)} h target`,
      );
    }
  }
  return {
    location: [site[0], site[1]],
    affected,
    displaced: Math.round(affected * share),
    days,
    coldSeason,
    targetMinutes,
    needs: itemNeeds,
    shipments,
    complete,
    allWithinTarget,
    meetsTarget: complete && allWithinTarget,
    lastArrivalMinutes,
    problems,
  };
}
