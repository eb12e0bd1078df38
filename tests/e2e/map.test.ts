import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/**
 * The situational map in real Chromium against a real web-mode server (demo scenario, Shanxi
 * pack), with every non-local request aborted and recorded.
 */
let app: WebApp;
let browser: Browser;
let g: GuardedPage;
let page: Page;

beforeAll(async () => {
  app = await startWeb({ mapPack: SHANXI_PACK });
  browser = await launchBrowser();
  g = await guardedPage(browser, { width: 1600, height: 900 });
  page = g.page;
  await page.goto(app.url);
  await waitForMap(page);
  // A standalone desk writes nothing until someone signs in for the shift (值班签到).
  const who = await page.evaluate(() =>
    window.__jinyingApi!.invoke('duty:signIn', { name: '测试值班员', org: '省应急指挥中心' }),
  );
  if (!who.ok) throw new Error(`sign-in failed: ${JSON.stringify(who)}`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Show the whole province and wait for the map to settle. */
async function showProvince(): Promise<void> {
  await page.evaluate(() => {
    const m = window.__jinyingMap!;
    m.jumpTo({ center: [112.4, 37.6], zoom: 6.2 });
  });
  await settle();
}

async function settle(): Promise<void> {
  await page.waitForFunction(() => {
    const m = window.__jinyingMap!;
    return !m.isMoving() && m.areTilesLoaded() && m.isStyleLoaded();
  });
  // 'idle': no tile loading, no transition and no symbol fade left (labels and clusters placed).
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const m = window.__jinyingMap!;
        m.once('idle', () => resolve());
        m.triggerRepaint();
      }),
  );
  await page.waitForTimeout(250);
}

/** Distinct rendered features per layer (features crossing tiles are reported once per tile). */
async function renderedCounts(): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const m = window.__jinyingMap!;
    const out: Record<string, number> = {};
    for (const l of m.getStyle().layers) {
      if (l.type === 'background') continue;
      const fs = m.queryRenderedFeatures({ layers: [l.id] });
      const ids = new Set(
        fs.map((f, i) =>
          String(
            f.properties?.id ??
              f.properties?.cluster_id ??
              f.properties?.district_adcode ??
              f.properties?.name ??
              i,
          ),
        ),
      );
      out[l.id] = ids.size;
    }
    // Units: every unit is drawn either on its own or inside exactly one cluster.
    const clusters = new Map<number, number>();
    for (const f of m.queryRenderedFeatures({ layers: ['units-clusters'] }))
      clusters.set(f.properties.cluster_id as number, f.properties.point_count as number);
    out['units:total'] = out.units! + [...clusters.values()].reduce((a, b) => a + b, 0);
    return out;
  });
}

describe('situational map (Shanxi pack, demo scenario)', () => {
  it('draws every layer with nothing requested outside the machine', async () => {
    // The sign-in made through the API shows in the top bar at once (no stale 未签到).
    await expect
      .poll(() => page.locator('[data-testid="on-duty"]').innerText(), { timeout: 10_000 })
      .toContain('测试值班员');
    expect(await page.locator('[data-testid="duty-signin"]').count()).toBe(0);
    await showProvince();
    const counts = await renderedCounts();
    for (const layer of [
      'province-fill',
      'province-line',
      'city-line',
      'county-line',
      'river-line',
      'airport-point',
      'city-label',
      'incidents',
      'incidents-pulse',
      'bases',
      'depots',
      'grid',
    ]) {
      expect(counts[layer], layer).toBeGreaterThan(0);
    }
    expect(counts['units-clusters']! + counts.units!).toBeGreaterThan(0);
    // Attribution is on screen and carries the map review number.
    await expect(page.locator('.maplibregl-ctrl-attrib').innerText()).resolves.toMatch(
      /审图号 GS\(2024\)0650号/,
    );
    expect(g.external).toEqual([]);
    expect(g.errors).toEqual([]);
  });

  it('renders as many features per layer as the store holds', async () => {
    await showProvince();
    const counts = await renderedCounts();
    const p = await page.evaluate(() => {
      const x = window.__jinyingPicture!()!;
      return {
        incidents: x.incidents.filter((i) => i.status !== 'closed').length,
        unacked: x.incidents.filter((i) => i.status !== 'closed' && !i.acknowledgedAt).length,
        units: x.units.length,
        bases: x.bases.length,
        depots: x.depots.length,
      };
    });
    expect(counts.incidents).toBe(p.incidents);
    expect(counts['incidents-pulse']).toBe(p.unacked);
    // Each of them also pulses (a CSS ring over the map).
    expect(await page.locator('.pulse-marker').count()).toBe(p.unacked);
    expect(counts['units:total']).toBe(p.units);
    expect(counts.bases).toBe(p.bases);
    expect(counts.depots).toBe(p.depots);
    expect(counts['county-line']).toBe(117);
  });

  it('switches layers off and on', async () => {
    await showProvince();
    await page.click('[data-testid=layer-units]');
    await settle();
    let counts = await renderedCounts();
    expect(counts['units:total']).toBe(0);
    expect(
      await page.evaluate(() => window.__jinyingMap!.getLayoutProperty('units-clusters', 'visibility')),
    ).toBe('none');
    await page.click('[data-testid=layer-boundaries]');
    await settle();
    counts = await renderedCounts();
    expect(counts['county-line']).toBe(0);
    await page.click('[data-testid=layer-units]');
    await page.click('[data-testid=layer-boundaries]');
    await settle();
    counts = await renderedCounts();
    expect(counts['units:total']).toBeGreaterThan(0);
    expect(counts['county-line']).toBe(117);
  });

  it('finds a county by pinyin initials and flies there', async () => {
    await showProvince();
    await page.fill('[data-testid=search-input]', 'yzq'); // 迎泽区, Taiyuan
    const first = page.locator('[data-testid=search-results] li').first();
    await expect.poll(() => first.innerText()).toMatch(/迎泽区/);
    await first.click();
    await page.waitForFunction(
      () => window.__jinyingMap!.getZoom() > 8.5 && !window.__jinyingMap!.isMoving(),
      undefined,
      { timeout: 10_000 },
    );
    const c = await page.evaluate(() => window.__jinyingMap!.getCenter().toArray());
    expect(Math.abs(c[0]! - 112.56)).toBeLessThan(0.15);
    expect(Math.abs(c[1]! - 37.86)).toBeLessThan(0.15);
  });

  it('finds a unit by name and selects it with its panel', async () => {
    const unit = await page.evaluate(() => window.__jinyingPicture!()!.units[0]!);
    await page.fill('[data-testid=search-input]', unit.name.slice(0, 6));
    await page.locator('[data-testid=search-results] li[data-kind=unit]').first().click(); // waits for the results
    await expect
      .poll(() => page.locator('[data-testid=detail-panel]').getAttribute('data-kind'))
      .toBe('unit');
    await expect.poll(() => page.locator('[data-testid=detail-panel]').getAttribute('data-id')).toBe(unit.id);
    await page.waitForFunction(() => !window.__jinyingMap!.isMoving());
    await page.click('[data-testid=detail-close]');
  });

  it('opens the incident panel on click, acknowledges, and shows reach for an incident', async () => {
    await showProvince();
    const target = await page.evaluate(() => {
      const m = window.__jinyingMap!;
      const i = window.__jinyingPicture!()!.incidents.find(
        (x) => x.status !== 'closed' && !x.acknowledgedAt,
      )!;
      const pt = m.project(i.location as [number, number]);
      const r = m.getCanvas().getBoundingClientRect();
      return { id: i.id, title: i.title, x: r.left + pt.x, y: r.top + pt.y };
    });
    await page.mouse.move(target.x, target.y);
    await expect(page.locator('[data-testid=hover-card]').innerText()).resolves.toContain(target.title);
    await page.mouse.click(target.x, target.y);
    const card = page.locator('[data-testid=detail-panel]');
    await expect.poll(() => card.getAttribute('data-id')).toBe(target.id);
    await expect(card.innerText()).resolves.toContain(target.title);
    // Reach: the bases' 60-minute circles and the ground candidates' lines are drawn, and listed
    // under the panel's resources tab.
    await page.waitForFunction(
      () =>
        (window.__jinyingMap!.getSource('reach-areas') as unknown as {
          _data?: { geojson?: { features?: unknown[] } };
        }) !== undefined,
    );
    await page.click('[data-testid=itab-resources]');
    await expect.poll(() => page.locator('[data-testid=resources-reach]').innerText()).toMatch(/60/);
    await settle();
    const counts = await renderedCounts();
    expect(counts['reach-links']).toBeGreaterThan(0);
    // The clock is real: by day the bases' circles are drawn; by night (no aircraft of the demo
    // flies at night) there are none, and the panel says which aircraft wait for sunrise.
    const circles = await page.evaluate(
      () => window.__jinyingStore!.getState().reach?.bases.filter((b) => b.reachM > 0).length ?? -1,
    );
    if (circles > 0) expect(counts['reach-line']).toBeGreaterThan(0);
    else {
      expect(circles).toBe(0);
      expect(counts['reach-line'] ?? 0).toBe(0);
      await expect
        .poll(() => page.locator('[data-testid=resources-reach]').innerText())
        .toMatch(/日出后方可起飞/);
    }
    // Acknowledge: the incident stops pulsing.
    const before = counts['incidents-pulse']!;
    await page.click('[data-testid=incident-acknowledge]');
    await page.waitForFunction(
      () =>
        window.__jinyingPicture!()!.incidents.filter((i) => i.status !== 'closed' && !i.acknowledgedAt)
          .length >= 0,
    );
    await expect
      .poll(async () => (await renderedCounts())['incidents-pulse'], { timeout: 5000 })
      .toBe(before - 1);
    // And its pulse ring (CSS, over the map) is gone.
    await expect.poll(() => page.locator(`.pulse-marker[data-id="${target.id}"]`).count()).toBe(0);
    await page.click('[data-testid=detail-close]');
  });

  it('reports an incident where the map is right-clicked', async () => {
    await showProvince();
    const n = await page.evaluate(() => window.__jinyingPicture!()!.incidents.length);
    // A point well inside the province (静乐县 west of 忻州), wherever the panels leave the map.
    const at = await page.evaluate(() => {
      const m = window.__jinyingMap!;
      const p = m.project([111.9, 38.45]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await page.mouse.click(at.x, at.y, { button: 'right' });
    await page.click('[data-testid=menu-report]');
    await page.fill('[data-testid=report-title]', '测试：右键报告的事件');
    // A hazard no demo incident has: no possible duplicate to ask about here.
    await page.selectOption('[data-testid=report-hazard]', 'building_collapse');
    await page.fill('input[name=trapped]', '3');
    // A figure out of range is refused, naming the field and its limit; nothing is saved.
    await page.fill('input[name=dead]', '-2');
    await page.click('[data-testid=report-submit]');
    await expect
      .poll(() => page.locator('[data-testid=report-error]').innerText())
      .toMatch(/「死亡」应为 0 到 10,000 之间的整数/);
    expect(await page.evaluate(() => window.__jinyingPicture!()!.incidents.length)).toBe(n);
    await page.fill('input[name=dead]', '');
    await page.click('[data-testid=report-submit]');
    await expect
      .poll(() => page.evaluate(() => window.__jinyingPicture!()!.incidents.length))
      .toBe(n + 1)
      .catch(async (e: Error) => {
        // Say what the form said (a refusal names its reason), not only that nothing was saved.
        const said = await page
          .locator('[data-testid=report-form]')
          .innerText()
          .catch(() => '(no form)');
        throw new Error(`${e.message}\nthe report form says: ${said}`);
      });
    const created = await page.evaluate(() =>
      window.__jinyingPicture!()!.incidents.find((i) => i.title === '测试：右键报告的事件')!,
    );
    expect(created.hazard).toBe('building_collapse');
    expect(created.casualties.trapped).toBe(3);
    expect(created.location[0]).toBeGreaterThan(110);
    expect(created.location[0]).toBeLessThan(115);
    await expect
      .poll(() => page.locator('[data-testid=detail-panel]').getAttribute('data-id'))
      .toBe(created.id);
    await page.click('[data-testid=detail-close]');
  });

  it('asks before saving a report that may duplicate an open incident of the same hazard nearby', async () => {
    const inc = await page.evaluate(() =>
      window.__jinyingPicture!()!.incidents.find((i) => i.status !== 'closed')!,
    );
    const n = await page.evaluate(() => window.__jinyingPicture!()!.incidents.length);
    await page.evaluate((c) => window.__jinyingMap!.jumpTo({ center: c, zoom: 10 }), inc.location);
    await page.waitForFunction(() => window.__jinyingMap!.loaded() && !window.__jinyingMap!.isMoving());
    const p = await page.evaluate((c) => {
      const m = window.__jinyingMap!;
      const r = m.getCanvas().getBoundingClientRect();
      const q = m.project(c);
      return { x: r.left + q.x + 8, y: r.top + q.y + 8 };
    }, inc.location);
    await page.mouse.click(p.x, p.y, { button: 'right' });
    await page.click('[data-testid=menu-report]');
    await page.fill('[data-testid=report-title]', '测试：疑似重复的报告');
    await page.selectOption('[data-testid=report-hazard]', inc.hazard);
    // Reported as happening when the open incident did (Beijing time in the form).
    const cst = new Date(Date.parse(inc.occurredAt ?? inc.reportedAt) + 8 * 3600_000)
      .toISOString()
      .slice(0, 16);
    await page.fill('input[name=occurred]', cst);
    await expect.poll(() => page.locator('[data-testid=report-duplicates]').innerText()).toContain(inc.title);
    await page.click('[data-testid=report-submit]');
    await expect
      .poll(() => page.locator('[data-testid=report-error]').innerText())
      .toMatch(/可能与已有事件重复/);
    expect(await page.evaluate(() => window.__jinyingPicture!()!.incidents.length)).toBe(n);
    // Checked by the officer: not a duplicate, saved.
    await page.check('input[name=dupOk]');
    await page.click('[data-testid=report-submit]');
    await expect
      .poll(() => page.evaluate(() => window.__jinyingPicture!()!.incidents.length))
      .toBe(n + 1)
      .catch(async (e: Error) => {
        // Say what the form said (a refusal names its reason), not only that nothing was saved.
        const said = await page
          .locator('[data-testid=report-form]')
          .innerText()
          .catch(() => '(no form)');
        throw new Error(`${e.message}\nthe report form says: ${said}`);
      });
    await page.click('[data-testid=detail-close]');
  });

  it('shows WGS84 coordinates under the cursor and a scale bar', async () => {
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 - 40, box.y + box.height / 2 - 30);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await expect
      .poll(() => page.locator('[data-testid=map-coords]').innerText())
      .toMatch(/WGS84.*1\d\d\.\d{5}.*3\d\.\d{5}/);
    await expect(page.locator('.maplibregl-ctrl-scale').innerText()).resolves.toMatch(/km|m/);
  });

  it('shades counties by 1-hour aviation coverage', async () => {
    await showProvince();
    await page.click('[data-testid=layer-coverage]');
    await expect(page.locator('[data-testid=coverage-summary]').innerText()).resolves.toMatch(/\d+/);
    await settle();
    const counts = await renderedCounts();
    expect(counts['coverage-fill']).toBe(117);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'map-coverage.png') });
    await page.click('[data-testid=layer-coverage]');
  });

  it('switches between light and dark themes (screenshots in test-artifacts/)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await showProvince();
    const bg = () =>
      page.evaluate(() => window.__jinyingMap!.getPaintProperty('background', 'background-color'));
    const start = await page.evaluate(() => document.documentElement.dataset.theme);
    if (start === 'dark') {
      await page.click('[data-testid=theme-toggle]');
      await waitForMap(page);
    }
    await settle();
    expect(await bg()).toBe('#eef1f4');
    await page.screenshot({ path: join(ARTIFACTS, 'map-light.png') });
    await page.click('[data-testid=theme-toggle]');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await waitForMap(page);
    await showProvince();
    expect(await bg()).toBe('#0b1220');
    const counts = await renderedCounts();
    expect(counts.incidents).toBeGreaterThan(0);
    expect(counts['county-line']).toBe(117);
    await page.screenshot({ path: join(ARTIFACTS, 'map-dark.png') });
    expect(g.external).toEqual([]);
    expect(g.errors).toEqual([]);
  });
});
