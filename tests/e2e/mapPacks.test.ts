import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { allTiles, RASTER_META, solidPng, writeMbtiles } from '../unit/main/mappacks/tileFixtures';
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
 * Map packs end to end: start with none (the plain map inviting an import), refuse broken packs
 * while keeping the current one, import a folder and a .zip, ask for attribution when a pack
 * has none, switch and remove.
 */
let app: WebApp;
let browser: Browser;
let g: GuardedPage;
let page: Page;
let scratch: string;

const layerIds = () => page.evaluate(() => window.__jinyingMap!.getStyle().layers.map((l) => l.id));
const attribution = () => page.locator('.maplibregl-ctrl-attrib').innerText();

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'jinying-packs-'));
  // A broken pack: a layer that is not GeoJSON.
  mkdirSync(join(scratch, 'broken'));
  writeFileSync(
    join(scratch, 'broken', 'counties.geojson'),
    '{"type": "FeatureCollection", "features": [ oops',
  );
  // A projected pack (metres, not degrees).
  mkdirSync(join(scratch, 'projected'));
  writeFileSync(
    join(scratch, 'projected', 'points.geojson'),
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: { type: 'Point', coordinates: [12_500_000, 4_500_000] },
        },
      ],
    }),
  );
  // A pack with no provenance: the user must say where it comes from.
  mkdirSync(join(scratch, 'anonymous'));
  writeFileSync(
    join(scratch, 'anonymous', 'rivers.geojson'),
    readFileSync(join(SHANXI_PACK, 'shanxi_rivers_ne10m.geojson')),
  );
  // The Shanxi pack as a .zip, built here (outside the project) from the shared test folder.
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(SHANXI_PACK)) files[`basemap-shanxi/${f}`] = readFileSync(join(SHANXI_PACK, f));
  writeFileSync(join(scratch, 'basemap-shanxi.zip'), zipSync(files, { level: 6 }));
  // A raster MBTiles pack (solid tiles, zooms 0–3), its attribution in its metadata.
  mkdirSync(join(scratch, 'raster'));
  writeMbtiles(join(scratch, 'raster', 'relief.mbtiles'), RASTER_META, allTiles(3, solidPng([30, 120, 200])));
  // A ~110 MB GeoJSON layer: seconds of reading and parsing in the import worker, time to cancel.
  mkdirSync(join(scratch, 'huge'));
  const points: string[] = [];
  for (let i = 0; i < 1_100_000; i++)
    points.push(
      `{"type":"Feature","properties":{"n":${i}},"geometry":{"type":"Point","coordinates":[${(112 + (i % 1000) / 1000).toFixed(6)},37.123456]}}`,
    );
  writeFileSync(
    join(scratch, 'huge', 'points.geojson'),
    `{"type":"FeatureCollection","features":[${points.join(',')}]}`,
  );
  writeFileSync(
    join(scratch, 'huge', 'manifest.json'),
    JSON.stringify({ name: 'Huge', attribution: 'Huge test points' }),
  );

  app = await startWeb();
  browser = await launchBrowser();
  g = await guardedPage(browser, { width: 1600, height: 900 });
  page = g.page;
  await page.goto(app.url);
  await waitForMap(page);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function importPath(path: string): Promise<string> {
  if (!(await page.locator('[data-testid=packs-dialog]').isVisible()))
    await page.click('[data-testid=packs-open]');
  await page.fill('[data-testid=pack-path]', path);
  await page.click('[data-testid=pack-import]');
  const msg = page.locator('[data-testid=pack-message]');
  await msg.waitFor();
  return msg.innerText();
}

async function closeDialog(): Promise<void> {
  await page.click('[data-testid=packs-dialog] button.close');
}

describe('map packs', { timeout: 60_000 }, () => {
  it('without a pack, draws a plain map with city positions and invites an import', async () => {
    await expect(page.locator('[data-testid=map-notice]').innerText()).resolves.toMatch(/未加载底图包/);
    const ids = await layerIds();
    expect(ids).toContain('grid');
    expect(ids).toContain('centre-point');
    // Never a boundary without an authorised pack.
    expect(ids.some((id) => /province|city-line|county/.test(id))).toBe(false);
    const centres = await page.evaluate(
      () =>
        new Set(
          window
            .__jinyingMap!.queryRenderedFeatures({ layers: ['centre-point'] })
            .map((f) => f.properties.name_zh),
        ).size,
    );
    expect(centres).toBe(11);
    const units = await page.evaluate(() => window.__jinyingMap!.querySourceFeatures('units').length);
    expect(units).toBeGreaterThan(0);
    await expect(attribution()).resolves.toMatch(/GeoNames/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'map-no-pack.png') });
  });

  it('refuses a broken pack with the reason and keeps the map as it was', async () => {
    await page.click('[data-testid=notice-import]');
    const msg = await importPath(join(scratch, 'broken'));
    expect(msg).toMatch(/未导入，当前底图保持不变/);
    // Worded in the user's language, the technical detail (which file, what is wrong) kept.
    expect(msg).toMatch(/地图包无效：.*counties\.geojson is not valid JSON/);
    await page.screenshot({ path: join(ARTIFACTS, 'map-pack-refused.png') });
    const projected = await importPath(join(scratch, 'projected'));
    expect(projected).toMatch(/WGS84/);
    const missing = await importPath(join(scratch, 'no-such-folder'));
    expect(missing).toMatch(/Nothing found/);
    await expect.poll(() => page.locator('[data-testid=pack-item]').count()).toBe(0);
    await closeDialog();
    expect((await layerIds()).includes('centre-point')).toBe(true);
  });

  it('imports the Shanxi folder, derives its attribution from SOURCES.md and draws it', async () => {
    const msg = await importPath(SHANXI_PACK);
    expect(msg).toMatch(/已导入并启用/);
    await closeDialog();
    await page.waitForFunction(() => window.__jinyingMap!.getLayer('province-line') !== undefined);
    await waitForMap(page);
    await expect(attribution()).resolves.toMatch(/审图号 GS\(2024\)0650号 \/ 天地图/);
    await expect(attribution()).resolves.toMatch(/Natural Earth/);
    await expect.poll(() => page.locator('[data-testid=map-notice]').count()).toBe(0);
    // Stored in the data folder, not read from where it came from.
    expect(readdirSync(join(app.data, 'packs')).some((d) => /b0f87991|Shanxi/.test(d))).toBe(true);
  });

  it('keeps the current pack when a later import fails', async () => {
    const msg = await importPath(join(scratch, 'broken'));
    expect(msg).toMatch(/当前底图保持不变/);
    await closeDialog();
    expect(await layerIds()).toContain('province-line');
    await expect(attribution()).resolves.toMatch(/审图号/);
  });

  it('asks for attribution when a pack has none, then imports it', async () => {
    const msg = await importPath(join(scratch, 'anonymous'));
    expect(msg).toMatch(/没有 manifest\.json 或 SOURCES\.md 说明数据来源.*审图号/);
    await page.fill('[data-testid=pack-attribution]', 'Natural Earth (public domain)');
    await page.click('[data-testid=pack-import]');
    await expect.poll(() => page.locator('[data-testid=pack-message]').innerText()).toMatch(/已导入并启用/);
    await expect.poll(() => page.locator('[data-testid=pack-item]').count()).toBe(2);
    await closeDialog();
    await page.waitForFunction(
      () =>
        window.__jinyingMap!.getLayer('river-line') !== undefined &&
        !window.__jinyingMap!.getLayer('province-line'),
    );
    await expect(attribution()).resolves.toMatch(/Natural Earth \(public domain\)/);
  });

  it('uploads a .zip, switches between packs and removes one', async () => {
    await page.click('[data-testid=packs-open]');
    await page.setInputFiles('[data-testid=pack-file]', join(scratch, 'basemap-shanxi.zip'));
    await page.click('[data-testid=pack-import]');
    await expect
      .poll(() => page.locator('[data-testid=pack-message]').innerText(), { timeout: 15_000 })
      .toMatch(/已导入并启用/);
    // Same content as the folder: the same pack, not a duplicate.
    await expect.poll(() => page.locator('[data-testid=pack-item]').count()).toBe(2);
    await page.waitForFunction(() => window.__jinyingMap!.getLayer('province-line') !== undefined);
    // Remove the anonymous one; the Shanxi pack stays in use.
    page.once('dialog', (d) => void d.accept());
    await page
      .locator('[data-testid=pack-item]', { hasText: 'Natural Earth (public domain)' })
      .locator('[data-testid=pack-remove]')
      .click();
    await expect.poll(() => page.locator('[data-testid=pack-item]').count()).toBe(1);
    // Back to no pack, then to Shanxi again.
    await page.click('[data-testid=pack-use-none]');
    await page.waitForFunction(() => window.__jinyingMap!.getLayer('centre-point') !== undefined);
    await page.locator('[data-testid=pack-item] [data-testid=pack-use]').click();
    await page.waitForFunction(() => window.__jinyingMap!.getLayer('province-line') !== undefined);
    await closeDialog();
    await waitForMap(page);
    expect(g.external).toEqual([]);
    expect(g.errors).toEqual([]);
  });

  it('imports an MBTiles raster pack and draws its tiles from our own server', async () => {
    const tiles: number[] = [];
    page.on('response', (r) => {
      if (/\/packs\/[^/]+\/tiles\/\d+\/\d+\/\d+$/.test(r.url())) tiles.push(r.status());
    });
    await expect(importPath(join(scratch, 'raster'))).resolves.toMatch(/已导入并启用/);
    await closeDialog();
    await page.waitForFunction(
      () =>
        window.__jinyingMap!.getSource('pack-tiles')?.type === 'raster' &&
        window.__jinyingMap!.getLayer('tiles-raster') !== undefined,
    );
    await page.waitForFunction(() => window.__jinyingMap!.areTilesLoaded(), undefined, { timeout: 20_000 });
    expect(tiles.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(tiles.filter((s) => s >= 400)).toEqual([]);
    await expect(attribution()).resolves.toMatch(/Test tiles © nobody/);
    await page.screenshot({ path: join(ARTIFACTS, 'map-mbtiles-raster.png') });
    expect(g.external).toEqual([]);
    expect(g.errors).toEqual([]);
  });

  it("shows an import's progress and cancels it: nothing kept, the pack in use stays", async () => {
    await page.click('[data-testid=packs-open]');
    const current = await page.locator('.pack-list li.current').getAttribute('data-id');
    expect(current).not.toBeNull();
    const before = await page.locator('[data-testid=pack-item]').count();
    await page.fill('[data-testid=pack-path]', join(scratch, 'huge'));
    await page.click('[data-testid=pack-import]');
    // The import worker reports its steps: the bar and what is being done, in Chinese.
    const bar = page.locator('[data-testid=pack-progress-bar]');
    await bar.waitFor();
    // The worker starts (about a second from the TypeScript sources in web mode), then reports.
    await expect
      .poll(() => page.locator('[data-testid=pack-progress]').getAttribute('data-phase'), {
        timeout: 20_000,
        interval: 50,
      })
      .toMatch(/^(read|check|write)$/);
    await expect(page.locator('[data-testid=pack-progress-text]').innerText()).resolves.toMatch(
      /^正在(读取文件|检查图层与瓦片|写入数据文件夹) .* MB · \d+%$/,
    );
    const percent = Number(await page.locator('[data-testid=pack-progress]').getAttribute('data-percent'));
    expect(percent).toBeGreaterThanOrEqual(0);
    expect(percent).toBeLessThan(100);
    await page.screenshot({ path: join(ARTIFACTS, 'map-pack-progress.png') });
    await page.click('[data-testid=pack-cancel]');
    await expect
      .poll(() => page.locator('[data-testid=pack-message]').innerText())
      .toMatch(/已取消导入：未保留任何内容，当前底图保持不变/);
    await expect.poll(() => page.locator('[data-testid=pack-progress]').count()).toBe(0);
    expect(await page.locator('[data-testid=pack-item]').count()).toBe(before);
    expect(await page.locator('.pack-list li.current').getAttribute('data-id')).toBe(current);
    // Nothing half-written in the data folder: no temporary folder, no pack named Huge.
    expect(readdirSync(join(app.data, 'packs')).filter((d) => d.startsWith('.') || /^Huge/.test(d))).toEqual(
      [],
    );
    await closeDialog();
    await expect(attribution()).resolves.toMatch(/Test tiles © nobody/);
    expect(g.external).toEqual([]);
    expect(g.errors).toEqual([]);
  });
});
