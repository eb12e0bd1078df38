import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { LIMITS, PROTOCOL_VERSION, type HelloReply, type PushReply } from '../../../src/shared/sync/protocol';
import {
  connectAs,
  expectOk,
  HUB_STORES,
  incidentFields,
  OpMaker,
  rawConnect,
  request,
  startTestHub,
  type TestHub,
} from './support';

/**
 * Hostile input: malformed, wrongly typed, oversized and unauthorised messages are refused with
 * an error that names the problem, and the hub stays up and consistent.
 */
describe.each(HUB_STORES)('hub (%s store) under hostile input', (store) => {
  let hub: TestHub;
  let token: string;
  let s: Socket;
  const ops = new OpMaker('h1');

  beforeAll(async () => {
    hub = await startTestHub({ store });
    token = await hub.token('duty-officer');
    s = await connectAs(hub.url, token, 'h1');
  });
  afterAll(async () => {
    s.disconnect();
    await hub.stop();
  });

  async function stillUp(): Promise<void> {
    const probe = await connectAs(hub.url, token, 'h1');
    expectOk(await request<HelloReply>(probe, 'hello', { cursor: 0 }));
    probe.disconnect();
  }

  it.each([
    ['no auth', undefined, /UNAUTHORIZED/],
    ['empty auth', {}, /UNAUTHORIZED/],
    [
      'wrong token',
      { token: 'jy_' + 'x'.repeat(43), clientId: 'h9', protocol: PROTOCOL_VERSION },
      /unknown token/,
    ],
    ['token of wrong type', { token: 12345, clientId: 'h9', protocol: PROTOCOL_VERSION }, /UNAUTHORIZED/],
    [
      'bad client id',
      { token: 'jy_' + 'x'.repeat(43), clientId: '../etc', protocol: PROTOCOL_VERSION },
      /UNAUTHORIZED/,
    ],
    [
      'reserved client id',
      { token: 'jy_' + 'x'.repeat(43), clientId: 'hub', protocol: PROTOCOL_VERSION },
      /UNAUTHORIZED/,
    ],
    [
      'future protocol',
      { token: 'jy_' + 'x'.repeat(43), clientId: 'h9', protocol: 99 },
      /UNSUPPORTED_PROTOCOL/,
    ],
  ])('refuses a connection with %s', async (_name, auth, message) => {
    await expect(rawConnect(hub.url, auth)).rejects.toThrow(message);
  });

  it('refuses a client id already bound to another token', async () => {
    const other = await hub.token('duty-officer');
    await expect(connectAs(hub.url, other, 'h1')).rejects.toThrow(/belongs to another token/);
  });

  it('refuses a revoked token', async () => {
    const t = await hub.token('viewer');
    const [row] = await hub.query('SELECT max(id) AS id FROM tokens');
    await hub.query('UPDATE tokens SET revoked_at = ? WHERE id = ?', [new Date().toISOString(), row!.id]);
    await expect(connectAs(hub.url, t, 'rv1')).rejects.toThrow(/revoked/);
  });

  it.each([
    ['hello', null, /invalid hello/],
    ['hello', { cursor: -1 }, /cursor/],
    ['hello', { cursor: '0' }, /cursor/],
    ['push', {}, /ops/],
    ['push', { ops: [] }, /ops/],
    ['push', { ops: 'nope' }, /ops/],
    ['push', { ops: Array.from({ length: LIMITS.maxOpsPerPush + 1 }, () => ({})) }, /ops/],
    ['pull', { after: 0, limit: LIMITS.maxPullLimit + 1 }, /limit/],
    ['pull', { after: 1.5, limit: 10 }, /after/],
    ['pull', { after: 0, limit: 10, extra: true }, /extra|Unrecognized/i],
    ['snapshot', { after: ['planet', 'x'], limit: 10 }, /after/],
    ['no-such-event', {}, /unknown event/],
  ])('answers a bad %s message with an error naming the problem', async (event, payload, message) => {
    const r = await request(s, event, payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(message);
  });

  it('rejects malformed ops one by one, and accepts the good ones in the same push', async () => {
    const good = ops.op('incident', 'inc-good', 'upsert', incidentFields('inc-good'));
    const bad: unknown[] = [
      null,
      42,
      'op',
      [],
      { ...ops.op('incident', 'x1', 'upsert', {}), opId: 'h1:999999' }, // opId does not match seq
      { ...ops.op('incident', 'x2', 'upsert', {}), hlc: 'yesterday' },
      { ...ops.op('incident', 'x3', 'upsert', {}), entity: 'planet' },
      { ...ops.op('incident', 'x4', 'upsert', {}), kind: 'drop-table' },
      { ...ops.op('incident', 'x5', 'upsert', {}), priority: 9 },
      { ...ops.op('incident', 'x6', 'upsert', {}), extra: 1 },
      ops.op('incident', 'x7', 'upsert', { title: 'only a title' }), // unknown entity, incomplete record
      ops.op('incident', 'inc-good', 'upsert', { id: 'another-id' }),
      ops.op(
        'incident',
        'x8',
        'upsert',
        Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, i])),
      ),
      ops.op('incident', 'x9', 'upsert', { description: 'x'.repeat(LIMITS.maxOpBytes) }),
      ops.op('unit', 'x10', 'track', { position: [0, 0], positionFixAt: new Date().toISOString() }),
      ops.op('incident', 'x11', 'delete', {}),
    ];
    const r = expectOk(await request<PushReply>(s, 'push', { ops: [...bad, good] }));
    expect(r.results).toHaveLength(bad.length + 1);
    expect(r.results.slice(0, bad.length).every((x) => x.status === 'rejected')).toBe(true);
    expect(r.results.at(-1)?.status).toBe('accepted');
    const codes = r.results.slice(0, bad.length).map((x) => (x.status === 'rejected' ? x.code : ''));
    expect(codes).toContain('TOO_LARGE');
    expect(codes).toContain('INVALID_MESSAGE');
    expect(codes).toContain('UNKNOWN_ENTITY');
    for (const x of r.results.slice(0, bad.length))
      if (x.status === 'rejected') expect(x.reason.length).toBeGreaterThan(5);
    expect(hub.store.head().headSeq).toBe(1);
  });

  it('refuses an op whose clock is far in the future', async () => {
    const op = ops.op('incident', 'inc-good', 'upsert', { title: 'from the future' });
    const future = { ...op, hlc: `${String(Date.now() + 3_600_000).padStart(15, '0')}-000000-h1` };
    const r = expectOk(await request<PushReply>(s, 'push', { ops: [future] }));
    expect(r.results[0]).toMatchObject({ status: 'rejected', code: 'CLOCK_AHEAD' });
  });

  it('survives deeply nested and binary payloads', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 3_000; i++) deep = [deep];
    const r1 = await request(s, 'push', {
      ops: [ops.op('incident', 'inc-good', 'upsert', { description: deep })],
    });
    expect(r1.ok).toBe(true);
    const r2 = await request(s, 'push', Buffer.from('not json'));
    expect(r2.ok).toBe(false);
    await stillUp();
  });

  it('answers a message without an ack callback with a protocol-error event', async () => {
    const err = new Promise<{ event: string; code: string; message: string }>((resolve) =>
      s.once('protocol-error', resolve),
    );
    s.emit('push', { ops: [] });
    expect(await err).toMatchObject({ event: 'push', code: 'INVALID_MESSAGE' });
  });

  it('refuses an oversized message (TOO_LARGE), drops one beyond the transport cap, and stays up', async () => {
    const big = await connectAs(hub.url, token, 'h1');
    // Over the message limit: refused with a code, the connection kept (docs/sync-protocol.md).
    const refused = await request(big, 'push', {
      ops: [{ blob: 'x'.repeat(LIMITS.maxMessageBytes + 1024) }],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    expect(big.connected).toBe(true);
    // Beyond the transport's cap (twice the limit): engine.io drops the connection.
    const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    big.emit('push', { ops: [{ blob: 'x'.repeat(2 * LIMITS.maxMessageBytes + 1024) }] }, () => undefined);
    expect(await closed).toMatch(/transport (close|error)/);
    await stillUp();
    expect(hub.store.head().headSeq).toBe(1);
  });

  it('answers a flood of bad messages and keeps serving good ones', async () => {
    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, i) => request(s, i % 2 ? 'push' : 'pull', { junk: i })),
    );
    expect(replies.every((r) => !r.ok)).toBe(true);
    const good = ops.op('incident', 'inc-good', 'upsert', { title: '仍然可用' });
    const r = expectOk(await request<PushReply>(s, 'push', { ops: [good] }));
    expect(r.results[0]?.status).toBe('accepted');
  });

  it('a fuzz of hostile ops from one writer: every one answered with a code, 0 INTERNAL, 0 of another client’s writes affected (counted)', async () => {
    const fuzzer = await connectAs(hub.url, await hub.token('field-commander', 'u-fuzz'), 'fuzz1');
    const victim = await connectAs(hub.url, await hub.token('duty-officer'), 'victim1');
    const fz = new OpMaker('fuzz1');
    const vm = new OpMaker('victim1');
    expectOk(
      await request<PushReply>(victim, 'push', {
        ops: [vm.op('incident', 'inc-victim', 'upsert', incidentFields('inc-victim'))],
      }),
    );
    const name = fc.oneof(
      fc.constantFrom(
        'constructor',
        'toString',
        'valueOf',
        '__proto__',
        'prototype',
        'hasOwnProperty',
        '__defineSetter__',
        'title',
        'status',
        'level',
        'id',
        'position',
        'casualties',
        'receivedAt',
      ),
      fc.string({ maxLength: 70 }),
    );
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom('released', 'accepted', 'closed', null, -1, 1e308, '🔥'.repeat(50)),
    );
    const hostileOp = fc.record({
      // Weighted towards what reaches the deepest checks: updates of records the hub has.
      entity: fc.constantFrom(
        'incident',
        'incident',
        'incident',
        'unit',
        'base',
        'aircraft',
        'depot',
        'assignment',
        'planet',
      ),
      entityId: fc.constantFrom(
        'inc-victim',
        'inc-victim',
        'inc-good',
        'u-fuzz',
        'u-x',
        'asg-x',
        '__proto__',
        'constructor',
      ),
      kind: fc.constantFrom('upsert', 'upsert', 'upsert', 'track', 'propose', 'delete', 'receipt'),
      fields: fc.dictionary(name, value, { maxKeys: 6 }),
      node: fc.constantFrom('fuzz1', 'fuzz1', 'fuzz1', 'hub', 'victim1'),
      skewMs: fc.constantFrom(0, 0, 0, 0, 9_000, 11_000, 600_000),
      proto: fc.constantFrom(false, false, false, true),
    });
    const batches = fc.sample(fc.array(hostileOp, { minLength: 50, maxLength: 50 }), {
      numRuns: 40,
      seed: 20261201,
    });
    let tried = 0;
    let internal = 0;
    let uncoded = 0;
    let victimWrites = 0;
    let victimRefused = 0;
    for (const [i, batch] of batches.entries()) {
      const ops = batch.map((h) => {
        const base = fz.op(h.entity as 'incident', h.entityId, h.kind as 'upsert', h.fields);
        const hlc = `${String(Date.now() + h.skewMs).padStart(15, '0')}-000000-${h.node}`;
        // A real "__proto__" own key, as JSON.parse on the wire makes it.
        const fields = h.proto ? JSON.parse(`{"__proto__": {"polluted": ${i}}, "title": "x"}`) : base.fields;
        return { ...base, hlc, fields };
      });
      const [h, v] = await Promise.all([
        request<PushReply>(fuzzer, 'push', { ops }),
        request<PushReply>(victim, 'push', {
          ops: [vm.op('incident', 'inc-victim', 'upsert', { affected: i })],
        }),
      ]);
      for (const r of expectOk(h).results) {
        tried++;
        if (r.status === 'rejected' && r.code === 'INTERNAL') internal++;
        if (r.status === 'rejected' && !/^[A-Z_]+$/.test(r.code)) uncoded++;
      }
      victimWrites++;
      if (!v.ok || v.value.results[0]?.status !== 'accepted') victimRefused++;
    }
    fuzzer.disconnect();
    victim.disconnect();
    expect({ tried, internal, uncoded, victimWrites, victimRefused }).toEqual({
      tried: 2000,
      internal: 0,
      uncoded: 0,
      victimWrites: 40,
      victimRefused: 0,
    });
    expect(hub.store.getEntity('incident', 'inc-victim')?.fields.affected).toBe(39);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillUp();
  });
});
