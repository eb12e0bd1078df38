import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type AppRuntime } from '../../../src/main/app/compose';
import { invoke } from '../../../src/main/services/invoke';
import type { SyncStatusInfo } from '../../../src/shared/sync/status';
import { HUB_STORES, startTestHub, tempDir } from '../hub/support';
import { seedHub } from './support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function waitFor<T>(f: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(HUB_STORES)('the app with --hub and --token (%s store at the hub)', (store) => {
  it('starts syncing, reports its status through the contract, and remembers the hub', async () => {
    const hub = await startTestHub({ store });
    cleanups.push(() => hub.stop());
    await seedHub(hub.store);
    const t = tempDir('app');
    cleanups.push(t.cleanup);
    const token = await hub.token('duty-officer');
    const lines: string[] = [];
    let app: AppRuntime = await startApp({
      dataDir: t.dir,
      mode: 'web',
      hub: { url: hub.url, token },
      log: (l) => lines.push(l),
    });
    cleanups.push(() => app.close());
    const pushed: SyncStatusInfo[] = [];
    app.bus.on(
      'push',
      (event: string, payload: SyncStatusInfo) => event === 'sync:status' && pushed.push(payload),
    );

    // No local demo with a hub: the picture is the hub's.
    const pic = await waitFor(async () => {
      const r = await invoke(app.handlers, 'picture:get', {});
      return r.ok && (r.value as { incidents: unknown[] }).incidents.length === 4 ? r.value : null;
    });
    expect(pic).toBeTruthy();
    const status = await waitFor(async () => {
      const r = await invoke(app.handlers, 'sync:status', {});
      return r.ok && (r.value as SyncStatusInfo).state === 'online' ? (r.value as SyncStatusInfo) : null;
    });
    expect(status).toMatchObject({ role: 'duty-officer', hubUrl: hub.url, pending: 0 });

    // A local command reaches the hub without anything else calling the engine.
    const created = await invoke(app.handlers, 'incident:create', {
      title: '界面新建',
      hazard: 'fire',
      level: 'IV',
      location: [112.5, 37.8],
    });
    expect(created.ok).toBe(true);
    const id = (created as { value: { id: string } }).value.id;
    await waitFor(async () => hub.store.getEntity('incident', id));
    await waitFor(async () => pushed.some((s) => s.state === 'online'));

    const now = await invoke(app.handlers, 'sync:now', {});
    expect(now).toMatchObject({ ok: true, value: { pending: 0 } });
    expect(await invoke(app.handlers, 'sync:notices', {})).toEqual({ ok: true, value: [] });
    expect(await invoke(app.handlers, 'sync:receipts', {})).toMatchObject({ ok: true });

    // The hub and token are remembered (owner-only file), so a restart without flags reconnects.
    const file = join(t.dir, 'sync.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ hubUrl: hub.url, token });
    expect(statSync(file).mode & 0o077).toBe(0);
    await app.close();
    app = await startApp({ dataDir: t.dir, mode: 'web', log: (l) => lines.push(l) });
    await waitFor(async () => {
      const r = await invoke(app.handlers, 'sync:status', {});
      return r.ok && (r.value as SyncStatusInfo).state === 'online';
    });
  });

  it('without a hub, sync is disabled and says so', async () => {
    const t = tempDir('app-solo');
    cleanups.push(t.cleanup);
    const app = await startApp({ dataDir: t.dir, mode: 'web', log: () => undefined });
    cleanups.push(() => app.close());
    const r = await invoke(app.handlers, 'sync:status', {});
    expect(r).toMatchObject({ ok: true, value: { state: 'disabled' } });
    const n = await invoke(app.handlers, 'sync:now', {});
    expect(n).toMatchObject({ ok: false, error: { code: 'SYNC_DISABLED' } });
    expect(existsSync(join(t.dir, 'sync.json'))).toBe(false);
  });
});
