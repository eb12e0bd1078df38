import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
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
import { distinctColours } from '../support/png';
import { DEMO_SCENARIO } from '../support/tmp';

const demo = JSON.parse(readFileSync(DEMO_SCENARIO, 'utf8')) as {
  incidents: unknown[];
  units: unknown[];
  bases: unknown[];
  depots: unknown[];
};

let app: WebApp;
let browser: Browser;
let g: GuardedPage;

beforeAll(async () => {
  app = await startWeb({ mapPack: SHANXI_PACK });
  browser = await launchBrowser();
  g = await guardedPage(browser);
  await g.page.goto(app.url);
  await waitForMap(g.page);
  // A standalone desk writes nothing until someone signs in for the shift (值班签到).
  const who = await g.page.evaluate(() =>
    window.__jinyingApi!.invoke('duty:signIn', { name: '测试值班员', org: '省应急指挥中心' }),
  );
  if (!who.ok) throw new Error(`sign-in failed: ${JSON.stringify(who)}`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('web mode on a fresh data folder, with the Shanxi map pack', () => {
  it('seeds the demo scenario and says so', () => {
    expect(app.output()).toMatch(/empty store: loaded the demo scenario/);
  });

  it('draws the map canvas', async () => {
    const canvas = g.page.locator('.maplibregl-canvas');
    const box = await canvas.boundingBox();
    expect(box!.width).toBeGreaterThan(400);
    expect(box!.height).toBeGreaterThan(300);
    // A drawn map has boundaries, fills, rivers and symbols: many colours, not a blank canvas.
    expect(distinctColours(await canvas.screenshot())).toBeGreaterThan(50);
  });

  it('has features on each of the four operational layers, as many as the store holds', async () => {
    const counts = await g.page.evaluate(() => {
      const m = window.__jinyingMap!;
      // GeoJSON sources are tiled: a feature near a tile edge is returned once per tile, so count ids.
      const n = (src: string) => new Set(m.querySourceFeatures(src).map((f) => f.properties.id)).size;
      return { incidents: n('incidents'), units: n('units'), bases: n('bases'), depots: n('depots') };
    });
    expect(counts.incidents).toBe(demo.incidents.length);
    expect(counts.units).toBeGreaterThan(0); // may be clustered when zoomed out

    expect(counts.bases).toBe(demo.bases.length);
    expect(counts.depots).toBe(demo.depots.length);
  });

  it('lists incidents, units, bases and depots in the side panel', async () => {
    const expected = {
      incidents: demo.incidents.length,
      units: demo.units.length,
      bases: demo.bases.length,
      depots: demo.depots.length,
    };
    for (const [tab, n] of Object.entries(expected)) {
      await g.page.click(`[data-testid="tab-${tab}"]`);
      await expect.poll(() => g.page.locator(`[data-testid="list-${tab}"] li[data-id]`).count()).toBe(n);
    }
    await g.page.click('[data-testid="tab-bases"]');
    await expect
      .poll(() => g.page.locator('[data-testid="list-bases"]').innerText())
      .toMatch(/太原武宿国际机场/);
  });

  it('shows the dispatch recommendation for a selected incident and proposes an assignment', async () => {
    await g.page.click('[data-testid="tab-incidents"]');
    await g.page
      .locator('[data-testid="list-incidents"] li', { hasText: '沁源县太岳山林区森林火灾' })
      .click();
    // The incident panel's dispatch tab.
    await g.page.click('[data-testid="itab-dispatch"]');
    const panel = g.page.locator('[data-testid="dispatch-panel"]');
    await expect
      .poll(() => panel.locator('[data-testid="candidates"] li').count(), { timeout: 20_000 })
      .toBe(10);
    await expect
      .poll(() => panel.locator('[data-testid="run-card"]').innerText())
      .toMatch(/力量编成（III级森林火灾）/);
    // Every candidate is explained: ETA, distance and why it qualifies. By day the first is an
    // aircraft ("约 N 分钟"); by night a ground team, its straight-line ETA given as a band.
    const first = panel.locator('[data-testid="candidates"] li').first();
    expect(await first.innerText()).toMatch(/(约 \d+|\d+–\d+) 分钟[\s\S]*公里[\s\S]*具备：/);
    // Ranked by ETA (the point estimate: a band's low end moves with how old the unit's fix is).
    const mins = (
      await panel
        .locator('[data-testid="candidates"] li')
        .evaluateAll((ls) => ls.map((l) => (l as HTMLElement).dataset.eta ?? 'NaN'))
    ).map(Number);
    expect(mins.every(Number.isFinite)).toBe(true);
    expect(mins).toEqual([...mins].sort((a, b) => a - b));
    const id = await first.getAttribute('data-id');
    await first.locator('button').click();
    // Standalone (no hub): decided at once with the hub's rules; the resource is now taken.
    await expect
      .poll(() =>
        g.page.evaluate(
          (rid) => window.__jinyingPicture?.()?.assignments.find((a) => a.resourceId === rid)?.status ?? null,
          id,
        ),
      )
      .toBe('accepted');
    await expect.poll(() => panel.locator(`[data-testid="candidates"] li[data-id="${id}"]`).count()).toBe(0);
  });

  it('made no request outside this machine, and no page errors', () => {
    expect(g.external).toEqual([]);
    expect(g.errors.filter((e) => !/GL Driver|GPU stall/.test(e))).toEqual([]);
  });

  it('saves a screenshot artefact', async () => {
    await g.page.click('[data-testid="tab-incidents"]');
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'foundation-web-mode.png');
    writeFileSync(file, await g.page.screenshot());
    expect(readFileSync(file).length).toBeGreaterThan(10_000);
  });
});
