/**
 * The consultation's shared map: presenter-to-follower view latency (docs/consultation.md, "The
 * shared map"). `npm run bench -- consultview`.
 *  - through the hub alone: a presenter's socket sends `consult:view`, a follower's socket receives
 *    it; one node (SQLite), and two nodes on one PostgreSQL database (presenter on A, follower on B,
 *    through the socket.io adapter), same run: the ratio is what crossing nodes costs;
 *  - the whole path: two web-mode consoles in Chromium through one hub: the presenter's map moves
 *    (jumpTo) → its throttle → main → hub → the follower's main → its renderer → its map there
 *    (the follower's own `move` event at that centre), read with each page's clock (one machine).
 * Views are spaced 150 ms apart, under the ten-a-second limit, so none is coalesced.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from '../../src/hub/server';
import { createToken } from '../../src/hub/tokens';
import { readScenarioFile } from '../../src/main/services/scenarioFile';
import { ensureRendererBuilt } from '../../src/main/web/ensureRenderer';
import type { ShareEvent, SharedView } from '../../src/shared/consult/share';
import { scenarioRecords } from '../../src/shared/sync/entities';
import { connectAs, incidentFields, OpMaker, pushOps, request } from '../integration/hub/support';
import { startPgCluster } from '../support/postgres';
import { DEMO_SCENARIO } from '../support/tmp';
import { guardedPage, launchBrowser, startWeb, waitForMap, type WebApp } from '../support/web';
import type { BenchRow } from './run';
import { benchRow, mean, quantile } from './measure';

const HUB_RUNS = Number(process.env.VIEW_BENCH_HUB_RUNS ?? 200);
const UI_RUNS = Number(process.env.VIEW_BENCH_UI_RUNS ?? 60);
const ANNOTATION_RUNS = Number(process.env.VIEW_BENCH_ANNOTATION_RUNS ?? 30);
const SPACING_MS = 150;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const row = ({ samples, name, ...o }: Partial<BenchRow> & { name: string; samples: number[] }): BenchRow =>
  benchRow('consultview', name, {
    runs: samples.length,
    p50Ms: quantile(samples, 0.5),
    p99Ms: quantile(samples, 0.99),
    meanMs: mean(samples),
    ...o,
  });

const person = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' };
const session = (id: string, incidentId: string) => ({
  id,
  incidentId,
  title: '会商：基准',
  status: 'open',
  invitees: [{ kind: 'role', role: 'field-commander' }],
  openedBy: person,
  openedAt: new Date().toISOString(),
  endedAt: null,
  by: person,
  at: new Date().toISOString(),
});

/** Open a session through `a`; the presenter (the opener) on `a`, a follower on `b`. */
async function pair(a: Hub, b: Hub): Promise<{ presenter: Socket; follower: Socket }> {
  const tok = async (name: string, role: 'duty-officer' | 'field-commander') =>
    (await createToken(a.store.tokens, { name, org: person.org, role, unitId: null })).token;
  const presenter = await connectAs(a.url, await tok('张伟', 'duty-officer'), 'bench-presenter');
  const ops = new OpMaker('bench-presenter');
  await pushOps(
    presenter,
    ops.op('incident', 'inc-b', 'upsert', incidentFields('inc-b')),
    ops.op('consultation', 'cs-b', 'upsert', session('cs-b', 'inc-b')),
  );
  const follower = await connectAs(b.url, await tok('李强', 'field-commander'), 'bench-follower');
  for (let i = 0; ; i++) {
    const r = await request(follower, 'consult:share', {
      consultationId: 'cs-b',
      action: 'join',
      following: true,
    });
    if (r.ok) break;
    if (i > 100) throw new Error(`the follower could not join: ${r.error.message}`);
    await sleep(100); // node B catching up with the session's record
  }
  await request(presenter, 'consult:share', { consultationId: 'cs-b', action: 'join', following: false });
  return { presenter, follower };
}

/** Presenter's socket → follower's socket, one view at a time (the first `warm` not kept). */
async function hubLatency(
  presenter: Socket,
  follower: Socket,
  runs: number,
  warm: number,
): Promise<number[]> {
  let waiting: ((t: number) => void) | null = null;
  let want = 0;
  const on = (ev: ShareEvent) => {
    if (ev.type === 'view' && ev.view.zoom === want) waiting?.(performance.now());
  };
  follower.on('consult:shared', on);
  const out: number[] = [];
  for (let i = 0; i < runs + warm; i++) {
    want = 5 + Math.random() * 10;
    const view: SharedView = {
      center: [112.5, 37.8],
      zoom: want,
      bearing: 0,
      pitch: 0,
      layers: [],
      selection: null,
    };
    const got = new Promise<number>((r) => (waiting = r));
    const t0 = performance.now();
    presenter.emit('consult:view', { consultationId: 'cs-b', view }, () => undefined);
    const t = await got;
    if (i >= warm) out.push(t - t0);
    await sleep(SPACING_MS);
  }
  follower.off('consult:shared', on);
  return out;
}

async function throughHub(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jinying-bench-view-'));
  const cluster = await startPgCluster({ durable: true });
  const hubs: Hub[] = [];
  try {
    const one = await startHub({ store: { sqlite: join(dir, 'hub.sqlite') }, port: 0, log: () => undefined });
    hubs.push(one);
    const single = await pair(one, one);
    const url = await cluster.createDatabase('view');
    for (let i = 0; i < 2; i++)
      hubs.push(await startHub({ store: { postgres: url }, port: 0, log: () => undefined }));
    const cross = await pair(hubs[1]!, hubs[2]!);
    // Alternating halves, so that the machine's load falls on both alike.
    const s1: number[] = [];
    const c1: number[] = [];
    for (let half = 0; half < 2; half++) {
      s1.push(...(await hubLatency(single.presenter, single.follower, HUB_RUNS / 2, half ? 0 : 10)));
      c1.push(...(await hubLatency(cross.presenter, cross.follower, HUB_RUNS / 2, half ? 0 : 10)));
    }
    for (const s of [single, cross]) {
      s.presenter.disconnect();
      s.follower.disconnect();
    }
    return [
      row({
        name: 'view: presenter → follower through one hub node',
        samples: s1,
        note: 'raw sockets, SQLite hub',
      }),
      row({
        name: 'view: presenter on node A → follower on node B',
        samples: c1,
        ratio: quantile(c1, 0.5) / quantile(s1, 0.5),
        note: 'two nodes on one PostgreSQL; the socket.io PostgreSQL adapter (NOTIFY); ratio: p50 against one node',
      }),
    ];
  } finally {
    for (const h of hubs) await h.close();
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The whole path between two consoles in Chromium. */
async function throughConsoles(hubOnlyP50: number): Promise<BenchRow[]> {
  // Built once here: two servers finding it stale at once would both rebuild it.
  ensureRendererBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'jinying-bench-view-ui-'));
  const hub = await startHub({ store: { sqlite: join(dir, 'hub.sqlite') }, port: 0, log: () => undefined });
  await hub.store.seed(scenarioRecords(readScenarioFile(DEMO_SCENARIO)));
  const apps: WebApp[] = [];
  const browser = await launchBrowser([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection',
  ]);
  try {
    const people = [
      ['张伟', 'duty-officer'],
      ['李强', 'field-commander'],
    ] as const;
    const pages = await Promise.all(
      people.map(async ([name, role]) => {
        const token = (await createToken(hub.store.tokens, { name, org: person.org, role, unitId: null }))
          .token;
        const app = await startWeb({ timeoutMs: 120_000, args: ['--hub', hub.url, '--token', token] });
        apps.push(app);
        const g = await guardedPage(browser, { width: 1366, height: 768 });
        await g.page.goto(app.url);
        await waitForMap(g.page, 120_000);
        await g.page.locator('[data-testid="sync-status"][data-state="online"]').waitFor({ timeout: 60_000 });
        return g.page;
      }),
    );
    const [zhang, li] = pages as [(typeof pages)[0], (typeof pages)[0]];
    const open = await connectAs(
      hub.url,
      (
        await createToken(hub.store.tokens, {
          name: '张伟',
          org: person.org,
          role: 'duty-officer',
          unitId: null,
        })
      ).token,
      'bench-opener',
    );
    const incidentId = await zhang.evaluate(() => window.__jinyingPicture!()!.incidents[0]!.id);
    await pushOps(
      open,
      new OpMaker('bench-opener').op('consultation', 'cs-ui', 'upsert', session('cs-ui', incidentId)),
    );
    open.disconnect();
    for (const p of [zhang, li]) {
      await p.click('[data-testid="consult-open"]');
      await p.locator('[data-consult="cs-ui"] [data-testid="consult-join"]').click({ timeout: 60_000 });
    }
    await zhang.locator('[data-testid="share"][data-mode="present"]').waitFor({ timeout: 60_000 });
    await li.locator('[data-testid="share"][data-mode="follow"]').waitFor({ timeout: 60_000 });
    const out: number[] = [];
    for (let i = 0; i < UI_RUNS + 5; i++) {
      const lng = 112 + (i % 50) / 100;
      const lat = 37.5 - (i % 30) / 200;
      // A string, not a function: tsx's transform would name the function with a helper the page lacks.
      const arrived = li.evaluate(`new Promise((resolve) => {
        const m = window.__jinyingMap;
        const on = () => {
          const c = m.getCenter();
          if (Math.abs(c.lng - ${lng}) > 1e-6 || Math.abs(c.lat - ${lat}) > 1e-6) return;
          m.off('move', on);
          resolve(performance.timeOrigin + performance.now());
        };
        m.on('move', on);
      })`) as Promise<number>;
      await sleep(20); // the listener is in place
      const t0 = (await zhang.evaluate(`(() => {
        const at = performance.timeOrigin + performance.now();
        window.__jinyingMap.jumpTo({ center: [${lng}, ${lat}] });
        return at;
      })()`)) as number;
      const t = await arrived;
      if (i >= 5) out.push(t - t0);
      await sleep(SPACING_MS);
    }
    // 标绘: an annotation saved on 张伟's console (what terra-draw's finish does) → drawn in the
    // map source of 李强's console (its map's own sourcedata event), the incident of the session.
    const drawn: number[] = [];
    const stored: number[] = [];
    for (let i = 0; i < ANNOTATION_RUNS + 2; i++) {
      const label = `集结点 ${i}`;
      const arrived = li.evaluate(`new Promise((resolve) => {
        const m = window.__jinyingMap;
        const on = () => {
          if (!m.getSource('annotation-labels')) return;
          if (!m.querySourceFeatures('annotation-labels').some((f) => f.properties.label === ${JSON.stringify(label)})) return;
          m.off('sourcedata', on);
          resolve(performance.timeOrigin + performance.now());
        };
        m.on('sourcedata', on);
        const un = window.__jinyingStore.subscribe((x) => {
          if (!x.annotations.some((a) => a.label === ${JSON.stringify(label)})) return;
          window.__annotationStoredAt = performance.timeOrigin + performance.now();
          un();
        });
      })`) as Promise<number>;
      await sleep(20);
      const t0 = (await zhang.evaluate(`(() => {
        const at = performance.timeOrigin + performance.now();
        void window.__jinyingStore.getState().finishDrawing(
          { type: 'Point', coordinates: [${112 + i / 100}, 37.6] },
          { kind: 'point', category: 'assembly', label: ${JSON.stringify(label)} },
        );
        return at;
      })()`)) as number;
      const t = await arrived;
      const storedAt = (await li.evaluate('window.__annotationStoredAt')) as number;
      if (i >= 2) {
        drawn.push(t - t0);
        stored.push(storedAt - t0);
      }
      await sleep(300);
    }
    return [
      row({
        name: 'annotation: saved on one console → in the store of another’s page (Chromium, web mode)',
        samples: stored,
        note: 'save → main → store → push → hub → fan-out → main → picture:changed → annotation:list → the page’s store: the data is there to draw',
      }),
      row({
        name: 'annotation: saved on one console → in the map of another (Chromium, web mode)',
        samples: drawn,
        target: 'p99 < 1000 ms',
        pass: quantile(drawn, 0.99) < 1000,
        note: 'the row above, then MapLibre’s source update (its worker) on a software-rendered map; both consoles and the hub share this machine’s 2 cores',
      }),
      row({
        name: 'view: presenter console → follower console (Chromium, web mode)',
        samples: out,
        ratio: quantile(out, 0.5) / hubOnlyP50,
        target: 'p99 < 1000 ms',
        pass: quantile(out, 0.99) < 1000,
        note: 'map jumpTo → throttle → main → hub → main → renderer → follower map; ratio: p50 against the hub alone',
      }),
    ];
  } finally {
    await browser.close();
    for (const a of apps) await a.stop();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  const hubRows = await throughHub();
  // VIEW_BENCH_UI=0: the hub rows only (no browser).
  if (process.env.VIEW_BENCH_UI === '0') return hubRows;
  return [...hubRows, ...(await throughConsoles(hubRows[0]!.p50Ms!))];
}
