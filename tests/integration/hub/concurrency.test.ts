import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from '../../../src/hub/server';
import { createToken } from '../../../src/hub/tokens';
import type { LogEntry, PullReply, PushReply, Reply } from '../../../src/shared/sync/protocol';
import {
  connectAs,
  expectOk,
  HUB_STORES,
  incidentFields,
  OpMaker,
  request,
  startTestHub,
  type TestHub,
} from './support';

/**
 * A client applies the log in order and stops at a gap: so the log's seqs must be contiguous and
 * become visible in seq order, whatever commits concurrently or rolls back. A reader here pulls as
 * such a client does and records every time a page does not start right after its cursor, or
 * skips or repeats a seq.
 */
class Reader {
  cursor = 0;
  readonly seen: number[] = [];
  readonly violations: string[] = [];
  constructor(readonly socket: Socket) {}

  async pullOnce(): Promise<number> {
    const r = expectOk(await request<PullReply>(this.socket, 'pull', { after: this.cursor, limit: 500 }));
    const entries = JSON.parse(Buffer.from(r.page).toString('utf8')) as LogEntry[];
    for (const e of entries) {
      if (e.seq !== this.cursor + 1) this.violations.push(`after ${this.cursor} came ${e.seq}`);
      this.seen.push(e.seq);
      this.cursor = e.seq;
    }
    return entries.length;
  }

  /** Pull until told to stop, then until the head. */
  async follow(done: () => boolean, head: () => number): Promise<void> {
    while (!done()) if ((await this.pullOnce()) === 0) await new Promise((r) => setTimeout(r, 5));
    while (this.cursor < head()) await this.pullOnce();
  }

  /** Every seq from 1 to the head exactly once, in order. */
  check(head: number): void {
    expect(this.violations).toEqual([]);
    expect(this.seen).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  }
}

const ops = (m: OpMaker, n: number, tag: string) =>
  Array.from({ length: n }, (_, i) =>
    m.op('incident', `${tag}-${i}`, 'upsert', incidentFields(`${tag}-${i}`)),
  );

/** Push until accepted: INTERNAL (a commit that did not happen) means resend, as a client does. */
async function pushUntilAccepted(s: Socket, batch: unknown[]): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const r = (await s.timeout(30_000).emitWithAck('push', { ops: batch })) as Reply<PushReply>;
    if (r.ok) return attempt;
    if (r.error.code !== 'INTERNAL' || attempt > 50) throw new Error(`${r.error.code}: ${r.error.message}`);
  }
}

describe.each(HUB_STORES)('hub (%s store): the log under concurrent writers and rollbacks', (store) => {
  const hubs: TestHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.stop();
  });

  it('a commit that rolls back leaves no gap: the next one takes the same seqs', async () => {
    const hub = await startTestHub({ store });
    hubs.push(hub);
    const s = await connectAs(hub.url, await hub.token('duty-officer'), 'w1');
    const m = new OpMaker('w1');
    await pushUntilAccepted(s, ops(m, 5, 'a'));
    // A log insert of client "boom" fails inside the commit, which rolls back whole.
    if (store === 'postgres')
      await hub.query(`CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.client_id = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`);
    await hub.query(
      store === 'postgres'
        ? 'CREATE TRIGGER boom BEFORE INSERT ON log FOR EACH ROW EXECUTE FUNCTION boom()'
        : "CREATE TRIGGER boom BEFORE INSERT ON log WHEN NEW.client_id = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END",
    );
    const writer = (clientId: string) => ({
      clientId,
      role: 'duty-officer' as const,
      tokenId: 0,
      name: clientId,
      org: '',
      unitId: null,
    });
    const good = new OpMaker('good');
    const goodOps = ops(good, 3, 'g');
    await expect(
      hub.store.ingest([
        { writer: writer('good'), ops: goodOps },
        { writer: writer('boom'), ops: ops(new OpMaker('boom'), 2, 'b') },
      ]),
    ).rejects.toThrow(/boom/);
    expect(hub.store.head().headSeq).toBe(5);
    // The same ops again, alone: accepted at 6, 7, 8 (not after the rolled-back seqs).
    const again = await hub.store.ingest([{ writer: writer('good'), ops: goodOps }]);
    expect(again.results[0]!.map((r) => r.status === 'accepted' && r.seq)).toEqual([6, 7, 8]);
    const reader = new Reader(await connectAs(hub.url, await hub.token('viewer'), 'r1'));
    while ((await reader.pullOnce()) > 0);
    reader.check(8);
    // And the hub carries on.
    await pushUntilAccepted(s, ops(m, 2, 'c'));
    while ((await reader.pullOnce()) > 0);
    reader.check(10);
    s.disconnect();
    reader.socket.disconnect();
  });

  it('many writers pushing at once, readers following: no reader ever skips or repeats a seq', async () => {
    const hub = await startTestHub({ store });
    hubs.push(hub);
    const writers = await Promise.all(
      Array.from({ length: 12 }, async (_, i) =>
        connectAs(hub.url, await hub.token('duty-officer'), `mw${i}`),
      ),
    );
    const readers = await Promise.all(
      Array.from(
        { length: 3 },
        async (_, i) => new Reader(await connectAs(hub.url, await hub.token('viewer'), `mr${i}`)),
      ),
    );
    let done = false;
    const following = readers.map((r) =>
      r.follow(
        () => done,
        () => hub.store.head().headSeq,
      ),
    );
    await Promise.all(
      writers.map(async (s, i) => {
        const m = new OpMaker(`mw${i}`);
        for (let round = 0; round < 10; round++) await pushUntilAccepted(s, ops(m, 10, `mw${i}-${round}`));
      }),
    );
    done = true;
    await Promise.all(following);
    expect(hub.store.head().headSeq).toBe(12 * 10 * 10);
    for (const r of readers) r.check(1200);
    [...writers, ...readers.map((r) => r.socket)].forEach((s) => s.disconnect());
  });
});

describe('hub (postgres store): other transactions on the same database', () => {
  const hubs: (Hub | TestHub)[] = [];
  afterAll(async () => {
    for (const h of hubs) await ('stop' in h ? h.stop() : h.close());
  });

  /** A second connection that takes the counter row, as another hub committing would, and holds it. */
  async function holdHead(
    url: string,
    clientId: string,
  ): Promise<{ commit: () => Promise<void>; rollback: () => Promise<void> }> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('BEGIN');
    const head = Number(
      (await c.query('UPDATE hub_head SET seq = seq + 1 WHERE id = 1 RETURNING seq')).rows[0].seq,
    );
    const op = new OpMaker(clientId).op(
      'incident',
      `${clientId}-1`,
      'upsert',
      incidentFields(`${clientId}-1`),
    );
    await c.query('INSERT INTO log (seq, op_id, client_id, at, op) VALUES ($1, $2, $3, $4, $5)', [
      head,
      op.opId,
      clientId,
      new Date().toISOString(),
      JSON.stringify(op),
    ]);
    const end = async (how: string) => {
      await c.query(how);
      await c.end();
    };
    return { commit: () => end('COMMIT'), rollback: () => end('ROLLBACK') };
  }

  it('a transaction holding the head while the hub commits: the hub waits; after its rollback, the next seq', async () => {
    const hub = await startTestHub({ store: 'postgres' });
    hubs.push(hub);
    const url = (hub.at as { postgres: string }).postgres;
    const s = await connectAs(hub.url, await hub.token('duty-officer'), 'h1');
    const m = new OpMaker('h1');
    await pushUntilAccepted(s, ops(m, 3, 'a'));
    const reader = new Reader(await connectAs(hub.url, await hub.token('viewer'), 'hr'));
    while ((await reader.pullOnce()) > 0);

    const other = await holdHead(url, 'other');
    let answered = false;
    const pushed = request<PushReply>(s, 'push', { ops: ops(m, 2, 'b') }).then((r) => ((answered = true), r));
    // Proving something does NOT happen needs a wait: while the other transaction holds the row,
    // the hub's commit waits for it, so the push is not answered and readers see nothing new.
    await new Promise((r) => setTimeout(r, 400));
    expect(answered).toBe(false);
    expect(await reader.pullOnce()).toBe(0);
    await other.rollback();
    const r = expectOk(await pushed);
    expect(r.results.map((x) => x.status === 'accepted' && x.seq)).toEqual([4, 5]);
    while ((await reader.pullOnce()) > 0);
    reader.check(5);
    s.disconnect();
    reader.socket.disconnect();
  });

  it('when the other transaction commits first, the hub finds the head moved, catches up with it and commits the push after it', async () => {
    const hub = await startTestHub({ store: 'postgres' });
    hubs.push(hub);
    const url = (hub.at as { postgres: string }).postgres;
    const s = await connectAs(hub.url, await hub.token('duty-officer'), 'h2');
    const m = new OpMaker('h2');
    await pushUntilAccepted(s, ops(m, 3, 'a'));
    const other = await holdHead(url, 'other2');
    const batch = ops(m, 2, 'b');
    const pushed = request<PushReply>(s, 'push', { ops: batch });
    await new Promise((r) => setTimeout(r, 200));
    await other.commit();
    // The hub's first commit found the head moved (seq 4 is the other's): it read what was
    // committed, ran the rules again on top and committed after it, with no resend.
    const r = expectOk(await pushed);
    expect(r.results.map((x) => x.status === 'accepted' && x.seq)).toEqual([5, 6]);
    expect(hub.store.stats().catchUps).toBeGreaterThan(0);
    expect(hub.store.head().headSeq).toBe(6);
    const reader = new Reader(await connectAs(hub.url, await hub.token('viewer'), 'hr2'));
    while ((await reader.pullOnce()) > 0);
    reader.check(6);
    s.disconnect();
    reader.socket.disconnect();
  });

  it('two hubs writing to one database: every commit gets the next seqs, readers of either see one contiguous log', async () => {
    const first = await startTestHub({ store: 'postgres' });
    hubs.push(first);
    const second = await startHub({ store: first.at, port: 0, log: () => undefined });
    hubs.push(second);
    const token = async (h: Hub, role: 'duty-officer' | 'viewer', n: string) =>
      (await createToken(h.store.tokens, { name: n, role })).token;
    const writers = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const h = i % 2 ? second : first;
        return connectAs(h.url, await token(h, 'duty-officer', `tw${i}`), `tw${i}`);
      }),
    );
    const readers = await Promise.all(
      [first, second].map(
        async (h, i) => new Reader(await connectAs(h.url, await token(h, 'viewer', `tr${i}`), `tr${i}`)),
      ),
    );
    let done = false;
    let head = 0;
    const following = readers.map((r) =>
      r.follow(
        () => done,
        () => head,
      ),
    );
    let resent = 0;
    await Promise.all(
      writers.map(async (s, i) => {
        const m = new OpMaker(`tw${i}`);
        for (let round = 0; round < 8; round++)
          resent += await pushUntilAccepted(s, ops(m, 10, `tw${i}-${round}`));
      }),
    );
    head = Number((await first.query('SELECT seq FROM hub_head'))[0]!.seq);
    done = true;
    await Promise.all(following);
    expect(head).toBe(6 * 8 * 10);
    for (const r of readers) r.check(head);
    // The two hubs did race for the head: each lost race was caught up with and committed again
    // by the hub itself (no resend), and each hub woke on the other's commits.
    expect(resent).toBe(0);
    expect(first.store.stats().catchUps + second.store.stats().catchUps).toBeGreaterThan(0);
    [...writers, ...readers.map((r) => r.socket)].forEach((s) => s.disconnect());
  });

  it('the reader’s check does catch a gap (a row committed past the head)', async () => {
    const hub = await startTestHub({ store: 'postgres' });
    hubs.push(hub);
    const s = await connectAs(hub.url, await hub.token('duty-officer'), 'h3');
    await pushUntilAccepted(s, ops(new OpMaker('h3'), 2, 'a'));
    // What a sequence-numbered log allows: seq 4 visible while 3 is not (still open, or rolled back).
    const op = new OpMaker('gap').op('incident', 'gap-1', 'upsert', incidentFields('gap-1'));
    await hub.query('INSERT INTO log (seq, op_id, client_id, at, op) VALUES (4, ?, ?, ?, ?)', [
      op.opId,
      'gap',
      new Date().toISOString(),
      JSON.stringify(op),
    ]);
    const reader = new Reader(await connectAs(hub.url, await hub.token('viewer'), 'hr3'));
    while ((await reader.pullOnce()) > 0);
    expect(reader.violations).toEqual(['after 2 came 4']);
    s.disconnect();
    reader.socket.disconnect();
  });
});
