import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { HelloReply } from '../../../src/shared/sync/protocol';
import {
  assignmentFields,
  connectAs,
  expectOk,
  incidentFields,
  OpMaker,
  pushOps,
  hubLog,
  request,
  startTestHub,
  HUB_STORES,
  type TestHub,
  tempDir,
  unitFields,
} from './support';
import { join } from 'node:path';
import { StoreClient } from '../../../src/main/db/client';
import { SyncEngine } from '../../../src/main/sync/engine';
import { expectConverged, startClient, syncAll, type TestClient } from '../sync/support';

/** The desk at the hub: named people on every entry, immutable timelines, the hub's own entries. */
describe.each(HUB_STORES)('hub (%s store): people and incident timelines', (store) => {
  let hub: TestHub;
  let duty: Socket;
  let dutyOps: OpMaker;
  const sockets: Socket[] = [];
  const push = pushOps;
  const logOf = () => hubLog(hub);
  const entry = (id: string, incidentId: string, kind: string, extra: Record<string, unknown> = {}) => ({
    id,
    incidentId,
    kind,
    at: new Date().toISOString(),
    by: { name: '冒充的人', org: '某单位', role: 'admin' },
    text: '',
    data: {},
    corrects: null,
    unitId: null,
    ...extra,
  });

  beforeAll(async () => {
    hub = await startTestHub({ store });
    duty = await connectAs(
      hub.url,
      await hub.token('duty-officer', undefined, { name: '张伟', org: '省应急指挥中心' }),
      'zhang',
    );
    sockets.push(duty);
    dutyOps = new OpMaker('zhang');
    await push(
      duty,
      dutyOps.op('incident', 'inc-1', 'upsert', incidentFields('inc-1')),
      dutyOps.op('unit', 'u-1', 'upsert', unitFields('u-1')),
      dutyOps.op('unit', 'u-2', 'upsert', unitFields('u-2')),
    );
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await hub.stop();
  });

  it('hello names the token’s person and organisation', async () => {
    expect(expectOk(await request<HelloReply>(duty, 'hello', { cursor: 0 }))).toMatchObject({
      name: '张伟',
      org: '省应急指挥中心',
      role: 'duty-officer',
    });
  });

  it('stamps a timeline entry and a proposal with the token’s person, whatever the client claimed', async () => {
    const [r] = await push(
      duty,
      dutyOps.op('timeline', 'tl-1', 'upsert', entry('tl-1', 'inc-1', 'note', { text: '已联系属地' })),
    );
    expect(r).toMatchObject({ status: 'accepted' });
    expect(hub.store.getEntity('timeline', 'tl-1')?.fields.by).toEqual({
      name: '张伟',
      org: '省应急指挥中心',
      role: 'duty-officer',
    });
    const logged = (await logOf()).find((e) => e.op.entityId === 'tl-1')!;
    expect(logged.op.fields.by).toEqual({ name: '张伟', org: '省应急指挥中心', role: 'duty-officer' });
    await push(
      duty,
      dutyOps.op(
        'assignment',
        'asg-1',
        'propose',
        { ...assignmentFields('asg-1', 'inc-1', 'u-1'), proposedBy: 'web' },
        0,
      ),
    );
    expect(hub.store.getEntity('assignment', 'asg-1')?.fields.proposedBy).toBe('张伟');
  });

  it('timeline entries are immutable, and the hub’s own kinds are the hub’s', async () => {
    const results = await push(
      duty,
      dutyOps.op('timeline', 'tl-1', 'upsert', { text: '改写历史' }),
      dutyOps.op('timeline', 'tl-1', 'delete', {}),
      dutyOps.op('timeline', 'tl-forged', 'upsert', entry('tl-forged', 'inc-1', 'dispatch_decided')),
      dutyOps.op('timeline', 'tl-forged2', 'upsert', entry('tl-forged2', 'inc-1', 'device_received')),
    );
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    expect(hub.store.getEntity('timeline', 'tl-1')?.fields.text).toBe('已联系属地');
  });

  it('the hub writes its decision, after the unit status it caused, and the device’s receipt into the incident’s timeline', async () => {
    const log = await logOf();
    const decision = log.find(
      (e) => e.op.entity === 'assignment' && e.op.clientId === 'hub' && e.op.entityId === 'asg-1',
    )!;
    const status = log.find((e) => e.op.entity === 'unit' && e.op.clientId === 'hub')!;
    const tl = log.find((e) => e.op.entity === 'timeline' && e.op.fields.kind === 'dispatch_decided')!;
    expect([decision.seq + 1, decision.seq + 2]).toEqual([status.seq, tl.seq]);
    expect(tl.op.fields).toMatchObject({
      incidentId: 'inc-1',
      by: { name: '省级平台', role: 'hub' },
      unitId: 'u-1',
      data: { assignmentId: 'asg-1', status: 'accepted' },
    });
    const dev = await connectAs(
      hub.url,
      await hub.token('field-commander', 'u-1', { name: '李强', org: '消防一队' }),
      'dev-u1',
    );
    sockets.push(dev);
    const devOps = new OpMaker('dev-u1');
    expect((await push(dev, devOps.op('assignment', 'asg-1', 'receipt', {}, 0)))[0]).toMatchObject({
      status: 'accepted',
    });
    const got = (await logOf()).find(
      (e) => e.op.entity === 'timeline' && e.op.fields.kind === 'device_received',
    )!;
    expect(got.op.fields).toMatchObject({
      incidentId: 'inc-1',
      by: { name: '李强', org: '消防一队', role: 'field-commander' },
      data: { assignmentId: 'asg-1', device: 'dev-u1' },
    });
  });

  it('a field commander reports for its own unit only, and may not dispatch or report up the chain', async () => {
    const fc = await connectAs(
      hub.url,
      await hub.token('field-commander', 'u-1', { name: '李强', org: '消防一队' }),
      'fc-u1',
    );
    sockets.push(fc);
    const m = new OpMaker('fc-u1');
    const [ack, status, other, note, up] = await push(
      fc,
      m.op(
        'timeline',
        'tl-ack',
        'upsert',
        entry('tl-ack', 'inc-1', 'order_acknowledged', { unitId: 'u-1', data: { assignmentId: 'asg-1' } }),
      ),
      m.op(
        'timeline',
        'tl-st',
        'upsert',
        entry('tl-st', 'inc-1', 'unit_status', {
          unitId: 'u-1',
          data: { from: 'dispatched', to: 'en_route' },
        }),
      ),
      m.op('timeline', 'tl-other', 'upsert', entry('tl-other', 'inc-1', 'unit_status', { unitId: 'u-2' })),
      m.op('timeline', 'tl-note', 'upsert', entry('tl-note', 'inc-1', 'note', { text: '现场道路中断' })),
      m.op('timeline', 'tl-up', 'upsert', entry('tl-up', 'inc-1', 'report_initial', { text: '初报' })),
    );
    expect([ack?.status, status?.status, note?.status]).toEqual(['accepted', 'accepted', 'accepted']);
    expect(other).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    expect(up).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
  });
});

describe.each(HUB_STORES)('clients (%s store): the hub’s person replaces what the desk claimed', (kind) => {
  let hub: TestHub;
  let clients: TestClient[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await hub.stop();
  });

  it('an entry written before the first connection under the signed-in name ends, on every replica, under the token’s person', async () => {
    hub = await startTestHub({ store: kind });
    const b = await startClient(
      'B',
      hub.url,
      await hub.token('duty-officer', undefined, { name: '赵磊', org: '省应急指挥中心' }),
    );
    // A new desk, never connected: whoever signed in is all it knows.
    const t = tempDir('desk-a');
    const store = await StoreClient.open(join(t.dir, 'jinying.sqlite'));
    await store.call('signIn', { name: '冒名', org: '无' });
    const inc = await store.call('createIncident', {
      title: '离线接报',
      hazard: 'flood',
      level: 'IV',
      location: [112.4, 37.7],
    });
    expect((await store.call('listTimeline', { incidentId: inc.id }))[0]!.by.name).toBe('冒名');
    const engine = new SyncEngine({
      store,
      hubUrl: hub.url,
      token: await hub.token('duty-officer', undefined, { name: '王芳', org: '太原市应急管理局' }),
      pollMs: 1000,
      reconnectDelayMs: 100,
    });
    const a: TestClient = {
      name: 'A',
      store,
      engine,
      dir: t.dir,
      online: async () => engine,
      offline: async () => undefined,
      close: async () => undefined,
    };
    a.close = async () => {
      await engine.stop();
      await store.close();
      t.cleanup();
    };
    await engine.start();
    clients = [a, b];
    await syncAll(clients);
    await expectConverged(clients, hub.store);
    for (const c of clients) {
      const tl = await c.store.call('listTimeline', { incidentId: inc.id });
      expect(tl[0]?.by, c.name).toEqual({ name: '王芳', org: '太原市应急管理局', role: 'duty-officer' });
    }
  });
});
