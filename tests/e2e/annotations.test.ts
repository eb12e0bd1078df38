import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { scenarioRecords } from '../../src/shared/sync/entities';
import { readScenarioFile } from '../../src/main/services/scenarioFile';
import { startTestHub } from '../integration/hub/support';
import { FaultProxy, NO_FAULTS } from '../support/faultProxy';
import { DEMO_SCENARIO } from '../support/tmp';
import {
  ARTIFACTS,
  guardedPage,
  launchBrowser,
  SHANXI_PACK,
  startWeb,
  waitForMap,
  type GuardedPage,
  type WebApp,
} from '../support/web';

/**
 * 标绘 across three web-mode consoles through one real hub, in one Chromium: the duty officer 张伟
 * draws a cordon with terra-draw by clicking the map; 王芳's console and the viewer 赵敏's draw it
 * (their map sources hold it, with its label and colour); 王芳 relabels it on her map; her link is
 * cut, she draws a route, which reaches the others only once the link is back; 张伟 removes the
 * cordon and it leaves every map. The viewer has no drawing tools.
 */
let hub: Awaited<ReturnType<typeof startTestHub>>;
const apps: WebApp[] = [];
let browser: Browser;
let a: GuardedPage;
let b: GuardedPage;
let c: GuardedPage;
/** 王芳's link to the hub: a TCP proxy the test cuts and heals. */
let bLink: FaultProxy;
const INCIDENT = 'inc-20261129-005';
const CORDON_RGB = '#d32f2f';
const figures: Record<string, number> = {};
const t0 = Date.now();
const step = (what: string) =>
  console.log(`[annotations +${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);

const shot = async (g: GuardedPage, name: string) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `annotations-${name}.png`), await g.page.screenshot());
};
const syncState = (g: GuardedPage) =>
  g.page.locator('[data-testid="sync-status"]').getAttribute('data-state');

/** What the map draws of the annotations: each shape's label, kind and colour, from its sources. */
const drawn = (g: GuardedPage) =>
  g.page.evaluate(() => {
    const map = window.__jinyingMap!;
    if (!map.getSource('annotations')) return [];
    const seen = new Map<string, { label: string; kind: string; colour: string }>();
    for (const src of ['annotations', 'annotation-labels'])
      for (const f of map.querySourceFeatures(src)) {
        const p = f.properties as { id: string; label: string; kind: string; colour: string };
        seen.set(p.id, { label: p.label, kind: p.kind, colour: p.colour });
      }
    return [...seen.values()].sort((x, y) => x.label.localeCompare(y.label));
  });
const labels = async (g: GuardedPage) => (await drawn(g)).map((x) => x.label);
/** What a console's store holds for the map (the labels) and its last error: said when a poll fails. */
const stored = (g: GuardedPage) =>
  g.page.evaluate(() => {
    const s = window.__jinyingStore!.getState();
    return {
      labels: s.annotations.map((x) => x.label).sort(),
      error: s.annotationError?.message ?? null,
      drawing: s.drawing?.kind ?? null,
    };
  });
/** The ids of the annotations a console's store holds for the incident in focus, by label. */
const idOf = (g: GuardedPage, label: string) =>
  g.page.evaluate(
    (label) => window.__jinyingStore!.getState().annotations.find((x) => x.label === label)?.id ?? '',
    label,
  );
const atHub = (id: string) => hub.store.getEntity('annotation', id)?.fields;

/**
 * Start watching a console's map for a label: resolves (in the page) with the wall-clock time
 * its annotation source first holds it, read back by `seenAt`.
 */
const watchFor = (g: GuardedPage, label: string) =>
  g.page.evaluate((label) => {
    const map = window.__jinyingMap!;
    const w = window as unknown as { __seen?: Record<string, number> };
    w.__seen ??= {};
    const check = () => {
      if (w.__seen![label]) return;
      if (!map.getSource('annotation-labels')) return;
      if (map.querySourceFeatures('annotation-labels').some((f) => f.properties.label === label)) {
        w.__seen![label] = Date.now();
        map.off('sourcedata', check);
      }
    };
    map.on('sourcedata', check);
  }, label);
const seenAt = (g: GuardedPage, label: string) =>
  g.page.evaluate(
    (label) => (window as unknown as { __seen?: Record<string, number> }).__seen?.[label] ?? 0,
    label,
  );

/** Pixels of the map on a console, clear of the panels: the middle of the map's free part. */
const freeMiddle = (g: GuardedPage) =>
  g.page.evaluate(() => {
    const r = window.__jinyingMap!.getCanvas().getBoundingClientRect();
    const panel = document.querySelector('[data-testid="detail-panel"]')?.getBoundingClientRect();
    const right = panel ? Math.min(panel.left, r.right) : r.right;
    return { x: Math.round((r.left + right) / 2), y: Math.round(r.top + r.height * 0.42) };
  });

/** Click the map at these pixels, one by one (terra-draw takes each as a point of the shape). */
async function clickPath(g: GuardedPage, points: { x: number; y: number }[]): Promise<void> {
  for (const p of points) {
    await g.page.mouse.click(p.x, p.y);
    await g.page.waitForTimeout(150);
  }
}

async function selectIncident(g: GuardedPage): Promise<void> {
  await g.page.click(`[data-testid="list-incidents"] li[data-id="${INCIDENT}"] button.row`, {
    timeout: 90_000,
  });
  await g.page.locator('[data-testid="annotate"]').waitFor({ timeout: 60_000 });
}

beforeAll(async () => {
  hub = await startTestHub();
  await hub.store.seed(scenarioRecords(readScenarioFile(DEMO_SCENARIO)));
  bLink = new FaultProxy({ host: '127.0.0.1', port: hub.port }, 1, NO_FAULTS);
  const bHub = await bLink.listen();
  const web = async (url: string, role: 'duty-officer' | 'viewer', name: string) =>
    startWeb({
      timeoutMs: 300_000,
      mapPack: SHANXI_PACK,
      args: ['--hub', url, '--token', await hub.token(role, undefined, { name, org: '省应急指挥中心' })],
    });
  // Started together; any that did start is stopped after, even if another did not.
  const started = await Promise.allSettled([
    web(hub.url, 'duty-officer', '张伟'),
    web(bHub, 'duty-officer', '王芳'),
    web(hub.url, 'viewer', '赵敏'),
  ]);
  for (const r of started) if (r.status === 'fulfilled') apps.push(r.value);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  browser = await launchBrowser();
  // Three maps share the one software-rendered GPU process: each at 1366x768 while they work, the
  // larger screenshots at the end.
  const console1366 = () => guardedPage(browser, { width: 1366, height: 768 });
  [a, b, c] = await Promise.all([console1366(), console1366(), console1366()]);
  // Three software-rendered maps and three servers on one machine: a step may wait on the others.
  for (const g of [a, b, c]) g.page.setDefaultTimeout(90_000);
  await Promise.all([a, b, c].map((g, i) => g.page.goto(apps[i]!.url)));
  await Promise.all([a, b, c].map((g) => waitForMap(g.page, 300_000)));
}, 900_000);

afterAll(async () => {
  await browser?.close();
  for (const app of apps) await app.stop();
  await bLink?.close();
  await hub?.stop();
  if (Object.keys(figures).length) {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'annotations-figures.json'), JSON.stringify(figures, null, 2));
  }
});

describe('标绘 on three consoles through one hub', () => {
  it('a cordon drawn by clicking one map is drawn on the other two, with its label and colour', async () => {
    await Promise.all(
      [a, b, c].map((g) => expect.poll(() => syncState(g), { timeout: 30_000 }).toBe('online')),
    );
    step('online');
    for (const g of [a, b, c]) await selectIncident(g);
    step('incident selected on all three');
    // The viewer sees annotations and has no tools.
    expect(await c.page.locator('[data-testid="annotate-area"]').count()).toBe(0);
    expect(await c.page.locator('[data-testid="annotate"]').innerText()).toContain('只读账号');
    await Promise.all([watchFor(b, '警戒区 A'), watchFor(c, '警戒区 A')]);

    await a.page.fill('[data-testid="annotate-label"]', '警戒区 A');
    await a.page.selectOption('[data-testid="annotate-category"]', 'cordon');
    await a.page.click('[data-testid="annotate-area"]');
    expect(await a.page.locator('[data-testid="annotate-hint"]').innerText()).toContain('单击起点闭合');
    const m = await freeMiddle(a);
    const corner = [
      { x: m.x - 90, y: m.y - 70 },
      { x: m.x + 90, y: m.y - 70 },
      { x: m.x + 60, y: m.y + 60 },
    ];
    await clickPath(a, corner);
    step('three corners');
    await shot(a, '1366x768-zh-drawing');
    const closedAt = Date.now();
    await a.page.mouse.click(corner[0]!.x, corner[0]!.y);
    step('closed');
    await expect
      .poll(() => stored(a), { timeout: 30_000 })
      .toEqual({ labels: ['警戒区 A'], error: null, drawing: null });
    step('saved');
    await expect
      .poll(() => drawn(a), { timeout: 30_000 })
      .toEqual([{ label: '警戒区 A', kind: 'area', colour: CORDON_RGB }]);
    for (const g of [b, c])
      await expect
        .poll(() => drawn(g), { timeout: 30_000 })
        .toEqual([{ label: '警戒区 A', kind: 'area', colour: CORDON_RGB }]);
    step('seen');
    figures.cordonToSecondMs = (await seenAt(b, '警戒区 A')) - closedAt;
    figures.cordonToViewerMs = (await seenAt(c, '警戒区 A')) - closedAt;
    // The hub has it, drawn by 张伟, with the corners clicked.
    const rec = atHub(await idOf(a, '警戒区 A'));
    expect(rec).toMatchObject({ incidentId: INCIDENT, kind: 'area', createdBy: { name: '张伟' } });
    expect((rec?.geometry as { coordinates: unknown[][] }).coordinates[0]).toHaveLength(4);
    await shot(a, '1366x768-zh-drawn');
    await shot(c, '1366x768-zh-viewer');
  }, 240_000);

  it('王芳 selects it on her map and relabels it; the others follow', async () => {
    await Promise.all([watchFor(a, '警戒区 A（扩大）'), watchFor(c, '警戒区 A（扩大）')]);
    const pos = await b.page.evaluate(() => {
      const map = window.__jinyingMap!;
      const f = map.querySourceFeatures('annotation-labels')[0]!;
      const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
      const r = map.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await b.page.mouse.click(pos.x, pos.y);
    const editor = b.page.locator('[data-testid="annotate-edit"]');
    await editor.waitFor({ timeout: 30_000 });
    expect(await editor.innerText()).toMatch(
      /张伟（省应急指挥中心） 绘制于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 北京时间/,
    );
    await b.page.fill('[data-testid="annotate-edit-label"]', '警戒区 A（扩大）');
    await shot(b, '1366x768-zh-edit');
    const savedAt = Date.now();
    await b.page.click('[data-testid="annotate-edit-save"]');
    for (const g of [a, c])
      await expect.poll(() => labels(g), { timeout: 30_000 }).toEqual(['警戒区 A（扩大）']);
    figures.relabelToOthersMs =
      Math.max(await seenAt(a, '警戒区 A（扩大）'), await seenAt(c, '警戒区 A（扩大）')) - savedAt;
  }, 240_000);

  it('a route drawn while 王芳’s link is cut reaches the others once it is back', async () => {
    bLink.setFaults({ ...NO_FAULTS, cut: 1 });
    bLink.cutAll();
    await expect.poll(() => syncState(b), { timeout: 60_000 }).toBe('offline');
    await b.page.selectOption('[data-testid="annotate-category"]', 'route');
    await b.page.fill('[data-testid="annotate-label"]', '进场路线');
    await b.page.click('[data-testid="annotate-line"]');
    const m = await freeMiddle(b);
    const path = [
      { x: m.x - 200, y: m.y + 150 },
      { x: m.x - 60, y: m.y + 40 },
      { x: m.x + 10, y: m.y - 20 },
    ];
    // The last point clicked twice ends the line.
    await clickPath(b, [...path, path[2]!]);
    await expect.poll(() => labels(b), { timeout: 30_000 }).toEqual(['警戒区 A（扩大）', '进场路线']);
    // Kept on 王芳's console while the link is down: nobody else has it.
    await a.page.waitForTimeout(1500);
    expect(await labels(a)).toEqual(['警戒区 A（扩大）']);
    const route = await idOf(b, '进场路线');
    expect(route).not.toBe('');
    expect(atHub(route)).toBeUndefined();
    await Promise.all([watchFor(a, '进场路线'), watchFor(c, '进场路线')]);
    const healedAt = Date.now();
    bLink.heal();
    for (const g of [a, c])
      await expect.poll(() => labels(g), { timeout: 150_000 }).toEqual(['警戒区 A（扩大）', '进场路线']);
    figures.offlineRouteAfterHealMs =
      Math.max(await seenAt(a, '进场路线'), await seenAt(c, '进场路线')) - healedAt;
    expect((await drawn(c)).find((x) => x.label === '进场路线')).toEqual({
      label: '进场路线',
      kind: 'line',
      colour: '#1565c0',
    });
    await shot(b, '1366x768-zh-route');
  }, 240_000);

  it('张伟 removes the cordon: it leaves every map, and the hub keeps it marked with who removed it', async () => {
    const id = await idOf(a, '警戒区 A（扩大）');
    const pos = await a.page.evaluate(() => {
      const map = window.__jinyingMap!;
      const f = map
        .querySourceFeatures('annotation-labels')
        .find((x) => (x.properties as { kind: string }).kind === 'area')!;
      const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
      const r = map.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await a.page.mouse.click(pos.x, pos.y);
    await a.page.locator('[data-testid="annotate-edit"]').waitFor({ timeout: 30_000 });
    expect(await a.page.locator('[data-testid="annotate-edit"]').innerText()).toContain(
      '王芳（省应急指挥中心） 修改于',
    );
    await a.page.click('[data-testid="annotate-edit-remove"]');
    for (const g of [a, b, c]) await expect.poll(() => labels(g), { timeout: 20_000 }).toEqual(['进场路线']);
    expect(atHub(id)).toMatchObject({ removed: true, by: { name: '张伟' }, createdBy: { name: '张伟' } });
  }, 240_000);

  it('looks right in English and at 1920x1080, with nothing under a panel', async () => {
    await a.page.click('[data-testid="lang-toggle"]');
    await expect.poll(() => a.page.locator('[data-testid="annotate"]').innerText()).toContain('Annotate');
    await a.page.fill('[data-testid="annotate-label"]', 'Staging');
    await a.page.click('[data-testid="annotate-point"]');
    await shot(a, '1366x768-en-point');
    await a.page.click('[data-testid="annotate-cancel"]');
    await a.page.setViewportSize({ width: 1920, height: 1080 });
    await shot(a, '1920x1080-en');
    await c.page.setViewportSize({ width: 1920, height: 1080 });
    await shot(c, '1920x1080-zh-viewer');
    await b.page.setViewportSize({ width: 1920, height: 1080 });
    await shot(b, '1920x1080-zh');
    // The toolbar stands clear of the incident panel and of the map's own controls.
    for (const g of [a, c]) {
      const overlap = await g.page.evaluate(() => {
        const box = (s: string) => document.querySelector(s)?.getBoundingClientRect() ?? null;
        const bar = box('[data-testid="annotate"]')!;
        const others = [
          '[data-testid="detail-panel"]',
          '.maplibregl-ctrl-bottom-left',
          '[data-testid="map-coords"]',
        ]
          .map(box)
          .filter((r): r is DOMRect => r !== null);
        return others.some(
          (r) => r.left < bar.right && bar.left < r.right && r.top < bar.bottom && bar.top < r.bottom,
        );
      });
      expect(overlap).toBe(false);
    }
    await a.page.click('[data-testid="lang-toggle"]');
    for (const g of [a, b, c]) expect(g.errors).toEqual([]);
    for (const g of [a, b, c]) expect(g.external).toEqual([]);
  }, 240_000);
});
