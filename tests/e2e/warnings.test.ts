import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/tmp';
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
 * 预警 on the duty officer's screen: 张伟 drafts an orange flood warning over three Taiyuan
 * districts picked from the pack (outlined while ticked); his own approve button is disabled and
 * says why; 王芳, signed in after him, approves; he issues; the three districts are drawn in orange on
 * the map and the top bar counts one warning in force; the CAP export says where it wrote a file the
 * OASIS schema validates.
 */
let app: WebApp;
let browser: Browser;
let g: GuardedPage;
let page: Page;
const XSD = join(REPO_ROOT, 'assets', 'schemas', 'CAP-v1.2.xsd');
const signIn = (name: string) =>
  page.evaluate((n) => window.__jinyingApi!.invoke('duty:signIn', { name: n, org: '省应急指挥中心' }), name);
/** The warning areas the map has drawn: the adcodes of the county features in the fill layer. */
const drawn = () =>
  page.evaluate(() => {
    const m = window.__jinyingMap!;
    if (!m.getLayer('warning-fill')) return [] as string[];
    return [
      ...new Set(
        m.queryRenderedFeatures({ layers: ['warning-fill'] }).map((f) => String(f.properties.adcode ?? '')),
      ),
    ].sort();
  });

beforeAll(async () => {
  app = await startWeb({ mapPack: SHANXI_PACK, timeoutMs: 90_000 });
  browser = await launchBrowser();
  g = await guardedPage(browser, { width: 1366, height: 768 }, { timezoneId: 'Asia/Shanghai' });
  page = g.page;
  await page.goto(app.url);
  await waitForMap(page, 90_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('a warning drafted, approved by a second person, issued and drawn', () => {
  it('follows the two-person rule on screen and draws the issued area in its colour', async () => {
    expect((await signIn('张伟')).ok).toBe(true);
    await page.click('[data-testid="warnings-open"]');
    await page.click('[data-testid="warning-new"]');
    const f = page.locator('[data-testid="warning-form"]');
    await f.locator('select[name="colour"]').selectOption('orange');
    await f.locator('input[name="headline"]').fill('汾河太原段暴雨洪涝橙色预警');
    await f.locator('input[name="areaDesc"]').fill('太原市沿河三区');
    await f.locator('input[name="countyFilter"]').fill('太原');
    for (const name of ['小店区', '迎泽区', '晋源区'])
      await f.locator('label', { hasText: name }).locator('input').check();
    await f.locator('[data-testid="warning-save"]').click();
    await expect.poll(() => page.locator('[data-testid="warning-msg"]').innerText()).toMatch(/草稿已保存/);
    const card = page.locator('[data-testid="warning"]').first();
    expect(await card.getAttribute('data-state')).toBe('draft');
    // The drafter's approve button is disabled, and the card says why.
    expect(await card.locator('[data-testid="warning-approve"]').isDisabled()).toBe(true);
    expect(await card.innerText()).toMatch(/起草人不能审批自己的预警/);
    // Nothing is drawn for a draft once the form is closed.
    expect(await drawn()).toEqual([]);

    expect((await signIn('王芳')).ok).toBe(true);
    await expect.poll(() => card.locator('[data-testid="warning-approve"]').isDisabled()).toBe(false);
    await card.locator('[data-testid="warning-approve"]').click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('approved');
    expect((await signIn('张伟')).ok).toBe(true);
    await card.locator('[data-testid="warning-issue"]').click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('issued');
    expect(await card.innerText()).toMatch(/王芳 于 .* 北京时间 审批/);
    expect(await page.locator('[data-testid="warnings-open"]').innerText()).toBe('预警 1');

    await card.locator('[data-testid="warning-export"]').click();
    await expect
      .poll(() => page.locator('[data-testid="warning-msg"]').innerText())
      .toMatch(/已导出 CAP 1\.2（Alert/);
    const path = (await page.locator('[data-testid="warning-msg"]').innerText()).split('：').pop()!.trim();
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, path], { encoding: 'utf8' });
    expect(lint.status, lint.stderr).toBe(0);

    await page.click('[data-testid="warnings-close"]');
    await expect.poll(drawn, { timeout: 20_000 }).toEqual(['140105', '140106', '140110']);
    const colour = await page.evaluate(
      () => window.__jinyingMap!.queryRenderedFeatures({ layers: ['warning-fill'] })[0]?.properties.colour,
    );
    expect(colour).toBe('#fb8c00');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'warnings-1366-issued.png') });
  }, 180_000);
});
