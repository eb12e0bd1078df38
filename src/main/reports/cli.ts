/**
 * The situation-report CLI: `npm run report -- --data DIR --from ISO --to ISO --format pdf|docx|csv|geojson --out FILE`.
 * The same reports as the console's 报告 dialog (docs/reports.md). It lives in src/main, beside web
 * mode's CLI, because it reads a store through the store worker and src/cli may import only shared code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { StoreClient } from '../db/client';
import { DeskConfig, DEFAULT_DESK_CONFIG } from '../../shared/desk/config';
import {
  dayWindow,
  incidentWindow,
  ReportFormat,
  ReportWindow,
  shiftWindow,
  type ReportWindowKind,
} from '../../shared/reports';
import { parseUntrustedJson } from '../../shared/util/protoKeys';
import { produceReport, storeSource } from './produce';
import { currentPackDir, loadReportPlaces, NO_PLACES } from './places';

const USAGE = `Usage: npm run report -- (--data DIR | --hub URL --token-file FILE) --format pdf|docx|csv|geojson --out FILE
         (--from ISO --to ISO | --day ISO | --shift ISO | --incident ID)
         [--map-pack DIR] [--issuer NAME] [--now ISO]

  --data DIR         a Jinying data folder (its jinying.sqlite is read through the store; nothing is written)
  --hub URL          not yet supported: make the report on a console synced with the hub, or from its --data
  --from, --to       the window, ISO-8601 instants with offset (e.g. 2026-11-29T08:00:00+08:00)
  --day ISO          the Beijing-time day holding that instant; --shift ISO: the 08:00–08:00 duty shift
  --incident ID      one incident, from its report to its closing (or now)
  --map-pack DIR     city and county names and outlines (default: the data folder's map pack)
  --issuer NAME      the issuing organ printed in the red header (default 山西省应急指挥中心)
  --now ISO          the report's "now" (default the clock): states are as of min(--to, now)
`;

class CliError extends Error {}

function instant(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) ||
    !Number.isFinite(Date.parse(v))
  )
    throw new CliError(
      `--${name} "${v}" is not an ISO-8601 instant with an offset, e.g. 2026-11-29T08:00:00+08:00`,
    );
  return new Date(Date.parse(v)).toISOString();
}

function deskConfig(dataDir: string): DeskConfig {
  const file = join(dataDir, 'settings.json');
  if (!existsSync(file)) return DEFAULT_DESK_CONFIG;
  const parsed = DeskConfig.safeParse(
    (parseUntrustedJson(readFileSync(file, 'utf8'), file) as { desk?: unknown }).desk ?? {},
  );
  return parsed.success ? parsed.data : DEFAULT_DESK_CONFIG;
}

export async function main(argv: string[]): Promise<number> {
  const { values: o } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      hub: { type: 'string' },
      'token-file': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      day: { type: 'string' },
      shift: { type: 'string' },
      incident: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'map-pack': { type: 'string' },
      issuer: { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (o.hub)
    throw new CliError(
      "--hub is not yet supported: the report CLI reads a data folder. Make the report on a console synced with the hub (报告), or give that console's --data folder.",
    );
  if (!o.data) throw new CliError('give --data DIR (a Jinying data folder)');
  const format = ReportFormat.safeParse(o.format);
  if (!format.success)
    throw new CliError(`--format must be pdf, docx, csv or geojson (got ${o.format ?? 'nothing'})`);
  if (!o.out) throw new CliError('give --out FILE: where to write the report');
  const dataDir = resolve(o.data);
  const dbFile = join(dataDir, 'jinying.sqlite');
  // Opening a missing store would create an empty one: a report never writes.
  if (!existsSync(dbFile)) throw new CliError(`${dataDir} holds no Jinying store (no jinying.sqlite there)`);
  const now = o.now ? Date.parse(instant('now', o.now)!) : Date.now();
  const packDir = o['map-pack'] ? resolve(o['map-pack']) : currentPackDir(dataDir);
  const places = packDir ? loadReportPlaces(packDir) : NO_PLACES;

  const store = await StoreClient.open(dbFile);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    let window: ReportWindow;
    if (o.incident) {
      const picture = await store.call('picture');
      const inc = picture.incidents.find((i) => i.id === o.incident);
      if (!inc) throw new CliError(`no incident "${o.incident}" in ${dbFile}`);
      window = incidentWindow(inc, await store.call('listTimeline', { incidentId: inc.id }), now);
    } else if (o.day) window = dayWindow(Date.parse(instant('day', o.day)!));
    else if (o.shift) window = shiftWindow(Date.parse(instant('shift', o.shift)!));
    else {
      const from = instant('from', o.from);
      const to = instant('to', o.to);
      if (!from || !to)
        throw new CliError('give the window: --from and --to, or --day, --shift or --incident');
      const kind: ReportWindowKind = 'custom';
      const parsed = ReportWindow.safeParse({ kind, from, to });
      if (!parsed.success) throw new CliError(`--from must be before --to (${o.from} … ${o.to})`);
      window = parsed.data;
    }
    let last = -1;
    const { file, bytes, report } = await produceReport({
      load: storeSource(store),
      window,
      format: format.data,
      out: resolve(o.out),
      now,
      desk: deskConfig(dataDir),
      places,
      issuer: o.issuer,
      signal: controller.signal,
      onProgress: (phase, percent) => {
        if (percent !== last) process.stderr.write(`[report] ${phase} ${percent}%\n`);
        last = percent;
      },
    });
    process.stdout.write(
      `wrote ${file} (${bytes} bytes, ${format.data}): ${report.totals.incidents} incidents, ` +
        `${report.totals.open} open, ${report.totals.closed} closed, from ${window.from} to ${window.to}\n`,
    );
    return 0;
  } catch (e) {
    if (controller.signal.aborted) {
      process.stderr.write('cancelled: no report was written\n');
      return 130;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof CliError ? '' : 'report failed: '}${(e as Error).message}\n`);
    if (!(e instanceof CliError))
      process.stderr.write('Check the arguments (npm run report -- --help) and try again.\n');
    process.exit(2);
  },
);
