import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { FeatureCollection } from 'geojson';
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
import type { Picture } from '../../src/shared/ipc';
import { assign, moveUp, prepareCoverageGrid } from '../../src/shared/dispatch';
import { assignInputs, remainingNeeds } from '../../src/shared/planning/committed';
import { moveUpInputs, supplyPlanning } from '../../src/shared/planning/plans';

/**
 * The planning view (研判) in the browser, web mode, the demo moved to now and the Shanxi pack: each
 * tool opens, its numbers are the engine's on the same picture (computed here in Node), the optimal
 * multi-incident plan is proposed and shows in the incident's dispatch tab, a province-wide siting
 * search is cancelled. Screenshots at 1366×768 and 1920×1080, zh and en, in test-artifacts/planning.
 */
let app: WebApp;
let browser: Browser;
let g: GuardedPage;
const OUT = join(ARTIFACTS, 'planning');
const counties = JSON.parse(
  readFileSync(join(SHANXI_PACK, 'shanxi_district_tianditu2024.geojson'), 'utf8'),
) as FeatureCollection;

beforeAll(async () => {
  app = await startWeb({ mapPack: SHANXI_PACK });
  browser = await launchBrowser();
  g = await guardedPage(browser, { width: 1366, height: 768 });
  await g.page.goto(app.url);
  await waitForMap(g.page);
  const who = await g.page.evaluate(() =>
    window.__jinyingApi!.invoke('duty:signIn', { name: '张卫东', org: '省应急指挥中心' }),
  );
  if (!who.ok) throw new Error(`sign-in failed: ${JSON.stringify(who)}`);
  mkdirSync(OUT, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const picture = () => g.page.evaluate(() => window.__jinyingPicture!()!) as Promise<Picture>;
const num = async (sel: string, attr = 'data-value') => Number(await g.page.getAttribute(sel, attr));
const shot = (name: string) => g.page.screenshot({ path: join(OUT, `${name}.png`) });

describe('the planning view', () => {
  it('opens from the top bar; supply: the engine’s shipments and the 10-hour check, arrows on the map, recorded', async () => {
    const p = g.page;
    await p.click('[data-testid="planning-open"]');
    await expect
      .poll(() => p.locator('[data-testid="planning-supply"] section').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const expected = supplyPlanning(await picture(), Date.now());
    for (const s of expected.plans) {
      const depots = await p
        .locator(`[data-testid="supply-${s.incidentId}"] [data-testid="supply-shipment"]`)
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-depot')));
      expect(depots, s.title).toEqual(s.plan.shipments.map((x) => x.depotId));
      const met = s.plan.complete && (s.plan.lastInHandsMinutes === null || s.plan.meetsTarget);
      expect(await p.getAttribute(`[data-testid="supply-check-${s.incidentId}"]`, 'data-met')).toBe(
        String(met),
      );
    }
    // Drawn: one arrow per shipment.
    const arrows = await p.evaluate(() => {
      const src = window.__jinyingMap!.getStyle().sources['planning-arrows'] as {
        data: GeoJSON.FeatureCollection;
      };
      return src.data.features.length;
    });
    expect(arrows).toBe(expected.plans.reduce((n, s) => n + s.plan.shipments.length, 0));
    await shot('supply-1366');
    const first = expected.plans[0]!;
    await p.click(`[data-testid="supply-propose-${first.incidentId}"]`);
    await expect
      .poll(() => p.textContent(`[data-testid="supply-recorded-${first.incidentId}"]`).catch(() => ''), {
        timeout: 15_000,
      })
      .toContain('张卫东');
    const tl = await p.evaluate(
      (id) => window.__jinyingApi!.invoke('timeline:list', { incidentId: id }),
      first.incidentId,
    );
    expect(
      tl.ok &&
        tl.value.some((e) => e.kind === 'note' && e.data.planning === 'supply' && e.by.name === '张卫东'),
    ).toBe(true);
  }, 120_000);

  it('multi-incident: optimal and greedy totals are the engine’s; the plan is proposed and shows in the dispatch tab', async () => {
    const p = g.page;
    await p.click('[data-testid="ptab-assign"]');
    await expect.poll(() => p.locator('[data-testid="assign-summary"]').count(), { timeout: 30_000 }).toBe(1);
    const pic = await picture();
    const expected = assign(pic, assignInputs(remainingNeeds(pic)), { now: Date.now() });
    expect(await num('[data-testid="assign-optimal-total"]')).toBeCloseTo(
      expected.optimal.totals.totalEtaMinutes,
      6,
    );
    expect(await num('[data-testid="assign-greedy-total"]')).toBeCloseTo(
      expected.greedy.totals.totalEtaMinutes,
      6,
    );
    expect(await num('[data-testid="assign-saved"]')).toBeCloseTo(expected.saved.totalEtaMinutes, 6);
    expect(await p.textContent('[data-testid="assign-saved"]')).toContain(
      String(Math.round(expected.saved.totalEtaMinutes)),
    );
    await shot('assign-1366');
    await p.click('[data-testid="assign-propose"]');
    await expect
      .poll(() => p.textContent('[data-testid="assign-sent"]').catch(() => ''), { timeout: 60_000 })
      .toContain(`${expected.optimal.totals.filled}`);
    // In the dispatch path: the first planned incident's dispatch tab lists what was proposed.
    const inc = expected.optimal.incidents.find((i) => i.slots.some((s) => s.assigned.length))!;
    const ids = inc.slots.flatMap((s) => s.assigned.map((a) => a.id));
    await p.click('[data-testid="planning-close"]');
    await p.evaluate((id) => window.__jinyingStore!.getState().select({ kind: 'incident', id }), inc.id);
    await p.click('[data-testid="itab-dispatch"]');
    for (const id of ids)
      await expect
        .poll(() => p.locator(`[data-testid="sent"] li[data-id="${id}"]`).count(), { timeout: 30_000 })
        .toBe(1);
    const asg = (await picture()).assignments.filter(
      (a) => ids.includes(a.resourceId) && a.incidentId === inc.id,
    );
    expect(asg.map((a) => a.proposedBy)).toEqual(ids.map(() => '张卫东'));
    await shot('assign-dispatch-tab-1366');
    await p.evaluate(() => window.__jinyingStore!.getState().select(null));
  }, 180_000);

  it('move-up: coverage before, after the commitments and after the moves are the engine’s, drawn on the map', async () => {
    const p = g.page;
    await p.click('[data-testid="planning-open"]');
    await p.click('[data-testid="ptab-moveUp"]');
    // The committed aircraft serve the forest fire: its coverage is the default.
    expect(await p.inputValue('[data-testid="moveup-hazard"]')).toBe('forest_fire');
    await p.click('[data-testid="moveup-run"]');
    await expect.poll(() => p.locator('[data-testid="moveup-numbers"]').count(), { timeout: 60_000 }).toBe(1);
    const pic = await picture();
    const inputs = moveUpInputs(pic);
    const r = moveUp(inputs.bases, prepareCoverageGrid(counties, 1), inputs.commit, {
      minutes: 60,
      now: Date.now(),
      hazard: 'forest_fire',
    });
    expect(await num('[data-testid="moveup-before"]')).toBe(r.coveredAreaKm2Before);
    expect(await num('[data-testid="moveup-after-commit"]')).toBe(r.coveredAreaKm2AfterCommit);
    expect(await num('[data-testid="moveup-after-moves"]')).toBe(r.coveredAreaKm2AfterMoves);
    expect(await p.locator('[data-testid="moveup-move"]').count()).toBe(r.moves.length);
    await shot('moveup-1366');
  }, 120_000);

  it('siting: a search of the province shows progress and is cancelled; the county seats give the best site', async () => {
    const p = g.page;
    await p.click('[data-testid="ptab-siting"]');
    await p.click('[data-testid="siting-lattice"]');
    await expect
      .poll(() => p.textContent('[data-testid="planning-progress"]').catch(() => ''), { timeout: 30_000 })
      .toMatch(/评估中… \d+\/\d+/);
    await shot('siting-progress-1366');
    await p.click('[data-testid="planning-cancel"]');
    await expect
      .poll(() => p.locator('[data-testid="planning-cancelled"]').count(), { timeout: 30_000 })
      .toBe(1);
    expect(await p.locator('[data-testid="siting-result"]').count()).toBe(0);
    await p.click('[data-testid="siting-seats"]');
    await expect.poll(() => p.locator('[data-testid="siting-result"]').count(), { timeout: 60_000 }).toBe(1);
    expect(Number(await p.getAttribute('[data-testid="siting-result"]', 'data-gain'))).toBeGreaterThan(0);
    await shot('siting-1366');
    // English, and the larger screen.
    await p.click('[data-testid="lang-toggle"]');
    await expect.poll(() => p.textContent('[data-testid="planning-open"]')).toBe('Planning');
    await shot('siting-en-1366');
    await p.setViewportSize({ width: 1920, height: 1080 });
    await shot('siting-en-1920');
    await p.click('[data-testid="ptab-assign"]');
    await expect.poll(() => p.locator('[data-testid="planning-assign"]').count()).toBe(1);
    await shot('assign-en-1920');
    await p.click('[data-testid="ptab-supply"]');
    await expect
      .poll(() => p.locator('[data-testid="planning-supply"] section').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await shot('supply-en-1920');
    await p.click('[data-testid="lang-toggle"]');
    await shot('supply-zh-1920');
    expect(g.external).toEqual([]);
    expect(g.errors).toEqual([]);
  }, 180_000);
});
