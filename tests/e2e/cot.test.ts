import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createToken } from '../../src/hub/tokens';
import { DEVICE, startCotHub, UNIT, type CotHub } from '../integration/hub/cotSupport';
import { connectCotTcp, positionCot, xmlMessage, type CotStream } from '../support/cot';
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
 * A field device's CoT reaches a duty officer's screen: a test client built with node-cot streams
 * position reports over TCP to the hub's CoT bridge, and the mapped unit moves in a web-mode
 * console synced with that hub, in real Chromium.
 */
let h: CotHub;
let web: WebApp;
let browser: Browser;
let g: GuardedPage;
let device: CotStream;

beforeAll(async () => {
  h = await startCotHub();
  const token = (await createToken(h.hub.store.tokens, { name: '张伟', role: 'duty-officer', unitId: null }))
    .token;
  web = await startWeb({ mapPack: SHANXI_PACK, args: ['--hub', h.hub.url, '--token', token] });
  browser = await launchBrowser();
  g = await guardedPage(browser, { width: 1366, height: 768 });
  await g.page.goto(web.url);
  device = await connectCotTcp(h.hub.cot!.ports().tcp!);
}, 120_000);

afterAll(async () => {
  device?.end();
  await browser?.close();
  await web?.stop();
  await h?.stop();
});

const unitOnScreen = () =>
  g.page.evaluate(
    (id) => window.__jinyingPicture?.()?.units.find((u) => u.id === id)?.position ?? null,
    UNIT,
  );

describe('CoT positions on a console', () => {
  it('moves the unit on a web-mode console as the device reports', async () => {
    await expect
      .poll(() => g.page.locator('[data-testid="sync-status"]').getAttribute('data-state'), {
        timeout: 60_000,
      })
      .toBe('online');
    await waitForMap(g.page);
    expect(await unitOnScreen()).toEqual([112.56028, 37.86944]);
    // The device drives north-east in five reports, a second apart.
    const t0 = Date.now() - 5_000;
    for (let i = 1; i <= 5; i++) {
      const at: [number, number] = [112.56 + i * 0.02, 37.87 + i * 0.01];
      await device.write(
        xmlMessage(await positionCot({ uid: DEVICE, lon: at[0], lat: at[1], time: t0 + i * 1000 })),
      );
      await expect.poll(unitOnScreen, { timeout: 20_000 }).toEqual(at);
    }
    await g.page
      .locator('[data-testid="list-units"]')
      .first()
      .isVisible()
      .catch(() => false);
    // The unit, selected in the list, where the device last put it.
    await g.page.click('[data-testid="tab-units"]');
    await g.page.fill('[data-testid="filter-text"]', '太原市消防救援支队特勤大队');
    await g.page
      .locator('[data-testid="list-units"] li[data-id="unit-fire-det-140100"] [data-testid="row"]')
      .click();
    await g.page.waitForTimeout(1500);
    writeFileSync(join(ARTIFACTS, 'cot-unit-moved-1366.png'), await g.page.screenshot());
    expect(g.errors).toEqual([]);
    expect(g.external).toEqual([]);
  }, 120_000);
});
