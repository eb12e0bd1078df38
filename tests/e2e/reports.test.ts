import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
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
 * The 报告 dialog in the browser (web mode, real Chromium, the demo scenario moved to now): the
 * duty officer makes today's report as PDF, sees the progress and where the file was written
 * (the data folder's reports/), downloads it; a second report is cancelled while it is being laid
 * out and leaves no file.
 */
let app: WebApp;
let browser: Browser;
let g: GuardedPage;

beforeAll(async () => {
  app = await startWeb({ mapPack: SHANXI_PACK });
  browser = await launchBrowser();
  g = await guardedPage(browser, { width: 1366, height: 768 });
  await g.page.goto(app.url);
  await waitForMap(g.page);
  mkdirSync(join(ARTIFACTS, 'reports'), { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The PDF's text (poppler-utils' pdftotext; -raw keeps a table cell's wrapped title together), blanks removed. */
function pdfText(file: string, tool = 'pdftotext'): string {
  return execFileSync(tool, ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

const reportsDir = () => join(app.data, 'reports');
const written = () => (existsSync(reportsDir()) ? readdirSync(reportsDir()) : []);

describe('situation reports from the console', () => {
  it('today as PDF: progress, the file in <data>/reports named on screen, its text has the open incidents; downloadable', async () => {
    const p = g.page;
    const titles = await p.evaluate(() =>
      window.__jinyingPicture!()!
        .incidents.filter((i) => i.status !== 'closed')
        .map((i) => i.title),
    );
    expect(titles.length).toBe(7);
    await p.click('[data-testid="reports-open"]');
    await p.selectOption('[data-testid="reports-window"]', 'day');
    await expect
      .poll(() => p.textContent('[data-testid="reports-range"]'))
      .toMatch(/00:00 北京时间 至 .* 00:00 北京时间/);
    await p.selectOption('[data-testid="reports-format"]', 'pdf');
    await p.screenshot({ path: join(ARTIFACTS, 'reports', 'dialog-1366.png') });
    await p.click('[data-testid="reports-make"]');
    // Progress is shown while the report is made (the PDF is printed in Chromium: seconds).
    await expect
      .poll(() => p.locator('[data-testid="reports-progress"]').count(), { timeout: 10_000 })
      .toBe(1);
    await expect
      .poll(() => p.locator('[data-testid="reports-written"]').count(), { timeout: 120_000 })
      .toBe(1);
    await p.screenshot({ path: join(ARTIFACTS, 'reports', 'dialog-written-1366.png') });
    const file = (await p.textContent('[data-testid="reports-file"]'))!.trim();
    expect(file.startsWith(join(app.data, 'reports'))).toBe(true);
    expect(file).toMatch(/situation-report-day-.*\.pdf$/);
    expect(existsSync(file)).toBe(true);
    const text = pdfText(file);
    for (const t of titles) expect(text, t).toContain(t);
    expect(text).toContain('当日突发事件态势报告');

    // In a browser the file can also be downloaded.
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.click('[data-testid="reports-download"]'),
    ]);
    const saved = join(ARTIFACTS, 'reports', 'downloaded.pdf');
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(saved).equals(readFileSync(file))).toBe(true);
  }, 180_000);

  it('a report cancelled while it is laid out says so and leaves no file', async () => {
    const p = g.page;
    const before = written();
    await p.selectOption('[data-testid="reports-window"]', 'shift');
    await p.selectOption('[data-testid="reports-format"]', 'pdf');
    await p.click('[data-testid="reports-make"]');
    // Cancel once the PDF is being printed (排版: Chromium is starting, which takes seconds).
    await expect
      .poll(() => p.textContent('[data-testid="reports-progress"]').catch(() => ''), { timeout: 30_000 })
      .toContain('排版');
    await p.click('[data-testid="reports-cancel"]');
    await expect
      .poll(() => p.locator('[data-testid="reports-cancelled"]').count(), { timeout: 60_000 })
      .toBe(1);
    expect(await p.textContent('[data-testid="reports-cancelled"]')).toContain('已取消');
    expect(written()).toEqual(before);
    await p.click('[data-testid="reports-close"]');
    expect(await p.locator('[data-testid="reports-dialog"]').count()).toBe(0);
    expect(g.external).toEqual([]);
    expect(g.errors).toEqual([]);
  }, 120_000);
});
