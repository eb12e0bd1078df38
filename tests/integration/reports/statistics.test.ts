/**
 * Statistics by city and county over the demo scenario, through the app's own handlers (a real
 * store file, the Shanxi pack installed): the totals and every area's figures are the situation
 * report's aggregation of the same window; every pack area is a row; progress is pushed in order;
 * a cancelled computation answers `cancelled`; the exported CSV (BOM, CRLF) holds the table and
 * its totals, and can be read back for a browser's download.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type AppRuntime } from '../../../src/main/app/compose';
import { DEFAULT_DESK_CONFIG } from '../../../src/shared/desk/config';
import { buildSituationReport, sumMeasures, type SituationReport } from '../../../src/shared/reports';
import type { StatisticsProgress, StatisticsResult } from '../../../src/shared/ipc/statisticsContract';
import { DEMO_SCENARIO, SHANXI_PACK, tempDir } from '../../support/tmp';

const FROM = new Date('2026-11-29T00:00:00+08:00').toISOString();
const TO = new Date('2026-11-30T00:00:00+08:00').toISOString();

let t: ReturnType<typeof tempDir>;
let app: AppRuntime;
let stats: StatisticsResult;
let report: SituationReport;
const progress: StatisticsProgress[] = [];

beforeAll(async () => {
  if (!existsSync(SHANXI_PACK)) throw new Error(`the Shanxi map pack is missing: ${SHANXI_PACK}`);
  t = tempDir('jinying-stats-');
  app = await startApp({
    dataDir: t.dir,
    mode: 'web',
    mapPackDir: SHANXI_PACK,
    scenarioFile: DEMO_SCENARIO,
    log: () => undefined,
  });
  app.bus.on('push', (event: string, payload: StatisticsProgress) => {
    if (event === 'statistics:progress') progress.push(payload);
  });
  // A follow-up now, after the window: the day's statistics show the figures as they stood then.
  await app.handlers['duty:signIn']({ name: '张伟', org: '省应急指挥中心' });
  const picture = await app.handlers['picture:get']({});
  const first = picture.incidents[0]!;
  await app.handlers['incident:followUp']({
    id: first.id,
    casualties: { dead: first.casualties.dead + 5 },
    affected: first.affected + 1000,
  });
  const r = await app.handlers['statistics:compute']({ id: 'day1', kind: 'custom', from: FROM, to: TO });
  if (r.status !== 'done') throw new Error('expected statistics');
  stats = r;
  // The report's aggregation of the same window, from the same store, made independently.
  const [pic, timeline] = await Promise.all([
    app.store.call('picture'),
    app.store.call('listReportTimeline', { before: TO }),
  ]);
  report = buildSituationReport(
    { ...pic, timeline },
    {
      window: { kind: 'custom', from: FROM, to: TO, incidentId: null },
      now: Date.now(),
      desk: DEFAULT_DESK_CONFIG,
    },
  );
}, 60_000);

afterAll(async () => {
  await app?.close();
  t?.cleanup();
});

describe('statistics by city and county over the demo scenario', () => {
  it('totals are the situation report’s, as the incidents stood at the window’s end', () => {
    expect(report.totals.incidents).toBe(7);
    expect(stats.totals).toEqual({
      incidents: report.totals.incidents,
      dead: report.totals.casualties.dead,
      injured: report.totals.casualties.injured,
      missing: report.totals.casualties.missing,
      trapped: report.totals.casualties.trapped,
      affected: report.totals.affected,
    });
    // The follow-up came after the window: not counted (the demo's own figures are).
    expect(stats.totals.dead).toBe(1);
    expect(stats.totals.affected).toBe(5616);
    expect(sumMeasures(stats.counties)).toEqual(stats.totals);
    expect(sumMeasures(stats.cities)).toEqual(stats.totals);
    expect(stats.asOf).toBe(TO);
  });

  it('every county and city of the pack is a row; each area’s figures are the report’s', () => {
    expect(stats.packId).not.toBeNull();
    expect(stats.counties.filter((c) => c.inPack)).toHaveLength(117);
    expect(stats.cities.filter((c) => c.inPack)).toHaveLength(11);
    expect(stats.counties.every((c) => c.inPack && c.bbox !== null)).toBe(true);
    for (const city of report.byPlace) {
      const row = stats.cities.find((c) => c.adcode === city.adcode)!;
      expect(row, city.name).toMatchObject({
        incidents: city.incidents,
        dead: city.casualties.dead,
        injured: city.casualties.injured,
        affected: city.affected,
      });
      // Named from the pack (the report here was made without it, so it names adcodes).
      expect(row.name).toMatch(/市$/);
      for (const county of city.counties) {
        const c = stats.counties.find((x) => x.adcode === county.adcode)!;
        expect(c).toMatchObject({
          incidents: county.incidents,
          affected: county.affected,
          cityName: row.name,
        });
      }
    }
    const withIncidents = stats.counties.filter((c) => c.incidents > 0);
    expect(withIncidents.length).toBe(report.byPlace.flatMap((c) => c.counties).length);
  });

  it('pushes its steps in order, and a cancelled computation answers cancelled', async () => {
    const mine = progress.filter((p) => p.id === 'day1');
    expect(mine.map((p) => p.phase)).toEqual(['load', 'aggregate', 'done']);
    expect(mine.map((p) => p.percent)).toEqual([0, 60, 100]);
    const running = app.handlers['statistics:compute']({ id: 'gone', kind: 'week', from: FROM, to: TO });
    expect(await app.handlers['statistics:cancel']({ id: 'gone' })).toEqual({ cancelled: true });
    expect(await running).toEqual({ status: 'cancelled' });
    expect(await app.handlers['statistics:cancel']({ id: 'gone' })).toEqual({ cancelled: false });
  });

  it('exports the table as CSV with a BOM into <data>/reports, readable for a download', async () => {
    const e = await app.handlers['statistics:export']({
      id: 'day1',
      level: 'county',
      sortBy: 'affected',
      sortDir: 'desc',
      includeEmpty: false,
      locale: 'zh-CN',
    });
    expect(e.file.startsWith(join(t.dir, 'reports'))).toBe(true);
    expect(e.fileName).toMatch(
      /^statistics-county-custom-20261129-0000-20261130-0000-made-\d{8}-\d{6}\.csv$/,
    );
    const text = readFileSync(e.file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('县（区）,县代码,所属市,市代码,事件数,死亡,受伤,失联,被困,受灾人口');
    expect(e.rows).toBe(lines.length - 2);
    expect(e.rows).toBe(stats.counties.filter((c) => c.incidents > 0).length);
    const affected = lines.slice(1, -1).map((l) => Number(l.split(',')[9]));
    expect(affected).toEqual([...affected].sort((a, b) => b - a));
    const s = stats.totals;
    expect(lines.at(-1)).toBe(
      `合计,,,,${s.incidents},${s.dead},${s.injured},${s.missing},${s.trapped},${s.affected}`,
    );
    const read = await app.handlers['report:read']({ fileName: e.fileName });
    expect(Buffer.from(read.base64, 'base64').equals(readFileSync(e.file))).toBe(true);

    const en = await app.handlers['statistics:export']({
      id: 'day1',
      level: 'city',
      sortBy: 'name',
      sortDir: 'asc',
      includeEmpty: true,
      locale: 'en',
    });
    const enLines = readFileSync(en.file, 'utf8').slice(1).split('\r\n').filter(Boolean);
    expect(enLines[0]).toBe('City,City code,Incidents,Dead,Injured,Missing,Trapped,Affected people');
    expect(en.rows).toBe(11);
    expect(enLines[1]!.startsWith('太原市,140100,')).toBe(true);
    await expect(
      app.handlers['statistics:export']({
        id: 'never',
        level: 'city',
        sortBy: 'name',
        sortDir: 'asc',
        includeEmpty: true,
        locale: 'en',
      }),
    ).rejects.toThrow(/compute them again/);
  });
});
