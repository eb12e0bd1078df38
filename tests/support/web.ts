/**
 * Shared helpers for end-to-end tests and benchmarks: start the app in web mode as a real server
 * process on a free port with a fresh data folder, and launch headless Chromium (playwright-core,
 * the system's /usr/bin/chromium, software GL) with every non-local request blocked and logged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { REPO_ROOT as ROOT } from './tmp';

export { REPO_ROOT as ROOT, SHANXI_PACK } from './tmp';
export const ARTIFACTS = join(ROOT, 'test-artifacts');

export interface WebApp {
  url: string;
  data: string;
  /** Everything the server printed, for diagnostics. */
  output: () => string;
  stop: () => Promise<void>;
}

export interface StartWebOptions {
  mapPack?: string;
  scenario?: string;
  /** Data folder; a fresh temporary one (removed on stop) when omitted. */
  data?: string;
  /** Extra command-line flags. */
  args?: string[];
  timeoutMs?: number;
}

/** `npx tsx src/main/web/cli.ts --port 0 …`; resolves once the server prints its URL. */
export async function startWeb(opts: StartWebOptions = {}): Promise<WebApp> {
  const ownData = !opts.data;
  const data = opts.data ?? mkdtempSync(join(tmpdir(), 'jinying-e2e-'));
  const args = [
    join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    'src/main/web/cli.ts',
    '--port',
    '0',
    '--data',
    data,
  ];
  if (opts.mapPack) args.push('--map-pack', opts.mapPack);
  if (opts.scenario) args.push('--scenario', opts.scenario);
  args.push(...(opts.args ?? []));
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let out = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      // Not left running: nobody would stop a server whose start timed out.
      child.kill('SIGTERM');
      reject(new Error(`web mode did not start in time:\n${out}`));
    }, opts.timeoutMs ?? 30_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/)\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    data,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (ownData) rmSync(data, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** `extraArgs`: e.g. the fake camera and microphone flags of the consultation tests. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(`Chromium not found at ${executablePath}; set CHROMIUM_PATH.`);
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** True for URLs that stay on this machine. */
export function isLocal(url: string): boolean {
  if (/^(data|blob|about|chrome|devtools):/.test(url)) return true;
  try {
    const h = new URL(url).hostname;
    return h === '127.0.0.1' || h === 'localhost' || h === '[::1]';
  } catch {
    return false;
  }
}

export interface GuardedPage {
  page: Page;
  context: BrowserContext;
  /** Every non-local request attempted (all were aborted). */
  external: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
}

/** A page whose every non-local request is aborted and recorded. */
export async function guardedPage(
  browser: Browser,
  viewport = { width: 1400, height: 860 },
  opts: { timezoneId?: string } = {},
): Promise<GuardedPage> {
  const context = await browser.newContext({
    viewport,
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
  });
  const external: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (isLocal(u)) return route.continue();
    external.push(u);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  // WebSockets do not go through route(); record them too.
  page.on('websocket', (ws) => {
    if (!isLocal(ws.url())) external.push(ws.url());
  });
  return { page, context, external, errors };
}

/** Wait until the map reports a complete first render (style, our layers and data drawn). */
export async function waitForMap(page: Page, timeoutMs = 60_000): Promise<void> {
  try {
    await page.waitForFunction(() => window.__jinyingMapReady === true, undefined, { timeout: timeoutMs });
  } catch (e) {
    // Say what the map was waiting for, so a failure on a loaded CI machine can be told from a hang.
    const state = await page
      .evaluate(() => {
        const m = window.__jinyingMap;
        return m
          ? {
              styleLoaded: m.isStyleLoaded(),
              tilesLoaded: m.areTilesLoaded(),
              moving: m.isMoving(),
              layers: m.getStyle()?.layers?.length ?? 0,
              picture: Boolean(window.__jinyingPicture?.()),
            }
          : { map: 'not created' };
      })
      .catch((err: unknown) => ({ evaluate: String(err) }));
    throw new Error(
      `the map did not report a complete first render in ${timeoutMs} ms: ${JSON.stringify(state)}`,
      { cause: e },
    );
  }
}
