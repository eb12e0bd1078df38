import type { PlaceRow, SituationReport } from './aggregate';
import { cityOf } from './aggregate';
import { dayWindow } from './window';

/**
 * Statistics by city and county (issue #10 item 5): the situation report's `byPlace` aggregation
 * (aggregate.ts: the same incidents, each as it stood at the window's end) turned into one row per
 * area of a level, with the map pack's areas that had nothing as zero rows, plus class breaks for
 * the choropleth. Pure: main computes the rows, the renderer sorts, classes and draws them.
 */
export const STAT_MEASURES = ['incidents', 'dead', 'injured', 'missing', 'trapped', 'affected'] as const;
export type StatMeasure = (typeof STAT_MEASURES)[number];
export const STAT_LEVELS = ['city', 'county'] as const;
export type StatLevel = (typeof STAT_LEVELS)[number];

export type Measures = Record<StatMeasure, number>;

/** A bounding box, [west, south, east, north]. */
export type BBox = [number, number, number, number];

export interface AreaStat extends Measures {
  /** The area's adcode; null for incidents with no county recorded (shown as 未知, never on the map). */
  adcode: string | null;
  name: string;
  /** The city an area belongs to (itself for a city). */
  cityAdcode: string | null;
  cityName: string;
  /** Whether the map pack holds the area's polygon (only those are drawn and counted in the legend). */
  inPack: boolean;
  bbox: BBox | null;
}

/** An area the map pack holds: its code, name and extent (main reads them from the pack's layers). */
export interface PackArea {
  adcode: string;
  name: string;
  bbox: BBox | null;
}

export interface AreaStatistics {
  cities: AreaStat[];
  counties: AreaStat[];
  /** Every incident of the window, placed or not: the same sums as the report's totals. */
  totals: Measures;
}

export const zeroMeasures = (): Measures => ({
  incidents: 0,
  dead: 0,
  injured: 0,
  missing: 0,
  trapped: 0,
  affected: 0,
});

function measuresOf(r: PlaceRow): Measures {
  return {
    incidents: r.incidents,
    dead: r.casualties.dead,
    injured: r.casualties.injured,
    missing: r.casualties.missing,
    trapped: r.casualties.trapped,
    affected: r.affected,
  };
}

/**
 * One row per area for each level: every area of the pack (zeros where nothing happened), the
 * areas incidents name that the pack lacks (by adcode), and the incidents with no place (adcode
 * null). The sums over a level's rows are the report's totals.
 */
export function areaStatistics(
  report: Pick<SituationReport, 'byPlace' | 'totals'>,
  pack: { cities: readonly PackArea[]; counties: readonly PackArea[] },
): AreaStatistics {
  const cityNames = new Map<string | null, string>([
    ...report.byPlace.map((c) => [c.adcode, c.name] as const),
    ...pack.cities.map((c) => [c.adcode, c.name] as const),
  ]);
  const merge = (
    packAreas: readonly PackArea[],
    rows: readonly PlaceRow[],
    cityCode: (adcode: string | null) => string | null,
  ): AreaStat[] => {
    const area = (adcode: string | null, name: string, inPack: boolean, bbox: BBox | null, m: Measures) => {
      const city = cityCode(adcode);
      return {
        adcode,
        name,
        cityAdcode: city,
        cityName: city ? (cityNames.get(city) ?? city) : '未知',
        inPack,
        bbox,
        ...m,
      };
    };
    const byCode = new Map(rows.map((r) => [r.adcode, r]));
    const out: AreaStat[] = packAreas.map((a) => {
      const r = byCode.get(a.adcode);
      return area(a.adcode, a.name, true, a.bbox, r ? measuresOf(r) : zeroMeasures());
    });
    const inPack = new Set(packAreas.map((a) => a.adcode));
    for (const r of rows)
      if (r.adcode === null || !inPack.has(r.adcode))
        out.push(area(r.adcode, r.name, false, null, measuresOf(r)));
    return out;
  };
  const cities = merge(pack.cities, report.byPlace, (c) => c);
  const counties = merge(
    pack.counties,
    report.byPlace.flatMap((c) => c.counties),
    cityOf,
  );
  const t = report.totals;
  return {
    cities,
    counties,
    totals: {
      incidents: t.incidents,
      dead: t.casualties.dead,
      injured: t.casualties.injured,
      missing: t.casualties.missing,
      trapped: t.casualties.trapped,
      affected: t.affected,
    },
  };
}

/** The sums of some rows. */
export function sumMeasures(rows: readonly Measures[]): Measures {
  const out = zeroMeasures();
  for (const r of rows) for (const m of STAT_MEASURES) out[m] += r[m];
  return out;
}

export type SortKey = 'name' | StatMeasure;

/**
 * Rows in the table's order: by a measure (ties by name), or by name (GB/T 2260 code order, which
 * keeps a city's counties together); the unplaced row (adcode null) always last.
 */
export function sortAreas<T extends AreaStat>(rows: readonly T[], key: SortKey, dir: 'asc' | 'desc'): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byCode = (a: T, b: T) => ((a.adcode ?? '') < (b.adcode ?? '') ? -1 : a.adcode === b.adcode ? 0 : 1);
  return [...rows].sort((a, b) => {
    if ((a.adcode === null) !== (b.adcode === null)) return a.adcode === null ? 1 : -1;
    if (key === 'name') return sign * byCode(a, b);
    return sign * (a[key] - b[key]) || byCode(a, b);
  });
}

/** The rows a table shows: the areas with an incident (or every area), in the chosen order. */
export function tableRows<T extends AreaStat>(
  rows: readonly T[],
  o: { sortBy: SortKey; sortDir: 'asc' | 'desc'; includeEmpty: boolean },
): T[] {
  return sortAreas(
    rows.filter((r) => o.includeEmpty || r.incidents > 0),
    o.sortBy,
    o.sortDir,
  );
}

/** One class of a choropleth: the values from `min` to `max` (whole numbers), and how many areas hold one. */
export interface StatClass {
  min: number;
  max: number;
  count: number;
}

/**
 * Class breaks for whole-number values (counts of incidents and people): a class of its own for 0,
 * then up to `positiveClasses` classes of the positive values at their quantiles, so each holds
 * about as many areas; each class runs from the previous one's upper bound + 1 to its own. With
 * few distinct values each gets its own class. Labels: "0", "1–2", "3–5", "12".
 */
export function classBreaks(values: readonly number[], positiveClasses = 4): StatClass[] {
  const zeros = values.filter((v) => v <= 0).length;
  const pos = values.filter((v) => v > 0).sort((a, b) => a - b);
  const classes: StatClass[] = [{ min: 0, max: 0, count: zeros }];
  if (pos.length === 0) return classes;
  const distinct = [...new Set(pos)];
  const uppers =
    distinct.length <= positiveClasses
      ? distinct
      : [
          ...new Set(
            Array.from(
              { length: positiveClasses },
              (_, k) => pos[Math.ceil(((k + 1) * pos.length) / positiveClasses) - 1]!,
            ),
          ),
        ];
  let lower = 1;
  for (const max of uppers) {
    classes.push({ min: lower, max, count: pos.filter((v) => v >= lower && v <= max).length });
    lower = Math.floor(max) + 1;
  }
  return classes;
}

/** The class a value falls in (index into `classes`); the last class for anything above. */
export function classOf(value: number, classes: readonly StatClass[]): number {
  if (value <= 0) return 0;
  for (let i = 1; i < classes.length; i++) if (value <= classes[i]!.max) return i;
  return classes.length - 1;
}

/** "0", "3", "1–2" (an en dash between the bounds). */
export function classLabel(c: StatClass, format: (n: number) => string = String): string {
  return c.min === c.max ? format(c.min) : `${format(c.min)}–${format(c.max)}`;
}

/** The last `days` Beijing-time days, today included: 00:00 CST `days - 1` days ago to 24:00 today. */
export function lastDaysWindow(now: number, days = 7): { from: string; to: string } {
  return { from: dayWindow(now - (days - 1) * 86_400_000).from, to: dayWindow(now).to };
}
