import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLI_BUNDLE, ensureCliBundle, ROOT } from '../../src/cli/bundle.mjs';
import { distance as turfDistance } from '@turf/turf';
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { FeatureCollection } from 'geojson';
import {
  assign,
  bestSite,
  buildUnitIndex,
  countyCoverage,
  DEFAULT_HAZARD_CAPABILITIES,
  moveUp,
  prepareCoverageGrid,
  recommend,
  type IncidentLike,
} from '../../src/shared/dispatch';
import {
  loadScenarioText,
  type AviationBase,
  type HazardType,
  type RescueUnit,
} from '../../src/shared/domain';
import { measure } from './measure';
import type { BenchRow } from './run';
import { NOW_ISO, rng, syntheticBases, syntheticIncidents, syntheticUnits } from './synthetic';

/**
 * Dispatch benches (issue 3 targets):
 *  - recommendation among 10k and 100k units vs the naive baseline (Turf distance to every unit,
 *    filter by capability and status, sort), ratio measured in the same run;
 *  - province coverage on a 1 km grid against all bases;
 *  - assignment of 50 incidents among 2,000 units, with the ETA saved versus greedy.
 */
const MAP_PACK = resolve(import.meta.dirname, '../../../shared/data/basemap-shanxi');
const HAZARDS: HazardType[] = [
  'fire',
  'flood',
  'mine_accident',
  'hazmat',
  'earthquake',
  'forest_fire',
  'traffic_accident',
  'building_collapse',
];

function row(
  name: string,
  t: { runs: number; p50Ms: number; p99Ms: number; meanMs: number } | null,
  o: Partial<BenchRow> = {},
): BenchRow {
  return {
    group: 'dispatch',
    name,
    runs: t?.runs ?? 0,
    p50Ms: t?.p50Ms ?? null,
    p99Ms: t?.p99Ms ?? null,
    meanMs: t?.meanMs ?? null,
    target: null,
    pass: null,
    ratio: null,
    note: '',
    ...o,
  };
}

function queries(n: number, seed: number): IncidentLike[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => ({
    location: [110.6 + r() * 3.6, 35.0 + r() * 5.4] as [number, number],
    hazard: HAZARDS[Math.floor(r() * HAZARDS.length)]!,
    level: 'III' as const,
  }));
}

/** The naive baseline: Turf distance to every unit, keep the qualifying ones, sort, take 10. */
function naive(units: readonly RescueUnit[], q: IncidentLike): string[] {
  const caps = new Set(DEFAULT_HAZARD_CAPABILITIES[q.hazard]);
  const scored: { id: string; d: number }[] = [];
  for (const u of units) {
    if (u.status !== 'available' && u.status !== 'returning') continue;
    if (!u.capabilities.some((c) => caps.has(c))) continue;
    scored.push({ id: u.id, d: turfDistance(q.location as [number, number], u.position) });
  }
  scored.sort((a, b) => a.d - b.d);
  return scored.slice(0, 10).map((s) => s.id);
}

function recommendRows(n: number, runs: number, naiveRuns: number, bases: AviationBase[]): BenchRow[] {
  const units = syntheticUnits(n, 42);
  const build = measure(() => buildUnitIndex(units), { runs: n >= 100_000 ? 5 : 20, warmup: 1 });
  const index = buildUnitIndex(units);
  const qs = queries(Math.max(runs, 500), 7);
  // Warm the lazily built per-capability sub-indexes, as a running app would have.
  for (const h of HAZARDS)
    recommend(
      { units, bases },
      { location: [112.5, 37.8], hazard: h, level: 'III' },
      { index, runCards: false, now: NOW_ISO },
    );
  const rec = measure(
    (i) =>
      recommend({ units, bases }, qs[i % qs.length]!, { index, runCards: false, limit: 10, now: NOW_ISO }),
    {
      runs,
      warmup: 200,
    },
  );
  const card = measure(
    (i) => recommend({ units, bases }, qs[i % qs.length]!, { index, limit: 10, now: NOW_ISO }),
    { runs: Math.min(runs, 1000), warmup: 100 },
  );
  const base = measure((i) => naive(units, qs[i % qs.length]!), { runs: naiveRuns, warmup: 3 });
  const ratio = base.p50Ms / rec.p50Ms;
  const label = n >= 1000 ? `${n / 1000}k` : String(n);
  const rows = [
    row(`recommend ${label} units (ETA top-10, capability+status filter)`, rec, {
      ratio,
      ...(n === 10_000 ? { target: 'p50 < 0.2 ms', pass: rec.p50Ms < 0.2 } : {}),
      ...(n === 100_000 ? { target: '≥ 500× naive', pass: ratio >= 500 } : {}),
      note: `ratio vs naive p50`,
    }),
    row(`naive baseline ${label} units (Turf distance to all, sort)`, base),
    row(`recommend ${label} units + run card fill`, card, { note: 'informational' }),
    row(`build unit index ${label}`, build, { note: 'once per snapshot' }),
  ];
  if (n === 100_000) {
    // The floor: a bare geokdbush 10-nearest query over the same points.
    const kd = new KDBush(units.length);
    for (const u of units) kd.add(u.position[0], u.position[1]);
    kd.finish();
    const bare = measure(
      (i) => around(kd, qs[i % qs.length]!.location[0], qs[i % qs.length]!.location[1], 10),
      { runs, warmup: 200 },
    );
    rows.push(row('bare geokdbush 10-nearest 100k (the floor)', bare, { note: 'reference' }));
  }
  return rows;
}

function loadDemoBases(): AviationBase[] | null {
  const file = resolve(import.meta.dirname, '../../assets/scenarios/shanxi-demo.json');
  if (!existsSync(file)) return null;
  const r = loadScenarioText(readFileSync(file, 'utf8'), file);
  return r.ok ? r.value.bases : null;
}

function coverageRows(bases: AviationBase[], basesNote: string): BenchRow[] {
  const file = `${MAP_PACK}/shanxi_district_tianditu2024.geojson`;
  if (!existsSync(file))
    return [row('coverage 1 km grid', null, { note: `skipped: no map pack at ${MAP_PACK}` })];
  const counties = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection;
  const prep = measure(
    () => prepareCoverageGrid(JSON.parse(JSON.stringify(counties)) as FeatureCollection, 1),
    { runs: 3, warmup: 1 },
  );
  const grid = prepareCoverageGrid(counties, 1);
  const cov = measure(() => countyCoverage(bases, grid, 60), { runs: 30, warmup: 5 });
  // A shallow copy of the grid is a new cache key: the base-to-cell distance tables are rebuilt.
  const cold = measure(() => countyCoverage(bases, { ...grid }, 60), { runs: 5, warmup: 1 });
  const report = countyCoverage(bases, grid, 60);
  // Aircraft that count in the network: available and rescue-capable (reconnaissance-only drones do not).
  const aircraft = report.sources.reduce((s, b) => s + b.aircraftIds.length, 0);
  const seats = counties.features.map((f) => ({
    location: [f.properties!.lon, f.properties!.lat] as [number, number],
  }));
  const site = measure(() => bestSite(bases, grid, seats, { minutes: 60 }), { runs: 5, warmup: 1 });
  const committed = bases
    .flatMap((b) =>
      b.aircraft
        .filter((a) => a.status === 'available')
        .slice(0, 1)
        .map((a) => a.id),
    )
    .slice(0, 3);
  const mu = measure(() => moveUp(bases, grid, committed, { minutes: 60 }), { runs: 5, warmup: 1 });
  return [
    row(
      `coverage whole province, 1 km grid (${grid.count} cells), ${bases.length} bases / ${aircraft} counting aircraft`,
      cov,
      {
        target: 'p50 < 50 ms',
        pass: cov.p50Ms < 50,
        note: `${basesNote}; covered ${(report.coveredFraction * 100).toFixed(1)}% within 60 min; distance tables cached`,
      },
    ),
    row('coverage, cold (distance tables per base rebuilt)', cold, {
      note: 'first run for a new grid or base set',
    }),
    row('prepare 1 km grid from 117 county polygons', prep, { note: 'once per map pack' }),
    row(`best site among ${seats.length} county seats`, site, { note: 'informational' }),
    row(`move-up after committing ${committed.length} aircraft`, mu, { note: 'informational' }),
  ];
}

function assignRows(): BenchRow[] {
  const units = syntheticUnits(2000, 9);
  const bases = syntheticBases();
  const incidents = syntheticIncidents(50, 10);
  const index = buildUnitIndex(units);
  const t = measure(() => assign({ units, bases }, incidents, { index, now: NOW_ISO }), {
    runs: 50,
    warmup: 10,
  });
  const res = assign({ units, bases }, incidents, { index, now: NOW_ISO });
  const w = measure(() => assign({ units, bases }, incidents, { index, now: NOW_ISO, objective: 'worst' }), {
    runs: 20,
    warmup: 3,
  });
  const resW = assign({ units, bases }, incidents, { index, now: NOW_ISO, objective: 'worst' });
  const o = res.optimal.totals;
  const g = res.greedy.totals;
  return [
    row(`assign 50 incidents / 2,000 units (${o.positions} positions), min total ETA`, t, {
      target: 'p50 < 20 ms',
      pass: t.p50Ms < 20,
      note:
        `filled ${o.filled} vs greedy ${g.filled}; total ETA ${o.totalEtaMinutes.toFixed(0)} vs greedy ${g.totalEtaMinutes.toFixed(0)} min, ` +
        `saved ${res.saved.totalEtaMinutes.toFixed(0)} min`,
    }),
    row('assign 50 / 2,000, min worst ETA', w, {
      note: `worst ETA ${resW.optimal.totals.worstEtaMinutes?.toFixed(0)} vs greedy ${resW.greedy.totals.worstEtaMinutes?.toFixed(0)} min`,
    }),
  ];
}

/**
 * The dispatch CLI as a user runs it, wall time per call of a child process: the bundle
 * (node dist/cli/dispatch.mjs, what `npm run dispatch` runs through src/cli/run.mjs) against the
 * TypeScript source through tsx (ratio in the same run), the launcher, a bare Node start (the
 * floor), and one --batch process answering many requests (per request).
 */
export async function cliRows(): Promise<BenchRow[]> {
  await ensureCliBundle(ROOT, () => {});
  const args = (i: number) => {
    const q = queries(1, 100 + i)[0]!;
    return ['recommend', '--at', q.location.join(','), '--hazard', q.hazard, '--json', '--now', NOW_ISO];
  };
  const call = (argv: string[]): number => {
    const t = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`CLI bench call failed (${r.status}): ${r.stderr}`);
    return ms;
  };
  // Interleaved rounds, so the machine's load (shared, 2 cores) weighs on every variant alike.
  const variants = {
    floor: () => ['-e', '0'],
    bundled: (i: number) => [CLI_BUNDLE, ...args(i)],
    launcher: (i: number) => ['src/cli/run.mjs', ...args(i)],
    tsx: (i: number) => [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/dispatch.ts', ...args(i)],
  };
  const samples: Record<keyof typeof variants, number[]> = { floor: [], bundled: [], launcher: [], tsx: [] };
  const rounds = 8;
  for (let i = -1; i < rounds; i++)
    for (const [k, argv] of Object.entries(variants) as [keyof typeof variants, (i: number) => string[]][]) {
      const ms = call(argv(i));
      if (i >= 0) samples[k].push(ms); // round -1 warms the file cache
    }
  const timing = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b);
    return {
      runs: v.length,
      p50Ms: v[Math.floor(v.length / 2)]!,
      p99Ms: v[v.length - 1]!,
      meanMs: v.reduce((a, b) => a + b, 0) / v.length,
    };
  };
  const floor = timing(samples.floor);
  const bundled = timing(samples.bundled);
  const launcher = timing(samples.launcher);
  const tsx = timing(samples.tsx);
  // One batch process, 200 requests of the same kind: wall time ÷ requests.
  const n = 200;
  const input = Array.from({ length: n }, (_, i) => {
    const q = queries(1, 100 + i)[0]!;
    return JSON.stringify({ command: 'recommend', at: q.location, hazard: q.hazard });
  }).join('\n');
  const batchRuns = 3;
  const perRequest: number[] = [];
  for (let k = 0; k < batchRuns; k++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [CLI_BUNDLE, '--batch', '--now', NOW_ISO], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    const ms = performance.now() - t;
    const ok = r.stdout.split('\n').filter((l) => l.startsWith('{"line"') && l.includes('"ok":true')).length;
    if (ok !== n) throw new Error(`batch bench: ${ok} of ${n} requests answered: ${r.stderr}`);
    perRequest.push(ms / n);
  }
  perRequest.sort((a, b) => a - b);
  const batch = {
    runs: batchRuns,
    p50Ms: perRequest[Math.floor(batchRuns / 2)]!,
    p99Ms: perRequest[batchRuns - 1]!,
    meanMs: perRequest.reduce((a, b) => a + b, 0) / batchRuns,
  };
  const ratio = tsx.p50Ms / bundled.p50Ms;
  return [
    row('dispatch CLI one call, bundled (node dist/cli/dispatch.mjs recommend --json)', bundled, {
      ratio,
      target: '≥ 3× faster than tsx',
      pass: ratio >= 3,
      note: `ratio: tsx p50 ÷ bundled p50; ${(bundled.p50Ms - floor.p50Ms).toFixed(0)} ms above a bare Node start`,
    }),
    row('dispatch CLI one call, TypeScript source through tsx (the old npm run dispatch)', tsx, {
      note: 'baseline',
    }),
    row('dispatch CLI one call through the launcher (src/cli/run.mjs: freshness check + bundle)', launcher, {
      note: 'what npm run dispatch runs, without npm itself',
    }),
    row('bare Node start (node -e 0)', floor, { note: 'the floor of any call' }),
    row(`dispatch CLI --batch, per request (${n} recommend requests in one process)`, batch, {
      ratio: bundled.p50Ms / batch.p50Ms,
      note: 'ratio: bundled single call p50 ÷ per-request p50',
    }),
  ];
}

export async function run(): Promise<BenchRow[]> {
  const demo = loadDemoBases();
  const bases = demo ?? syntheticBases();
  const basesNote = demo ? 'demo scenario bases' : 'synthetic bases';
  const rows: BenchRow[] = [];
  rows.push(...recommendRows(10_000, 5000, 100, syntheticBases()));
  rows.push(...recommendRows(100_000, 3000, 20, syntheticBases()));
  rows.push(...coverageRows(bases, basesNote));
  rows.push(...assignRows());
  rows.push(...(await cliRows()));
  return rows;
}
