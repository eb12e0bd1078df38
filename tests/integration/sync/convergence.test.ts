import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { startHub } from '../../../src/hub/server';
import { HUB_STORES, startTestHub, type TestHub } from '../hub/support';
import { expectConverged, seedHub, startClient, syncAll, type TestClient } from './support';

let hub: TestHub | null = null;
let clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  await hub?.stop();
  hub = null;
});

const tick = () => new Promise((r) => setTimeout(r, 3));

describe.each(HUB_STORES)('sync convergence (real hub on %s, real stores)', (store) => {
  it('two clients editing the same and different records offline converge, and the losing value is kept as a conflict', async () => {
    hub = await startTestHub({ store });
    await seedHub(hub.store);
    const a = await startClient('A', hub.url, await hub.token('duty-officer'));
    // B is the field commander of unit u-2: it reports that unit's position and status.
    const b = await startClient('B', hub.url, await hub.token('field-commander', 'u-2'));
    clients = [a, b];
    await syncAll(clients);
    expect((await a.store.call('picture')).incidents).toHaveLength(4);

    await a.offline();
    await b.offline();
    // Same record, same field: B writes last and wins; A's value is kept as a conflict notice.
    await a.store.call('updateIncident', { id: 'inc-1', patch: { title: 'A 的标题', affected: 10 } });
    await a.store.call('setIncidentStatus', { id: 'inc-1', status: 'verified' });
    await tick();
    await b.store.call('updateIncident', {
      id: 'inc-1',
      patch: { title: 'B 的标题', description: '现场报告' },
    });
    await b.store.call('setIncidentStatus', { id: 'inc-1', status: 'responding' });
    await tick();
    // A's later status change is a step back: status only moves forward, whatever the clocks.
    await a.store.call('setIncidentStatus', { id: 'inc-2', status: 'contained' });
    await b.store.call('setIncidentStatus', { id: 'inc-2', status: 'verified' });
    // Different records.
    await a.store.call('updateIncident', { id: 'inc-3', patch: { level: 'II' } });
    await b.store.call('trackUnit', {
      id: 'u-2',
      position: [112.6, 37.9],
      fixAt: new Date(Date.now() + 1000).toISOString(),
    });
    await b.store.call('setUnitStatus', { id: 'u-2', status: 'en_route' });
    const created = await a.store.call('createIncident', {
      title: '新报告',
      hazard: 'flood',
      level: 'III',
      location: [112.4, 37.7],
    });

    await syncAll(clients);
    await expectConverged(clients, hub.store);
    for (const x of clients)
      expect(
        (await x.store.call('syncNotices', {})).filter((n) => n.kind === 'op_rejected'),
        x.name,
      ).toEqual([]);
    const inc1 = (await a.store.call('picture')).incidents.find((i) => i.id === 'inc-1')!;
    expect(inc1).toMatchObject({
      title: 'B 的标题',
      affected: 10,
      description: '现场报告',
      status: 'responding',
    });
    const inc2 = (await b.store.call('picture')).incidents.find((i) => i.id === 'inc-2')!;
    expect(inc2.status).toBe('contained');
    expect((await b.store.call('picture')).incidents.some((i) => i.id === created.id)).toBe(true);

    const conflictsA = await a.store.call('listConflicts', {});
    expect(conflictsA.find((c) => c.entityId === 'inc-1' && c.field === 'title')).toMatchObject({
      keptValue: 'B 的标题',
      lostValue: 'A 的标题',
    });
    const conflictsB = await b.store.call('listConflicts', {});
    expect(conflictsB.find((c) => c.entityId === 'inc-1' && c.field === 'title')).toMatchObject({
      keptValue: 'B 的标题',
      lostValue: 'A 的标题',
    });
    expect(conflictsB.find((c) => c.entityId === 'inc-2' && c.field === 'status')).toMatchObject({
      keptValue: 'contained',
      lostValue: 'verified',
    });
  });

  it('a sequential edit (the writer had seen the value it replaced) is not a conflict; a concurrent one is', async () => {
    hub = await startTestHub({ store });
    await seedHub(hub.store);
    const a = await startClient('A', hub.url, await hub.token('duty-officer'));
    const b = await startClient('B', hub.url, await hub.token('duty-officer'));
    clients = [a, b];
    await syncAll(clients);
    // A edits; B sees it, then edits the same field: A is simply told the new value.
    await a.store.call('updateIncident', { id: 'inc-1', patch: { title: 'A 改的标题' } });
    await syncAll(clients);
    await b.store.call('updateIncident', { id: 'inc-1', patch: { title: 'B 接着改的标题' } });
    await syncAll(clients);
    expect((await a.store.call('picture')).incidents.find((i) => i.id === 'inc-1')?.title).toBe(
      'B 接着改的标题',
    );
    expect(await a.store.call('listConflicts', {})).toEqual([]);
    expect(await b.store.call('listConflicts', {})).toEqual([]);
    // The same again, but B had not seen A's value (both offline): a conflict on both sides.
    await a.offline();
    await b.offline();
    await a.store.call('updateIncident', { id: 'inc-1', patch: { title: 'A 离线改' } });
    await tick();
    await b.store.call('updateIncident', { id: 'inc-1', patch: { title: 'B 离线改' } });
    await syncAll(clients);
    for (const x of clients) {
      expect(
        (await x.store.call('listConflicts', {})).map((c) => [c.field, c.keptValue, c.lostValue]),
        x.name,
      ).toEqual([['title', 'B 离线改', 'A 离线改']]);
    }
  });

  it('releasing a unit and dispatching it again raises no conflict (the hub had seen the release)', async () => {
    hub = await startTestHub({ store });
    await seedHub(hub.store);
    const a = await startClient('A', hub.url, await hub.token('duty-officer'));
    const b = await startClient('B', hub.url, await hub.token('duty-officer'));
    clients = [a, b];
    await syncAll(clients);
    const first = await a.store.call('proposeAssignment', {
      incidentId: 'inc-1',
      resourceKind: 'unit',
      resourceId: 'u-1',
    });
    await syncAll(clients);
    await a.store.call('releaseAssignment', { id: first.id });
    await syncAll(clients);
    await a.store.call('proposeAssignment', { incidentId: 'inc-2', resourceKind: 'unit', resourceId: 'u-1' });
    await syncAll(clients);
    expect((await a.store.call('picture')).units.find((u) => u.id === 'u-1')?.status).toBe('dispatched');
    for (const x of clients) expect(await x.store.call('listConflicts', {}), x.name).toEqual([]);
    await expectConverged(clients, hub.store);
  });

  it('a hub that restarts (closing every connection) is reconnected to, and what was written meanwhile arrives', async () => {
    hub = await startTestHub({ store });
    await seedHub(hub.store);
    const a = await startClient('A', hub.url, await hub.token('duty-officer'));
    clients = [a];
    await syncAll(clients);
    const { port, dir } = hub;
    await hub.close();
    await expect.poll(() => a.engine!.status().state, { timeout: 10_000 }).toBe('offline');
    await a.store.call('updateIncident', { id: 'inc-1', patch: { description: '平台重启期间写的' } });
    const again = await startHub({ store: hub.at, port, log: () => undefined });
    hub = {
      ...hub,
      ...again,
      stop: async () => {
        await again.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    await expect
      .poll(() => hub!.store.getEntity('incident', 'inc-1')?.fields.description, { timeout: 20_000 })
      .toBe('平台重启期间写的');
  });

  it('three clients converge; the hub decides competing dispatches and the rejected proposer is told', async () => {
    hub = await startTestHub({ store });
    await seedHub(hub.store);
    const a = await startClient('A', hub.url, await hub.token('duty-officer'));
    const b = await startClient('B', hub.url, await hub.token('duty-officer'));
    const c = await startClient('C', hub.url, await hub.token('field-commander', 'u-1'));
    clients = [a, b, c];
    await syncAll(clients);
    for (const x of clients) await x.offline();

    // A and B both send unit u-1, offline, to different incidents: the hub sees A first.
    const pa = await a.store.call('proposeAssignment', {
      incidentId: 'inc-1',
      resourceKind: 'unit',
      resourceId: 'u-1',
    });
    const pb = await b.store.call('proposeAssignment', {
      incidentId: 'inc-2',
      resourceKind: 'unit',
      resourceId: 'u-1',
    });
    // C (a field commander) may not dispatch at all.
    const pc = await c.store.call('proposeAssignment', {
      incidentId: 'inc-3',
      resourceKind: 'unit',
      resourceId: 'u-3',
    });
    // Concurrent edits to the same record from three places, and a few separate ones.
    for (let i = 0; i < 5; i++) {
      for (const [k, x] of clients.entries()) {
        await x.store.call('updateIncident', {
          id: 'inc-4',
          patch: { description: `${x.name}-${i}`, affected: k * 100 + i },
        });
        await x.store.call('trackUnit', {
          id: `u-${k + 2}`,
          position: [112 + i / 10, 37],
          fixAt: new Date(Date.now() + i * 1000).toISOString(),
        });
      }
      await tick();
    }

    await (await a.online()).syncNow();
    await syncAll(clients);
    await expectConverged(clients, hub.store);

    const assignments = new Map((await b.store.call('picture')).assignments.map((x) => [x.id, x]));
    expect(assignments.get(pa.id)?.status).toBe('accepted');
    expect(assignments.get(pb.id)).toMatchObject({ status: 'rejected' });
    expect(assignments.get(pb.id)?.rejectionReason).toMatch(/already assigned/);
    expect(assignments.get(pc.id)?.rejectionReason).toMatch(/may not dispatch/);
    expect(assignments.get(pb.id)).toMatchObject({
      rejectionCode: 'already_assigned_elsewhere',
      rejectionParams: { incident: 'inc-1', assignment: pa.id },
    });
    // The hub's acceptance sent u-1 on its way, in every replica (so no one proposes it again).
    for (const x of clients)
      expect((await x.store.call('picture')).units.find((u) => u.id === 'u-1')?.status, x.name).toBe(
        'dispatched',
      );
    const noticesB = await b.store.call('syncNotices', {});
    expect(noticesB.some((n) => n.kind === 'assignment_rejected' && n.entityId === pb.id)).toBe(true);
    // The hub's decision is an outcome, not a concurrent edit: no conflict notices for it.
    for (const x of [a, b, c])
      expect(
        (await x.store.call('listConflicts', {})).filter((k) => k.entity === 'assignment'),
        x.name,
      ).toEqual([]);
    const noticesA = await a.store.call('syncNotices', {});
    expect(noticesA.some((n) => n.entityId === pa.id)).toBe(false);
    expect((await c.store.call('syncNotices', {})).some((n) => n.entityId === pc.id)).toBe(true);

    // Delivery receipts: the hub had A's order, and unit u-1's device (C) acknowledged it.
    const receipts = await a.store.call('syncReceipts', {});
    const ra = receipts.find((r) => r.assignmentId === pa.id);
    expect(ra?.hubAt).toBeTruthy();
    expect(ra?.deviceClient).toBe((await c.store.call('syncState')).clientId);
    expect(ra?.deviceAt).toBeTruthy();
  });

  it('a viewer’s offline edits are refused by the hub and undone locally, with a notice', async () => {
    hub = await startTestHub({ store });
    await seedHub(hub.store);
    const v = await startClient('V', hub.url, await hub.token('viewer'));
    const a = await startClient('A', hub.url, await hub.token('duty-officer'));
    clients = [v, a];
    await syncAll(clients);
    await v.store.call('updateIncident', { id: 'inc-1', patch: { title: '观察员改的' } });
    const mine = await v.store.call('createIncident', {
      title: '观察员新建',
      hazard: 'fire',
      level: 'IV',
      location: [112, 37],
    });
    v.engine!.kick();
    await syncAll(clients);
    await expectConverged(clients, hub.store);
    const pic = await v.store.call('picture');
    expect(pic.incidents.find((i) => i.id === 'inc-1')?.title).toBe('事故 inc-1');
    expect(pic.incidents.some((i) => i.id === mine.id)).toBe(false);
    const notices = await v.store.call('syncNotices', { unseenOnly: true });
    // The two changes and their two timeline entries.
    expect(
      notices
        .filter((n) => n.kind === 'op_rejected')
        .map((n) => n.entity)
        .sort(),
    ).toEqual(['incident', 'incident', 'timeline', 'timeline']);
    expect(notices[0]?.message).toMatch(/read-only/);
    // With the hub's code, for the UI to say it in the user's language: the edited incident was
    // restored from the hub, the new one (unknown to the hub) removed.
    const byId = new Map(notices.map((n) => [n.entityId, n]));
    expect(byId.get('inc-1')).toMatchObject({ code: 'FORBIDDEN', params: { restored: true } });
    expect(byId.get(mine.id)).toMatchObject({ code: 'FORBIDDEN', params: { restored: false } });
  });

  it('catches up from a snapshot when the hub no longer keeps the ops after its cursor', async () => {
    hub = await startTestHub({ retainOps: 50, store });
    await seedHub(hub.store);
    const a = await startClient('A', hub.url, await hub.token('duty-officer'));
    const b = await startClient('B', hub.url, await hub.token('duty-officer'));
    clients = [a, b];
    await syncAll(clients);
    await b.offline();
    for (let i = 0; i < 150; i++)
      await a.store.call('updateIncident', { id: `inc-${(i % 4) + 1}`, patch: { affected: i } });
    await b.store.call('updateIncident', { id: 'inc-1', patch: { description: 'B 离线时写的' } });
    await a.engine!.syncNow();
    expect(hub.store.head().minSeq).toBeGreaterThan(50);
    await syncAll(clients);
    await expectConverged(clients, hub.store);
    expect((await a.store.call('picture')).incidents.find((i) => i.id === 'inc-1')?.description).toBe(
      'B 离线时写的',
    );
  });
});
