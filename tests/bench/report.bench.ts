/**
 * Situation reports at scale (`npm run bench -- report`): a day's report over 1,000 incidents and
 * 20,000 timeline entries, and a month's over 10,000 incidents (and 50,000 entries), made from a
 * real store file through the store worker, as the CLI and the console make them. Each report runs
 * in a fresh Node process, so its peak memory (maxRSS of that process; the Chromium that prints a
 * PDF is a process of its own and is not counted) is its own.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { StoreClient } from '../../src/main/db/client';
import { readScenarioFile } from '../../src/main/services/scenarioFile';
import { formatHlc } from '../../src/shared/sync/hlc';
import type { Incident, Scenario, TimelineEntry } from '../../src/shared/domain';
import { HAZARD_TYPES, RESPONSE_LEVELS } from '../../src/shared/domain';
import { DEFAULT_DESK_CONFIG } from '../../src/shared/desk/config';
import { produceReport, storeSource } from '../../src/main/reports/produce';
import { loadReportPlaces } from '../../src/main/reports/places';
import { computeStatistics, statisticsAreas } from '../../src/main/reports/statisticsService';
import type { ReportFormat } from '../../src/shared/reports';
import { DEMO_SCENARIO, REPO_ROOT, SHANXI_PACK, tempDir } from '../support/tmp';
import type { BenchRow } from './run';

const DAY = 86_400_000;
const START = Date.parse('2026-11-01T00:00:00+08:00');
const COUNTIES = [
  '140105',
  '140106',
  '140212',
  '140311',
  '140404',
  '140431',
  '140521',
  '140602',
  '140702',
  '140802',
  '140902',
  '141002',
  '141102',
  '141181',
];

/** A store with `incidents` spread over `days` from START and `entries` timeline entries among them. */
async function makeStore(dir: string, incidents: number, entries: number, days: number): Promise<void> {
  const demo = readScenarioFile(DEMO_SCENARIO);
  const tpl = demo.incidents[0]!;
  const incs: Incident[] = [];
  for (let i = 0; i < incidents; i++) {
    const reported = START + Math.floor((i / incidents) * days * DAY);
    const closed = i % 3 === 0;
    incs.push({
      ...tpl,
      id: `bench-inc-${i}`,
      title: `压测事件 ${i}`,
      hazard: HAZARD_TYPES[i % HAZARD_TYPES.length]!,
      level: RESPONSE_LEVELS[i % 4]!,
      status: closed ? 'closed' : 'responding',
      countyAdcode: COUNTIES[i % COUNTIES.length]!,
      location: [111 + (i % 300) / 100, 35 + (i % 500) / 100],
      casualties: { dead: i % 3, injured: i % 7, missing: i % 2, trapped: i % 5 },
      affected: (i % 50) * 10,
      reportedAt: new Date(reported).toISOString(),
      occurredAt: null,
      updatedAt: new Date(reported + 6 * 3_600_000).toISOString(),
      demo: true,
    });
  }
  const units = demo.units;
  const assignments = incs.slice(0, Math.min(incs.length, 4000)).map((inc, i) => ({
    ...demo.assignments[0]!,
    id: `bench-asg-${i}`,
    incidentId: inc.id,
    resourceKind: 'unit' as const,
    resourceId: units[i % units.length]!.id,
    status: 'accepted' as const,
    proposedAt: inc.reportedAt,
    decidedAt: new Date(Date.parse(inc.reportedAt) + 600_000).toISOString(),
  }));
  const scenario: Scenario = { ...demo, incidents: incs, assignments };
  const store = await StoreClient.open(join(dir, 'jinying.sqlite'));
  await store.call('importScenario', { scenario });
  const kinds = ['figures', 'report_initial', 'level', 'unit_status', 'report_followup', 'status'] as const;
  const hlc = formatHlc({ wallMs: Date.now() - DAY, counter: 0, node: 'bench' });
  let batch: unknown[] = [];
  for (let k = 0; k < entries; k++) {
    const inc = incs[k % incs.length]!;
    const kind = kinds[k % kinds.length]!;
    const at = new Date(Date.parse(inc.reportedAt) + 60_000 * (1 + (k % 300))).toISOString();
    const data: Record<string, unknown> =
      kind === 'figures'
        ? {
            casualties: inc.casualties,
            affected: inc.affected,
            before: { casualties: inc.casualties, affected: 0 },
          }
        : kind === 'level'
          ? { from: 'IV', to: inc.level }
          : kind === 'status'
            ? { from: 'reported', to: inc.status === 'closed' ? 'closed' : 'verified' }
            : kind === 'unit_status'
              ? { from: 'en_route', to: 'on_scene' }
              : { to: 'province' };
    const entry: TimelineEntry = {
      id: `bench-tl-${k}`,
      incidentId: inc.id,
      kind,
      at,
      by: { name: '压测', org: '', role: 'duty-officer' },
      text: '',
      data,
      corrects: null,
      unitId: kind === 'unit_status' ? units[k % units.length]!.id : null,
    };
    batch.push({
      entity: 'timeline',
      entityId: entry.id,
      fields: entry,
      clocks: Object.fromEntries(Object.keys(entry).map((f) => [f, hlc])),
      deletedHlc: null,
    });
    if (batch.length === 5000) {
      await store.call('syncApplySnapshot', { records: batch, finalSeq: null });
      batch = [];
    }
  }
  if (batch.length) await store.call('syncApplySnapshot', { records: batch, finalSeq: null });
  await store.close();
}

/** What a child makes: a report in a format, or the statistics view's computation (by area). */
type Job = ReportFormat | 'statistics';

/** The statistics view's computation over the store, as main runs it for 统计. */
async function statisticsChild(store: StoreClient, from: string, to: string) {
  const places = loadReportPlaces(SHANXI_PACK);
  const t0 = performance.now();
  const stats = await computeStatistics({
    load: storeSource(store),
    window: { kind: 'custom', from, to },
    now: Date.parse(to),
    desk: DEFAULT_DESK_CONFIG,
    places,
    areas: statisticsAreas(places),
  });
  return { ms: performance.now() - t0, bytes: 0, incidents: stats.totals.incidents };
}

/** One report in this process (the child): prints its time and this process's peak memory. */
async function child(dir: string, format: Job, from: string, to: string): Promise<void> {
  const store = await StoreClient.open(join(dir, 'jinying.sqlite'));
  if (format === 'statistics') {
    const r = await statisticsChild(store, from, to);
    await store.close();
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(`REPORT_JSON ${JSON.stringify({ ...r, rssMb })}`);
    return;
  }
  const t0 = performance.now();
  const { bytes, report } = await produceReport({
    load: storeSource(store),
    window: { kind: 'custom', from, to, incidentId: null },
    format,
    out: join(dir, `report.${format}`),
    now: Date.parse(to),
    desk: DEFAULT_DESK_CONFIG,
    places: loadReportPlaces(SHANXI_PACK),
  });
  const ms = performance.now() - t0;
  await store.close();
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`REPORT_JSON ${JSON.stringify({ ms, rssMb, bytes, incidents: report.totals.incidents })}`);
}

function runChild(dir: string, format: Job, from: string, to: string) {
  const r = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'tests/bench/report.bench.ts',
      '--child',
      dir,
      format,
      from,
      to,
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 600_000 },
  );
  const line = /^REPORT_JSON (.+)$/m.exec(r.stdout)?.[1];
  if (!line) throw new Error(`report bench child failed:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line) as { ms: number; rssMb: number; bytes: number; incidents: number };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const cases = [
    {
      name: 'day: 1,000 incidents, 20,000 timeline entries',
      incidents: 1000,
      entries: 20_000,
      days: 1,
      from: new Date(START).toISOString(),
      to: new Date(START + DAY).toISOString(),
      formats: ['statistics', 'csv', 'geojson', 'docx', 'pdf'] as Job[],
    },
    {
      name: 'month: 10,000 incidents, 50,000 timeline entries',
      incidents: 10_000,
      entries: 50_000,
      days: 30,
      from: new Date(START).toISOString(),
      to: new Date(START + 30 * DAY).toISOString(),
      formats: ['statistics', 'csv', 'geojson', 'docx', 'pdf'] as Job[],
    },
  ];
  for (const c of cases) {
    const tmp = tempDir('jinying-report-bench-');
    try {
      const t0 = performance.now();
      await makeStore(tmp.dir, c.incidents, c.entries, c.days);
      const setupMs = performance.now() - t0;
      for (const format of c.formats) {
        const r = runChild(tmp.dir, format, c.from, c.to);
        rows.push({
          group: 'report',
          name: `${c.name} → ${format === 'statistics' ? 'statistics by area (统计)' : format}`,
          runs: 1,
          p50Ms: r.ms,
          p99Ms: null,
          meanMs: r.ms,
          target: null,
          pass: null,
          ratio: null,
          note: `peak RSS ${r.rssMb.toFixed(0)} MB (Node; Chromium not counted), ${r.incidents} incidents, ${(r.bytes / 1024).toFixed(0)} KB; store setup ${(setupMs / 1000).toFixed(1)} s`,
        });
      }
    } finally {
      tmp.cleanup();
    }
  }
  return rows;
}

if (process.argv[2] === '--child') {
  const [, , , dir, format, from, to] = process.argv;
  await child(dir!, format as Job, from!, to!);
}
