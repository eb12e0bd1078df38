import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
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

/**
 * Aircraft availability in the browser (web mode, real Chromium, the demo scenario): the duty
 * officer sets 太原武宿 to instrument conditions (仪表气象条件 IFR) in the base's details, and the
 * recommendation for a flood in 太原 then says why its VFR helicopters cannot go. The server's
 * clock is real, so at night those helicopters are already held for darkness: the test asserts
 * only what IFR changes (the IFR reason appears; the set-by line names the person and the time).
 */
let app: WebApp;
let browser: Browser;
let g: GuardedPage;
const H01 = 'base-ZBYN-ac1';

beforeAll(async () => {
  app = await startWeb({ mapPack: SHANXI_PACK });
  browser = await launchBrowser();
  g = await guardedPage(browser, { width: 1366, height: 768 });
  await g.page.goto(app.url);
  await waitForMap(g.page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The H01 row of the dispatch tab: a candidate, or a grounded aircraft with its reasons. */
const h01Text = () =>
  g.page.evaluate((id) => {
    const candidate = document.querySelector(`[data-testid="candidates"] li[data-id="${id}"]`);
    const grounded = document.querySelector(`[data-testid="grounded"] li[data-id="${id}"]`);
    return { candidate: candidate?.textContent ?? null, grounded: grounded?.textContent ?? null };
  }, H01);

describe('the duty officer sets a base to IFR and the recommendation says so', () => {
  it('IFR at 太原武宿 grounds its VFR helicopters in the flood recommendation, and says which rule', async () => {
    const p = g.page;
    // Setup through the same contract the UI uses: a person on duty, and a flood in 太原.
    const incidentId = await p.evaluate(async () => {
      const api = window.__jinyingApi!;
      const who = await api.invoke('duty:signIn', { name: '赵敏', org: '省应急指挥中心' });
      if (!who.ok) throw new Error(who.error.message);
      const r = await api.invoke('incident:create', {
        title: '迎泽区城区内涝',
        hazard: 'flood',
        level: 'IV',
        location: [112.56, 37.87],
      });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.id;
    });
    await p.locator(`[data-testid="list-incidents"] li[data-id="${incidentId}"]`).click();
    await p.click('[data-testid="itab-dispatch"]');
    await expect
      .poll(() => p.locator('[data-testid="candidates"] li').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    // Before: H01 is either a candidate (day) or held for the night; IFR is named nowhere.
    await expect
      .poll(async () => Object.values(await h01Text()).some((t) => t !== null), { timeout: 20_000 })
      .toBe(true);
    const before = await h01Text();
    expect(`${before.candidate ?? ''}${before.grounded ?? ''}`).not.toMatch(/仪表气象条件/);

    // The base's details: set the weather status.
    await p.fill('[data-testid="search-input"]', '太原武宿');
    const hit = p.locator('[data-testid="search-results"] li[data-kind="base"]').first();
    await expect.poll(() => hit.count(), { timeout: 15_000 }).toBe(1);
    await hit.click();
    await expect
      .poll(() => p.locator('[data-testid="detail-panel"]').getAttribute('data-id'))
      .toBe('base-ZBYN');
    expect(await p.locator('[data-testid="base-weather-set"]').innerText()).toMatch(/未设定/);
    expect(await p.locator('[data-testid="base-daylight"]').innerText()).toMatch(
      /昼间 \d{4}-\d\d-\d\d 0[67]:\d\d 北京时间 至 \d{4}-\d\d-\d\d 1[78]:\d\d 北京时间/,
    );
    await p.selectOption('[data-testid="base-weather"]', 'ifr');
    await expect
      .poll(() => p.locator('[data-testid="base-weather-set"]').innerText(), { timeout: 15_000 })
      .toMatch(/赵敏 设定于 \d{4}-\d\d-\d\d \d\d:\d\d 北京时间/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await p.screenshot({ path: join(ARTIFACTS, 'air-availability-base-ifr.png') });

    // Back to the incident: H01 is grounded and the reason names IFR and the missing capability.
    await p.click('[data-testid="detail-close"]');
    await p.locator(`[data-testid="list-incidents"] li[data-id="${incidentId}"]`).click();
    await p.click('[data-testid="itab-dispatch"]');
    await expect
      .poll(async () => (await h01Text()).grounded ?? '', { timeout: 30_000 })
      .toMatch(/晋应-H01（太原武宿国际机场）：基地为仪表气象条件（IFR），该机不具备仪表飞行能力/);
    expect((await h01Text()).candidate).toBeNull();
    expect(await p.locator('[data-testid="grounded"]').innerText()).toMatch(
      /架航空器受昼夜、气象或空域限制暂不能起飞/,
    );
    await p.locator('[data-testid="grounded"]').scrollIntoViewIfNeeded();
    await p.screenshot({ path: join(ARTIFACTS, 'air-availability-dispatch-ifr.png') });
  }, 180_000);
});
