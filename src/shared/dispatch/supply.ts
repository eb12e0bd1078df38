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
  {
    item: 'tent',
    per: 'displaced',
    perPerson: 0.25,
    perDay: false,
    basis: 'one 12 m² family tent per household of 4',
  },
  {
    item: 'folding_bed',
    per: 'displaced',
    perPerson: 0.5,
    perDay: false,
    basis: 'one bed per 2 displaced (children share; the rest sleep on quilts)',
  },
  { item: 'quilt', per: 'displaced', perPerson: 1, perDay: false, basis: 'one quilt per displaced person' },
  {
    item: 'quilt',
    per: 'displaced',
    perPerson: 1,
    perDay: false,
    coldOnly: true,
    basis: 'a second quilt in the cold season',
  },
  {
    item: 'cotton_coat',
    per: 'displaced',
    perPerson: 1,
    perDay: false,
    coldOnly: true,
    basis: 'one padded coat per displaced person in the cold season',
  },
  {
    item: 'drinking_water',
    per: 'affected',
    perPerson: 0.25,
    perDay: true,
    basis: '3.3 L drinking water a day: ¼ case of 24 × 550 mL',
  },
  {
    item: 'instant_food',
    per: 'affected',
    perPerson: 0.25,
    perDay: true,
    basis: '3 meals a day: ¼ case of 12 instant meals',
  },
  {
    item: 'medical_kit',
    per: 'affected',
    perPerson: 0.01,
    perDay: false,
    basis: 'one first-aid kit per 100 people',
  },
  {
    item: 'lighting',
    per: 'displaced',
    perPerson: 0.01,
    perDay: false,
    basis: 'one lighting set per 100 displaced (a shelter row)',
  },
  {
    item: 'generator',
    per: 'displaced',
    perPerson: 0.002,
    perDay: false,
    basis: 'one generator per 500 displaced (a shelter site)',
  },
];

/** Truck road speeds (the loading time is the LoadingModel's, not a fixed mobilisation). */
export const DEFAULT_TRUCK: GroundProfile = { localSpeedKmh: 35, trunkSpeedKmh: 60, mobilisationMinutes: 0 };

/**
 * Loading at a depot: the crew and drivers are called out, then trucks are loaded a few at a time.
 * loading = callOutMinutes + ⌈trucks ÷ bays⌉ × minutesPerTruck, trucks = ⌈volume ÷ truckM3⌉ (at least 1).
 */
export interface LoadingModel {
  /** From the order to the first truck at the dock, minutes. */
  callOutMinutes: number;
  /** One truck's load, m³ (a 9.6 m box truck carries about 45 m³). */
  truckM3: number;
  /** Loading one truck at one bay, minutes. */
  minutesPerTruck: number;
  /** Bays loading at once. */
  bays: number;
}
export const DEFAULT_LOADING: LoadingModel = {
  callOutMinutes: 30,
  truckM3: 45,
  minutesPerTruck: 40,
  bays: 2,
};

/**
 * Packed volume of one stock unit, m³ (documented in docs/dispatch.md): a 12 m² cotton family tent
 * in its bag about 0.2 m³; a folding bed 0.06; a quilt 0.04 (vacuum-packed); a padded coat 0.02; a
 * case of 24 × 550 mL water 0.02; a case of 12 instant meals 0.03; a generator 0.5; a lighting set
 * 0.05; a sandbag 0.002 (flat, empty); a life jacket 0.03; a pump 0.3; a first-aid kit 0.01.
 */
export const ITEM_VOLUME_M3: Readonly<Record<SupplyItem, number>> = {
  tent: 0.2,
  quilt: 0.04,
  cotton_coat: 0.02,
  folding_bed: 0.06,
  drinking_water: 0.02,
  instant_food: 0.03,
  generator: 0.5,
  lighting: 0.05,
  sandbag: 0.002,
  life_jacket: 0.03,
  pump: 0.3,
  medical_kit: 0.01,
};

/** From the distribution point on site to the people (sorting, carrying to shelters), minutes. */
export const DEFAULT_LAST_MILE_MINUTES = 120;

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
  /**
   * When the incident was reported (ms or ISO): the relief clock starts there, not at allocation.
   * Without it the clock starts at `now` (the plan says so).
   */
  reportedAt?: number | string;
  loading?: LoadingModel;
  /** Minutes from arrival on site to the supplies being in people's hands (default 120). */
  lastMileMinutes?: number;
}

export interface ItemNeed {
  item: SupplyItem;
  needed: number;
  allocated: number;
  shortfall: number;
  /** When the last allocated unit arrives on site, minutes from the clock's start (null when nothing allocated). */
  lastArrivalMinutes: number | null;
  /** When the last of it is in people's hands, minutes from the clock's start. */
  lastInHandsMinutes: number | null;
  basis: string[];
}

export interface DepotShipment {
  depotId: string;
  depotName: string;
  level: DepotLevel;
  distanceKm: number;
  /** Packed volume of what it sends, m³, and the trucks that takes. */
  volumeM3: number;
  trucks: number;
  /** Call-out and loading, minutes (grows with the volume). */
  loadingMinutes: number;
  driveMinutes: number;
  /** Loading + drive: from the allocation to arrival on site, minutes. */
  travelMinutes: number;
  /** Arrival on site, minutes from the clock's start (the report). */
  arrivesMinutes: number;
  /** In people's hands (arrival + last mile), minutes from the clock's start. */
  inHandsMinutes: number;
  /** In people's hands within the target. */
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
  /** Where the relief clock starts: the incident's report (ISO), or null when it starts at allocation. */
  clockStartsAt: string | null;
  /** Minutes already gone on the clock when the allocation is made. */
  elapsedMinutes: number;
  lastMileMinutes: number;
  needs: ItemNeed[];
  shipments: DepotShipment[];
  /** Everything needed was found in stock. */
  complete: boolean;
  /** Every shipment is in people's hands within the target. */
  allWithinTarget: boolean;
  /** Everything needed is found AND in people's hands within the target. */
  meetsTarget: boolean;
  /** Last arrival on site and last in people's hands, minutes from the clock's start. */
  lastArrivalMinutes: number | null;
  lastInHandsMinutes: number | null;
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
  return [...acc.entries()]
    .map(([item, { q, basis }]) => ({ item, needed: Math.ceil(q - 1e-9), basis }))
    .filter((n) => n.needed > 0);
}

export function allocateSupplies(
  depots: readonly SupplyDepot[],
  site: Position,
  affected: number,
  opts: SupplyOptions = {},
): SupplyPlan {
  if (!(Number.isInteger(affected) && affected >= 0))
    throw new RangeError('affected must be a whole number ≥ 0');
  const share = opts.displacedShare ?? 0.3;
  if (!(share >= 0 && share <= 1)) throw new RangeError('displacedShare must be between 0 and 1');
  const days = opts.days ?? 3;
  const targetMinutes = (opts.targetHours ?? 10) * 60;
  const coldSeason =
    opts.coldSeason ??
    (opts.now !== undefined
      ? isColdSeason(typeof opts.now === 'number' ? opts.now : Date.parse(opts.now))
      : true);
  const truck = opts.truck ?? DEFAULT_TRUCK;
  const circuity = opts.circuity ?? terrainCircuity();
  const loading = opts.loading ?? DEFAULT_LOADING;
  const lastMileMinutes = opts.lastMileMinutes ?? DEFAULT_LAST_MILE_MINUTES;
  if (!(
    loading.truckM3 > 0 &&
    loading.bays >= 1 &&
    loading.minutesPerTruck >= 0 &&
    loading.callOutMinutes >= 0
  ))
    throw new RangeError('loading: truckM3 > 0, bays ≥ 1, times ≥ 0');
  if (!(lastMileMinutes >= 0)) throw new RangeError('lastMileMinutes must be ≥ 0');
  const toMs = (t: number | string) => (typeof t === 'number' ? t : Date.parse(t));
  const nowMs = opts.now !== undefined ? toMs(opts.now) : Date.now();
  const reportedMs = opts.reportedAt !== undefined ? toMs(opts.reportedAt) : null;
  if (reportedMs !== null && !Number.isFinite(reportedMs))
    throw new RangeError('reportedAt is not a valid time');
  const elapsedMinutes = reportedMs === null ? 0 : Math.max(0, (nowMs - reportedMs) / 60_000);
  const driveS = (d: SupplyDepot): number =>
    opts.travelSeconds
      ? opts.travelSeconds(d, site)
      : truck.mobilisationMinutes * 60 +
        driveSeconds(distanceMetres(d.location, site) * tripCircuity(circuity, d.location, site), truck);
  const loadingMinutes = (volumeM3: number) => {
    const trucks = Math.max(1, Math.ceil(volumeM3 / loading.truckM3 - 1e-9));
    return {
      trucks,
      minutes: loading.callOutMinutes + Math.ceil(trucks / loading.bays) * loading.minutesPerTruck,
    };
  };

  // Depots nearest by road time first; at equal time the lower level (county) first, then id.
  const levelRank = (l: DepotLevel) => DEPOT_LEVELS.length - 1 - DEPOT_LEVELS.indexOf(l);
  const order = depots
    .map((d) => ({ d, s: driveS(d), m: distanceMetres(d.location, site) }))
    .sort((a, b) => a.s - b.s || levelRank(a.d.level) - levelRank(b.d.level) || (a.d.id < b.d.id ? -1 : 1));

  const needs = supplyNeeds(affected, {
    displacedShare: share,
    days,
    coldSeason,
    ...(opts.ratios ? { ratios: opts.ratios } : {}),
  });
  const ship = new Map<string, DepotShipment & { driveS: number }>();
  const sources = needs.map(({ item, needed, basis }) => {
    let left = needed;
    const from: string[] = [];
    for (const { d, s, m } of order) {
      if (left <= 0) break;
      const stock = d.stock.find((x) => x.item === item);
      if (!stock) continue;
      const free = stock.quantity - (opts.keepMinimum ? stock.minimum : 0);
      const q = Math.min(left, Math.max(0, free));
      if (q <= 0) continue;
      left -= q;
      from.push(d.id);
      let sh = ship.get(d.id);
      if (!sh) {
        sh = {
          depotId: d.id,
          depotName: d.name,
          level: d.level,
          distanceKm: m / 1000,
          volumeM3: 0,
          trucks: 0,
          loadingMinutes: 0,
          driveMinutes: s / 60,
          travelMinutes: 0,
          arrivesMinutes: 0,
          inHandsMinutes: 0,
          withinTarget: false,
          items: [],
          driveS: s,
        };
        ship.set(d.id, sh);
      }
      sh.volumeM3 += q * ITEM_VOLUME_M3[item];
      sh.items.push({ item, quantity: q, unit: stock.unit });
    }
    return { item, needed, left, basis, from };
  });
  // Each depot loads what it sends: more volume, more trucks, longer loading.
  for (const sh of ship.values()) {
    const l = loadingMinutes(sh.volumeM3);
    sh.trucks = l.trucks;
    sh.loadingMinutes = l.minutes;
    sh.travelMinutes = l.minutes + sh.driveMinutes;
    sh.arrivesMinutes = elapsedMinutes + sh.travelMinutes;
    sh.inHandsMinutes = sh.arrivesMinutes + lastMileMinutes;
    sh.withinTarget = sh.inHandsMinutes <= targetMinutes;
  }
  const itemNeeds: ItemNeed[] = sources.map(({ item, needed, left, basis, from }) => {
    const last = from.length ? Math.max(...from.map((id) => ship.get(id)!.arrivesMinutes)) : null;
    return {
      item,
      needed,
      allocated: needed - left,
      shortfall: left,
      lastArrivalMinutes: last,
      lastInHandsMinutes: last === null ? null : last + lastMileMinutes,
      basis,
    };
  });
  const shipments: DepotShipment[] = [...ship.values()]
    .sort((a, b) => a.travelMinutes - b.travelMinutes || (a.depotId < b.depotId ? -1 : 1))
    .map(({ driveS: _d, ...sh }) => sh);
  const complete = itemNeeds.every((n) => n.shortfall === 0);
  const allWithinTarget = shipments.every((s) => s.withinTarget);
  const lastArrivalMinutes = shipments.length ? Math.max(...shipments.map((s) => s.arrivesMinutes)) : null;
  const lastInHandsMinutes = lastArrivalMinutes === null ? null : lastArrivalMinutes + lastMileMinutes;
  const problems: string[] = [];
  const h = (m: number) => (m / 60).toFixed(1);
  if (elapsedMinutes >= targetMinutes)
    problems.push(
      `the ${h(targetMinutes)} h target passed ${h(elapsedMinutes - targetMinutes)} h ago (reported ${h(elapsedMinutes)} h before this plan)`,
    );
  for (const n of itemNeeds) {
    if (n.shortfall > 0) problems.push(`${n.item}: ${n.shortfall} of ${n.needed} not in stock at any depot`);
    else if (n.lastInHandsMinutes !== null && n.lastInHandsMinutes > targetMinutes) {
      problems.push(
        `${n.item}: the last of it arrives ${h(n.lastArrivalMinutes!)} h and is in people's hands ${h(n.lastInHandsMinutes)} h after the report, beyond the ${(targetMinutes / 60).toFixed(0)} h target`,
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
    clockStartsAt: reportedMs === null ? null : new Date(reportedMs).toISOString(),
    elapsedMinutes,
    lastMileMinutes,
    needs: itemNeeds,
    shipments,
    complete,
    allWithinTarget,
    meetsTarget: complete && allWithinTarget,
    lastArrivalMinutes,
    lastInHandsMinutes,
    problems,
  };
}
