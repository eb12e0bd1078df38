/**
 * 调度会商 end to end: a real hub with a real Janus (in its own network namespace) and coturn, web-mode
 * consoles in Chromium with a fake camera and microphone. A duty officer opens a session from the UI
 * inviting field commanders and a named colleague; their consoles alert; three people join through
 * Janus and each decodes the other two cameras and hears the AudioBridge mix (getStats, read from
 * the call's quality table); a viewer forced through TURN over TCP joins; the session ends and every
 * console is told; then with Janus stopped two people talk peer to peer through the hub's relay.
 * Figures (connect times, frames, loss) are printed, not asserted beyond "rising" and "under 1 %".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub } from '../integration/hub/support';
import { startTurn, type TurnServer } from '../support/coturn';
import { startJanus, type JanusServer } from '../support/janus';
import { MEDIA_FLAGS, startConsole, startConsultHub } from '../support/consultConsoles';
import {
  ARTIFACTS,
  guardedPage,
  launchBrowser,
  waitForMap,
  type GuardedPage,
  type WebApp,
} from '../support/web';

interface Row {
  link: string;
  state: string;
  route: string;
  videoIn: number;
  audioIn: number;
  frames: number;
  received: number;
  lost: number;
}

let janus: JanusServer;
let turn: TurnServer;
let hub: Awaited<ReturnType<typeof startTestHub>>;
const hubLog: string[] = [];
const hubLines = () => hubLog.slice(-40);
let browser: Browser;
const apps: WebApp[] = [];
const pages: Record<string, GuardedPage> = {};
const figures: string[] = [];

const shot = async (g: GuardedPage, name: string) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `consult-${name}.png`), await g.page.screenshot());
};

/** The call's quality table, as getStats reported it last (refreshed every 2 s). */
async function quality(g: GuardedPage): Promise<Row[]> {
  return g.page.$$eval('[data-testid="consult-quality"] tbody tr', (trs) =>
    trs.map((tr) => {
      const d = (tr as HTMLElement).dataset;
      return {
        link: d.link ?? '',
        state: d.state ?? '',
        route: d.route ?? '',
        videoIn: Number(d.videoIn),
        audioIn: Number(d.audioIn),
        frames: Number(d.framesDecoded),
        received: Number(d.packetsReceived),
        lost: Number(d.packetsLost),
      };
    }),
  );
}
const row = async (g: GuardedPage, link: string) => (await quality(g)).find((r) => r.link === link);
const loss = (r: Row) => (r.received + r.lost === 0 ? 0 : (100 * r.lost) / (r.received + r.lost));

const PEOPLE = {
  张伟: 'duty-officer',
  李强: 'field-commander',
  王芳: 'duty-officer',
  赵敏: 'viewer',
} as const;
const appOf: Record<string, WebApp> = {};

async function console_(name: keyof typeof PEOPLE, query = '') {
  const app = appOf[name]!;
  const g = await guardedPage(
    browser,
    name === '张伟' ? { width: 1366, height: 768 } : { width: 1920, height: 1080 },
  );
  g.page.setDefaultTimeout(60_000);
  await g.page.goto(`${app.url}${query}`);
  // A software-rendered first map render keeps the page busy: let it finish before clicking.
  await waitForMap(g.page, 90_000);
  await expect
    .poll(() => g.page.locator('[data-testid="sync-status"]').getAttribute('data-state'), { timeout: 30_000 })
    .toBe('online');
  pages[name] = g;
  return g;
}

/** Join the first session listed; returns ms from the click to live, and to the first decoded frame. */
async function joinFirst(g: GuardedPage, expectFrames: boolean): Promise<{ live: number; frames: number }> {
  await g.page.click('[data-testid="consult-open"]');
  await g.page.locator('[data-testid="consult-list"] li').first().waitFor();
  const t0 = Date.now();
  await g.page.locator('[data-testid="consult-list"] [data-testid="consult-join"]').first().click();
  await expect
    .poll(() => g.page.locator('[data-testid="consult-call"]').getAttribute('data-state'), {
      timeout: 30_000,
    })
    .toBe('live');
  const live = Date.now() - t0;
  await g.page.click('[data-testid="consult-quality-toggle"]');
  if (expectFrames)
    await expect
      .poll(async () => (await quality(g)).reduce((n, r) => n + r.frames, 0), { timeout: 30_000 })
      .toBeGreaterThan(0);
  return { live, frames: Date.now() - t0 };
}

let started = 0;
beforeAll(async () => {
  started = Date.now();
  janus = await startJanus();
  turn = await startTurn(janus.net.hostIp);
  hub = await startConsultHub(janus, turn, { log: (l) => hubLog.push(l) });
  browser = await launchBrowser(MEDIA_FLAGS);
  // The four consoles start together (each a web-mode server with its own store and hub token).
  await Promise.all(
    Object.entries(PEOPLE).map(async ([name, role]) => {
      const app = await startConsole(hub, name, role);
      apps.push(app);
      appOf[name] = app;
    }),
  );
  figures.push(`set-up (Janus, coturn, hub, 4 consoles): ${Date.now() - started} ms`);
}, 240_000);

afterAll(async () => {
  console.log(`[consult e2e]\n${figures.join('\n')}`);
  await browser?.close();
  for (const a of apps) await a.stop();
  await hub?.stop();
  await turn?.close();
  await janus?.close();
});

describe('调度会商 in Chromium through a real hub, Janus and coturn', () => {
  it('three people join through Janus: each decodes the two other cameras and hears the mix', async () => {
    const t0 = Date.now();
    const [zhang, li, wang] = await Promise.all([console_('张伟'), console_('李强'), console_('王芳')]);
    figures.push(`three consoles loaded and online: ${Date.now() - t0} ms`);

    await zhang.page.click('[data-testid="consult-open"]');
    await zhang.page.locator('[data-testid="consult-new"]').waitFor();
    await zhang.page.fill('[data-testid="consult-people"]', '王芳');
    await zhang.page.check('[data-role="viewer"]');
    await zhang.page.click('[data-testid="consult-submit"]');
    await expect
      .poll(() => zhang.page.locator('[data-testid="consult-msg"]').innerText())
      .toContain('已发起会商');
    await shot(zhang, 'panel-1366x768-zh');
    await zhang.page.keyboard.press('Escape');

    // The invited consoles alert (banner and the top bar's button); the uninvited would not.
    for (const g of [li, wang]) {
      await expect
        .poll(() => g.page.locator('[data-testid="consult-open"]').innerText(), { timeout: 20_000 })
        .toContain('会商邀请 1');
      // The demo's older alerts come first in the banner; the invitation is in its list.
      await g.page.click('[data-testid="alert-more"]');
      await expect
        .poll(() => g.page.locator('[data-testid="alert-row"][data-kind="consult_invitation"]').innerText())
        .toContain('会商邀请：会商：');
      await g.page.click('[data-testid="alert-more"]');
    }

    const times = [];
    for (const g of [zhang, li, wang]) times.push(await joinFirst(g, g !== zhang));
    figures.push(
      `janus join → live: ${times.map((x) => x.live).join(', ')} ms; → first frame decoded: ${times.map((x) => x.frames).join(', ')} ms`,
    );
    // Every console decodes the two others (one multistream subscription) and gets one mixed audio stream.
    for (const g of [zhang, li, wang]) {
      await expect
        .poll(async () => (await row(g, 'subscribe'))?.videoIn, { timeout: 30_000 })
        .toBe(2)
        .catch(async (e) => {
          throw new Error(
            `${String(e)}\n${JSON.stringify(await Promise.all([zhang, li, wang].map(quality)))}\n${g.errors.join('\n')}\n${hubLines().join('\n')}`,
          );
        });
      await expect
        .poll(async () => (await row(g, 'audio'))?.received ?? 0, { timeout: 30_000 })
        .toBeGreaterThan(50);
    }
    const before = await Promise.all([zhang, li, wang].map((g) => row(g, 'subscribe')));
    await zhang.page.waitForTimeout(4000); // frames must keep coming: measured over 4 s
    for (const [i, g] of [zhang, li, wang].entries()) {
      const sub = (await row(g, 'subscribe'))!;
      const audio = (await row(g, 'audio'))!;
      expect(sub.frames).toBeGreaterThan(before[i]!.frames + 20);
      expect(audio.audioIn).toBe(1);
      expect(loss(sub)).toBeLessThan(1);
      expect(loss(audio)).toBeLessThan(1);
      figures.push(
        `janus ${['张伟', '李强', '王芳'][i]}: framesDecoded ${before[i]!.frames} → ${sub.frames} over 4 s (2 feeds), video loss ${loss(sub).toFixed(2)} %, mix packets ${audio.received}, audio loss ${loss(audio).toFixed(2)} %`,
      );
    }
    expect(
      await zhang.page.locator('[data-testid="consult-thumb"], [data-testid="consult-speaker"]').count(),
    ).toBe(2);
    await shot(zhang, 'call-1366x768-zh');
    await shot(li, 'call-1920x1080-zh');
  }, 240_000);

  it('a viewer forced through TURN over TCP joins, watches and hears, and may not publish a camera', async () => {
    // Two publishers stay (张伟, 李强); 王芳 leaves, which the others see.
    const wang = pages['王芳']!;
    await wang.page.click('[data-testid="consult-leave"]');
    await wang.context.close();
    await expect
      .poll(() => pages['张伟']!.page.locator('[data-testid="consult-people-list"] li').count())
      .toBe(2);
    delete pages['王芳'];
    const zhao = await console_('赵敏', '?consultRelay=1');
    const t = await joinFirst(zhao, true).catch(async (e) => {
      throw new Error(`${String(e)}\n${await zhao.page.locator('body').innerText()}`);
    });
    figures.push(`relay-only viewer join → live ${t.live} ms, → first frame ${t.frames} ms`);
    await expect.poll(async () => (await row(zhao, 'subscribe'))?.videoIn, { timeout: 30_000 }).toBe(2);
    const sub = (await row(zhao, 'subscribe'))!;
    const audio = (await row(zhao, 'audio'))!;
    expect(sub.route).toBe('relay');
    expect(audio.route).toBe('relay');
    expect(await row(zhao, 'publish')).toBeUndefined();
    await zhao.page.waitForTimeout(3000);
    const later = (await row(zhao, 'subscribe'))!;
    expect(later.frames).toBeGreaterThan(sub.frames + 20);
    expect(loss(later)).toBeLessThan(1);
    figures.push(
      `relay viewer: framesDecoded ${sub.frames} → ${later.frames} over 3 s (2 feeds), loss ${loss(later).toFixed(2)} %`,
    );
  }, 240_000);

  it('ending the session closes it on every console', async () => {
    const zhang = pages['张伟']!;
    await zhang.page.click('[data-testid="consult-open"]');
    await zhang.page.locator('[data-testid="consult-end"]').first().click();
    for (const g of Object.values(pages))
      await expect
        .poll(() => g.page.locator('[data-testid="consult-call"]').getAttribute('data-state'), {
          timeout: 20_000,
        })
        .toBe('ended');
    await zhang.page.keyboard.press('Escape');
    for (const g of Object.values(pages)) await g.page.locator('[data-testid="consult-close"]').click();
  }, 240_000);

  it('with Janus stopped, two people talk peer to peer through the hub', async () => {
    await janus.stop();
    await pages['赵敏']!.context.close();
    delete pages['赵敏'];
    const zhang = pages['张伟']!;
    const li = pages['李强']!;
    await zhang.page.click('[data-testid="consult-open"]');
    await zhang.page.fill('[data-testid="consult-people"]', '李强');
    await zhang.page.click('[data-testid="consult-submit"]');
    await expect
      .poll(() => zhang.page.locator('[data-testid="consult-msg"]').innerText())
      .toContain('已发起会商');
    await zhang.page.keyboard.press('Escape');
    const a = await joinFirst(zhang, false);
    await expect
      .poll(() => zhang.page.locator('[data-testid="consult-call"]').getAttribute('data-mode'))
      .toBe('p2p');
    const b = await joinFirst(li, true);
    for (const g of [zhang, li])
      await expect
        .poll(async () => (await quality(g)).find((r) => r.link.startsWith('peer-'))?.frames ?? 0, {
          timeout: 30_000,
        })
        .toBeGreaterThan(10);
    const peer = (await quality(li)).find((r) => r.link.startsWith('peer-'))!;
    expect(peer.videoIn).toBe(1);
    expect(peer.audioIn).toBe(1);
    expect(loss(peer)).toBeLessThan(1);
    figures.push(
      `p2p join → live ${a.live} / ${b.live} ms, 李强 first frame ${b.frames} ms; loss ${loss(peer).toFixed(2)} %`,
    );
    await shot(li, 'p2p-1920x1080-zh');
    await li.page.click('[data-testid="lang-toggle"]');
    await expect
      .poll(() => li.page.locator('[data-testid="consult-mode"]').innerText())
      .toContain('Peer to peer');
    await shot(li, 'p2p-1920x1080-en');
    await li.page.click('[data-testid="lang-toggle"]');
    for (const g of Object.values(pages).filter((p) => !p.page.isClosed())) expect(g.external).toEqual([]);
  }, 240_000);
});
