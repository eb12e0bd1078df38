import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Socket } from 'socket.io-client';
import type {
  HelloReply,
  LogEntry,
  PullReply,
  PushReply,
  SnapshotReply,
} from '../../../src/shared/sync/protocol';
import {
  assignmentFields,
  connectAs,
  expectOk,
  incidentFields,
  OpMaker,
  request,
  HUB_STORES,
  newStoreLocation,
  startTestHub,
  storeArgs,
  storeQuery,
  tempDir,
  unitFields,
  type TestHub,
} from './support';

function pageOf(r: PullReply): LogEntry[] {
  return JSON.parse(Buffer.from(r.page).toString('utf8')) as LogEntry[];
}

describe.each(HUB_STORES)('hub (%s store): tokens, roles, log, decisions', (store) => {
  let hub: TestHub;
  let duty: Socket;
  let dutyOps: OpMaker;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ store });
    duty = await connectAs(hub.url, await hub.token('duty-officer'), 'duty1');
    sockets.push(duty);
    dutyOps = new OpMaker('duty1');
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await hub.stop();
  });

  it('says who the client is on hello', async () => {
    const hello = expectOk(await request<HelloReply>(duty, 'hello', { cursor: 0 }));
    expect(hello.role).toBe('duty-officer');
    expect(hello.hubId).toBe(hub.store.hubId);
    expect(hello.minSeq).toBe(1);
  });

  it('accepts an op once, acknowledges the duplicate and skips it', async () => {
    const op = dutyOps.op('incident', 'inc-1', 'upsert', incidentFields('inc-1'));
    const first = expectOk(await request<PushReply>(duty, 'push', { ops: [op] }));
    expect(first.results[0]).toMatchObject({ status: 'accepted' });
    const seq = (first.results[0] as { seq: number }).seq;
    const again = expectOk(await request<PushReply>(duty, 'push', { ops: [op, op] }));
    expect(again.results).toEqual([
      { opId: op.opId, status: 'duplicate', seq },
      { opId: op.opId, status: 'duplicate', seq },
    ]);
    const page = pageOf(expectOk(await request<PullReply>(duty, 'pull', { after: 0, limit: 100 })));
    expect(page.filter((e) => e.op.opId === op.opId)).toHaveLength(1);
  });

  it('rejects an op sent under another client id', async () => {
    const forged = new OpMaker('someone-else').op('incident', 'inc-1', 'upsert', { title: 'forged' });
    const r = expectOk(await request<PushReply>(duty, 'push', { ops: [forged] }));
    expect(r.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
  });

  it("rejects a viewer's write whatever its client sends, and returns the hub's record", async () => {
    const viewer = await connectAs(hub.url, await hub.token('viewer'), 'viewer1');
    sockets.push(viewer);
    const ops = new OpMaker('viewer1');
    const r = expectOk(
      await request<PushReply>(viewer, 'push', {
        ops: [
          ops.op('incident', 'inc-1', 'upsert', { title: 'changed by a viewer' }),
          ops.op('incident', 'inc-v', 'upsert', incidentFields('inc-v')),
        ],
      }),
    );
    expect(r.results.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    const first = r.results[0] as Extract<PushReply['results'][number], { status: 'rejected' }>;
    expect(first.code).toBe('FORBIDDEN');
    expect(first.reason).toMatch(/read-only/);
    expect(first.current?.fields.title).toBe('事故 inc-1');
    expect(hub.store.getEntity('incident', 'inc-1')?.fields.title).toBe('事故 inc-1');
    expect(hub.store.getEntity('incident', 'inc-v')).toBeNull();
  });

  it('keeps incident status moving forward whatever the clocks say', async () => {
    const fc = await connectAs(hub.url, await hub.token('field-commander'), 'fc1');
    sockets.push(fc);
    const fcOps = new OpMaker('fc1');
    const forward = fcOps.op('incident', 'inc-1', 'upsert', { status: 'responding' });
    await new Promise((r) => setTimeout(r, 3));
    const back = dutyOps.op('incident', 'inc-1', 'upsert', { status: 'verified' }); // later clock, earlier status
    expect(back.hlc > forward.hlc).toBe(true);
    expectOk(await request<PushReply>(fc, 'push', { ops: [forward] }));
    const r = expectOk(await request<PushReply>(duty, 'push', { ops: [back] }));
    expect(r.results[0]?.status).toBe('accepted'); // logged (every replica computes the same), but it does not win
    expect(hub.store.getEntity('incident', 'inc-1')?.fields.status).toBe('responding');
  });

  it('rejects an invalid record and names the field', async () => {
    const r = expectOk(
      await request<PushReply>(duty, 'push', {
        ops: [dutyOps.op('incident', 'inc-1', 'upsert', { level: 'V' })],
      }),
    );
    expect(r.results[0]).toMatchObject({ status: 'rejected', code: 'INVALID_RECORD' });
    expect((r.results[0] as { reason: string }).reason).toMatch(/level/);
  });

  it('decides assignments: first wins, then conflicts, out-of-service and non-dispatching roles are rejected', async () => {
    expectOk(
      await request<PushReply>(duty, 'push', {
        ops: [
          dutyOps.op('incident', 'inc-2', 'upsert', incidentFields('inc-2')),
          dutyOps.op('unit', 'u-1', 'upsert', unitFields('u-1')),
          dutyOps.op('unit', 'u-2', 'upsert', unitFields('u-2', { status: 'out_of_service' })),
        ],
      }),
    );
    const fc = await connectAs(hub.url, await hub.token('field-commander'), 'fc2');
    sockets.push(fc);
    const fcOps = new OpMaker('fc2');
    const a1 = dutyOps.op('assignment', 'asg-1', 'propose', assignmentFields('asg-1', 'inc-1', 'u-1'), 0);
    const a2 = dutyOps.op('assignment', 'asg-2', 'propose', assignmentFields('asg-2', 'inc-2', 'u-1'), 0);
    const a3 = dutyOps.op('assignment', 'asg-3', 'propose', assignmentFields('asg-3', 'inc-2', 'u-2'), 0);
    const a4 = fcOps.op('assignment', 'asg-4', 'propose', assignmentFields('asg-4', 'inc-2', 'u-1'), 0);
    expectOk(await request<PushReply>(duty, 'push', { ops: [a1, a2, a3] }));
    expectOk(await request<PushReply>(fc, 'push', { ops: [a4] }));
    const status = (id: string) => hub.store.getEntity('assignment', id)?.fields;
    expect(status('asg-1')).toMatchObject({ status: 'accepted', rejectionReason: null });
    expect(status('asg-2')).toMatchObject({ status: 'rejected' });
    expect(String(status('asg-2')?.rejectionReason)).toMatch(/already assigned to open incident inc-1/);
    expect(String(status('asg-3')?.rejectionReason)).toMatch(/out of service/);
    expect(String(status('asg-4')?.rejectionReason)).toMatch(/may not dispatch/);
    // Each rejection carries a code and its parameters, for the UI to say it in the user's language.
    expect(status('asg-1')).toMatchObject({ rejectionCode: null, rejectionParams: null });
    expect(status('asg-2')).toMatchObject({
      rejectionCode: 'already_assigned_elsewhere',
      rejectionParams: { resource: '救援队 u-1 (u-1)', incident: 'inc-1', assignment: 'asg-1' },
    });
    expect(status('asg-3')).toMatchObject({
      rejectionCode: 'unit_out_of_service',
      rejectionParams: { resource: 'u-2' },
    });
    expect(status('asg-4')).toMatchObject({
      rejectionCode: 'role_may_not_dispatch',
      rejectionParams: { role: 'field-commander' },
    });
    // The accepted order sent u-1 on its way; the rejected ones left u-2 as it was.
    expect(hub.store.getEntity('unit', 'u-1')?.fields.status).toBe('dispatched');
    expect(hub.store.getEntity('unit', 'u-2')?.fields.status).toBe('out_of_service');
    // The decisions are in the log, so every client (and the proposer) sees them; the unit's new
    // status comes right after the decision that caused it.
    const page = pageOf(expectOk(await request<PullReply>(duty, 'pull', { after: 0, limit: 1000 })));
    const hubOps = page.filter(
      (e) => e.op.clientId === 'hub' && (e.op.entity === 'assignment' || e.op.entity === 'unit'),
    );
    expect(hubOps.map((e) => `${e.op.entity} ${e.op.entityId}`)).toEqual([
      'assignment asg-1',
      'unit u-1',
      'assignment asg-2',
      'assignment asg-3',
      'assignment asg-4',
    ]);
    expect(hubOps[1]!.op.fields).toEqual({ status: 'dispatched' });
    expect(hubOps[1]!.seq).toBe(hubOps[0]!.seq + 1);
  });

  it('logs a device receipt for an accepted order only', async () => {
    const dev = await connectAs(hub.url, await hub.token('field-commander', 'u-1'), 'dev-u1');
    sockets.push(dev);
    const ops = new OpMaker('dev-u1');
    const hello = expectOk(await request<HelloReply>(dev, 'hello', { cursor: 0 }));
    expect(hello.unitId).toBe('u-1');
    const r = expectOk(
      await request<PushReply>(dev, 'push', {
        ops: [
          ops.op('assignment', 'asg-1', 'receipt', { receivedAt: new Date().toISOString() }, 0),
          ops.op('assignment', 'asg-2', 'receipt', { receivedAt: new Date().toISOString() }, 0),
        ],
      }),
    );
    expect(r.results.map((x) => x.status)).toEqual(['accepted', 'rejected']);
  });

  it('fans out committed entries to every connected client', async () => {
    const other = await connectAs(hub.url, await hub.token('viewer'), 'viewer2');
    sockets.push(other);
    const got = new Promise<{ entries: LogEntry[] }>((resolve) => other.once('ops', resolve));
    const op = dutyOps.op('incident', 'inc-2', 'upsert', { title: '新标题' });
    const r = expectOk(await request<PushReply>(duty, 'push', { ops: [op] }));
    const ev = await got;
    expect(ev.entries.map((e) => e.op.opId)).toEqual([op.opId]);
    expect(ev.entries[0]?.seq).toBe((r.results[0] as { seq: number }).seq);
  });

  it('serves the merged state as a paged snapshot', async () => {
    const all: SnapshotReply['records'] = [];
    let after: SnapshotReply['next'] = null;
    do {
      const page: SnapshotReply = expectOk(
        await request<SnapshotReply>(duty, 'snapshot', { after, limit: 2 }),
      );
      all.push(...page.records);
      after = page.next;
    } while (after);
    expect(all.length).toBe(hub.store.entityCount());
    expect(all.find((r) => r.entityId === 'inc-2')?.fields.title).toBe('新标题');
    expect(all.find((r) => r.entityId === 'inc-1')?.clocks.status).toMatch(/fc1$/);
  });
});

describe.each(HUB_STORES)('hub (%s store): compaction and restart', (store) => {
  it('asks an old cursor to take a snapshot, and keeps everything across a restart', async () => {
    const hub = await startTestHub({ retainOps: 20, store });
    const token = await hub.token('duty-officer');
    const s = await connectAs(hub.url, token, 'c1');
    const ops = new OpMaker('c1');
    for (let i = 0; i < 10; i++) {
      expectOk(
        await request<PushReply>(s, 'push', {
          ops: Array.from({ length: 10 }, (_, j) =>
            ops.op('incident', `inc-${i}-${j}`, 'upsert', incidentFields(`inc-${i}-${j}`)),
          ),
        }),
      );
    }
    const r = await request(s, 'pull', { after: 0, limit: 10 });
    expect(r).toMatchObject({ ok: false, error: { code: 'SNAPSHOT_REQUIRED' } });
    const head = hub.store.head();
    expect(head.headSeq).toBe(100);
    expect(expectOk(await request<PullReply>(s, 'pull', { after: head.minSeq - 1, limit: 5000 })).count).toBe(
      100 - head.minSeq + 1,
    );
    s.disconnect();
    await hub.close();
    const { startHub } = await import('../../../src/hub/server');
    const again = await startHub({ store: hub.at, port: 0, log: () => undefined });
    expect(again.store.head()).toEqual(head);
    expect(again.store.entityCount()).toBe(100);
    // A late duplicate of a compacted op is still recognised.
    const s2 = await connectAs(again.url, token, 'c1');
    const dup = { ...ops.op('incident', 'x', 'upsert', {}), opId: 'c1:1', seq: 1 };
    const d = expectOk(await request<PushReply>(s2, 'push', { ops: [dup] }));
    expect(d.results[0]).toMatchObject({ status: 'duplicate', seq: 1 });
    s2.disconnect();
    await again.close();
    // Two hubs started and stopped in a row: generous under a loaded CI machine (it takes 0.5–4 s alone).
  }, 90_000);
});

describe('hub CLI', () => {
  it('creates a token, prints it once, and stores only its hash', () => {
    const t = tempDir('hubcli');
    try {
      const db = join(t.dir, 'hub.sqlite');
      const out = execFileSync(
        'npx',
        [
          'tsx',
          'src/hub/cli.ts',
          'token',
          'create',
          '--name',
          '太原指挥中心',
          '--role',
          'duty-officer',
          '--db',
          db,
        ],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const token = out.trim();
      expect(token).toMatch(/^jy_[A-Za-z0-9_-]{43}$/);
      const raw =
        readFileSync(db).toString('latin1') + readFileSync(`${db}-wal`, { flag: 'a+' }).toString('latin1');
      expect(raw.includes(token)).toBe(false);
      const conn = new Database(db, { readonly: true });
      const row = conn.prepare('SELECT name, role, hash FROM tokens').get() as {
        name: string;
        role: string;
        hash: string;
      };
      conn.close();
      expect(row).toMatchObject({ name: '太原指挥中心', role: 'duty-officer' });
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      const bad = (() => {
        try {
          execFileSync(
            'npx',
            ['tsx', 'src/hub/cli.ts', 'token', 'create', '--name', 'x', '--role', 'god', '--db', db],
            { stdio: 'pipe' },
          );
          return '';
        } catch (e) {
          return String((e as { stderr: Buffer }).stderr);
        }
      })();
      expect(bad).toMatch(/--role must be one of/);
    } finally {
      t.cleanup();
    }
  });

  it.each(HUB_STORES)(
    '--help prints the usage; seeding the demo (%s store) moves its times to now; a token names its person and organisation',
    async (store) => {
      const t = tempDir('hubcli2');
      try {
        const run = (...args: string[]) =>
          execFileSync('npx', ['tsx', 'src/hub/cli.ts', ...args], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
          });
        expect(run('--help')).toMatch(/usage[\s\S]*token create --name NAME \[--org ORG\]/);
        const at = await newStoreLocation(store, t.dir);
        run('seed', '--scenario', 'assets/scenarios/shanxi-demo.json', ...storeArgs(at));
        run(
          'token',
          'create',
          '--name',
          '张伟',
          '--org',
          '省应急指挥中心',
          '--role',
          'duty-officer',
          ...storeArgs(at),
        );
        const fixes = (await storeQuery(at, "SELECT fields FROM entities WHERE entity = 'unit'")).map((r) =>
          Date.parse((JSON.parse(String(r.fields)) as { positionFixAt: string }).positionFixAt),
        );
        // The demo's newest time is now: its freshest fix is minutes old, not days.
        expect(Date.now() - Math.max(...fixes)).toBeLessThan(10 * 60_000);
        expect(await storeQuery(at, 'SELECT id, name, org FROM tokens')).toEqual([
          { id: 1, name: '张伟', org: '省应急指挥中心' },
        ]);
        expect(run('token', 'list', ...storeArgs(at))).toMatch(
          /^1\t张伟\t省应急指挥中心\tduty-officer\t-\t.*\tactive$/m,
        );
        expect(run('token', 'revoke', '--id', '1', ...storeArgs(at)).trim()).toBe('revoked token 1');
        expect(run('token', 'list', ...storeArgs(at))).toMatch(/\trevoked /);
      } finally {
        t.cleanup();
      }
      // Seven CLI starts through tsx: several seconds each on a busy machine.
    },
    180_000,
  );
});
