import { describe, expect, it } from 'vitest';
import { Incident } from '../../../../src/shared/domain';
import { DEFAULT_DESK_CONFIG } from '../../../../src/shared/desk/config';
import {
  areaStatistics,
  buildSituationReport,
  classBreaks,
  classLabel,
  classOf,
  lastDaysWindow,
  sortAreas,
  sumMeasures,
  tableRows,
  STAT_MEASURES,
  type PackArea,
} from '../../../../src/shared/reports';

const T = (cst: string) => new Date(`${cst}+08:00`).toISOString();

const incident = (id: string, over: Partial<Incident> = {}): Incident =>
  Incident.parse({
    id,
    title: `事件${id}`,
    hazard: 'flood',
    level: 'IV',
    status: 'responding',
    location: [112.5, 37.8],
    countyAdcode: '140105',
    reporter: { name: '报告人' },
    reportedAt: T('2026-11-29T09:00:00'),
    updatedAt: T('2026-11-29T09:00:00'),
    ...over,
  });

const labels = (values: number[], k?: number) => classBreaks(values, k).map((c) => classLabel(c));
const counts = (values: number[], k?: number) => classBreaks(values, k).map((c) => c.count);

describe('class breaks', () => {
  it('0 has a class of its own; positive values split at their quantiles, each class from the last bound + 1', () => {
    const v = [0, 0, 0, 1, 1, 2, 3, 4, 5, 8, 12, 40];
    expect(labels(v)).toEqual(['0', '1–2', '3–4', '5–8', '9–40']);
    expect(counts(v)).toEqual([3, 3, 2, 2, 2]);
    // Every value falls in exactly one class, and the counts add up to the areas.
    expect(counts(v).reduce((a, b) => a + b, 0)).toBe(v.length);
    const cs = classBreaks(v);
    for (const x of v) {
      const c = cs[classOf(x, cs)]!;
      expect(x >= c.min && x <= c.max, `${x} in ${classLabel(c)}`).toBe(true);
    }
  });

  it('few distinct values: one class each, ranges joining up', () => {
    expect(labels([0, 1, 1, 3])).toEqual(['0', '1', '2–3']);
    expect(counts([0, 1, 1, 3])).toEqual([1, 2, 1]);
    expect(labels([12, 500, 3000])).toEqual(['0', '1–12', '13–500', '501–3000']);
    expect(counts([12, 500, 3000])).toEqual([0, 1, 1, 1]);
  });

  it('all zero (or nothing): the 0 class alone, holding every area', () => {
    expect(classBreaks([0, 0, 0])).toEqual([{ min: 0, max: 0, count: 3 }]);
    expect(classBreaks([])).toEqual([{ min: 0, max: 0, count: 0 }]);
  });

  it('skewed values: repeated quantiles merge instead of making empty classes', () => {
    const v = [...Array(20).fill(1), 2, 3, 4, 50];
    const cs = classBreaks(v);
    expect(cs.map((c) => classLabel(c))).toEqual(['0', '1', '2–50']);
    expect(cs.every((c, i) => i === 0 || c.count > 0)).toBe(true);
  });

  it('labels format their numbers (thousands separators in the view)', () => {
    expect(classLabel({ min: 1001, max: 25000, count: 2 }, (n) => n.toLocaleString('en-US'))).toBe(
      '1,001–25,000',
    );
  });
});

describe('statistics by area from the situation report', () => {
  const pack: { cities: PackArea[]; counties: PackArea[] } = {
    cities: [
      { adcode: '140100', name: '太原市', bbox: [111.5, 37.4, 113.2, 38.4] },
      { adcode: '140200', name: '大同市', bbox: [112.5, 39.0, 114.6, 40.7] },
    ],
    counties: [
      { adcode: '140105', name: '小店区', bbox: [112.5, 37.6, 112.7, 37.8] },
      { adcode: '140106', name: '迎泽区', bbox: [112.5, 37.8, 112.7, 37.9] },
      { adcode: '140212', name: '新荣区', bbox: [112.9, 40.1, 113.4, 40.5] },
    ],
  };
  const report = buildSituationReport(
    {
      incidents: [
        incident('a', { casualties: { dead: 1, injured: 2, missing: 0, trapped: 3 }, affected: 40 }),
        incident('b', { casualties: { dead: 0, injured: 5, missing: 1, trapped: 0 }, affected: 10 }),
        incident('c', { countyAdcode: '140212', affected: 7 }),
        // A county the pack lacks, and an incident with no county.
        incident('d', { countyAdcode: '140999', affected: 1 }),
        incident('e', { countyAdcode: null, casualties: { dead: 2, injured: 0, missing: 0, trapped: 0 } }),
        // Outside the window.
        incident('late', { reportedAt: T('2026-11-30T09:00:00'), affected: 1000 }),
      ],
      units: [],
      bases: [],
      depots: [],
      assignments: [],
      timeline: [],
    },
    {
      window: { kind: 'day', from: T('2026-11-29T00:00:00'), to: T('2026-11-30T00:00:00'), incidentId: null },
      now: Date.parse(T('2026-11-30T12:00:00')),
      desk: DEFAULT_DESK_CONFIG,
      places: new Map([...pack.cities, ...pack.counties].map((a) => [a.adcode, a.name])),
    },
  );
  const s = areaStatistics(report, pack);

  it('every pack area is a row (zeros too), then the places the pack lacks and the unplaced', () => {
    expect(s.counties.map((c) => [c.adcode, c.inPack, c.incidents])).toEqual([
      ['140105', true, 2],
      ['140106', true, 0],
      ['140212', true, 1],
      ['140999', false, 1],
      [null, false, 1],
    ]);
    expect(s.cities.map((c) => [c.adcode, c.inPack, c.incidents])).toEqual([
      ['140100', true, 2],
      ['140200', true, 1],
      ['140900', false, 1],
      [null, false, 1],
    ]);
    const xiaodian = s.counties[0]!;
    expect(xiaodian).toMatchObject({
      name: '小店区',
      cityAdcode: '140100',
      cityName: '太原市',
      dead: 1,
      injured: 7,
      missing: 1,
      trapped: 3,
      affected: 50,
      bbox: [112.5, 37.6, 112.7, 37.8],
    });
    expect(s.counties[3]).toMatchObject({ name: '140999', cityAdcode: '140900', cityName: '140900' });
    expect(s.counties[4]).toMatchObject({ cityName: '未知', dead: 2 });
  });

  it('a level’s rows add up to the report’s totals, at both levels', () => {
    expect(s.totals).toEqual({
      incidents: report.totals.incidents,
      dead: report.totals.casualties.dead,
      injured: report.totals.casualties.injured,
      missing: report.totals.casualties.missing,
      trapped: report.totals.casualties.trapped,
      affected: report.totals.affected,
    });
    expect(s.totals.incidents).toBe(5);
    expect(sumMeasures(s.counties)).toEqual(s.totals);
    expect(sumMeasures(s.cities)).toEqual(s.totals);
    for (const m of STAT_MEASURES) expect(typeof s.totals[m]).toBe('number');
  });

  it('the table: by a measure (ties by code) or by name, the unplaced last; empty areas on demand', () => {
    const byAffected = sortAreas(s.counties, 'affected', 'desc').map((r) => r.adcode);
    expect(byAffected).toEqual(['140105', '140212', '140999', '140106', null]);
    expect(sortAreas(s.counties, 'affected', 'asc').map((r) => r.adcode)).toEqual([
      '140106',
      '140999',
      '140212',
      '140105',
      null,
    ]);
    expect(sortAreas(s.counties, 'name', 'desc').map((r) => r.adcode)).toEqual([
      '140999',
      '140212',
      '140106',
      '140105',
      null,
    ]);
    const shown = tableRows(s.counties, { sortBy: 'incidents', sortDir: 'desc', includeEmpty: false });
    expect(shown.map((r) => r.adcode)).toEqual(['140105', '140212', '140999', null]);
    expect(tableRows(s.counties, { sortBy: 'incidents', sortDir: 'desc', includeEmpty: true })).toHaveLength(
      5,
    );
  });
});

describe('last 7 days', () => {
  it('00:00 Beijing time six days before today to 24:00 today', () => {
    const w = lastDaysWindow(Date.parse(T('2026-12-02T10:34:00')), 7);
    expect(w).toEqual({ from: T('2026-11-26T00:00:00'), to: T('2026-12-03T00:00:00') });
    // Just after midnight Beijing time (still the day before in UTC), today is the new day.
    expect(lastDaysWindow(Date.parse(T('2026-12-02T00:10:00')), 1)).toEqual({
      from: T('2026-12-02T00:00:00'),
      to: T('2026-12-03T00:00:00'),
    });
  });
});
