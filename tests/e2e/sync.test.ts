import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { scenarioRecords } from '../../src/shared/sync/entities';
import { readScenarioFile } from '../../src/main/services/scenarioFile';
import { startTestHub } from '../integration/hub/support';
import { DEMO_SCENARIO } from '../support/tmp';
import {
  ARTIFACTS,
  guardedPage,
  launchBrowser,
  SHANXI_PACK,
  startWeb,
  type GuardedPage,
  type WebApp,
} from '../support/web';

/**
 * Two web-mode apps synced through a real hub on 127.0.0.1, each driven in real Chromium: a duty
 * officer (dispatches) and a field commander (may not). The picture comes from the hub.
 */
let hub: Awaited<ReturnType<typeof startTestHub>>;
let duty: WebApp;
let field: WebApp;
let browser: Browser;
let a: GuardedPage;
let b: GuardedPage;
const INCIDENT = '临汾市洪洞县4.3级地震';

beforeAll(async () => {
  hub = await startTestHub();
  await hub.store.seed(scenarioRecords(readScenarioFile(DEMO_SCENARIO)));
  [duty, field] = await Promise.all([
    startWeb({ mapPack: SHANXI_PACK, args: ['--hub', hub.url, '--token', await hub.token('duty-officer')] }),
    startWeb({
      mapPack: SHANXI_PACK,
      args: ['--hub', hub.url, '--token', await hub.token('field-commander')],
    }),
  ]);
  browser = await launchBrowser();
  a = await guardedPage(browser);
  b = await guardedPage(browser);
  await Promise.all([a.page.goto(duty.url), b.page.goto(field.url)]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await duty?.stop();
  await field?.stop();
  await hub?.stop();
});

async function openIncident(g: GuardedPage): Promise<void> {
  await expect
    .poll(() => g.page.locator('[data-testid="list-incidents"] li[data-id]').count(), { timeout: 30_000 })
    .toBe(7);
  await g.page.locator('[data-testid="list-incidents"] li', { hasText: INCIDENT }).click();
  await g.page.click('[data-testid="itab-dispatch"]');
  await expect
    .poll(() => g.page.locator('[data-testid="candidates"] li').count(), { timeout: 20_000 })
    .toBeGreaterThan(3);
}

const unitStatus = (g: GuardedPage, id: string) =>
  g.page.evaluate((uid) => window.__jinyingPicture?.()?.units.find((u) => u.id === uid)?.status ?? null, id);

describe('sync in the browser: two apps, one hub', () => {
  it('a field commander gets the picture from the hub, is told it may not dispatch, and has no propose button to press', async () => {
    await expect
      .poll(() => b.page.locator('[data-testid="sync-status"]').getAttribute('data-state'), {
        timeout: 30_000,
      })
      .toBe('online');
    await openIncident(b);
    expect(await b.page.locator('[data-testid="role-may-not-dispatch"]').innerText()).toMatch(
      /现场指挥员.*不能调派/,
    );
    const buttons = b.page.locator('[data-testid^="propose-"]');
    expect(await buttons.count()).toBeGreaterThan(3);
    for (const d of await buttons.evaluateAll((els) => els.map((e) => (e as HTMLButtonElement).disabled)))
      expect(d).toBe(true);
  }, 90_000);

  it('a duty officer proposes; the hub accepts and the unit is dispatched in both apps', async () => {
    await expect
      .poll(() => a.page.locator('[data-testid="sync-status"]').getAttribute('data-state'), {
        timeout: 30_000,
      })
      .toBe('online');
    await openIncident(a);
    expect(await a.page.locator('[data-testid="role-may-not-dispatch"]').count()).toBe(0);
    // The best-placed ground unit (aircraft are ranked in the same list).
    const unitIds = await a.page.evaluate(() => window.__jinyingPicture?.()?.units.map((u) => u.id) ?? []);
    const ids = await a.page
      .locator('[data-testid="candidates"] li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    const id = ids.find((x) => x && unitIds.includes(x))!;
    expect(await unitStatus(a, id)).toBe('available');
    await a.page.click(`[data-testid="propose-${id}"]`);
    // Decided by the hub (not locally: this app has a hub), then applied in both stores and pictures.
    await expect
      .poll(
        () =>
          a.page.evaluate(
            (rid) =>
              window.__jinyingPicture?.()?.assignments.find((x) => x.resourceId === rid)?.status ?? null,
            id,
          ),
        { timeout: 20_000 },
      )
      .toBe('accepted');
    expect(hub.store.getEntity('unit', id)?.fields.status).toBe('dispatched');
    await expect.poll(() => unitStatus(a, id), { timeout: 20_000 }).toBe('dispatched');
    await expect.poll(() => unitStatus(b, id), { timeout: 20_000 }).toBe('dispatched');
    // No longer offered: it is on its way, listed as sent, with the hub's receipt.
    await expect.poll(() => a.page.locator(`[data-testid="candidates"] li[data-id="${id}"]`).count()).toBe(0);
    const sent = a.page.locator(`[data-testid="sent"] li[data-id="${id}"]`);
    await expect.poll(() => sent.getAttribute('data-status'), { timeout: 20_000 }).toBe('accepted');
    await expect
      .poll(() => sent.locator('[data-testid="delivery-receipt"]').getAttribute('data-hub'), {
        timeout: 20_000,
      })
      .toBe('yes');
    // The run card counts it as sent, rather than asking for another unit in its place.
    const name = await a.page.evaluate(
      (uid) => window.__jinyingPicture?.()?.units.find((u) => u.id === uid)?.name ?? '',
      id,
    );
    await expect
      .poll(() => a.page.locator('[data-testid="run-card"]').innerText(), { timeout: 20_000 })
      .toContain(`${name}（已派`);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'sync-sent.png'), await a.page.screenshot());
    // The field commander sees what was sent, but cannot release it.
    await expect
      .poll(() => b.page.locator(`[data-testid="sent"] li[data-id="${id}"]`).count(), { timeout: 20_000 })
      .toBe(1);
    expect(await b.page.locator(`[data-testid="release-${id}"]`).count()).toBe(0);
  }, 90_000);

  it('the duty officer releases it (two clicks); the unit is available again in both apps and at the hub', async () => {
    const id = await a.page.locator('[data-testid="sent"] li').first().getAttribute('data-id');
    const button = a.page.locator(`[data-testid="release-${id}"]`);
    await button.click();
    expect(await button.innerText()).toBe('确认解除？');
    expect(await unitStatus(a, id!)).toBe('dispatched');
    await button.click();
    await expect
      .poll(() => a.page.locator(`[data-testid="sent"] li[data-id="${id}"]`).count(), { timeout: 20_000 })
      .toBe(0);
    await expect.poll(() => unitStatus(a, id!), { timeout: 20_000 }).toBe('available');
    await expect.poll(() => unitStatus(b, id!), { timeout: 20_000 }).toBe('available');
    await expect
      .poll(() => hub.store.getEntity('unit', id!)?.fields.status, { timeout: 20_000 })
      .toBe('available');
    await expect
      .poll(() => a.page.locator('[data-testid="run-card"]').innerText(), { timeout: 20_000 })
      .not.toContain('已派');
    // Offered again.
    await expect
      .poll(() => a.page.locator(`[data-testid="candidates"] li[data-id="${id}"]`).count(), {
        timeout: 20_000,
      })
      .toBe(1);
  }, 90_000);

  it('made no request outside this machine, and no page errors', () => {
    expect([...a.external, ...b.external]).toEqual([]);
    expect([...a.errors, ...b.errors].filter((e) => !/GL Driver|GPU stall/.test(e))).toEqual([]);
  });
});
