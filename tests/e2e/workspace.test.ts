import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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
import { chinaDateTime } from '../../src/renderer/ui/time';

/**
 * The duty officer's workspace in real Chromium against a real web-mode server (demo scenario,
 * Shanxi pack): the selected incident stays in sight at 1366×768 and 1920×1080 (screenshots of each
 * tab in test-artifacts/), the lists' order and filters, keyboard selection, Escape, times in
 * China Standard Time in a browser set to New York, and what the dispatch tab says when the local
 * service hangs or is gone.
 */
let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  app = await startWeb({ mapPack: SHANXI_PACK });
  browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

type Opened = GuardedPage;

/** A guarded page (every non-local request aborted and recorded) on the app, in a given time zone. */
async function open(viewport: { width: number; height: number }, timezoneId?: string): Promise<Opened> {
  const g = await guardedPage(browser, viewport, { timezoneId });
  await g.page.goto(app.url);
  await waitForMap(g.page);
  return g;
}

/** Wait until the map has done what the selection asked of it (padding, halo, reach, camera). */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(300);
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        const m = window.__jinyingMap!;
        const timer = setTimeout(done, 8000);
        m.once('idle', () => {
          clearTimeout(timer);
          done();
        });
        m.triggerRepaint();
      }),
  );
  await page.waitForFunction(() => !window.__jinyingMap!.isMoving());
}

const rowOf = (page: Page, id: string) =>
  page.locator(`[data-testid="list-incidents"] li[data-id="${id}"] button`);

/**
 * Where the incident's marker is on the page, the boxes of everything that stands over the map,
 * and what element is on top at the marker's spot.
 */
async function markerVsPanels(page: Page, id: string) {
  return page.evaluate((incidentId) => {
    const m = window.__jinyingMap!;
    const i = window.__jinyingPicture!()!.incidents.find((x) => x.id === incidentId)!;
    const canvas = m.getCanvas().getBoundingClientRect();
    const pt = m.project(i.location as [number, number]);
    const x = canvas.left + pt.x;
    const y = canvas.top + pt.y;
    const rect = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const panels: { name: string; box: ReturnType<typeof rect> }[] = [];
    for (const sel of [
      '.top-bar',
      '.banner',
      '[data-testid="side-panel"]',
      '[data-testid="detail-panel"]',
      '[data-testid="layer-panel"]',
      '[data-testid="map-search"]',
      '[data-testid="map-coords"]',
    ]) {
      document.querySelectorAll(sel).forEach((el) => panels.push({ name: sel, box: rect(el) }));
    }
    for (const sel of [
      '.maplibregl-ctrl-top-right',
      '.maplibregl-ctrl-bottom-left',
      '.maplibregl-ctrl-bottom-right',
      '.maplibregl-ctrl-top-left',
    ]) {
      document.querySelectorAll(`${sel} > *`).forEach((el) => panels.push({ name: sel, box: rect(el) }));
    }
    const top = document.elementFromPoint(x, y);
    return {
      x,
      y,
      canvas: rect(m.getCanvas()),
      panels,
      topIsMap: !!top && !!top.closest('[data-testid="map"]'),
    };
  }, id);
}

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const TABS = ['overview', 'timeline', 'dispatch', 'resources'] as const;

describe.each(SIZES)('the workspace at $width×$height', (size) => {
  it('keeps the selected incident inside the visible map and under no panel, on every tab (screenshots)', async () => {
    const o = await open(size);
    try {
      const incidents = await o.page.evaluate(() =>
        window.__jinyingPicture!()!
          .incidents.filter((i) => i.status !== 'closed')
          .map((i) => ({ id: i.id, title: i.title })),
      );
      // The east-most incidents are where the panel over the map's right edge stands.
      const ids = await o.page.evaluate(() =>
        window.__jinyingPicture!()!
          .incidents.filter((i) => i.status !== 'closed')
          .sort((a, b) => b.location[0] - a.location[0])
          .map((i) => i.id),
      );
      expect(ids.length).toBeGreaterThan(3);
      for (const [n, id] of [ids[0]!, ids[1]!, ids[ids.length - 1]!].entries()) {
        await rowOf(o.page, id).click();
        await expect
          .poll(() => o.page.locator('[data-testid="detail-panel"]').getAttribute('data-id'))
          .toBe(id);
        for (const tab of TABS) {
          await o.page.click(`[data-testid="itab-${tab}"]`);
          await expect
            .poll(() => o.page.locator(`[data-testid="itab-${tab}"]`).getAttribute('aria-selected'))
            .toBe('true');
          if (tab === 'dispatch')
            await expect
              .poll(() => o.page.locator('[data-testid="candidates"] li').count(), { timeout: 20_000 })
              .toBeGreaterThan(0);
          if (tab === 'resources')
            await expect
              .poll(() => o.page.locator('[data-testid="resources-reach"]').innerText(), { timeout: 20_000 })
              .toMatch(/60/);
          await settle(o.page);
          const r = await markerVsPanels(o.page, id);
          const where = `${incidents.find((i) => i.id === id)!.title} on ${tab} at (${r.x.toFixed(0)}, ${r.y.toFixed(0)})`;
          // Inside the map canvas, with room for its symbol…
          expect(r.x, where).toBeGreaterThan(r.canvas.left + 16);
          expect(r.x, where).toBeLessThan(r.canvas.right - 16);
          expect(r.y, where).toBeGreaterThan(r.canvas.top + 16);
          expect(r.y, where).toBeLessThan(r.canvas.bottom - 16);
          // …and under none of the panels, controls or bars (nor within 16 px of one).
          for (const p of r.panels) {
            const under =
              r.x > p.box.left - 16 &&
              r.x < p.box.right + 16 &&
              r.y > p.box.top - 16 &&
              r.y < p.box.bottom + 16;
            expect(under, `${where} is under ${p.name} ${JSON.stringify(p.box)}`).toBe(false);
          }
          expect(r.topIsMap, `${where}: the map is on top there`).toBe(true);
          if (n === 0)
            await o.page.screenshot({
              path: join(ARTIFACTS, `workspace-${size.width}x${size.height}-${tab}.png`),
            });
        }
      }
      // Nothing in the panels is cut off sideways.
      const overflow = await o.page.evaluate(() =>
        [
          '[data-testid="side-panel"] .list',
          '[data-testid="detail-panel"] .detail-body',
          '.detail-tabs',
          '.tabs',
        ].map((sel) => {
          const el = document.querySelector(sel)!;
          return { sel, over: el.scrollWidth - el.clientWidth };
        }),
      );
      for (const x of overflow) expect(x.over, x.sel).toBeLessThanOrEqual(0);
      expect(o.external).toEqual([]);
      expect(o.errors.filter((e) => !/GL Driver|GPU stall/.test(e))).toEqual([]);
    } finally {
      await o.context.close();
    }
  }, 240_000);
});

describe.each(SIZES)('the top bar at $width×$height', (size) => {
  it('keeps every button on screen, on one row, in Chinese and in English', async () => {
    const o = await open(size);
    try {
      for (const locale of ['zh-CN', 'en'] as const) {
        await o.page.evaluate(
          async (l) => window.__jinyingStore!.getState().updateSettings({ locale: l }),
          locale,
        );
        await o.page.waitForTimeout(300);
        const boxes = await o.page
          .locator('.top-bar > button, .top-bar .sync-status, .top-bar .on-duty')
          .evaluateAll((els) =>
            els.map((e) => {
              const r = e.getBoundingClientRect();
              return {
                name: e.getAttribute('data-testid') ?? e.className,
                right: r.right,
                middle: (r.top + r.bottom) / 2,
                width: r.width,
              };
            }),
          );
        expect(boxes.length).toBeGreaterThanOrEqual(9);
        for (const b of boxes) {
          expect(b.right, `${locale}: ${b.name} leaves the screen`).toBeLessThanOrEqual(size.width);
          expect(b.width, `${locale}: ${b.name} is squeezed away`).toBeGreaterThanOrEqual(40);
        }
        const middles = boxes.map((b) => b.middle);
        expect(Math.max(...middles) - Math.min(...middles), `${locale}: the bar wraps`).toBeLessThan(6);
      }
    } finally {
      // The locale is the app's setting (kept in main): put Chinese back for the tests that follow.
      await o.page.evaluate(async () =>
        window.__jinyingStore!.getState().updateSettings({ locale: 'zh-CN' }),
      );
      await o.context.close();
    }
  }, 90_000);
});

describe('the lists', () => {
  let o: Opened;
  beforeAll(async () => {
    o = await open({ width: 1366, height: 768 });
  }, 90_000);
  afterAll(async () => {
    await o?.context.close();
  });

  const listedIds = () =>
    o.page
      .locator('[data-testid="list-incidents"] li[data-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));

  it('sorts incidents by level (I first), then the newest report first', async () => {
    const expected = await o.page.evaluate(() => {
      const rank: Record<string, number> = { I: 0, II: 1, III: 2, IV: 3 };
      return [...window.__jinyingPicture!()!.incidents]
        .sort(
          (a, b) => rank[a.level]! - rank[b.level]! || Date.parse(b.reportedAt) - Date.parse(a.reportedAt),
        )
        .map((i) => i.id);
    });
    expect(await listedIds()).toEqual(expected);
    expect(
      await o.page.locator('[data-testid="list-incidents"] li[data-id] .badge').first().innerText(),
    ).toBe('II级');
  });

  it('filters incidents by level, hazard, status and city, and clears the filters', async () => {
    const all = await listedIds();
    const p = o.page;
    await p.selectOption('[data-testid="filters-incidents"] [data-testid="filter-level"]', 'IV');
    const iv = await p.evaluate(
      () => window.__jinyingPicture!()!.incidents.filter((i) => i.level === 'IV').length,
    );
    await expect.poll(listedIds).toHaveLength(iv);
    expect(await p.locator('[data-testid="list-meta"]').innerText()).toMatch(
      new RegExp(`显示 ${iv} / 共 ${all.length} 条`),
    );
    await p.selectOption('[data-testid="filter-hazard"]', 'earthquake');
    await expect.poll(listedIds).toEqual(['inc-20261129-007']);
    await p.click('[data-testid="filter-clear"]');
    await expect.poll(listedIds).toEqual(all);
    // Changzhi (长治市, 140400): the forest fire in Qinyuan county and the mine in Tunliu district.
    await p.selectOption('[data-testid="filter-city"]', '140400');
    await expect.poll(listedIds).toEqual(['inc-20261129-003', 'inc-20261129-001']);
    await p.selectOption('[data-testid="filter-status"]', 'verified');
    await expect
      .poll(() => p.locator('[data-testid="list-incidents"] li.empty').innerText())
      .toMatch(/没有符合筛选条件/);
    await p.click('[data-testid="filter-clear"]');
    await expect.poll(listedIds).toEqual(all);
  });

  it('filters teams by status, kind and city', async () => {
    const p = o.page;
    await p.click('[data-testid="tab-units"]');
    await p.selectOption('[data-testid="filters-units"] [data-testid="filter-kind"]', 'mine_rescue');
    await p.selectOption('[data-testid="filters-units"] [data-testid="filter-city"]', '140400');
    const expected = await p.evaluate(() =>
      window.__jinyingPicture!()!
        .units.filter((u) => u.kind === 'mine_rescue' && (u.cityAdcode ?? '').startsWith('1404'))
        .map((u) => u.id),
    );
    expect(expected.length).toBeGreaterThan(0);
    await expect
      .poll(() =>
        p
          .locator('[data-testid="list-units"] li[data-id]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))),
      )
      .toEqual(expected);
    await p.selectOption('[data-testid="filters-units"] [data-testid="filter-status"]', 'out_of_service');
    const oos = await p.evaluate(
      () =>
        window.__jinyingPicture!()!.units.filter(
          (u) =>
            u.kind === 'mine_rescue' &&
            (u.cityAdcode ?? '').startsWith('1404') &&
            u.status === 'out_of_service',
        ).length,
    );
    await expect.poll(() => p.locator('[data-testid="list-units"] li[data-id]').count()).toBe(oos);
    await p.click('[data-testid="filter-clear"]');
  });

  it('filters bases by kind and city (from the pack) and finds one by an aircraft call sign', async () => {
    const p = o.page;
    await p.click('[data-testid="tab-bases"]');
    await p.selectOption('[data-testid="filters-bases"] [data-testid="filter-city"]', '140100');
    await expect
      .poll(() => p.locator('[data-testid="list-bases"]').innerText(), { timeout: 15_000 })
      .toMatch(/太原武宿国际机场/);
    expect(await p.locator('[data-testid="list-bases"]').innerText()).not.toMatch(/大同云冈机场/);
    await p.click('[data-testid="filter-clear"]');
    await p.selectOption('[data-testid="filters-bases"] [data-testid="filter-kind"]', 'forest_aviation');
    const n = await p.evaluate(
      () => window.__jinyingPicture!()!.bases.filter((b) => b.kind === 'forest_aviation').length,
    );
    await expect.poll(() => p.locator('[data-testid="list-bases"] li[data-id]').count()).toBe(n);
    await p.click('[data-testid="filter-clear"]');
    await p.fill('[data-testid="filters-bases"] [data-testid="filter-text"]', '晋应-H07');
    await expect.poll(() => p.locator('[data-testid="list-bases"] li[data-id]').count()).toBe(1);
    await p.click('[data-testid="filter-clear"]');
  });

  it('shows a depot with its whole stock table, the items below their minimum first', async () => {
    const p = o.page;
    await p.click('[data-testid="tab-depots"]');
    await p.selectOption('[data-testid="filters-depots"] [data-testid="filter-status"]', 'below');
    const depot = await p.evaluate(() =>
      window.__jinyingPicture!()!.depots.find((d) => d.stock.some((s) => s.quantity < s.minimum))!,
    );
    const belowIds = await p
      .locator('[data-testid="list-depots"] li[data-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(belowIds).toContain(depot.id);
    await p.locator(`[data-testid="list-depots"] li[data-id="${depot.id}"] button`).click();
    const rows = p.locator('[data-testid="stock-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(depot.stock.length);
    const classes = await rows.evaluateAll((els) => els.map((e) => e.className));
    const nBelow = depot.stock.filter((s) => s.quantity < s.minimum).length;
    expect(classes.slice(0, nBelow).every((c) => c === 'below')).toBe(true);
    expect(classes.slice(nBelow).every((c) => c !== 'below')).toBe(true);
    // Quantities with thousands separators.
    const big = depot.stock.find((s) => s.quantity >= 1000);
    if (big)
      expect(
        await p.locator(`[data-testid="stock-table"] tr[data-item="${big.item}"]`).innerText(),
      ).toContain(big.quantity.toLocaleString('en-US'));
    await p.click('[data-testid="filter-clear"]');
    await p.click('[data-testid="detail-close"]');
  });

  it('selects a row from the keyboard: Tab to it, arrows to move, Enter or Space to select, with a visible focus', async () => {
    const p = o.page;
    await p.click('[data-testid="tab-incidents"]');
    const ids = await listedIds();
    await p.locator('[data-testid="filters-incidents"] [data-testid="filter-city"]').focus();
    await p.keyboard.press('Tab'); // the clear-filters link is not there: next is the first row
    expect(await p.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-id'))).toBe(
      ids[0],
    );
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('ArrowDown');
    expect(await p.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-id'))).toBe(
      ids[2],
    );
    const outline = await p.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator('[data-testid="detail-panel"]').getAttribute('data-id')).toBe(ids[2]);
    expect(
      await p.locator(`[data-testid="list-incidents"] li[data-id="${ids[2]}"]`).getAttribute('class'),
    ).toBe('selected');
    await p.keyboard.press('ArrowUp');
    await p.keyboard.press(' ');
    await expect.poll(() => p.locator('[data-testid="detail-panel"]').getAttribute('data-id')).toBe(ids[1]);
    // The incident panel's tabs: arrows move between them.
    await p.click('[data-testid="itab-overview"]');
    await p.keyboard.press('ArrowRight');
    await expect
      .poll(() => p.locator('[data-testid="itab-timeline"]').getAttribute('aria-selected'))
      .toBe('true');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('itab-timeline');
    await p.click('[data-testid="detail-close"]');
  });

  it('closes every dialog and popover on Escape', async () => {
    const p = o.page;
    // The map packs dialog.
    await p.click('[data-testid="packs-open"]');
    await expect.poll(() => p.locator('[data-testid="packs-dialog"]').count()).toBe(1);
    // Modal: Tab and Shift+Tab go round inside it, never to the page behind.
    const insideDialog = (sel: string) =>
      p.evaluate((s) => !!document.querySelector(s)?.contains(document.activeElement), sel);
    for (let i = 0; i < 12; i++) {
      await p.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await insideDialog('[data-testid="packs-dialog"]'), `after ${i + 1} presses`).toBe(true);
    }
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator('[data-testid="packs-dialog"]').count()).toBe(0);
    // The focus goes back to the button that opened it.
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('packs-open');
    // The map's right-click menu, then the report form.
    const box = (await p.locator('[data-testid="map"]').boundingBox())!;
    await p.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.6, { button: 'right' });
    await expect.poll(() => p.locator('[data-testid="map-menu"]').count()).toBe(1);
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator('[data-testid="map-menu"]').count()).toBe(0);
    await p.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.6, { button: 'right' });
    await p.click('[data-testid="menu-report"]');
    await expect.poll(() => p.locator('[data-testid="report-form"]').count()).toBe(1);
    expect(await insideDialog('[data-testid="report-form"]')).toBe(true);
    for (let i = 0; i < 40; i++) {
      await p.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
      expect(await insideDialog('[data-testid="report-form"]'), `after ${i + 1} presses`).toBe(true);
    }
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator('[data-testid="report-form"]').count()).toBe(0);
    // The sync panel.
    await p.click('[data-testid="sync-indicator"]');
    await expect.poll(() => p.locator('[data-testid="sync-panel"]').count()).toBe(1);
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator('[data-testid="sync-panel"]').count()).toBe(0);
    // The search results.
    await p.fill('[data-testid="search-input"]', '太原');
    await expect.poll(() => p.locator('[data-testid="search-results"]').count(), { timeout: 15_000 }).toBe(1);
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator('[data-testid="search-results"]').count()).toBe(0);
  });

  it('finds an aircraft by its call sign in the map search and selects its base', async () => {
    const p = o.page;
    const base = await p.evaluate(
      () =>
        window.__jinyingPicture!()!.bases.find((b) => b.aircraft.some((a) => a.callsign === '晋应-H07'))!.id,
    );
    await p.fill('[data-testid="search-input"]', 'H07');
    const hit = p.locator('[data-testid="search-results"] li[data-kind="aircraft"]').first();
    await expect.poll(() => hit.innerText(), { timeout: 15_000 }).toMatch(/晋应-H07/);
    await hit.click();
    await expect.poll(() => p.locator('[data-testid="detail-panel"]').getAttribute('data-id')).toBe(base);
    expect(await p.locator('[data-testid="aircraft-table"]').innerText()).toContain('晋应-H07');
    await p.click('[data-testid="detail-close"]');
  });
});

describe('times, in a browser whose zone is New York', () => {
  it('shows every time in China Standard Time with its date', async () => {
    const o = await open({ width: 1366, height: 768 }, 'America/New_York');
    try {
      const p = o.page;
      // The premise: this browser's zone really is New York.
      expect(await p.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
        'America/New_York',
      );
      expect(await p.evaluate(() => new Date('2026-12-01T12:00:00Z').getTimezoneOffset())).toBe(300);
      const i = await p.evaluate(() =>
        window.__jinyingPicture!()!.incidents.find((x) => x.id === 'inc-20261129-003')!,
      );
      const cst = chinaDateTime(i.reportedAt);
      expect(cst).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      const row = p.locator(`[data-testid="list-incidents"] li[data-id="${i.id}"]`);
      expect(await row.innerText()).toContain(`接报 ${cst} 北京时间（`);
      await rowOf(p, i.id).click();
      await p.click('[data-testid="itab-overview"]');
      expect(await p.locator('[data-testid="overview"]').innerText()).toContain(`${cst} 北京时间`);
      // No time anywhere in the panels is in New York time or without its date.
      const bare = await p.evaluate(() => {
        const text = [
          ...document.querySelectorAll('[data-testid="side-panel"], [data-testid="detail-panel"]'),
        ]
          .map((e) => (e as HTMLElement).innerText)
          .join('\n');
        return text
          .split('\n')
          .filter((l) => /\d\d:\d\d/.test(l) && !/\d{4}-\d\d-\d\d \d\d:\d\d (北京时间|CST)/.test(l));
      });
      expect(bare).toEqual([]);
      await p.click('[data-testid="lang-toggle"]');
      await expect.poll(() => row.innerText()).toContain(`Reported ${cst} CST (`);
      await p.click('[data-testid="lang-toggle"]');
      await expect.poll(() => row.innerText()).toContain('北京时间');
    } finally {
      await o.context.close();
    }
  }, 120_000);
});

describe('when the local service hangs, then is gone', () => {
  /** The web-mode server's processes (tsx and the server it runs), found by their own data folder. */
  const serverPids = () =>
    execFileSync('pgrep', ['-f', app.data], { encoding: 'utf8' })
      .split('\n')
      .map(Number)
      .filter((n) => n > 0 && n !== process.pid);

  it('says the recommendation timed out and what to do, then that the connection is lost, never "calculating" for ever', async () => {
    const o = await open({ width: 1366, height: 768 });
    const p = o.page;
    const pids = serverPids();
    expect(pids.length).toBeGreaterThan(0);
    let stopped = false;
    try {
      await rowOf(p, 'inc-20261129-001').click();
      await p.click('[data-testid="itab-dispatch"]');
      await expect
        .poll(() => p.locator('[data-testid="candidates"] li').count(), { timeout: 20_000 })
        .toBeGreaterThan(0);
      // Hung: the process is there but answers nothing.
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      stopped = true;
      await p.click('[data-testid="dispatch-retry"]');
      await expect.poll(() => p.locator('[data-testid="dispatch-refreshing"]').count()).toBe(1);
      const timeout = p.locator('[data-testid="dispatch-timeout"]');
      await expect.poll(() => timeout.count(), { timeout: 20_000 }).toBe(1);
      expect(await timeout.innerText()).toMatch(/10 秒内没有算出调度建议.*确认晋应仍在运行.*重新计算/);
      for (const pid of pids) process.kill(pid, 'SIGCONT');
      stopped = false;
      // Gone: the server stops; the page is told at once and says what to do.
      await app.stop();
      await expect.poll(() => p.locator('[data-testid="disconnected"]').count(), { timeout: 20_000 }).toBe(1);
      const offline = p.locator('[data-testid="dispatch-offline"]');
      await expect.poll(() => offline.count(), { timeout: 10_000 }).toBe(1);
      expect(await offline.innerText()).toMatch(/连接已断开.*确认晋应仍在运行/);
      // Another incident, never computed while the service is gone: no "calculating…".
      await rowOf(p, 'inc-20261129-006').click();
      await expect
        .poll(() => p.locator('[data-testid="detail-panel"]').getAttribute('data-id'))
        .toBe('inc-20261129-006');
      expect(await p.locator('[data-testid="dispatch-loading"]').count()).toBe(0);
      expect(await p.locator('[data-testid="dispatch-offline"]').innerText()).toMatch(/连接已断开/);
      // Nothing can be proposed while the service is gone.
      for (const d of await p
        .locator('[data-testid^="propose-"]')
        .evaluateAll((els) => els.map((e) => (e as HTMLButtonElement).disabled)))
        expect(d).toBe(true);
      await p.screenshot({ path: join(ARTIFACTS, 'workspace-service-gone.png') });
    } finally {
      if (stopped) for (const pid of pids) process.kill(pid, 'SIGCONT');
      await o.context.close();
    }
  }, 120_000);
});
