/**
 * 调度会商's shared map end to end: three web-mode consoles in one Chromium (fake camera and
 * microphone, peer to peer: the shared map does not need Janus) through one real hub. The opener
 * presents on arrival; the two others follow: their maps' centre, zoom and bearing (read from
 * MapLibre in each page), visible layers and selection match the presenter's (the time printed;
 * the one-second figure is the consultview benchmark's);
 * dragging one's own map pauses following (恢复跟随 puts it back on the presenter's view); a
 * follower asks for the floor and is handed it, and then drives the others; when that presenter
 * leaves, the opener presents again. Screenshots at 1366x768 and 1920x1080, Chinese and English.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { readScenarioFile } from '../../src/main/services/scenarioFile';
import { scenarioRecords } from '../../src/shared/sync/entities';
import { startTestHub } from '../integration/hub/support';
import { DEMO_SCENARIO } from '../support/tmp';
import { MEDIA_FLAGS, startConsole } from '../support/consultConsoles';
import {
  ARTIFACTS,
  guardedPage,
  launchBrowser,
  waitForMap,
  type GuardedPage,
  type WebApp,
} from '../support/web';

const PEOPLE = { 张伟: 'duty-officer', 李强: 'field-commander', 赵敏: 'viewer' } as const;
type Name = keyof typeof PEOPLE;

let hub: Awaited<ReturnType<typeof startTestHub>>;
let browser: Browser;
const apps: WebApp[] = [];
const pages = {} as Record<Name, GuardedPage>;
const figures: string[] = [];
let closing = false;

interface MapState {
  lng: number;
  lat: number;
  zoom: number;
  bearing: number;
  layers: Record<string, boolean>;
  selection: { kind: string; id: string } | null;
}
const mapState = (g: GuardedPage): Promise<MapState> =>
  g.page.evaluate(() => {
    const m = window.__jinyingMap!;
    const s = window.__jinyingStore!.getState();
    const c = m.getCenter();
    return {
      lng: c.lng,
      lat: c.lat,
      zoom: m.getZoom(),
      bearing: m.getBearing(),
      layers: { ...s.layers },
      selection: s.selection,
    };
  });
const sameView = (a: MapState, b: MapState) =>
  Math.abs(a.lng - b.lng) < 1e-6 &&
  Math.abs(a.lat - b.lat) < 1e-6 &&
  Math.abs(a.zoom - b.zoom) < 1e-4 &&
  Math.abs(a.bearing - b.bearing) < 1e-3 &&
  JSON.stringify(a.layers) === JSON.stringify(b.layers) &&
  JSON.stringify(a.selection) === JSON.stringify(b.selection);

/**
 * In a follower's page: resolve with the wall-clock time at which its map first showed `lng,lat`
 * (its own move event), however late the test asks.
 */
const arrival = (g: GuardedPage, lng: number, lat: number) =>
  g.page.evaluate(
    ([x, y]) =>
      new Promise<number>((resolve) => {
        const m = window.__jinyingMap!;
        const at = () => {
          const c = m.getCenter();
          if (Math.abs(c.lng - x!) >= 1e-6 || Math.abs(c.lat - y!) >= 1e-6) return false;
          m.off('move', at);
          resolve(performance.timeOrigin + performance.now());
          return true;
        };
        if (!at()) m.on('move', at);
      }),
    [lng, lat],
  );

/** Under a loaded machine one round trip may take seconds: waits are generous, failures shot. */
const poll = <T>(fn: () => T | Promise<T>, opts: { timeout?: number } = {}) =>
  expect.poll(fn, { timeout: 15_000, ...opts });
const shootOnFailure = (label: string) =>
  onTestFailed(async () => {
    for (const [name, g] of Object.entries(pages))
      await shot(g, `failed-${label}-${name}`).catch(() => undefined);
  });
/** The follower's map comes to show what the presenter's does (read again each time). */
async function converge(g: GuardedPage, presenter: GuardedPage) {
  await poll(async () => sameView(await mapState(g), await mapState(presenter)))
    .toBe(true)
    .catch(async (e: unknown) => {
      const [a, b] = [await mapState(g), await mapState(presenter)];
      const m = await g.page.evaluate(
        () =>
          window.__jinyingStore && document.querySelector('[data-testid="share"]')?.getAttribute('data-mode'),
      );
      throw new Error(
        `${String(e)}\nfollower (${m}) ${JSON.stringify(a)}\npresenter ${JSON.stringify(b)}\n${g.errors.join('\n')}`,
      );
    });
}
const SMALL = { width: 1366, height: 768 };
/** A screenshot at 1920x1080, then back to 1366x768. */
async function large(g: GuardedPage, name: string) {
  await g.page.setViewportSize({ width: 1920, height: 1080 });
  await g.page.waitForTimeout(800);
  await g.page.waitForFunction(() => !window.__jinyingMap!.isMoving());
  await shot(g, name);
  await g.page.setViewportSize(SMALL);
  await g.page.waitForTimeout(300);
}
const share = (g: GuardedPage) => g.page.locator('[data-testid="share"]');
const mode = (g: GuardedPage) => share(g).getAttribute('data-mode');
const shot = async (g: GuardedPage, name: string) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `consult-share-${name}.png`), await g.page.screenshot());
};

/** Drag the map by hand, from a spot where nothing stands over it (panels, the session), 70 px. */
async function drag(g: GuardedPage) {
  const spot = await g.page.evaluate(() => {
    const canvas = window.__jinyingMap!.getCanvas();
    const box = canvas.getBoundingClientRect();
    const free = (x: number, y: number) => document.elementFromPoint(x, y) === canvas;
    for (const [dx, dy] of [
      [0, 70],
      [0, -70],
      [70, 0],
      [-70, 0],
    ] as const)
      for (let fy = 0.05; fy < 0.97; fy += 0.03)
        for (let fx = 0.03; fx < 0.97; fx += 0.03) {
          const x = box.left + box.width * fx;
          const y = box.top + box.height * fy;
          // Room for the drag too: its end must be on the map as well.
          if (free(x, y) && free(x + dx, y + dy)) return { x, y, dx, dy };
        }
    return null;
  });
  if (!spot) throw new Error('no free spot on the map to drag');
  await g.page.mouse.move(spot.x, spot.y);
  await g.page.mouse.down();
  for (let i = 1; i <= 8; i++)
    await g.page.mouse.move(spot.x + (spot.dx * i) / 8, spot.y + (spot.dy * i) / 8);
  await g.page.mouse.up();
}

/**
 * waitForMap, nudging: on this loaded machine a map has been seen with its style and tiles loaded
 * and no render left to report it (three first renders at once in one browser); a repaint does.
 */
async function mapDrawn(g: GuardedPage) {
  for (let waited = 0; ; waited += 10_000) {
    try {
      return await waitForMap(g.page, 10_000);
    } catch (e) {
      if (waited >= 150_000) throw e;
      await g.page.evaluate(() => window.__jinyingMap?.triggerRepaint());
    }
  }
}

beforeAll(async () => {
  const t0 = Date.now();
  hub = await startTestHub();
  await hub.store.seed(scenarioRecords(readScenarioFile(DEMO_SCENARIO)));
  // One browser; the three consoles' servers start meanwhile, each page as soon as its server is up.
  const launched = launchBrowser(MEDIA_FLAGS);
  await Promise.all(
    Object.entries(PEOPLE).map(async ([name, role]) => {
      const app = await startConsole(hub, name, role, 240_000);
      apps.push(app);
      if (closing) return void (await app.stop()); // the set-up already gave up
      // All at 1366x768 (three software-rendered maps at 1920x1080 starve this machine); one page
      // at a time goes to 1920x1080 for its screenshot.
      const size = SMALL;
      const g = await guardedPage(await launched, size);
      g.page.setDefaultTimeout(60_000);
      await g.page.goto(app.url);
      await mapDrawn(g);
      await g.page.locator('[data-testid="sync-status"][data-state="online"]').waitFor({ timeout: 30_000 });
      pages[name as Name] = g;
    }),
  );
  browser = await launched;
  figures.push(`set-up (hub, browser, 3 consoles loaded and online): ${Date.now() - t0} ms`);
}, 480_000);

afterAll(async () => {
  closing = true;
  console.log(`[consult share e2e]\n${figures.join('\n')}`);
  await browser?.close();
  for (const a of apps) await a.stop();
  await hub?.stop();
});

describe('调度会商: one shared map, through a real hub', () => {
  it('the opener presents, the others follow: camera, layers and selection', async () => {
    shootOnFailure('1');
    const { 张伟: zhang, 李强: li, 赵敏: zhao } = pages;
    await zhang.page.click('[data-testid="consult-open"]');
    await zhang.page.fill('[data-testid="consult-people"]', '李强');
    await zhang.page.check('[data-role="viewer"]');
    await zhang.page.click('[data-testid="consult-submit"]');
    await poll(() => zhang.page.locator('[data-testid="consult-msg"]').innerText()).toContain('已发起会商');
    await zhang.page.keyboard.press('Escape');
    for (const [name, g] of Object.entries(pages)) {
      await g.page.click('[data-testid="consult-open"]').catch(async (e: unknown) => {
        await shot(g, `failed-${name}`);
        throw new Error(`${name}: ${String(e)}\n${g.errors.join('\n')}`);
      });
      await g.page
        .locator('[data-testid="consult-list"] [data-testid="consult-join"]')
        .first()
        .click({ timeout: 20_000 });
    }
    await poll(() => mode(zhang), { timeout: 20_000 }).toBe('present');
    for (const g of [li, zhao]) await poll(() => mode(g), { timeout: 20_000 }).toBe('follow');
    await poll(() => share(zhang).locator('li').count()).toBe(3);
    await poll(() => share(li).locator('li[data-presenting="true"]').innerText()).toContain('张伟');
    await poll(() => share(zhang).locator('li[data-following="true"][data-presenting="false"]').count()).toBe(
      2,
    );
    // Joining, the followers took the presenter's current view.
    for (const g of [li, zhao]) await converge(g, zhang);

    // The presenter selects an incident and hides a layer (its incident panel opens, and its
    // map's padding moves the centre): the followers show the same.
    const inc = await zhang.page.evaluate(() => {
      const i = window.__jinyingPicture!()!.incidents[2]!;
      const s = window.__jinyingStore!.getState();
      s.setLayer('units', false);
      s.select({ kind: 'incident', id: i.id });
      return { id: i.id, lng: i.location[0], lat: i.location[1] };
    });
    await zhang.page.waitForTimeout(300);
    await zhang.page.waitForFunction(() => !window.__jinyingMap!.isMoving());
    for (const g of [li, zhao]) await converge(g, zhang);
    expect(await mapState(li)).toMatchObject({
      layers: { units: false, incidents: true },
      selection: { kind: 'incident', id: inc.id },
    });
    // Then it moves the camera (centre, zoom, bearing): the time until each follower's map is there.
    const to = { lng: inc.lng + 0.05, lat: inc.lat - 0.03 };
    const arrivals = [li, zhao].map((g) => arrival(g, to.lng, to.lat));
    const t0 = await zhang.page.evaluate(({ lng, lat }) => {
      const at = performance.timeOrigin + performance.now();
      window.__jinyingMap!.jumpTo({ center: [lng, lat], zoom: 8.25, bearing: 20 });
      return at;
    }, to);
    const lags = (await Promise.all(arrivals)).map((t) => t - t0);
    figures.push(`presenter → follower view (UI): ${lags.map((l) => l.toFixed(0)).join(' / ')} ms`);
    // Each follower got there after the move (the wait is bounded by the test's timeout). How
    // fast is a figure, not an assertion: the one-second target is measured by
    // `npm run bench -- consultview` (console to console), not timed on a loaded test machine.
    for (const l of lags) expect(l).toBeGreaterThan(0);
    const want = await mapState(zhang);
    expect(want).toMatchObject({ zoom: 8.25, bearing: 20, layers: { units: false } });
    for (const g of [li, zhao]) await converge(g, zhang);
    await poll(() => zhao.page.locator('[data-testid="share-status"]').innerText()).toContain(
      '正在跟随 张伟',
    );
    await shot(zhang, '1366x768-zh-presenting');
    await large(zhao, '1920x1080-zh-following');
  }, 240_000);

  it('dragging one’s own map pauses following; 恢复跟随 goes back to the presenter’s view', async () => {
    shootOnFailure('2');
    const { 张伟: zhang, 李强: li, 赵敏: zhao } = pages;
    await drag(zhao);
    await poll(() => mode(zhao)).toBe('paused');
    await poll(() => share(zhang).locator('li[data-following="true"][data-presenting="false"]').count()).toBe(
      1,
    );
    await zhao.page.waitForFunction(() => !window.__jinyingMap!.isMoving());
    const mine = await mapState(zhao);
    await zhang.page.evaluate(() => window.__jinyingMap!.jumpTo({ center: [112.2, 37.1], zoom: 7.5 }));
    await converge(li, zhang);
    expect(sameView(await mapState(zhao), mine)).toBe(true); // paused: its own view stays
    await zhao.page.click('[data-testid="lang-toggle"]');
    await poll(() => zhao.page.locator('[data-testid="share-status"]').innerText()).toContain('paused');
    await large(zhao, '1920x1080-en-paused');
    await zhao.page.waitForTimeout(500);
    await shot(zhao, '1366x768-en-paused');
    await zhao.page.click('[data-testid="share-resume"]');
    await poll(() => mode(zhao)).toBe('follow');
    await converge(zhao, zhang);
    await poll(() => share(zhang).locator('li[data-following="true"][data-presenting="false"]').count()).toBe(
      2,
    );
  }, 240_000);

  it('a follower asks for the floor, is handed it and drives the others; when they leave the opener presents', async () => {
    shootOnFailure('3');
    const { 张伟: zhang, 李强: li, 赵敏: zhao } = pages;
    await li.page.click('[data-testid="share-request"]');
    const liRow = share(zhang).locator('li', { hasText: '李强' });
    await poll(() => liRow.getAttribute('data-requesting')).toBe('true');
    await liRow.locator('[data-testid="share-give"]').click();
    await poll(() => mode(li)).toBe('present');
    await poll(() => mode(zhang)).toBe('follow');
    await poll(() => zhao.page.locator('[data-testid="share-status"]').innerText()).toContain('李强');
    // The new presenter closes the incident (the others' panels close too) and drags the map by
    // hand: the last position (after the inertia) reaches both.
    await li.page.click('[data-testid="detail-close"]');
    await poll(() => zhao.page.evaluate(() => window.__jinyingStore!.getState().selection)).toBe(null);
    await drag(li);
    await li.page.waitForFunction(() => !window.__jinyingMap!.isMoving());
    for (const g of [zhang, zhao]) await converge(g, li);
    await zhang.page.waitForTimeout(500);
    await large(zhang, '1920x1080-zh-handed-over');
    await li.page.click('[data-testid="consult-leave"]');
    await poll(() => mode(zhang)).toBe('present');
    await poll(() => share(zhao).locator('li').count()).toBe(2);
    await poll(() => zhao.page.locator('[data-testid="share-status"]').innerText()).toContain('张伟');
    for (const g of Object.values(pages)) expect(g.external).toEqual([]);
  }, 240_000);
});
