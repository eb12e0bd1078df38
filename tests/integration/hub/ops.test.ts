import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startHub } from '../../../src/hub/server';
import { createToken } from '../../../src/hub/tokens';
import { openHubBackend } from '../../../src/hub/store';
import { backupStore, restoreStore } from '../../../src/hub/ops/backup';
import type { HelloReply, PullReply } from '../../../src/shared/sync/protocol';
import {
  connectAs,
  expectOk,
  HUB_STORES,
  hubLog,
  incidentFields,
  newStoreLocation,
  OpMaker,
  pushOps,
  request,
  startTestHub,
  storeArgs,
  storeQuery,
  tempDir,
  type HubStoreKind,
} from './support';
import { REPO_ROOT } from '../../support/tmp';

const run = promisify(execFile);
const cli = async (...args: string[]) =>
  (await run(process.execPath, ['--import', 'tsx', 'src/hub/cli.ts', ...args], { cwd: REPO_ROOT })).stdout;

/** Resolves with the next `protocol-error` event and the disconnect after it. */
const closedWith = (s: Socket) =>
  new Promise<{ code: string; message: string }>((resolve) => {
    let e: { code: string; message: string } | null = null;
    s.once('protocol-error', (x: { code: string; message: string }) => (e = x));
    s.once('disconnect', () => resolve(e ?? { code: 'none', message: '' }));
  });

describe('hub operations: health, expiry, limits', () => {
  let hub: Awaited<ReturnType<typeof startTestHub>>;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('answers /health with the hub id, head and connections, and 503 once closing', async () => {
    const r = await fetch(`${hub.url}/health`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', hubId: hub.store.hubId, store: 'sqlite', headSeq: 0 });
    // A second hub, closed while its server still answers: a load balancer must see it go.
    const t = tempDir('health');
    const other = await startHub({
      store: { sqlite: join(t.dir, 'h.sqlite') },
      port: 0,
      log: () => undefined,
    });
    const closing = other.close();
    const late = await fetch(`${other.url}/health`).catch(() => null);
    await closing;
    t.cleanup();
    // Either the closing node said 503, or it no longer listens: never 200.
    if (late) expect(late.status).toBe(503);
  });

  it('refuses an expired token at the handshake and closes an open connection when it expires', async () => {
    const expiring = await createToken(hub.store.tokens, {
      name: '限时',
      role: 'duty-officer',
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    const s = await connectAs(hub.url, expiring.token, 'exp1');
    const ops = new OpMaker('exp1');
    expect(
      (await pushOps(s, ops.op('incident', 'exp-inc', 'upsert', incidentFields('exp-inc'))))[0]!.status,
    ).toBe('accepted');
    const closed = await closedWith(s);
    expect(closed.code).toBe('UNAUTHORIZED');
    expect(closed.message).toMatch(/expired/);
    await expect(connectAs(hub.url, expiring.token, 'exp1')).rejects.toThrow(
      /UNAUTHORIZED: this token expired/,
    );
  });

  it('refuses a message over the size limit and one beyond the rate with codes, and keeps the connection', async () => {
    const t = tempDir('limits');
    const small = await startHub({
      store: { sqlite: join(t.dir, 'h.sqlite') },
      port: 0,
      log: () => undefined,
      limits: { maxMessageBytes: 64 * 1024, messagesPerSecond: 5, messageBurst: 10 },
    });
    try {
      const token = (await createToken(small.store.tokens, { name: 'x', role: 'duty-officer' })).token;
      const s = await connectAs(small.url, token, 'lim1');
      const big = await request(s, 'hello', { cursor: 0, pad: 'x'.repeat(100 * 1024) });
      expect(big).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
      const replies = await Promise.all(
        Array.from({ length: 30 }, () => request<HelloReply>(s, 'hello', { cursor: 0 })),
      );
      const limited = replies.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED');
      expect(limited.length).toBeGreaterThan(10);
      expect(replies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(9);
      expect(s.connected).toBe(true);
      await new Promise((r) => setTimeout(r, 1000));
      expectOk(await request<HelloReply>(s, 'hello', { cursor: 0 }));
      s.disconnect();
    } finally {
      await small.close();
      t.cleanup();
    }
  });
});

describe('hub operations: the audit log', () => {
  it('records admin commands in the audit log with who did them', async () => {
    const t = tempDir('audit');
    const at = await newStoreLocation('sqlite', t.dir);
    try {
      const token = (
        await cli(
          'token',
          'create',
          '--name',
          '张伟',
          '--role',
          'viewer',
          '--expires',
          '30d',
          '--actor',
          'ops-李',
          ...storeArgs(at),
        )
      ).trim();
      expect(token).toMatch(/^jy_/);
      await cli('token', 'revoke', '--id', '1', ...storeArgs(at));
      const lines = (await cli('audit', ...storeArgs(at))).trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/\tops-李\ttoken\.create\t.*"name":"张伟".*"expiresAt":"20/);
      expect(lines[1]).toMatch(/\t\S+@\S+\ttoken\.revoke\t\{"id":1\}/);
    } finally {
      t.cleanup();
    }
  }, 120_000);
});

describe.each(HUB_STORES)('hub operations (%s store): backup and restore', (kind) => {
  const other: HubStoreKind = kind === 'sqlite' ? 'postgres' : 'sqlite';

  it(`backs up a running hub and restores it into a new ${other} store: same log, tokens and cursors`, async () => {
    const hub = await startTestHub({ store: kind });
    const t = tempDir('backup');
    try {
      const token = await hub.token('duty-officer');
      const s = await connectAs(hub.url, token, 'bk1');
      const ops = new OpMaker('bk1');
      for (let i = 0; i < 30; i++)
        await pushOps(s, ops.op('incident', `bk-${i}`, 'upsert', incidentFields(`bk-${i}`)));
      const file = join(t.dir, 'hub.backup.gz');
      const out = await cli('backup', '--out', file, ...storeArgs(hub.at));
      expect(out).toMatch(/backed up hub .* \(head seq 30; .*log 30/);
      // Writes after the backup are not in it.
      await pushOps(s, ops.op('incident', 'late', 'upsert', incidentFields('late')));
      s.disconnect();
      const before = (await hubLog(hub)).slice(0, 30);
      expect((await hub.query('SELECT actor, action FROM audit')).map((r) => r.action)).toEqual(['backup']);
      await hub.stop();

      const target = await newStoreLocation(other, t.dir);
      const backend = await openHubBackend(target);
      try {
        expect((await restoreStore(backend, file)).headSeq).toBe(30);
        await backend.audit.record({ actor: 'test', action: 'restore', detail: {} });
        // A second restore into the now non-empty store is refused, naming why.
        await expect(restoreStore(backend, file)).rejects.toThrow(/not empty/);
      } finally {
        await backend.close();
      }
      expect(await hubLog({ at: target })).toEqual(before);
      const restored = await startHub({ store: target, port: 0, log: () => undefined });
      try {
        expect(restored.store.hubId).toBe(hub.store.hubId);
        // The same token and client id work; the cursor carries on; the client's seqs are remembered.
        const again = await connectAs(restored.url, token, 'bk1');
        const hello = expectOk(await request<HelloReply>(again, 'hello', { cursor: 30 }));
        expect(hello.headSeq).toBe(30);
        const dup = await pushOps(again, {
          ...ops.op('incident', 'x', 'upsert', incidentFields('x')),
          seq: 5,
          opId: 'bk1:5',
        });
        expect(dup[0]!.status).toBe('duplicate');
        const page = expectOk(await request<PullReply>(again, 'pull', { after: 29, limit: 10 }));
        expect(page.count).toBe(1);
        again.disconnect();
        const audit = await storeQuery(target, 'SELECT action FROM audit ORDER BY id');
        expect(audit.map((r) => r.action)).toEqual(['restore']);
      } finally {
        await restored.close();
      }
    } finally {
      t.cleanup();
    }
  }, 120_000);

  it('refuses a backup file cut short, restoring nothing', async () => {
    const t = tempDir('cut');
    try {
      const src = await newStoreLocation(kind, t.dir);
      const file = join(t.dir, 'b.gz');
      const b = await openHubBackend(src);
      await createToken(b.tokens, { name: 'a', role: 'viewer' });
      await backupStore(b, file);
      await b.close();
      const { gunzipSync, gzipSync } = await import('node:zlib');
      const { readFileSync, writeFileSync } = await import('node:fs');
      const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
      writeFileSync(file, gzipSync(lines.slice(0, -1).join('\n')));
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(t.dir, 't'));
      const target = await newStoreLocation(kind, join(t.dir, 't'));
      const into = await openHubBackend(target);
      await expect(restoreStore(into, file)).rejects.toThrow(/cut short/);
      await into.close();
      expect(await storeQuery(target, 'SELECT count(*) AS n FROM tokens')).toEqual([{ n: 0 }]);
    } finally {
      t.cleanup();
    }
  });
});
