import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
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
 * 分区统计 in the browser (web mode, real Chromium, the Shanxi pack, the demo moved to now): the
 * view's totals are the sums of the window's incidents; the legend's classes count the pack's 117
 * counties (11 cities) and agree with what the map draws (the choropleth's rendered features by
 * class); a click on a row outlines the county and fits the map to it; sorting, the city level,
 * another measure, and the CSV export (BOM, totals) where the view says it wrote it. Screenshots at
 * 1366x768 and 1920x1080 in both languages land in test-artifacts/statistics/.
 */
let app: WebApp;
let browser: Browser;
let g: GuardedPage;
let page: Page;
const SHOTS = join(ARTIFACTS, 'statistics');

beforeAll(async () => {
  app = await startWeb({ mapPack: SHANXI_PACK });
  browser = await launchBrowser();
  g = await guardedPage(browser, { width: 1366, height: 768 });
  page = g.page;
  await page.goto(app.url);
  await waitForMap(page);
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const num = (s: string | null) => Number((s ?? '').replace(/[^\d.-]/g, ''));

/** The window's incidents summed from the page's own picture (the demo: all reported in the last hours). */
async function expectedTotals() {
  return page.evaluate(() => {
    const inc = window.__jinyingPicture!()!.incidents;
    const sum = (f: (i: (typeof inc)[number]) => number) => inc.reduce((n, i) => n + f(i), 0);
    return {
      incidents: inc.length,
      dead: sum((i) => i.casualties.dead),
      injured: sum((i) => i.casualties.injured),
      missing: sum((i) => i.casualties.missing),
      trapped: sum((i) => i.casualties.trapped),
      affected: sum((i) => i.affected),
    };
  });
}

async function footTotals(): Promise<Record<string, number>> {
  const cells = page.locator('[data-testid="stats-totals"] td');
  const out: Record<string, number> = {};
  for (let i = 0; i < (await cells.count()); i++) {
    const c = cells.nth(i);
    out[(await c.getAttribute('data-measure'))!] = num(await c.innerText());
  }
  return out;
}

async function legendCounts(): Promise<number[]> {
  const items = page.locator('[data-testid="stats-legend-class"]');
  const out: number[] = [];
  for (let i = 0; i < (await items.count()); i++)
    out.push(Number(await items.nth(i).getAttribute('data-count')));
  return out;
}

/** What the map draws: the choropleth's rendered features, distinct areas per class. */
function drawnByClass(): Promise<number[]> {
  return page.evaluate(() => {
    const m = window.__jinyingMap!;
    if (!m.getLayer('statistics-fill')) return [];
    const byClass = new Map<number, Set<string>>();
    for (const f of m.queryRenderedFeatures({ layers: ['statistics-fill'] })) {
      const cls = Number(f.properties.cls);
      if (!byClass.has(cls)) byClass.set(cls, new Set());
      byClass.get(cls)!.add(String(f.properties.adcode));
    }
    const n = Math.max(-1, ...byClass.keys()) + 1;
    return Array.from({ length: n }, (_, i) => byClass.get(i)?.size ?? 0);
  });
}

describe('statistics by city and county', () => {
  it('the last 7 days by county: table totals, the legend’s numbers and the drawn choropleth agree', async () => {
    await page.click('[data-testid="stats-open"]');
    await page.selectOption('[data-testid="stats-window"]', 'week');
    await expect
      .poll(() => page.textContent('[data-testid="stats-range"]'))
      .toMatch(/00:00 北京时间 至 .* 00:00 北京时间/);
    await page.waitForSelector('[data-testid="stats-table"]', { timeout: 30_000 });
    const expected = await expectedTotals();
    expect(expected.incidents).toBe(7);
    await expect.poll(footTotals).toEqual(expected);
    // Only the counties with an incident are listed, most incidents first.
    const rows = page.locator('[data-testid="stats-row"]');
    const counts: number[] = [];
    for (let i = 0; i < (await rows.count()); i++)
      counts.push(num(await rows.nth(i).locator('td.measure').innerText()));
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(7);
    expect(await page.textContent('[data-testid="stats-hidden"]')).toContain(
      `另有 ${117 - counts.length} 个`,
    );

    // The legend: 0 and the classes above, counting all 117 counties of the pack, and the total.
    const legend = await legendCounts();
    expect(legend.reduce((a, b) => a + b, 0)).toBe(117);
    expect(legend[0]).toBe(117 - counts.length);
    const classText = await page.locator('[data-testid="stats-legend-class"] .range').allInnerTexts();
    expect(classText[0]).toBe('0');
    expect(await page.textContent('[data-testid="stats-legend-total"]')).toBe(`合计 ${expected.incidents}`);
    // The map draws the same classes over the pack's county polygons.
    await expect.poll(drawnByClass, { timeout: 30_000 }).toEqual(legend);
    await page.screenshot({ path: join(SHOTS, 'county-incidents-1366-zh.png') });
  }, 120_000);

  it('a click on a row outlines the county and fits the map to it', async () => {
    const row = page.locator('[data-testid="stats-row"].on-map').first();
    const adcode = (await row.getAttribute('data-adcode'))!;
    const before = await page.evaluate(() => window.__jinyingMap!.getZoom());
    await row.click();
    await expect.poll(() => row.getAttribute('class')).toContain('focused');
    await expect
      .poll(
        () =>
          page.evaluate((code) => {
            const m = window.__jinyingMap!;
            if (m.isMoving()) return null;
            const drawn = m.queryRenderedFeatures({ layers: ['statistics-focus'] });
            return {
              zoom: m.getZoom(),
              focus: [...new Set(drawn.map((f) => String(f.properties.adcode)))],
              code,
            };
          }, adcode),
        { timeout: 20_000 },
      )
      .toMatchObject({ focus: [adcode] });
    expect(await page.evaluate(() => window.__jinyingMap!.getZoom())).toBeGreaterThan(before + 1);
    await page.screenshot({ path: join(SHOTS, 'county-focused-1366-zh.png') });
  }, 60_000);

  it('sorts by name, shows every county on demand, another measure, and the city level', async () => {
    await page.click('[data-testid="stats-sort-name"]');
    const codes = await page
      .locator('[data-testid="stats-row"]')
      .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-adcode')!));
    expect(codes).toEqual([...codes].sort());
    await page.check('[data-testid="stats-include-empty"]');
    await expect.poll(() => page.locator('[data-testid="stats-row"]').count()).toBe(117);
    await page.uncheck('[data-testid="stats-include-empty"]');

    const expected = await expectedTotals();
    await page.selectOption('[data-testid="stats-measure"]', 'affected');
    await expect
      .poll(() => page.textContent('[data-testid="stats-legend-total"]'))
      .toBe(`合计 ${expected.affected.toLocaleString('zh-CN')}`);
    expect(await page.textContent('[data-testid="stats-legend"]')).toContain('受灾人口');
    // Back to the whole province (the row click zoomed in), so every county is drawn.
    await page.evaluate(() => window.__jinyingMap!.fitBounds([110.2, 34.6, 114.6, 40.7], { duration: 0 }));
    await expect.poll(drawnByClass, { timeout: 30_000 }).toEqual(await legendCounts());

    await page.click('[data-testid="stats-level-city"]');
    await expect.poll(async () => (await legendCounts()).reduce((a, b) => a + b, 0)).toBe(11);
    await expect.poll(footTotals).toEqual(expected);
    await expect.poll(drawnByClass, { timeout: 30_000 }).toEqual(await legendCounts());
    await page.screenshot({ path: join(SHOTS, 'city-affected-1366-zh.png') });
  }, 90_000);

  it('exports the table as CSV (BOM, totals) and says where', async () => {
    await page.click('[data-testid="stats-export"]');
    await page.waitForSelector('[data-testid="stats-file"]');
    const file = (await page.textContent('[data-testid="stats-file"]'))!.trim();
    expect(file.startsWith(join(app.data, 'reports'))).toBe(true);
    expect(file).toMatch(/statistics-city-week-.*\.csv$/);
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    const e = await expectedTotals();
    expect(lines.at(-1)).toBe(
      `合计,,${e.incidents},${e.dead},${e.injured},${e.missing},${e.trapped},${e.affected}`,
    );
    expect(await page.textContent('[data-testid="stats-exported"]')).toContain(
      `已写入 ${lines.length - 2} 行`,
    );
  }, 60_000);

  it('reads in English and at 1920x1080; closing takes the choropleth off the map', async () => {
    await page.click('[data-testid="stats-level-county"]');
    await page.selectOption('[data-testid="stats-measure"]', 'incidents');
    await page.click('[data-testid="lang-toggle"]');
    await expect.poll(() => page.textContent('[data-testid="stats-panel"] h2')).toBe('Statistics by area');
    expect(await page.textContent('[data-testid="stats-legend"]')).toContain('Incidents by County');
    await page.evaluate(() => window.__jinyingMap!.fitBounds([110.2, 34.6, 114.6, 40.7], { duration: 0 }));
    await expect.poll(drawnByClass, { timeout: 30_000 }).toEqual(await legendCounts());
    await page.screenshot({ path: join(SHOTS, 'county-incidents-1366-en.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.evaluate(() => window.__jinyingMap!.fitBounds([110.2, 34.6, 114.6, 40.7], { duration: 0 }));
    await expect.poll(drawnByClass, { timeout: 30_000 }).toEqual(await legendCounts());
    await page.screenshot({ path: join(SHOTS, 'county-incidents-1920-en.png') });
    await page.click('[data-testid="lang-toggle"]');
    await expect.poll(() => page.textContent('[data-testid="stats-panel"] h2')).toBe('分区统计');
    await page.screenshot({ path: join(SHOTS, 'county-incidents-1920-zh.png') });
    await page.click('[data-testid="theme-toggle"]');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(drawnByClass, { timeout: 30_000 }).toEqual(await legendCounts());
    await page.screenshot({ path: join(SHOTS, 'county-incidents-1920-zh-dark.png') });
    await page.click('[data-testid="theme-toggle"]');

    // A custom window must end after it starts: said, and nothing is computed.
    await page.selectOption('[data-testid="stats-window"]', 'custom');
    await page.fill('[data-testid="stats-from"]', '2026-11-30T08:00');
    await page.fill('[data-testid="stats-to"]', '2026-11-29T08:00');
    expect(await page.textContent('[data-testid="stats-panel"] [role="alert"]')).toContain(
      '止时间须晚于起时间',
    );
    expect(await page.isDisabled('[data-testid="stats-compute"]')).toBe(true);

    await page.click('[data-testid="stats-close"]');
    expect(await page.locator('[data-testid="stats-panel"]').count()).toBe(0);
    await expect
      .poll(() => page.evaluate(() => Boolean(window.__jinyingMap!.getSource('statistics-areas'))))
      .toBe(false);
    expect(g.external).toEqual([]);
    expect(g.errors).toEqual([]);
  }, 240_000);
});
