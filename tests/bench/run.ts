/**
 * Bench runner: `npm run bench` runs every group, `npm run bench -- dispatch` one group.
 * Prints a table, then one JSON line (prefixed "BENCH_JSON ") for machines.
 *
 * To add a group, write a module exporting `run(): Promise<BenchRow[]>` and add a line to GROUPS.
 *
 * BenchRow — one measured thing:
 *   group   bench group name ('dispatch', 'hub', 'map', …)
 *   name    what was measured, with its size, e.g. 'recommend 10k units'
 *   runs    how many timed calls (after warm-up); 0 for rows that only report a value
 *   p50Ms, p99Ms, meanMs   latency of one call, milliseconds (null when not a timing row)
 *   target  the target as text, e.g. 'p50 < 0.2 ms' (null: informational)
 *   pass    whether the target is met (null: no target)
 *   ratio   speed-up against a baseline measured in the same run (null: none)
 *   note    anything else worth printing (sizes, totals saved, …)
 */
export interface BenchRow {
  group: string;
  name: string;
  runs: number;
  p50Ms: number | null;
  p99Ms: number | null;
  meanMs: number | null;
  target: string | null;
  pass: boolean | null;
  ratio: number | null;
  note: string;
}

const GROUPS: Record<string, () => Promise<{ run: () => Promise<BenchRow[]> }>> = {
  dispatch: () => import('./dispatch.bench'),
  sync: () => import('./sync.bench'),
  map: () => import('./map.bench'),
  mapimport: () => import('./map.bench').then((m) => ({ run: m.runImport })),
  report: () => import('./report.bench'),
  cot: () => import('./cot.bench'),
  consultview: () => import('./consultView.bench'),
  consult: () => import('./consult.bench'),
};

function fmt(v: number | null, digits = 3): string {
  if (v === null) return '—';
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toFixed(2);
  return v.toFixed(digits + 1);
}

function printTable(rows: BenchRow[]): void {
  const head = ['group', 'name', 'runs', 'p50 ms', 'p99 ms', 'ratio', 'target', 'pass', 'note'];
  const body = rows.map((r) => [
    r.group,
    r.name,
    String(r.runs),
    fmt(r.p50Ms),
    fmt(r.p99Ms),
    r.ratio === null ? '—' : `${r.ratio.toFixed(0)}×`,
    r.target ?? '',
    r.pass === null ? '' : r.pass ? 'yes' : 'NO',
    r.note,
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i >= 2 && i <= 5 ? x.padStart(w[i]!) : x.padEnd(w[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(line(w.map((n) => '-'.repeat(n))));
  for (const b of body) console.log(line(b));
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  for (const g of wanted) {
    if (!(g in GROUPS)) {
      console.error(`bench: unknown group "${g}"; groups: ${Object.keys(GROUPS).join(', ')}`);
      return 2;
    }
  }
  const rows: BenchRow[] = [];
  for (const [name, load] of Object.entries(GROUPS)) {
    if (wanted.length && !wanted.includes(name)) continue;
    const mod = await load();
    rows.push(...(await mod.run()));
  }
  printTable(rows);
  console.log(`BENCH_JSON ${JSON.stringify({ at: new Date().toISOString(), node: process.version, rows })}`);
  return rows.some((r) => r.pass === false) ? 1 : 0;
}

process.exitCode = await main();
