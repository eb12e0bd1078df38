import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { openHubBackend, openHubStore } from '../../../src/hub/store';
import { createToken, revokeToken } from '../../../src/hub/tokens';
import { MAX_CLOCK_AHEAD_MS, parseHlc } from '../../../src/shared/sync/hlc';
import type { PullReply, PushReply } from '../../../src/shared/sync/protocol';
import {
  assignmentFields,
  connectAs,
  expectOk,
  incidentFields,
  OpMaker,
  pushOps,
  hubLog,
  HUB_STORES,
  newStoreLocation,
  request,
  startTestHub,
  storeQuery,
  tempDir,
  unitFields,
  type TestHub,
} from './support';

/**
 * The holes an independent client found in the hub (issue 15), each reproduced against a real hub
 * on 127.0.0.1 with raw socket.io clients, as a third-party client would talk to it.
 */
describe.each(HUB_STORES)('hub (%s store): the holes an independent client found', (store) => {
  let hub: TestHub;
  let duty: Socket;
  let dutyOps: OpMaker;
  const sockets: Socket[] = [];

  const push = pushOps;
  const connect = async (token: string, clientId: string): Promise<[Socket, OpMaker]> => {
    const s = await connectAs(hub.url, token, clientId);
    sockets.push(s);
    return [s, new OpMaker(clientId)];
  };
  const logOf = () => hubLog(hub);

  beforeAll(async () => {
    hub = await startTestHub({ store });
    [duty, dutyOps] = await connect(await hub.token('duty-officer'), 'duty1');
    const r = await push(
      duty,
      dutyOps.op('incident', 'inc-1', 'upsert', incidentFields('inc-1')),
      dutyOps.op('incident', 'inc-2', 'upsert', incidentFields('inc-2')),
      dutyOps.op('unit', 'u-1', 'upsert', unitFields('u-1')),
      dutyOps.op('unit', 'u-2', 'upsert', unitFields('u-2')),
      dutyOps.op('unit', 'u-3', 'upsert', unitFields('u-3')),
    );
    expect(r.every((x) => x.status === 'accepted')).toBe(true);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await hub.stop();
  });

  describe('1. field names that are Object.prototype members', () => {
    const names = [
      'constructor',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'isPrototypeOf',
      'propertyIsEnumerable',
      'toLocaleString',
      '__defineGetter__',
      '__lookupSetter__',
    ];

    it.each(names)(
      'an update of field "%s" is refused alone, with a code, and never as INTERNAL',
      async (name) => {
        const [r] = await push(duty, dutyOps.op('incident', 'inc-1', 'upsert', { [name]: 'x' }));
        expect(r).toMatchObject({ status: 'rejected' });
        expect(['INVALID_RECORD', 'INVALID_MESSAGE']).toContain((r as { code: string }).code);
        expect((r as { reason: string }).reason).toContain(name);
      },
    );

    it('one group commit with a hostile op fails none of the other clients’ writes', async () => {
      // Straight into the store, so both batches are certainly in one commit.
      const hostile = new OpMaker('hostile1');
      const other = new OpMaker('other1');
      const writer = (clientId: string) => ({
        clientId,
        role: 'field-commander' as const,
        tokenId: 0,
        name: 'test',
        org: '',
        unitId: null,
      });
      const out = await hub.store.ingest([
        {
          writer: writer('hostile1'),
          ops: names.map((n) => hostile.op('incident', 'inc-1', 'upsert', { [n]: 1 })),
        },
        {
          writer: writer('other1'),
          ops: [other.op('incident', 'inc-2', 'upsert', { description: '同一提交里的正常写入' })],
        },
      ]);
      expect(out.results[0]!.every((x) => x.status === 'rejected' && x.code !== 'INTERNAL')).toBe(true);
      expect(out.results[1]).toEqual([expect.objectContaining({ status: 'accepted' })]);
      expect(hub.store.getEntity('incident', 'inc-2')?.fields.description).toBe('同一提交里的正常写入');
    });

    it('a field commander hammering the hub with them affects 0 of another client’s writes (counted)', async () => {
      const [fc, fcOps] = await connect(await hub.token('field-commander'), 'fc-loop');
      const [good, goodOps] = await connect(await hub.token('duty-officer'), 'good-loop');
      let tried = 0;
      let internal = 0;
      let goodRefused = 0;
      for (let round = 0; round < 40; round++) {
        // Sent in the same tick: the hub commits what arrives within one event-loop turn together.
        const hostile = request<PushReply>(fc, 'push', {
          ops: names.map((n) => fcOps.op('incident', 'inc-1', 'upsert', { [n]: round })),
        });
        const mine = request<PushReply>(good, 'push', {
          ops: [goodOps.op('incident', 'inc-2', 'upsert', { affected: round })],
        });
        const [h, g] = await Promise.all([hostile, mine]);
        for (const x of expectOk(h).results) {
          tried++;
          if (x.status === 'rejected' && x.code === 'INTERNAL') internal++;
        }
        if (!g.ok || g.value.results[0]?.status !== 'accepted') goodRefused++;
      }
      expect({ tried, internal, goodRefused }).toEqual({
        tried: 40 * names.length,
        internal: 0,
        goodRefused: 0,
      });
      expect(hub.store.getEntity('incident', 'inc-2')?.fields.affected).toBe(39);
    });
  });

  describe('2. prototype keys', () => {
    it.each([
      [
        'a top-level __proto__ field',
        JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>,
        'op.fields.__proto__',
      ],
      [
        'a nested __proto__ key',
        JSON.parse('{"reporter": {"name": "x", "__proto__": {"polluted": true}}}') as Record<string, unknown>,
        'op.fields.reporter.__proto__',
      ],
      [
        'a nested constructor.prototype',
        { description: 'x', reporter: { name: 'x', constructor: { prototype: { polluted: true } } } },
        'op.fields.reporter.constructor',
      ],
    ])('%s is refused, named, and never stored or replicated', async (_what, fields, path) => {
      const before = hub.store.head().headSeq;
      const [r] = await push(duty, dutyOps.op('incident', 'inc-1', 'upsert', fields));
      expect(r).toMatchObject({ status: 'rejected', code: 'INVALID_MESSAGE' });
      expect((r as { reason: string }).reason).toContain(path);
      expect(hub.store.head().headSeq).toBe(before);
      expect(
        Object.prototype.hasOwnProperty.call(hub.store.getEntity('incident', 'inc-1')!.fields, '__proto__'),
      ).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('3–5. assignments: releases, receipts and decisions', () => {
    let accepted: string;
    let rejected: string;
    beforeAll(async () => {
      accepted = 'asg-ok';
      rejected = 'asg-no';
      await push(
        duty,
        dutyOps.op('assignment', accepted, 'propose', assignmentFields(accepted, 'inc-1', 'u-1'), 0),
      );
      await push(
        duty,
        dutyOps.op('assignment', rejected, 'propose', assignmentFields(rejected, 'inc-2', 'u-1'), 0),
      );
      expect(hub.store.getEntity('assignment', accepted)?.fields.status).toBe('accepted');
      expect(hub.store.getEntity('assignment', rejected)?.fields.status).toBe('rejected');
    });

    it('3. a rejected assignment cannot be released', async () => {
      const [r] = await push(duty, dutyOps.op('assignment', rejected, 'upsert', { status: 'released' }, 0));
      expect(r).toMatchObject({ status: 'rejected', code: 'INVALID_TRANSITION' });
      expect(hub.store.getEntity('assignment', rejected)?.fields.status).toBe('rejected');
    });

    it('4. only the device of the assigned unit may send a receipt; the hub stamps the time; one per device', async () => {
      const fake = '2020-01-01T00:00:00.000Z';
      // The duty officer, a device of another unit, and an admin may not.
      const [o1] = await push(duty, dutyOps.op('assignment', accepted, 'receipt', { receivedAt: fake }, 0));
      const [other, otherOps] = await connect(await hub.token('field-commander', 'u-2'), 'dev-u2');
      const [o2] = await push(other, otherOps.op('assignment', accepted, 'receipt', { receivedAt: fake }, 0));
      const [admin, adminOps] = await connect(await hub.token('admin'), 'admin-r');
      const [o3] = await push(admin, adminOps.op('assignment', accepted, 'receipt', {}, 0));
      for (const r of [o1, o2, o3]) expect(r).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });

      const [dev, devOps] = await connect(await hub.token('field-commander', 'u-1'), 'dev-u1');
      const before = Date.now();
      const [ok] = await push(dev, devOps.op('assignment', accepted, 'receipt', { receivedAt: fake }, 0));
      expect(ok).toMatchObject({ status: 'accepted' });
      const entry = (await logOf()).find((e) => e.seq === (ok as { seq: number }).seq)!;
      expect(entry.op.clientId).toBe('dev-u1');
      expect(entry.op.fields.receivedAt).toBe(entry.at);
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before - 1000);
      // A second receipt from the same device is the same receipt: answered with the first's seq.
      const [again] = await push(dev, devOps.op('assignment', accepted, 'receipt', {}, 0));
      expect(again).toEqual({
        opId: expect.any(String),
        status: 'duplicate',
        seq: (ok as { seq: number }).seq,
      });
      expect(
        (await logOf()).filter((e) => e.op.kind === 'receipt' && e.op.entityId === accepted),
      ).toHaveLength(1);
      // And it carries nothing else.
      const [extra] = await push(dev, devOps.op('assignment', rejected, 'receipt', {}, 0));
      expect(extra).toMatchObject({ status: 'rejected' });
    });

    it('5. no role writes decision fields or statuses, admin included; one unit never has two accepted assignments', async () => {
      const [admin, adminOps] = await connect(await hub.token('admin'), 'admin-d');
      const attempts = [
        adminOps.op('assignment', rejected, 'upsert', { status: 'accepted' }, 0),
        adminOps.op(
          'assignment',
          rejected,
          'upsert',
          { decidedAt: new Date().toISOString(), rejectionCode: null, rejectionReason: null },
          0,
        ),
        adminOps.op(
          'assignment',
          'asg-forged',
          'upsert',
          { ...assignmentFields('asg-forged', 'inc-2', 'u-1'), status: 'accepted' },
          0,
        ),
        adminOps.op(
          'assignment',
          'asg-forged2',
          'propose',
          { ...assignmentFields('asg-forged2', 'inc-2', 'u-1'), decidedAt: new Date().toISOString() },
          0,
        ),
        adminOps.op('assignment', accepted, 'delete', {}, 0),
      ];
      const results = await push(admin, ...attempts);
      for (const r of results) expect(r).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
      const acceptedForU1 = [...['asg-ok', 'asg-no', 'asg-forged', 'asg-forged2']]
        .map((id) => hub.store.getEntity('assignment', id)?.fields)
        .filter((f) => f?.status === 'accepted' && f.resourceId === 'u-1');
      expect(acceptedForU1).toHaveLength(1);
      // The admin's own proposal goes through the hub's rules like anyone's.
      await push(
        admin,
        adminOps.op('assignment', 'asg-admin', 'propose', assignmentFields('asg-admin', 'inc-2', 'u-1'), 0),
      );
      expect(hub.store.getEntity('assignment', 'asg-admin')?.fields).toMatchObject({
        status: 'rejected',
        rejectionCode: 'already_assigned_elsewhere',
      });
      // Releasing the accepted one is the duty officer's to do, and allowed.
      const [released] = await push(
        duty,
        dutyOps.op('assignment', accepted, 'upsert', { status: 'released' }, 0),
      );
      expect(released).toMatchObject({ status: 'accepted' });
      expect(hub.store.getEntity('assignment', accepted)?.fields.status).toBe('released');
    });
  });

  describe('6. clocks', () => {
    it('refuses an op whose clock names another node (e.g. the hub)', async () => {
      const op = dutyOps.op('incident', 'inc-1', 'upsert', { title: '冒充省级中心' });
      const [r] = await push(duty, { ...op, hlc: op.hlc.replace(/duty1$/, 'hub') });
      expect(r).toMatchObject({ status: 'rejected', code: 'INVALID_MESSAGE' });
      expect((r as { reason: string }).reason).toMatch(/node/);
    });

    it('refuses a clock 4 minutes fast, tells when to retry, and later hub decisions stay on time', async () => {
      const op = dutyOps.op('incident', 'inc-1', 'upsert', { title: '快四分钟' });
      const fast = { ...op, hlc: `${String(Date.now() + 240_000).padStart(15, '0')}-000000-duty1` };
      const [r] = await push(duty, fast);
      expect(r).toMatchObject({ status: 'rejected', code: 'CLOCK_AHEAD' });
      expect((r as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(200_000);
      expect((r as { reason: string }).reason).toMatch(/10 s/);
      // A clock within the allowed skew is accepted: the hub's next decision is at most that far ahead.
      const slightly = dutyOps.op('incident', 'inc-1', 'upsert', { title: '快五秒' });
      await push(duty, { ...slightly, hlc: `${String(Date.now() + 5_000).padStart(15, '0')}-000000-duty1` });
      await push(
        duty,
        dutyOps.op('assignment', 'asg-clock', 'propose', assignmentFields('asg-clock', 'inc-2', 'u-3'), 0),
      );
      const decision = (await logOf()).filter(
        (e) => e.op.clientId === 'hub' && e.op.entityId === 'asg-clock',
      )[0]!;
      expect(parseHlc(decision.op.hlc).wallMs - Date.now()).toBeLessThanOrEqual(MAX_CLOCK_AHEAD_MS);
    });

    it('a CLOCK_AHEAD refusal is not remembered: the same op is accepted once the time has come', async () => {
      const t = tempDir('clock');
      let now = Date.parse('2026-12-01T08:00:00Z');
      const hubStore = await openHubStore(await newStoreLocation(store, t.dir), { now: () => now });
      try {
        const m = new OpMaker('c1');
        const writer = {
          clientId: 'c1',
          role: 'duty-officer' as const,
          tokenId: 0,
          name: 'test',
          org: '',
          unitId: null,
        };
        const op = {
          ...m.op('incident', 'inc-9', 'upsert', incidentFields('inc-9')),
          hlc: `${String(now + 60_000).padStart(15, '0')}-000000-c1`,
        };
        expect((await hubStore.ingest([{ writer, ops: [op] }])).results[0]![0]).toMatchObject({
          status: 'rejected',
          code: 'CLOCK_AHEAD',
          retryAfterMs: 50_000,
        });
        now += 50_001;
        expect((await hubStore.ingest([{ writer, ops: [op] }])).results[0]![0]).toMatchObject({
          status: 'accepted',
        });
      } finally {
        await hubStore.close();
        t.cleanup();
      }
    });
  });

  describe('7. field commanders', () => {
    it('may report their own unit’s status and position, and nothing else about units', async () => {
      const [fc, fcOps] = await connect(await hub.token('field-commander', 'u-2'), 'fc-u2');
      const [own, track, rename, otherUnit, create, del] = await push(
        fc,
        fcOps.op('unit', 'u-2', 'upsert', { status: 'en_route' }, 0),
        fcOps.op(
          'unit',
          'u-2',
          'track',
          { position: [112.6, 37.9], positionFixAt: new Date().toISOString() },
          2,
        ),
        fcOps.op('unit', 'u-2', 'upsert', { name: '改了名的队伍' }),
        fcOps.op('unit', 'u-3', 'upsert', { status: 'out_of_service' }, 0),
        fcOps.op('unit', 'u-new', 'upsert', unitFields('u-new')),
        fcOps.op('unit', 'u-2', 'delete', {}),
      );
      expect([own, track].map((r) => r?.status)).toEqual(['accepted', 'accepted']);
      for (const r of [rename, otherUnit, create, del])
        expect(r).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
      expect(hub.store.getEntity('unit', 'u-2')?.fields).toMatchObject({
        status: 'en_route',
        name: '救援队 u-2',
      });
      expect(hub.store.getEntity('unit', 'u-new')).toBeNull();
    });
  });

  describe('8. revocation', () => {
    it('closes the revoked token’s open connection at once; its writes stop', async () => {
      const token = await hub.token('duty-officer');
      const [s, ops] = await connect(token, 'to-revoke');
      expect(
        (await push(s, ops.op('incident', 'inc-1', 'upsert', { description: '撤销前' })))[0]?.status,
      ).toBe('accepted');
      const told = new Promise<{ event: string; code: string }>((resolve) =>
        s.once('protocol-error', resolve),
      );
      const closed = new Promise<string>((resolve) => s.once('disconnect', resolve));
      // Revoked from another connection to the store, as `npm run hub -- token revoke` does.
      const id = Number((await hub.query('SELECT max(id) AS id FROM tokens'))[0]!.id);
      const other = await openHubBackend(hub.at);
      const at = Date.now();
      expect(await revokeToken(other.tokens, id)).toBe(true);
      await other.close();
      expect(await told).toMatchObject({ event: 'auth', code: 'UNAUTHORIZED' });
      expect(await closed).toBe('io server disconnect');
      expect(Date.now() - at).toBeLessThan(2000);
      await expect(connectAs(hub.url, token, 'to-revoke')).rejects.toThrow(/revoked/);
      // A write racing the revocation (queued before the hub noticed) is refused too.
      const token2 = await hub.token('duty-officer');
      const [s2, ops2] = await connect(token2, 'to-revoke-2');
      const id2 = Number((await hub.query('SELECT max(id) AS id FROM tokens'))[0]!.id);
      const other2 = await openHubBackend(hub.at);
      await revokeToken(other2.tokens, id2);
      await other2.close();
      const r = await request<PushReply>(s2, 'push', {
        ops: [ops2.op('incident', 'inc-1', 'upsert', { description: '撤销后' })],
      }).catch(() => null);
      if (r) expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(hub.store.getEntity('incident', 'inc-1')?.fields.description).toBe('撤销前');
    });

    it('a device whose token was revoked keeps its client id under its new token', async () => {
      const old = await hub.token('duty-officer');
      const [s] = await connect(old, 'rebind-1');
      s.disconnect();
      const id = Number((await hub.query('SELECT max(id) AS id FROM tokens'))[0]!.id);
      // A valid token still owns the id: another token may not use it.
      await expect(connectAs(hub.url, await hub.token('duty-officer'), 'rebind-1')).rejects.toThrow(
        /belongs to another token/,
      );
      await revokeToken(hub.store.tokens, id);
      const fresh = await connectAs(
        hub.url,
        (await createToken(hub.store.tokens, { name: '新令牌', role: 'duty-officer' })).token,
        'rebind-1',
      );
      sockets.push(fresh);
      expect(fresh.connected).toBe(true);
    });
  });

  describe('10. restart', () => {
    it('reads one row per client at start, not the log; duplicates are still recognised after it', async () => {
      const t = tempDir('restart');
      const at = await newStoreLocation(store, t.dir);
      try {
        const first = await openHubStore(at);
        const writer = {
          clientId: 'r1',
          role: 'duty-officer' as const,
          tokenId: 0,
          name: 'test',
          org: '',
          unitId: null,
        };
        const m = new OpMaker('r1');
        const ops = Array.from({ length: 300 }, (_, i) =>
          m.op('incident', `inc-${i % 20}`, 'upsert', incidentFields(`inc-${i % 20}`)),
        );
        // Out of order (priority drains), with one refused op in the middle.
        const bad = m.op('incident', 'bad', 'upsert', { title: 'incomplete' });
        await first.ingest([{ writer, ops: [...ops.slice(0, 100), ops[150]!, bad, ...ops.slice(100, 150)] }]);
        await first.close();
        expect(await storeQuery(at, 'SELECT client_id, up_to, above FROM client_seqs')).toEqual([
          { client_id: 'r1', up_to: 151, above: JSON.stringify([301]) },
        ]);
        const again = await openHubStore(at);
        const res = (await again.ingest([{ writer, ops: [ops[0]!, ops[150]!, bad, ops[151]!] }])).results[0]!;
        expect(res.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'rejected', 'accepted']);
        await again.close();
      } finally {
        t.cleanup();
      }
    });

    it('a store from before client_seqs is indexed once from its log', async () => {
      const t = tempDir('restart-old');
      const at = await newStoreLocation(store, t.dir);
      try {
        const first = await openHubStore(at);
        const m = new OpMaker('r2');
        const ops = Array.from({ length: 20 }, (_, i) =>
          m.op('incident', `inc-${i}`, 'upsert', incidentFields(`inc-${i}`)),
        );
        await first.ingest([
          {
            writer: { clientId: 'r2', role: 'duty-officer', tokenId: 0, name: 'test', org: '', unitId: null },
            ops,
          },
        ]);
        await first.close();
        await storeQuery(at, 'DELETE FROM client_seqs');
        await storeQuery(at, "DELETE FROM meta WHERE key = 'client_seqs'");
        const reopened = await openHubStore(at);
        expect(
          (
            await reopened.ingest([
              {
                writer: {
                  clientId: 'r2',
                  role: 'duty-officer',
                  tokenId: 0,
                  name: 'test',
                  org: '',
                  unitId: null,
                },
                ops: [ops[19]!],
              },
            ])
          ).results[0]![0]!.status,
        ).toBe('duplicate');
        await reopened.close();
      } finally {
        t.cleanup();
      }
    });
  });

  it('pull still pages the log after all this (sanity)', async () => {
    const r = expectOk(await request<PullReply>(duty, 'pull', { after: 0, limit: 5 }));
    expect(r.count).toBe(5);
  });
});
