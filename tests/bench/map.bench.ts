/**
 * Map benches (issue 5), in headless Chromium with SwiftShader, against a real web-mode server:
 *  - page load to the first complete render (demo scenario + Shanxi pack) against a bare MapLibre
 *    page drawing the same pack with no app around it, same run, alternating; target ≤ 1.3×;
 *  - frame time while 5,000 unit positions update once a second: the app's WebGL layer (fed
 *    through the store, as live positions are) against the same load as DOM markers; median and
 *    p95; target WebGL p95 at least 5× better;
 *  - selecting an incident to its dispatch candidates on screen (click on a list row to the first
 *    frame painted after the candidates are in the DOM), at 1366×768; target p50 < 100 ms. The
 *    note breaks the time down (to the DOM, to paint, the recommend call's round trip).
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { guardedPage, launchBrowser, ROOT, SHANXI_PACK, startWeb, waitForMap } from '../support/web';
import type { BenchRow } from './run';

const LOAD_RUNS = Number(process.env.MAP_BENCH_LOAD_RUNS ?? 5);
const FRAME_SECONDS = Number(process.env.MAP_BENCH_FRAME_SECONDS ?? 8);
const SELECT_RUNS = Number(process.env.MAP_BENCH_SELECT_RUNS ?? 14);
const UNITS = 5000;
const VIEWPORT = { width: 1400, height: 860 };

const BARE_HTML = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/ml/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div>
<script type="module">
import * as maplibregl from '/ml/maplibre-gl.mjs';
maplibregl.setWorkerUrl('/ml/maplibre-gl-worker.mjs');
const fonts = ['Noto Sans CJK SC', 'sans-serif'];
const src = (f) => ({ type: 'geojson', data: location.origin + '/pack/' + f });
const map = new maplibregl.Map({
  container: 'map',
  localIdeographFontFamily: '"Noto Sans CJK SC", sans-serif',
  bounds: [110.23, 34.58, 114.56, 40.74], fitBoundsOptions: { padding: 24 },
  style: { version: 8, sources: {
      province: src('shanxi_province_tianditu2024.geojson'), city: src('shanxi_city_tianditu2024.geojson'),
      county: src('shanxi_district_tianditu2024.geojson'), rivers: src('shanxi_rivers_ne10m.geojson'),
      points: src('shanxi_points.geojson') },
    layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': '#eef1f4' } },
      { id: 'province-fill', type: 'fill', source: 'province', paint: { 'fill-color': '#fbfaf6' } },
      { id: 'county-line', type: 'line', source: 'county', paint: { 'line-color': '#c8bfb6', 'line-width': 0.7 } },
      { id: 'city-line', type: 'line', source: 'city', paint: { 'line-color': '#8c7a6b', 'line-width': 1.3, 'line-dasharray': [3, 1.5] } },
      { id: 'river-line', type: 'line', source: 'rivers', paint: { 'line-color': '#6fa8dc', 'line-width': 1.4 } },
      { id: 'airport', type: 'circle', source: 'points', filter: ['==', ['get', 'kind'], 'airport'], paint: { 'circle-radius': 3 } },
      { id: 'province-line', type: 'line', source: 'province', paint: { 'line-color': '#5b4636', 'line-width': 2.2 } },
      { id: 'city-label', type: 'symbol', source: 'city', minzoom: 5, layout: { 'text-field': ['get', 'city_name'], 'text-font': fonts, 'text-size': 13 } },
      { id: 'county-label', type: 'symbol', source: 'county', minzoom: 7.5, layout: { 'text-field': ['get', 'district_name'], 'text-font': fonts, 'text-size': 11 } },
    ] },
});
map.once('idle', () => { window.__readyAt = performance.now(); });
</script></body></html>`;

/** The bare page's own little server: the page, MapLibre's files, and the pack as it is on disk. */
async function startBareServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const ml = join(ROOT, 'node_modules', 'maplibre-gl', 'dist');
  const types: Record<string, string> = {
    '.mjs': 'text/javascript',
    '.css': 'text/css',
    '.geojson': 'application/geo+json',
  };
  const server: Server = createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    if (p === '/')
      return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(BARE_HTML);
    const m = /^\/(ml|pack)\/([\w.-]+)$/.exec(p);
    const file = m ? join(m[1] === 'ml' ? ml : SHANXI_PACK, m[2]!) : null;
    if (!file || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      'Content-Type': types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))]!;
};

async function loadOnce(browser: Browser, url: string, which: 'app' | 'bare'): Promise<number> {
  const g = await guardedPage(browser, VIEWPORT);
  try {
    await g.page.goto(url);
    const h = await g.page.waitForFunction(
      (w) => (w === 'app' ? window.__jinyingMapReadyAt : window.__readyAt),
      which,
      { timeout: 60_000, polling: 50 },
    );
    const t = (await h.jsonValue()) as number;
    if (g.external.length) throw new Error(`external requests: ${g.external.join(', ')}`);
    return t;
  } finally {
    await g.context.close();
  }
}

/** Frame times (ms between animation frames) over `seconds`, while `tick` runs once a second. */
async function frameTimes(page: Page, seconds: number, tick: 'webgl' | 'dom'): Promise<number[]> {
  return page.evaluate(
    ({ seconds, tick }) =>
      new Promise<number[]>((resolveTimes) => {
        const step = window.__benchTick![tick];
        const times: number[] = [];
        let last = performance.now();
        const end = last + seconds * 1000;
        step();
        const h = setInterval(step, 1000);
        const frame = (t: number) => {
          times.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(frame);
          else {
            clearInterval(h);
            resolveTimes(times.slice(2));
          }
        };
        requestAnimationFrame(frame);
      }),
    { seconds, tick },
  );
}

declare global {
  interface Window {
    __readyAt?: number;
    __benchSelect?: (id: string) => Promise<{ total: number; dom: number }>;
    __benchMove?: () => void;
    __benchTick?: Record<'webgl' | 'dom', () => void>;
  }
}

/**
 * In-page setup (a function, not a string: the app's CSP forbids eval): 5,000 synthetic units
 * spread over Shanxi that drift a little every second, and the two ways of drawing them.
 */
function setupUnits(n: number): void {
  let seed = 42;
  const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
  const base = window.__jinyingPicture!()!.units[0]!;
  let units = Array.from({ length: n }, (_, i) => ({
    ...base,
    id: `bench-${i}`,
    name: `bench ${i}`,
    status: (['available', 'en_route', 'on_scene', 'returning'] as const)[i % 4]!,
    kind: (['fire_rescue', 'flood', 'medical', 'mine_rescue', 'hazmat'] as const)[i % 5]!,
    position: [110.6 + rnd() * 3.7, 35 + rnd() * 5.4] as [number, number],
  }));
  let markers: { setLngLat: (p: [number, number]) => unknown }[] | null = null;
  window.__benchMove = () => {
    const now = new Date().toISOString();
    units = units.map((u) => ({
      ...u,
      positionFixAt: now,
      position: [u.position[0] + (rnd() - 0.5) * 0.01, u.position[1] + (rnd() - 0.5) * 0.01],
    }));
  };
  window.__benchTick = {
    // WebGL: positions go through the store, exactly as pushed positions do.
    webgl: () => {
      window.__benchMove!();
      const store = window.__jinyingStore!;
      const picture = store.getState().picture!;
      store.setState({ picture: { ...picture, units } });
    },
    // DOM: one MapLibre marker per unit, moved with setLngLat.
    dom: () => {
      window.__benchMove!();
      const ml = window.__jinyingMaplibre!;
      const map = window.__jinyingMap!;
      markers ??= units.map((u) => {
        const el = document.createElement('div');
        el.style.cssText =
          'width:10px;height:10px;border-radius:50%;background:#2e7d32;border:1px solid #fff';
        return new ml.Marker({ element: el }).setLngLat(u.position).addTo(map);
      });
      units.forEach((u, i) => markers![i]!.setLngLat(u.position));
    },
  };
}

/**
 * In-page: click an incident's list row and time it to its candidates. `dom`: the candidates of that
 * incident are in the DOM; `total`: the next frame after that has been painted (rAF, then a task).
 */
function setupSelect(): void {
  window.__benchSelect = (id) =>
    new Promise((done) => {
      const shown = () =>
        document.querySelectorAll(
          `[data-testid="dispatch-panel"][data-incident="${id}"] [data-testid="candidates"] li`,
        ).length > 0;
      const row = document.querySelector<HTMLElement>(
        `[data-testid="list-incidents"] [data-id="${id}"] button`,
      )!;
      const t0 = performance.now();
      const finish = () => {
        const dom = performance.now() - t0;
        requestAnimationFrame(() => setTimeout(() => done({ total: performance.now() - t0, dom })));
      };
      const obs = new MutationObserver(() => {
        if (!shown()) return;
        obs.disconnect();
        finish();
      });
      obs.observe(document.body, { childList: true, subtree: true, characterData: true });
      row.click();
      if (shown()) {
        obs.disconnect();
        finish();
      }
    });
}

/** Wait until the map has drawn everything asked of it ('idle' after one more frame), then a little. */
async function settleMap(page: Page): Promise<void> {
  await page.waitForTimeout(200);
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        const m = window.__jinyingMap!;
        const timer = setTimeout(done, 5000);
        m.once('idle', () => {
          clearTimeout(timer);
          done();
        });
        m.triggerRepaint();
      }),
  );
  await page.waitForTimeout(200);
}

/** Selection → candidates, alternating between incidents so each click shows a different one. */
async function selectTimes(
  browser: Browser,
  url: string,
  runs: number,
): Promise<{ total: number[]; dom: number[]; rtt: number[] }> {
  const g = await guardedPage(browser, { width: 1366, height: 768 });
  try {
    await g.page.goto(url);
    await waitForMap(g.page);
    await g.page.evaluate('window.__name = (f) => f');
    await g.page.evaluate(setupSelect);
    const incidents = await g.page.evaluate(() =>
      window.__jinyingPicture!()!
        .incidents.filter((i) => i.status !== 'closed')
        .map((i) => ({ id: i.id })),
    );
    // The dispatch tab, where the candidates are, is open (it stays open from one incident to the next).
    await g.page.click(`[data-testid="list-incidents"] [data-id="${incidents[0]!.id}"] button`);
    await g.page.click('[data-testid="itab-dispatch"]');
    const total: number[] = [];
    const dom: number[] = [];
    const rtt: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const inc = incidents[(i + 1) % incidents.length]!;
      const r = await g.page.evaluate((id) => window.__benchSelect!(id), inc.id);
      if (i >= 2) {
        total.push(r.total);
        dom.push(r.dom);
      }
      // The map follows the selection (halo, reach, camera): let it settle before the next click,
      // as it has by the time a person has read the panel.
      await settleMap(g.page);
    }
    // The recommend call's own round trip, with nothing else going on.
    await settleMap(g.page);
    for (let i = 0; i < 10; i++) {
      const id = incidents[i % incidents.length]!.id;
      rtt.push(
        await g.page.evaluate(async (incidentId) => {
          const api = window.__jinyingApi!;
          const t = performance.now();
          await api.invoke('dispatch:recommend', { incidentId, limit: 10 });
          return performance.now() - t;
        }, id),
      );
    }
    if (g.external.length) throw new Error(`external requests: ${g.external.join(', ')}`);
    return { total, dom, rtt };
  } finally {
    await g.context.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const app = await startWeb({ mapPack: SHANXI_PACK });
  const bare = await startBareServer();
  const browser = await launchBrowser();
  try {
    // ── page load to first complete render ──
    const appTimes: number[] = [];
    const bareTimes: number[] = [];
    await loadOnce(browser, app.url, 'app'); // warm the server's caches
    for (let i = 0; i < LOAD_RUNS; i++) {
      bareTimes.push(await loadOnce(browser, bare.url, 'bare'));
      appTimes.push(await loadOnce(browser, app.url, 'app'));
    }
    const ratio = median(appTimes) / median(bareTimes);
    rows.push({
      group: 'map',
      name: 'load → first complete render, bare MapLibre + Shanxi pack',
      runs: LOAD_RUNS,
      p50Ms: median(bareTimes),
      p99Ms: Math.max(...bareTimes),
      meanMs: bareTimes.reduce((a, b) => a + b, 0) / bareTimes.length,
      target: null,
      pass: null,
      ratio: null,
      note: `runs ${bareTimes.map((t) => t.toFixed(0)).join(', ')} ms`,
    });
    rows.push({
      group: 'map',
      name: 'load → first complete render, app (demo + Shanxi pack)',
      runs: LOAD_RUNS,
      p50Ms: median(appTimes),
      p99Ms: Math.max(...appTimes),
      meanMs: appTimes.reduce((a, b) => a + b, 0) / appTimes.length,
      target: '≤ 1.3× bare',
      pass: ratio <= 1.3,
      ratio: null,
      note: `${ratio.toFixed(2)}× bare (median); runs ${appTimes.map((t) => t.toFixed(0)).join(', ')} ms`,
    });

    // ── selecting an incident → its candidates on screen ──
    const sel = await selectTimes(browser, app.url, SELECT_RUNS);
    rows.push({
      group: 'map',
      name: 'select an incident → candidates painted (1366×768)',
      runs: sel.total.length,
      p50Ms: median(sel.total),
      p99Ms: pct(sel.total, 0.99),
      meanMs: sel.total.reduce((a, b) => a + b, 0) / sel.total.length,
      target: 'p50 < 100 ms',
      pass: median(sel.total) < 100,
      ratio: null,
      note: `in the DOM at p50 ${median(sel.dom).toFixed(0)} ms; recommend round trip p50 ${median(sel.rtt).toFixed(1)} ms; runs ${sel.total.map((t) => t.toFixed(0)).join(', ')} ms`,
    });

    // ── frame time, 5,000 moving units ──
    const g = await guardedPage(browser, VIEWPORT);
    await g.page.goto(app.url);
    await waitForMap(g.page);
    // tsx keeps function names with a __name() helper that the page does not have.
    await g.page.evaluate('window.__name = (f) => f');
    await g.page.evaluate(setupUnits, UNITS);
    const webgl = await frameTimes(g.page, FRAME_SECONDS, 'webgl');
    const drawn = await g.page.evaluate(() => window.__jinyingMap!.querySourceFeatures('units').length);
    // Same page, same view: our unit layers off, the same units as DOM markers.
    await g.page.evaluate(() => window.__jinyingStore!.getState().setLayer('units', false));
    const dom = await frameTimes(g.page, FRAME_SECONDS, 'dom');
    await g.context.close();
    const p95Ratio = pct(dom, 0.95) / pct(webgl, 0.95);
    const row = (name: string, xs: number[], extra: Partial<BenchRow>): BenchRow => ({
      group: 'map',
      name,
      runs: xs.length,
      p50Ms: median(xs),
      p99Ms: pct(xs, 0.99),
      meanMs: xs.reduce((a, b) => a + b, 0) / xs.length,
      target: null,
      pass: null,
      ratio: null,
      note: `p95 ${pct(xs, 0.95).toFixed(1)} ms`,
      ...extra,
    });
    rows.push(row(`frame time, ${UNITS} units moving 1/s, DOM markers`, dom, {}));
    rows.push(
      row(`frame time, ${UNITS} units moving 1/s, WebGL layer (app)`, webgl, {
        target: 'p95 ≥ 5× better than DOM',
        pass: p95Ratio >= 5,
        ratio: p95Ratio,
        note: `p95 ${pct(webgl, 0.95).toFixed(1)} ms vs DOM ${pct(dom, 0.95).toFixed(1)} ms; ${drawn} source features (clustered below z${9})`,
      }),
    );
  } finally {
    await browser.close();
    await bare.close();
    await app.stop();
  }
  return rows;
}

// Allow `npx tsx tests/bench/map.bench.ts` on its own.
if (resolve(process.argv[1] ?? '') === resolve(import.meta.filename)) {
  for (const r of await run()) console.log(JSON.stringify(r));
}

// ── Map-pack import: the main thread's longest stall (issue #16 item 3) ──────────────────────────

const IMPORT_RUNS = Number(process.env.MAP_BENCH_IMPORT_RUNS ?? 3);
/** The synthetic tile pack: random (incompressible) 16 KB tiles up to ~190 MB, under the 200 MB per-file limit. */
const TILE_PACK_BYTES = Number(process.env.MAP_BENCH_TILE_PACK_MB ?? 190) * 1024 * 1024;

/** The longest gap between ticks of a 2 ms heartbeat on this (the main) thread while `fn` runs. */
async function longestStall(fn: () => unknown): Promise<{ stallMs: number; totalMs: number }> {
  let last = performance.now();
  let worst = 0;
  const beat = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 2);
  await new Promise((r) => setTimeout(r, 20));
  const t0 = performance.now();
  last = t0;
  worst = 0;
  try {
    await fn();
    // The tick after the work: a stall that ended the call is counted too.
    await new Promise((r) => setTimeout(r, 5));
  } finally {
    clearInterval(beat);
  }
  return { stallMs: Math.max(worst, performance.now() - last), totalMs: performance.now() - t0 };
}

function importRow(
  name: string,
  samples: { stallMs: number; totalMs: number }[],
  ratio: number | null,
  extra: string,
): BenchRow {
  const stalls = samples.map((s) => s.stallMs).sort((a, b) => a - b);
  const totals = samples.map((s) => s.totalMs);
  return {
    group: 'mapimport',
    name,
    runs: samples.length,
    p50Ms: median(stalls),
    p99Ms: stalls.at(-1)!,
    meanMs: stalls.reduce((a, b) => a + b, 0) / stalls.length,
    target: null,
    pass: null,
    ratio,
    note: `longest main-thread stall (ms; p99 column = worst run); import ${median(totals).toFixed(0)} ms end to end${extra}`,
  };
}

/**
 * The Shanxi pack (a folder of GeoJSON, ~40 MB) and a synthetic ~190 MB MBTiles pack, each imported
 * IMPORT_RUNS times into a fresh data folder: in this thread (`importPathInThread`, what the
 * app did before) and through the import worker (`MapPackImporter`, what it does now), alternating.
 * The row's figure is the main thread's longest stall; the worker row's ratio is how many times
 * shorter it is than in-thread, same run. Also MBTiles tile reads: in this thread against the tile worker.
 */
export async function runImport(): Promise<BenchRow[]> {
  const { MapPackStore } = await import('../../src/main/mappacks/registry');
  const { importPathInThread } = await import('../../src/main/mappacks/inThreadImport');
  const { MapPackImporter } = await import('../../src/main/mappacks/import');
  const { writeMbtiles, RASTER_META } = await import('../unit/main/mappacks/tileFixtures');
  if (!existsSync(SHANXI_PACK)) throw new Error(`The Shanxi map pack is missing at ${SHANXI_PACK}`);
  const scratch = mkdtempSync(join(tmpdir(), 'jinying-bench-import-'));
  const rows: BenchRow[] = [];
  try {
    // The synthetic tile pack, in the temporary folder only.
    const tilePack = join(scratch, 'tiles-src');
    mkdirSync(tilePack);
    const tile = 16 * 1024;
    const tiles: { z: number; x: number; y: number; data: Buffer }[] = [];
    for (let z = 0; tiles.length * tile < TILE_PACK_BYTES && z <= 14; z++) {
      for (let x = 0; x < 2 ** z && tiles.length * tile < TILE_PACK_BYTES; x++) {
        for (let y = 0; y < 2 ** z && tiles.length * tile < TILE_PACK_BYTES; y++)
          tiles.push({ z, x, y, data: randomBytes(tile) });
      }
    }
    const maxZ = tiles.at(-1)!.z;
    writeMbtiles(join(tilePack, 'relief.mbtiles'), { ...RASTER_META, maxzoom: String(maxZ) }, tiles);
    tiles.length = 0;
    const tileMb = (statSync(join(tilePack, 'relief.mbtiles')).size / 1048576).toFixed(0);

    let n = 0;
    const fresh = () => new MapPackStore(join(scratch, `data-${n++}`));
    for (const [label, path] of [
      ['Shanxi pack (GeoJSON folder)', SHANXI_PACK],
      [`${tileMb} MB MBTiles pack`, tilePack],
    ] as const) {
      const inThread: { stallMs: number; totalMs: number }[] = [];
      const inWorker: { stallMs: number; totalMs: number }[] = [];
      for (let i = 0; i < IMPORT_RUNS; i++) {
        const a = fresh();
        inThread.push(await longestStall(() => importPathInThread(a, path)));
        rmSync(a.dir, { recursive: true, force: true });
        const b = fresh();
        const importer = new MapPackImporter(b);
        let reports = 0;
        inWorker.push(await longestStall(() => importer.run({ kind: 'path', path }, {}, () => reports++)));
        b.closeTiles();
        rmSync(b.dir, { recursive: true, force: true });
      }
      const before = median(inThread.map((s) => s.stallMs));
      const after = median(inWorker.map((s) => s.stallMs));
      rows.push(importRow(`import ${label}: in the main thread (before)`, inThread, null, ''));
      rows.push(
        importRow(
          `import ${label}: import worker (now)`,
          inWorker,
          before / after,
          `; ratio = in-thread stall / worker stall`,
        ),
      );
    }

    // MBTiles tiles: read through the tile worker, against the same reads in this thread.
    const store = fresh();
    const { id } = importPathInThread(store, tilePack);
    const coords: [number, number, number][] = [];
    for (let i = 0; i < 2000; i++) {
      const z = i % (maxZ + 1);
      coords.push([z, Math.floor(Math.random() * 2 ** z), Math.floor(Math.random() * 2 ** z)]);
    }
    await store.tile(id, 0, 0, 0);
    const samples: number[] = [];
    const reads = await longestStall(async () => {
      for (const [z, x, y] of coords) {
        const t = performance.now();
        await store.tile(id, z, x, y);
        samples.push(performance.now() - t);
      }
    });
    // The same reads in this thread (what the app did before): each blocks it for its whole time.
    const { MbTilesReader } = await import('../../src/main/mappacks/mbtiles');
    const direct = new MbTilesReader(join(store.dir, id, 'relief.mbtiles'));
    const inThread: number[] = [];
    for (const [z, x, y] of coords) {
      const t = performance.now();
      direct.getTile(z, x, y);
      inThread.push(performance.now() - t);
    }
    direct.close();
    inThread.sort((a, b) => a - b);
    samples.sort((a, b) => a - b);
    await store.releaseTiles();
    const readRow = (name: string, ms: number[], ratio: number | null, note: string) => ({
      group: 'mapimport',
      name,
      runs: ms.length,
      p50Ms: median(ms),
      p99Ms: ms[Math.floor(ms.length * 0.99)]!,
      meanMs: ms.reduce((a, b) => a + b, 0) / ms.length,
      target: null,
      pass: null,
      ratio,
      note,
    });
    rows.push(
      readRow(
        `MBTiles tile read in the main thread (before), ${tileMb} MB file`,
        inThread,
        null,
        `each read blocks the main thread this long; worst ${inThread.at(-1)!.toFixed(2)} ms`,
      ),
    );
    rows.push(
      readRow(
        `MBTiles tile read through the tile worker (now), ${tileMb} MB file`,
        samples,
        inThread.at(-1)! / reads.stallMs,
        `round trip per tile (ms); the main thread's longest stall over the ${samples.length} reads ${reads.stallMs.toFixed(2)} ms; ratio = worst in-thread read / that stall`,
      ),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return rows;
}
