import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { guardedPage, launchBrowser, startWeb, type GuardedPage, type WebApp } from '../support/web';
import { dutyDate } from '../../src/shared/desk/zeroReports';

// 零报告 on the duty officer's screen: after the due time every city that has not confirmed is
// flagged; a confirmation by the person on duty clears its city's flag and names who and when.

let app: WebApp;
let browser: Browser;
let g: GuardedPage;
let page: Page;

beforeAll(async () => {
  app = await startWeb({ timeoutMs: 60_000 });
  browser = await launchBrowser();
  g = await guardedPage(browser, { width: 1366, height: 768 }, { timezoneId: 'Asia/Shanghai' });
  page = g.page;
  // The page's clock is fixed at 23:00 China Standard Time of the server's duty day: past 09:00.
  await page.clock.setFixedTime(new Date(`${dutyDate(Date.now())}T23:00:00+08:00`));
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="zero-open"]', { timeout: 60_000 });
  const who = await page.evaluate(() =>
    window.__jinyingApi!.invoke('duty:signIn', { name: '王芳', org: '吕梁市应急局' }),
  );
  if (!who.ok) throw new Error(`sign-in failed: ${JSON.stringify(who)}`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('零报告 board', () => {
  it(
    'flags all 11 cities after the due time, and clears one when it confirms',
    { timeout: 60_000 },
    async () => {
      await expect
        .poll(() => page.locator('[data-testid="zero-open"]').innerText())
        .toBe('零报告：11 市未报');
      await page.locator('[data-testid="zero-open"]').click();
      const dialog = page.locator('[data-testid="zero-reports"]');
      await expect.poll(() => dialog.locator('tr.missing').count()).toBe(11);
      expect(await dialog.locator('tr[data-city="141100"]').innerText()).toContain('逾期未报');

      await dialog.locator('select[name="city"]').selectOption('141100');
      await dialog.locator('select[name="status"]').selectOption('no_incident');
      await dialog.locator('input[name="note"]').fill('全市无突发事件');
      await dialog.locator('[data-testid="zero-submit"]').click();

      await expect.poll(() => dialog.locator('[data-testid="zero-msg"]').innerText()).toContain('吕梁市');
      await expect.poll(() => dialog.locator('tr.missing').count()).toBe(10);
      const row = await dialog.locator('tr[data-city="141100"]').innerText();
      expect(row).toContain('无事件');
      expect(row).toContain('王芳');
      expect(row).toContain('全市无突发事件');
      await page.keyboard.press('Escape');
      await expect
        .poll(() => page.locator('[data-testid="zero-open"]').innerText())
        .toBe('零报告：10 市未报');
      expect(g.errors).toEqual([]);
      expect(g.external).toEqual([]);
    },
  );
});
