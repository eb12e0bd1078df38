/**
 * The situation-report CLI: `npm run report -- --data DIR (or --hub URL --token-file F) --from ISO --to ISO
 * --format pdf|docx|csv|geojson --out FILE`. With --hub, the hub's records are pulled by the sync
 * engine (src/main/sync/pullOnce.ts) into a throw-away store first.
 * The same reports as the console's 报告 dialog (docs/reports.md). It lives in src/main, beside web
 * mode's CLI, because it reads a store through the store worker and src/cli may import only shared code.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { pullOnce } from '../sync/pullOnce';
import { CodedError } from '../../shared/ipc/errors';

const USAGE = `Usage: npm run report -- (--data DIR | --hub URL --token-file FILE) --format pdf|docx|csv|geojson --out FILE
         (--from ISO --to ISO | --day ISO | --shift ISO | --incident ID)
         [--map-pack DIR] [--issuer NAME] [--now ISO]

  --data DIR         a Jinying data folder (its jinying.sqlite is read through the store; nothing is written)
  --hub URL          instead of --data: the provincial hub (e.g. http://10.0.0.5:5790); its records are pulled
                     into a throw-away store, reported on, and removed (a viewer token is enough)
  --token-file FILE  with --hub: a file holding the token the hub administrator gave you (and nothing else)
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

/** The hub's address and the token read from its file, checked before anything is opened. */
function hubSource(url: string, tokenFile: string | undefined): { url: string; token: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`--hub "${url}" is not a URL: give the hub's address, e.g. http://10.0.0.5:5790`);
  }
  if (!/^(http|https|ws|wss):$/.test(parsed.protocol))
    throw new CliError(`--hub "${url}" must start with http:// or https:// (e.g. http://10.0.0.5:5790)`);
  if (!tokenFile)
    throw new CliError(
      '--hub needs --token-file FILE: a file holding the token the hub administrator gave you',
    );
  const file = resolve(tokenFile);
  if (!existsSync(file) || !statSync(file).isFile())
    throw new CliError(`--token-file ${file} does not exist: give the file holding your hub token`);
  const token = readFileSync(file, 'utf8').trim();
  if (!/^\S{16,200}$/.test(token))
    throw new CliError(
      `--token-file ${file} does not hold a token (one line of 16 to 200 characters, no spaces): put the token the hub administrator gave you in it, alone`,
    );
  return { url, token };
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
  if (o.hub && o.data) throw new CliError('give --data DIR or --hub URL, not both');
  if (!o.hub && !o.data)
    throw new CliError('give --data DIR (a Jinying data folder) or --hub URL --token-file FILE');
  const format = ReportFormat.safeParse(o.format);
  if (!format.success)
    throw new CliError(`--format must be pdf, docx, csv or geojson (got ${o.format ?? 'nothing'})`);
  if (!o.out) throw new CliError('give --out FILE: where to write the report');
  const now = o.now ? Date.parse(instant('now', o.now)!) : Date.now();
  const hub = o.hub ? hubSource(o.hub, o['token-file']) : null;
  const dataDir = o.data ? resolve(o.data) : null;
  // Opening a missing store would create an empty one: a report never writes.
  if (dataDir && !existsSync(join(dataDir, 'jinying.sqlite')))
    throw new CliError(`${dataDir} holds no Jinying store (no jinying.sqlite there)`);
  const packDir = o['map-pack'] ? resolve(o['map-pack']) : dataDir ? currentPackDir(dataDir) : null;
  const places = packDir ? loadReportPlaces(packDir) : NO_PLACES;
  if (hub && !packDir)
    process.stderr.write(
      '[report] no --map-pack: places are named by their adcodes and the PDF has no map (give --map-pack DIR)\n',
    );

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  // With --hub, the hub's records are pulled into a throw-away store, removed afterwards.
  const tmp = hub ? mkdtempSync(join(tmpdir(), 'jinying-report-hub-')) : null;
  const dbFile = join(tmp ?? dataDir!, 'jinying.sqlite');
  let store: StoreClient | null = null;
  try {
    store = await StoreClient.open(dbFile);
    if (hub) {
      process.stderr.write(`[report] pulling the records from the hub at ${hub.url}\n`);
      const pulled = await pullOnce({
        store,
        hubUrl: hub.url,
        token: hub.token,
        signal: controller.signal,
        onProgress: (line) => process.stderr.write(`[report] hub: ${line}\n`),
      });
      process.stderr.write(`[report] hub: up to date at sequence ${pulled.cursor}\n`);
    }
    const source = hub ? `the hub at ${hub.url}` : dbFile;
    let window: ReportWindow;
    if (o.incident) {
      const picture = await store.call('picture');
      const inc = picture.incidents.find((i) => i.id === o.incident);
      if (!inc) throw new CliError(`no incident "${o.incident}" in ${source}`);
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
      desk: dataDir ? deskConfig(dataDir) : DEFAULT_DESK_CONFIG,
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
    await store?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const known = e instanceof CliError || e instanceof CodedError;
    process.stderr.write(`${known ? '' : 'report failed: '}${(e as Error).message}\n`);
    if (!known) process.stderr.write('Check the arguments (npm run report -- --help) and try again.\n');
    process.exit(2);
  },
);
