import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openHubBackend } from '../../../src/hub/store';
import { createToken } from '../../../src/hub/tokens';
import type { LogEntry, PullReply, PushReply } from '../../../src/shared/sync/protocol';
import {
  connectAs,
  expectOk,
  HUB_STORES,
  incidentFields,
  newStoreLocation,
  OpMaker,
  request,
  startTestHub,
  storeArgs,
  tempDir,
} from '../hub/support';
import { expectConverged, startClient, syncAll, type TestClient } from './support';
import { REPO_ROOT as ROOT } from '../../support/tmp';

interface Child {
  proc: ChildProcess;
  lines: string[];
  waitFor: (pred: (lines: string[]) => boolean, ms?: number) => Promise<void>;
  exited: Promise<number | null>;
}

function spawnTsx(args: string[]): Child {
  // node itself (not the tsx wrapper, which would leave its child running after a SIGKILL).
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buf = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
    waiters.forEach((w) => w());
  });
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    lines,
    exited,
    waitFor: (pred, ms = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pred(lines)) {
            waiters.delete(check);
            clearTimeout(t);
            resolve();
          }
        };
        const t = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`child did not get there in ${ms} ms; stderr: ${stderr.slice(-2000)}`));
        }, ms);
        waiters.add(check);
        void exited.then(() => setTimeout(check, 10));
        check();
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const children: Child[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
  for (const f of cleanups.splice(0).reverse()) await f();
});

describe.each(HUB_STORES)('kill -9 (%s store at the hub)', (store) => {
  it('of a client in the middle of writes: after a restart, every committed change reaches the hub exactly once', async () => {
    const hub = await startTestHub({ store });
    cleanups.push(() => hub.stop());
    const token = await hub.token('duty-officer');
    const t = tempDir('killclient');
    cleanups.push(t.cleanup);

    const writer = spawnTsx([
      'tests/integration/sync/fixtures/writerClient.ts',
      t.dir,
      hub.url,
      token,
      'write',
    ]);
    children.push(writer);
    // Kill it once it has written plenty and the hub has acknowledged some (but not all).
    await writer.waitFor((l) => l.length >= 300 && hub.store.head().headSeq >= 50);
    writer.proc.kill('SIGKILL');
    await writer.exited;
    const committed = writer.lines
      .filter((l) => l.startsWith('committed '))
      .map((l) => l.slice('committed '.length));

    const again = spawnTsx([
      'tests/integration/sync/fixtures/writerClient.ts',
      t.dir,
      hub.url,
      token,
      'sync',
    ]);
    children.push(again);
    await again.waitFor((l) => l.some((x) => x.startsWith('synced ')), 60_000);
    expect(await again.exited).toBe(0);
    const [, clientId, pending] = again.lines.find((x) => x.startsWith('synced '))!.split(' ');
    expect(pending).toBe('0');

    const local = new Database(join(t.dir, 'jinying.sqlite'), { readonly: true });
    const opSeq = Number(
      (local.prepare("SELECT value FROM meta WHERE key = 'op_seq'").get() as { value: string }).value,
    );
    const localIds = (local.prepare('SELECT id FROM incidents').all() as { id: string }[]).map((r) => r.id);
    expect(
      (local.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check,
    ).toBe('ok');
    local.close();

    expect(opSeq).toBeGreaterThanOrEqual(committed.length);
    const rows = await hub.query('SELECT op_id FROM log WHERE client_id = ? ORDER BY seq', [clientId]);
    const seqs = rows.map((r) => Number(String(r.op_id).split(':')[1])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: opSeq }, (_, i) => i + 1));
    for (const id of committed) expect(hub.store.getEntity('incident', id), id).not.toBeNull();
    // Each incident is two ops: the record and its first timeline entry.
    expect(localIds.length * 2).toBe(opSeq);
  }, 90_000);

  it('of the hub: after a restart, nothing it acknowledged is lost, and clients converge', async () => {
    const t = tempDir('killhub');
    cleanups.push(t.cleanup);
    const at = await newStoreLocation(store, t.dir);
    const backend = await openHubBackend(at);
    const pusherToken = (await createToken(backend.tokens, { name: 'pusher', role: 'duty-officer' })).token;
    const tokenA = (await createToken(backend.tokens, { name: 'A', role: 'duty-officer' })).token;
    const tokenB = (await createToken(backend.tokens, { name: 'B', role: 'field-commander' })).token;
    await backend.close();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const startHubChild = async () => {
      const h = spawnTsx(['src/hub/cli.ts', '--port', String(port), ...storeArgs(at)]);
      children.push(h);
      await h.waitFor((l) => l.some((x) => x.includes('listening on')));
      return h;
    };
    let hubChild = await startHubChild();

    const a = await startClient('A', url, tokenA);
    const b = await startClient('B', url, tokenB);
    const clients: TestClient[] = [a, b];
    cleanups.push(async () => {
      await Promise.all(clients.map((c) => c.close()));
    });

    // A raw pusher records exactly which ops the hub acknowledged.
    const acked = new Set<string>();
    const maker = new OpMaker('pusher');
    let stop = false;
    const pusher = (async () => {
      const s = await connectAs(url, pusherToken, 'pusher');
      let batch: ReturnType<OpMaker['op']>[] = [];
      while (!stop) {
        if (batch.length === 0)
          batch = Array.from({ length: 50 }, (_, i) =>
            maker.op(
              'incident',
              `p-${Date.now()}-${i}-${Math.random().toString(36).slice(2, 8)}`,
              'upsert',
              incidentFields('x'),
            ),
          );
        for (const op of batch) op.fields.id = op.entityId;
        try {
          const r = await request<PushReply>(s, 'push', { ops: batch });
          if (r.ok) {
            for (const x of r.value.results) if (x.status !== 'rejected') acked.add(x.opId);
            batch = [];
          }
        } catch {
          break; // the hub died under us: unacknowledged ops are simply not counted
        }
      }
      s.disconnect();
    })();
    // Meanwhile the engine clients write too.
    for (let i = 0; i < 40; i++) {
      await a.store.call('createIncident', {
        title: `A ${i}`,
        hazard: 'fire',
        level: 'IV',
        location: [112.5, 37.8],
      });
      a.engine!.kick();
      await new Promise((r) => setTimeout(r, 10));
    }
    while (acked.size < 2000) await new Promise((r) => setTimeout(r, 20));
    hubChild.proc.kill('SIGKILL');
    await hubChild.exited;
    stop = true;
    await pusher;
    // Offline writes while the hub is down.
    await b.store
      .call('updateIncident', {
        id: (await b.store.call('picture')).incidents[0]?.id ?? 'none',
        patch: { description: '离线' },
      })
      .catch(() => undefined);
    await a.store.call('createIncident', {
      title: '中断期间',
      hazard: 'flood',
      level: 'III',
      location: [112.4, 37.7],
    });

    hubChild = await startHubChild();
    const s = await connectAs(url, pusherToken, 'pusher');
    const logged = new Set<string>();
    let after = 0;
    for (;;) {
      const page = expectOk(await request<PullReply>(s, 'pull', { after, limit: 5000 }));
      if (page.count === 0) break;
      for (const e of JSON.parse(Buffer.from(page.page).toString('utf8')) as LogEntry[])
        logged.add(e.op.opId);
      after = page.lastSeq;
    }
    s.disconnect();
    const missing = [...acked].filter((id) => !logged.has(id));
    expect(missing, 'acknowledged ops lost by the hub').toEqual([]);
    expect(logged.size).toBe(after);

    await syncAll(clients);
    await expectConverged(clients);
    hubChild.proc.kill('SIGTERM');
    expect(await hubChild.exited).toBe(0);
  }, 90_000);
});
