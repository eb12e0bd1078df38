import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { scenarioRecords } from '../../src/shared/sync/entities';
import { readScenarioFile } from '../../src/main/services/scenarioFile';
import { startTestHub } from '../integration/hub/support';
import { FaultProxy, NO_FAULTS } from '../support/faultProxy';
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
 * The duty officer's desk with a real hub and two web-mode consoles in real Chromium: the duty
 * officer 张伟 works an incident (续报, level raise, dispatch, closing); the field commander 李强's
 * console alarms on the raise, acknowledges the order (接令) and reports 到达现场; the duty
 * officer's timeline shows every step with the right person and Beijing time.
 */
let hub: Awaited<ReturnType<typeof startTestHub>>;
let duty: WebApp | null = null;
let field: WebApp | null = null;
let browser: Browser;
let a: GuardedPage;
let b: GuardedPage | null = null;
const INCIDENT = '临汾市洪洞县4.3级地震';
let unitId = '';
/** The field laptop's link to the hub: a TCP proxy the test cuts (every byte refused) and heals. */
let fieldLink: FaultProxy;

/** A point of the field page where the map itself (no panel) takes the click, and its place. */
async function openMapSpot(g: GuardedPage): Promise<{ x: number; y: number; lngLat: [number, number] }> {
  const spot = await g.page.evaluate(() => {
    const map = window.__jinyingMap!;
    const canvas = map.getCanvas();
    const r = canvas.getBoundingClientRect();
    for (let fy = 0.35; fy <= 0.8; fy += 0.05) {
      for (let fx = 0.8; fx >= 0.2; fx -= 0.05) {
        const x = Math.round(r.left + r.width * fx);
        const y = Math.round(r.top + r.height * fy);
        const ll = map.unproject([x - r.left, y - r.top]);
        const onTop = document.elementFromPoint(x, y) === canvas;
        const feature = map
          .queryRenderedFeatures([x - r.left, y - r.top])
          .some((f) => f.layer.type === 'circle' || f.layer.type === 'symbol');
        if (onTop && !feature) return { x, y, lngLat: [ll.lng, ll.lat] as [number, number] };
      }
    }
    return null;
  });
  if (!spot) throw new Error('no open spot of map on the field console');
  return spot;
}

const shot = async (g: GuardedPage, name: string) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `desk-${name}.png`), await g.page.screenshot());
};
/** The alert on a console's banner now, or null when there is none (without waiting for one). */
const bannerId = (g: GuardedPage) =>
  g.page.evaluate(
    () => document.querySelector('[data-testid="alert-banner"]')?.getAttribute('data-id') ?? null,
  );

/** Wait for a console's alert banner to go; if it does not, say which alert is still standing. */
async function quiet(g: GuardedPage, timeout: number): Promise<void> {
  try {
    await expect.poll(() => g.page.locator('[data-testid="alert-banner"]').count(), { timeout }).toBe(0);
  } catch {
    const left = await g.page
      .locator('[data-testid="alert-banner"]')
      .evaluate((e) => `${e.getAttribute('data-id')} (${e.getAttribute('data-count')}): ${e.textContent}`);
    throw new Error(`an alert is still standing: ${left}`);
  }
}
const timelineKinds = (g: GuardedPage) =>
  g.page
    .locator('[data-testid="timeline-entry"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));

beforeAll(async () => {
  hub = await startTestHub();
  await hub.store.seed(scenarioRecords(readScenarioFile(DEMO_SCENARIO)));
  duty = await startWeb({
    mapPack: SHANXI_PACK,
    args: [
      '--hub',
      hub.url,
      '--token',
      await hub.token('duty-officer', undefined, { name: '张伟', org: '省应急指挥中心' }),
    ],
  });
  browser = await launchBrowser();
  a = await guardedPage(browser, { width: 1366, height: 768 });
  await a.page.goto(duty.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await duty?.stop();
  await field?.stop();
  await fieldLink?.close();
  await hub?.stop();
});

describe('the desk: an incident’s life by named people, two consoles, one hub', () => {
  it('the duty officer is the token’s person, and works the incident from its timeline: 续报 with history, a level raise with its reason', async () => {
    await expect
      .poll(() => a.page.locator('[data-testid="sync-status"]').getAttribute('data-state'), {
        timeout: 30_000,
      })
      .toBe('online');
    await expect
      .poll(() => a.page.locator('[data-testid="on-duty"]').innerText(), { timeout: 20_000 })
      .toContain('张伟');
    await expect
      .poll(() => a.page.locator('[data-testid="list-incidents"] li[data-id]').count(), { timeout: 30_000 })
      .toBe(7);
    await a.page.locator('[data-testid="list-incidents"] li', { hasText: INCIDENT }).click();
    await a.page.click('[data-testid="itab-timeline"]');
    await a.page.click('[data-testid="act-followUp"]');
    const f = a.page.locator('[data-testid="followup-form"]');
    await f.locator('input[name="dead"]').fill('1');
    await f.locator('input[name="trapped"]').fill('3');
    await f.locator('textarea[name="text"]').fill('洪洞县报：1 人遇难，3 人被困');
    await f.locator('button[type="submit"]').click();
    await expect.poll(() => timelineKinds(a), { timeout: 20_000 }).toContain('figures');
    // A second follow-up: both are kept, the later with what it replaced.
    await a.page.click('[data-testid="act-followUp"]');
    await f.locator('input[name="trapped"]').fill('1');
    await f.locator('input[name="injured"]').fill('12');
    await f.locator('button[type="submit"]').click();
    await expect
      .poll(async () => (await timelineKinds(a)).filter((k) => k === 'figures').length, { timeout: 20_000 })
      .toBe(2);
    // The grading suggests a level; it is not applied.
    await expect
      .poll(() => a.page.locator('[data-testid="level-suggestion"]').innerText(), { timeout: 10_000 })
      .toMatch(/建议定为 III 级/);
    await a.page.click('[data-testid="act-level"]');
    const l = a.page.locator('[data-testid="level-form"]');
    await l.locator('select[name="level"]').selectOption('II');
    await l.locator('input[name="reason"]').fill('伤亡上升，研判升级为 II 级');
    await l.locator('button[type="submit"]').click();
    const incidentId = (await a.page
      .locator('[data-testid="list-incidents"] li', { hasText: INCIDENT })
      .getAttribute('data-id'))!;
    await expect
      .poll(() => hub.store.getEntity('incident', incidentId)?.fields.level, { timeout: 20_000 })
      .toBe('II');
    await shot(a, '1366x768-timeline');
  }, 90_000);

  it('dispatches with the order’s task, rendezvous and contact; the field commander’s console alarms on the raise, acknowledges (接令) and reports 到达现场', async () => {
    await a.page.click('[data-testid="itab-dispatch"]');
    await expect
      .poll(() => a.page.locator('[data-testid="candidates"] li').count(), { timeout: 20_000 })
      .toBeGreaterThan(3);
    const unitIds = await a.page.evaluate(() => window.__jinyingPicture?.()?.units.map((u) => u.id) ?? []);
    const ids = await a.page
      .locator('[data-testid="candidates"] li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    unitId = ids.find((x) => x && unitIds.includes(x))!;
    // The unit's commander comes on line with a token bound to that unit.
    // His laptop reaches the hub through a link the test can cut.
    fieldLink = new FaultProxy({ host: '127.0.0.1', port: hub.port }, 1, NO_FAULTS);
    const fieldHubUrl = await fieldLink.listen();
    field = await startWeb({
      mapPack: SHANXI_PACK,
      args: [
        '--hub',
        fieldHubUrl,
        '--token',
        await hub.token('field-commander', unitId, { name: '李强', org: '临汾市消防救援支队' }),
      ],
    });
    b = await guardedPage(browser, { width: 1366, height: 768 });
    await b.page.goto(field.url);
    await expect
      .poll(() => b!.page.locator('[data-testid="unit-console"]').count(), { timeout: 30_000 })
      .toBe(1);
    // The level II incident alarms his console too.
    await expect
      .poll(() => b!.page.locator('[data-testid="alert-text"]').innerText(), { timeout: 30_000 })
      .toMatch(/II级事件/);

    const order = a.page.locator('[data-testid="dispatch-order"]');
    await order.locator('input[name="task"]').fill('搜救倒塌民房被困人员');
    await order.locator('input[name="rendezvous"]').fill('洪洞县人民政府');
    await order.locator('input[name="contact"]').fill('王县长 0357-6221234');
    await a.page.click(`[data-testid="propose-${unitId}"]`);
    await expect
      .poll(() => hub.store.getEntity('unit', unitId)?.fields.status, { timeout: 20_000 })
      .toBe('dispatched');
    await expect
      .poll(() => b!.page.locator('[data-testid="unit-task"]').innerText(), { timeout: 30_000 })
      .toContain(INCIDENT);
    const task = await b.page.locator('[data-testid="unit-task"]').innerText();
    expect(task).toContain('搜救倒塌民房被困人员');
    expect(task).toContain('洪洞县人民政府');
    expect(task).toContain('王县长 0357-6221234');
    await shot(b, '1366x768-field');
    await b.page.click('[data-testid="unit-ack"]');
    await expect
      .poll(() => b!.page.locator('[data-testid="unit-acked"]').count(), { timeout: 20_000 })
      .toBe(1);
    await b.page.click('[data-testid="unit-set-en_route"]');
    await expect
      .poll(() => hub.store.getEntity('unit', unitId)?.fields.status, { timeout: 20_000 })
      .toBe('en_route');
    await b.page.click('[data-testid="unit-set-on_scene"]');
    await expect
      .poll(() => hub.store.getEntity('unit', unitId)?.fields.status, { timeout: 20_000 })
      .toBe('on_scene');
  }, 90_000);

  it('the field side works on with its own link cut (返回, a position picked on the map, a note) while the duty officer stays on line, and both agree once it is back', async () => {
    const before = hub.store.getEntity('unit', unitId)!.fields.position;
    fieldLink.setFaults({ ...NO_FAULTS, cut: 1 });
    fieldLink.cutAll();
    await expect
      .poll(() => b!.page.locator('[data-testid="sync-status"]').getAttribute('data-state'), {
        timeout: 30_000,
      })
      .toBe('offline');
    // Only the field laptop lost its link: the duty officer is still on line.
    expect(await a.page.locator('[data-testid="sync-status"]').getAttribute('data-state')).toBe('online');
    await b!.page.click('[data-testid="unit-set-returning"]');
    await expect
      .poll(() => b!.page.locator('[data-testid="unit-console-status"]').innerText(), { timeout: 10_000 })
      .toBe('返回中');
    // A position by map click: arm, click a spot of open map, check the fields, send.
    await b!.page.click('[data-testid="unit-pick-position"]');
    await expect.poll(() => b!.page.locator('[data-testid="unit-pick-hint"]').count()).toBe(1);
    const spot = await openMapSpot(b!);
    await b!.page.mouse.click(spot.x, spot.y);
    await expect
      .poll(() => b!.page.locator('[data-testid="unit-console"] input[name="lng"]').inputValue(), {
        timeout: 10_000,
      })
      .not.toBe('');
    const lng = Number(await b!.page.locator('[data-testid="unit-console"] input[name="lng"]').inputValue());
    const lat = Number(await b!.page.locator('[data-testid="unit-console"] input[name="lat"]').inputValue());
    expect(Math.abs(lng - spot.lngLat[0])).toBeLessThan(0.01);
    expect(Math.abs(lat - spot.lngLat[1])).toBeLessThan(0.01);
    expect(await b!.page.locator('[data-testid="unit-pick-hint"]').count()).toBe(0);
    await b!.page.click('[data-testid="unit-send-position"]');
    await b!.page
      .locator('[data-testid="unit-console"] textarea[name="note"]')
      .fill('断网期间：被困人员已转运，队伍返回');
    await b!.page.locator('[data-testid="unit-console"] form button[type="submit"]').click();
    await expect
      .poll(() => b!.page.locator('[data-testid="sync-pending"]').innerText(), { timeout: 10_000 })
      .toMatch(/\d/);
    // Nothing of it has reached the hub while the link is down.
    await new Promise((r) => setTimeout(r, 1500));
    expect(hub.store.getEntity('unit', unitId)?.fields.status).toBe('on_scene');
    expect(hub.store.getEntity('unit', unitId)?.fields.position).toEqual(before);
    // The link comes back: the field console catches up by itself, and the duty officer sees all three.
    fieldLink.heal();
    await expect
      .poll(() => hub.store.getEntity('unit', unitId)?.fields.status, { timeout: 40_000 })
      .toBe('returning');
    const pos = hub.store.getEntity('unit', unitId)!.fields.position as [number, number];
    expect(Math.abs(pos[0] - lng)).toBeLessThan(1e-6);
    expect(Math.abs(pos[1] - lat)).toBeLessThan(1e-6);
    await a.page.click('[data-testid="itab-timeline"]');
    await expect
      .poll(
        () =>
          a.page
            .locator('[data-testid="timeline-entry"]', { hasText: '断网期间：被困人员已转运，队伍返回' })
            .locator('[data-testid="timeline-by"]')
            .innerText(),
        { timeout: 40_000 },
      )
      .toContain('李强');
    await expect
      .poll(
        () => a.page.locator('[data-testid="timeline-entry"][data-kind="unit_status"]').first().innerText(),
        { timeout: 20_000 },
      )
      .toContain('返回中');
    await expect
      .poll(
        () =>
          a.page.evaluate(
            (id) => window.__jinyingPicture?.()?.units.find((u) => u.id === id)?.position,
            unitId,
          ),
        { timeout: 20_000 },
      )
      .toEqual(pos);
    await expect
      .poll(() => b!.page.locator('[data-testid="sync-status"]').getAttribute('data-state'), {
        timeout: 30_000,
      })
      .toBe('online');
  }, 120_000);

  it('the duty officer’s timeline shows every step, each with the right person and Beijing time', async () => {
    await a.page.click('[data-testid="itab-timeline"]');
    const want = [
      'order_acknowledged',
      'unit_status',
      'dispatch_decided',
      'dispatch_proposed',
      'level',
      'figures',
    ];
    await expect
      .poll(
        async () => {
          const kinds = await timelineKinds(a);
          return want.every((k) => kinds.includes(k));
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const rows = await a.page.locator('[data-testid="timeline-entry"]').evaluateAll((els) =>
      els.map((e) => ({
        kind: e.getAttribute('data-kind'),
        by: e.querySelector('[data-testid="timeline-by"]')?.textContent ?? '',
        at: e.querySelector('[data-testid="timeline-at"]')?.textContent ?? '',
      })),
    );
    const by = (kind: string) => rows.find((r) => r.kind === kind)!.by;
    expect(by('figures')).toContain('张伟');
    expect(by('level')).toContain('张伟');
    expect(by('dispatch_proposed')).toContain('张伟');
    expect(by('dispatch_decided')).toContain('省级平台');
    expect(by('order_acknowledged')).toContain('李强');
    expect(by('order_acknowledged')).toContain('临汾市消防救援支队');
    expect(by('unit_status')).toContain('李强');
    for (const r of rows) expect(r.at, r.kind!).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 北京时间/);
    await shot(a, '1366x768-timeline-full');
  }, 90_000);

  it('closing needs a summary; a named person acknowledges the alert and every console goes quiet', async () => {
    await a.page.click('[data-testid="act-status"]');
    const s = a.page.locator('[data-testid="status-form"]');
    await s.locator('select[name="status"]').selectOption('closed');
    await s.locator('button[type="submit"]').click();
    await expect
      .poll(() => a.page.locator('[data-testid="act-result"]').innerText(), { timeout: 10_000 })
      .toMatch(/结案小结/);
    await s.locator('textarea[name="summary"]').fill('被困人员全部救出，现场移交属地');
    await s.locator('button[type="submit"]').click();
    await expect.poll(() => timelineKinds(a), { timeout: 20_000 }).toContain('status');
    // The field console: 李强 acknowledges what is standing there, one at a time.
    for (let i = 0; i < 5 && (await b!.page.locator('[data-testid="alert-ack"]').count()) > 0; i++) {
      const id = await b!.page.locator('[data-testid="alert-banner"]').getAttribute('data-id');
      await b!.page.click('[data-testid="alert-ack"]');
      await expect.poll(() => bannerId(b!), { timeout: 10_000 }).not.toBe(id);
    }
    await quiet(b!, 20_000);
    await shot(b!, '1366x768-field-quiet');
    // The duty officer's console has many (overdue demo reports, the other major incidents): the
    // list shows them all, and one press acknowledges every one, each logged by 张伟.
    await expect
      .poll(
        async () => Number(await a.page.locator('[data-testid="alert-banner"]').getAttribute('data-count')),
        { timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(2);
    await a.page.click('[data-testid="alert-more"]');
    // The list shows every standing alert (read together: a deadline passing adds one meanwhile).
    await expect
      .poll(async () => {
        const banner = Number(
          await a.page.locator('[data-testid="alert-banner"]').getAttribute('data-count'),
        );
        return (await a.page.locator('[data-testid="alert-row"]').count()) - banner;
      })
      .toBe(0);
    // Units by the names people use, never by their ids.
    expect((await a.page.locator('[data-testid="alert-row"]').allInnerTexts()).join('\n')).not.toMatch(
      /unit-[a-z]/,
    );
    await shot(a, '1366x768-alert-list');
    const acked = async () =>
      (await hub.query(`SELECT fields FROM entities WHERE entity = 'timeline'`))
        .map((r) => JSON.parse(String(r.fields)) as { kind: string; by?: { name?: string } })
        .filter((f) => f.kind === 'alert_acknowledged' && f.by?.name === '张伟').length;
    const before = await acked();
    const rows = await a.page
      .locator('[data-testid="alert-row"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    await a.page.click('[data-testid="alert-ack-all"]');
    await quiet(a, 30_000).catch((e: Error) => {
      throw new Error(`${e.message}\nlisted when acknowledged: ${rows.join(', ')}`);
    });
    // One entry per alert (refusal notices are marked seen instead, and there are none here).
    await expect.poll(acked, { timeout: 20_000 }).toBe(before + rows.length);
  }, 90_000);

  it('the desk rules are on one screen: checked against their limits, saved, and recorded with who and when', async () => {
    await a.page.click('[data-testid="desk-rules-open"]');
    const r = a.page.locator('[data-testid="desk-rules"]');
    await expect.poll(() => r.count()).toBe(1);
    expect(await r.locator('input[name="initialReportMinutes"]').inputValue()).toBe('60');
    await r.locator('input[name="initialReportMinutes"]').fill('3');
    await r.locator('[data-testid="desk-rules-save"]').click();
    await expect
      .poll(() => r.locator('[data-testid="desk-rules-msg"]').innerText())
      .toMatch(/「初报时限（接报后，分钟）」无效：应为 5–1,440 之间的数/);
    await r.locator('input[name="initialReportMinutes"]').fill('30');
    await r.locator('input[name="dead-II"]').fill('40');
    await r.locator('[data-testid="desk-rules-save"]').click();
    await expect.poll(() => r.locator('[data-testid="desk-rules-msg"]').innerText()).toMatch(/逐级递减/);
    await r.locator('input[name="dead-II"]').fill('10');
    await r.locator('[data-testid="desk-rules-save"]').click();
    await expect.poll(() => r.locator('[data-testid="desk-rules-msg"]').innerText()).toMatch(/已保存/);
    await expect
      .poll(() => r.locator('[data-testid="desk-rules-changed"]').innerText())
      .toMatch(/张伟.*\d{4}-\d{2}-\d{2} \d{2}:\d{2} 北京时间/);
    await shot(a, '1366x768-desk-rules');
    // Kept by the desk: the app's settings say 30, and who set it.
    const settings = await a.page.evaluate(() => window.__jinyingApi!.invoke('app:info', {}));
    expect(settings.ok && settings.value.settings.desk?.initialReportMinutes).toBe(30);
    expect(settings.ok && settings.value.settings.deskChanged?.by.name).toBe('张伟');
    // A client cannot claim who changed them.
    const forged = await a.page.evaluate(() =>
      window.__jinyingApi!.invoke('settings:update', {
        deskChanged: { by: { name: '冒名者', role: 'duty-officer' }, at: '2020-01-01T00:00:00Z' },
      }),
    );
    expect(forged.ok && forged.value.deskChanged?.by.name).toBe('张伟');
    await a.page.keyboard.press('Escape');
    await expect.poll(() => r.count()).toBe(0);
  }, 90_000);

  it('made no request outside this machine, and no page errors', () => {
    expect([...a.external, ...(b?.external ?? [])]).toEqual([]);
    expect([...a.errors, ...(b?.errors ?? [])].filter((e) => !/GL Driver|GPU stall/.test(e))).toEqual([]);
  });
});
