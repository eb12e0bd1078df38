import { randomUUID } from 'node:crypto';
import { HlcClock } from '../../shared/sync/hlc';
import { Op, OP_PRIORITY, type EntityType } from '../../shared/sync/ops';
import type { EntityState } from '../../shared/sync/merge';
import { recordProblem } from '../../shared/sync/records';
import {
  describeIssue,
  LIMITS,
  type LogEntry,
  type PushResult,
  type SnapshotRecord,
} from '../../shared/sync/protocol';
import { prototypeKeyMessage, prototypeKeyPath } from '../../shared/util/protoKeys';
import { HeadMoved, type HubBackend } from './backend';
import { HUB_NODE, HubMemory, key, UNREAD, type Flush } from './memory';
import { appendHubOp, applyOp, Rejection, RepeatedReceipt, type Writer } from './rules';
import { SeenOps } from './seen';

export interface IngestBatch {
  writer: Writer;
  ops: unknown[];
}

export interface IngestOutcome {
  /** Per batch: its ops' results, or null when its token was found revoked at the commit (nothing accepted). */
  results: (PushResult[] | null)[];
  entries: LogEntry[];
}

export interface HubStoreOptions {
  retainOps?: number;
  now?: () => number;
  log?: (line: string) => void;
}

type Rejected = Extract<PushResult, { status: 'rejected' }>;

const rejectedOp = (opId: string, code: string, reason: string): Rejected => ({
  opId,
  status: 'rejected',
  code,
  reason,
  current: null,
});

/**
 * The hub's durable state: the op log with its global sequence, the merged state of every entity
 * (kept in memory, written through), and the hub's own clock, over a backend (SQLite or
 * PostgreSQL). `ingest` processes any number of push batches as ONE group commit: the rules run
 * in memory, each op on its own (an op that fails in any way is refused alone and leaves no
 * trace), then the backend writes the flush in one transaction. Callers acknowledge only after
 * `ingest` resolves. Group commits, seeding and snapshot pages run one at a time.
 */
export class HubStore {
  hubId = '';
  private readonly m: HubMemory;
  private seen = new SeenOps();
  private minSeq = 1;
  /** The head as committed: what clients are told (the memory's head runs ahead during a flush). */
  private committedHead = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private commits = 0;
  private catchUps = 0;
  /**
   * Several nodes: called with what other nodes committed, in seq order, as this store catches up
   * (before its own next entries): the server fans them out to its own sockets.
   */
  onRemoteEntries: ((entries: LogEntry[], headSeq: number) => void) | null = null;

  private constructor(
    readonly backend: HubBackend,
    readonly opts: HubStoreOptions,
  ) {
    this.m = new HubMemory(backend, opts.now ?? Date.now);
  }

  static async open(backend: HubBackend, opts: HubStoreOptions = {}): Promise<HubStore> {
    const store = new HubStore(backend, opts);
    try {
      await store.load();
    } catch (e) {
      await backend.close();
      throw e;
    }
    return store;
  }

  get tokens() {
    return this.backend.tokens;
  }

  private async load(): Promise<void> {
    const l = await this.backend.load();
    const m = this.m;
    m.state.clear();
    m.sortedKeys = null;
    for (const [entity, id, s] of l.entities) m.state.set(key(entity, id), s ?? UNREAD);
    m.headSeq = this.committedHead = l.headSeq;
    m.hubOpSeq = Number(l.meta.get('hub_op_seq') ?? '0');
    m.maxSeenHlc = '';
    m.clock = new HlcClock(HUB_NODE, m.now, l.meta.get('hlc'));
    this.minSeq = Number(l.meta.get('min_seq') ?? '1');
    const meta: [string, string][] = [];
    this.hubId = l.meta.get('hub_id') ?? '';
    if (!this.hubId) meta.push(['hub_id', (this.hubId = `hub-${randomUUID()}`)]);
    if (l.meta.get('client_seqs') === undefined) {
      // A store of schema 1: read every op id once, then never again.
      this.seen.rebuild(await this.backend.allOpIds());
      meta.push(['client_seqs', 'built']);
    } else this.seen.load(l.clientSeqs);
    const clientSeqs = this.seen.changed();
    if (meta.length > 0 || clientSeqs.length > 0) {
      const none = { log: [], rejected: [], receipts: [], entities: [], tokenIds: [] };
      await this.backend.commit({ startHead: l.headSeq, ...none, clientSeqs, meta });
    }
    this.seen.committed();
  }

  /** Run one write (or consistent read) at a time, in arrival order. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  head(): { headSeq: number; minSeq: number } {
    return { headSeq: this.committedHead, minSeq: this.minSeq };
  }

  getEntity(entity: EntityType, id: string): EntityState | null {
    return this.m.stateAt(key(entity, id)) ?? null;
  }

  entityCount(): number {
    return this.m.state.size;
  }

  /** Group commits made since the store was opened (the benchmark reports ops per commit). */
  stats(): { commits: number; catchUps: number } {
    return { commits: this.commits, catchUps: this.catchUps };
  }

  /**
   * Several nodes on one database: bring the memory up to what the others committed (woken by
   * LISTEN/NOTIFY, or before a commit that found the head moved), and hand their entries to
   * `onRemoteEntries`. Does nothing on a store of one node.
   */
  catchUp(): Promise<number> {
    return this.exclusive(() => this.catchUpNow());
  }

  private async catchUpNow(): Promise<number> {
    const c = await this.backend.catchUp?.(this.committedHead);
    if (!c) return 0;
    const m = this.m;
    for (const [entity, id, s] of c.entities) {
      const k = key(entity, id);
      if (!m.state.has(k)) m.sortedKeys = null;
      m.state.set(k, s);
    }
    this.seen.update(c.clientSeqs);
    m.headSeq = this.committedHead = c.headSeq;
    m.hubOpSeq = Math.max(m.hubOpSeq, Number(c.meta.get('hub_op_seq') ?? '0'));
    const hlc = c.meta.get('hlc');
    if (hlc) m.clock.receive(hlc);
    this.minSeq = Number(c.meta.get('min_seq') ?? this.minSeq);
    this.catchUps++;
    const entries: LogEntry[] = [];
    for (const [seq, at, op] of c.log) if (op !== null) entries.push({ seq, at, op: JSON.parse(op) as Op });
    if (entries.length > 0) this.onRemoteEntries?.(entries, c.headSeq);
    return entries.length;
  }

  /**
   * Process push batches as one group commit. Every op gets a result; accepted ops (and the hub's
   * own decision ops) get consecutive sequence numbers. A batch whose token was revoked before the
   * commit gets null, and the others are committed without it. Rejects only if the commit itself
   * fails: then nothing was accepted and the memory is read again from the store.
   */
  ingest(batches: readonly IngestBatch[]): Promise<IngestOutcome> {
    return this.exclusive(async () => {
      const results: (PushResult[] | null)[] = batches.map(() => null);
      let live = batches.map((_, i) => i);
      let entries: LogEntry[] = [];
      let moved = 0;
      while (live.length > 0) {
        await this.backend.prepare(this.retriedOpIds(live.map((i) => batches[i]!)));
        const flush = this.m.beginFlush();
        const res = live.map((i) =>
          batches[i]!.ops.map((raw) => this.ingestOne(batches[i]!.writer, raw, flush)),
        );
        let revoked: number[];
        try {
          revoked = await this.commit(
            flush,
            live.map((i) => batches[i]!.writer.tokenId),
          );
        } catch (e) {
          // Another node committed first: catch up with it and run the rules again on top.
          if (!(e instanceof HeadMoved) || !this.backend.catchUp || ++moved > 50) throw e;
          await this.catchUpNow();
          continue;
        }
        if (revoked.length === 0) {
          live.forEach((i, j) => (results[i] = res[j]!));
          entries = flush.entries;
          break;
        }
        live = live.filter((i) => !revoked.includes(batches[i]!.writer.tokenId));
      }
      await this.maybeCompact();
      return { results, entries };
    });
  }

  /** Ops whose client seq is already known: the backend fetches their answers before the rules run. */
  private retriedOpIds(batches: readonly IngestBatch[]): string[] {
    const ids: string[] = [];
    for (const b of batches)
      for (const raw of b.ops) {
        const o = raw as { opId?: unknown; clientId?: unknown; seq?: unknown } | null;
        if (typeof o?.opId === 'string' && typeof o.clientId === 'string' && typeof o.seq === 'number')
          if (this.seen.has(o.clientId, o.seq)) ids.push(o.opId);
      }
    return ids;
  }

  /**
   * Commit the flush built in memory. Returns the revoked tokens that stopped it (nothing was
   * written; the memory is as before the flush), or [] once committed. A failed commit (or one
   * whose outcome is unknown) reloads the memory from the store and rethrows.
   */
  private async commit(
    flush: Flush,
    tokenIds: number[],
    extraMeta: [string, string][] = [],
  ): Promise<number[]> {
    const m = this.m;
    const meta = [...extraMeta];
    if (flush.entries.length > 0) {
      m.adoptSeen();
      meta.push(['hlc', m.clock.current()]);
      if (m.hubOpSeq !== flush.startHubOpSeq) meta.push(['hub_op_seq', String(m.hubOpSeq)]);
    }
    const clientSeqs = this.seen.changed();
    const entities = [...flush.dirty.values()].flatMap((d) => {
      const s = m.stateAt(key(d.entity, d.id));
      if (!s) return [];
      const { entity, id, seq } = d;
      const fields = JSON.stringify(s.fields);
      return [{ entity, id, fields, clocks: JSON.stringify(s.clocks), deletedHlc: s.deletedHlc, seq }];
    });
    const nothing =
      flush.log.length + flush.rejected.length + clientSeqs.length + entities.length + meta.length === 0;
    try {
      const outcome = nothing
        ? ({ committed: true } as const)
        : await this.backend.commit({
            startHead: flush.startHead,
            log: flush.log,
            rejected: flush.rejected,
            receipts: flush.receipts,
            entities,
            clientSeqs,
            meta,
            tokenIds: [...new Set(tokenIds)],
          });
      if (outcome.committed) {
        this.commits++;
        this.seen.committed();
        this.committedHead = m.headSeq;
        return [];
      }
      m.undoFlush();
      this.seen.undo();
      return outcome.revoked;
    } catch (e) {
      if (e instanceof HeadMoved && this.backend.catchUp) {
        // Nothing was written (another node moved the head): undo the flush; the caller catches up.
        m.undoFlush();
        this.seen.undo();
        throw e;
      }
      // Nothing was committed, or we cannot tell: read the memory again from the store.
      await this.load();
      throw e;
    } finally {
      m.flush = null;
    }
  }

  private ingestOne(writer: Writer, raw: unknown, flush: Flush): PushResult {
    const rawId =
      typeof (raw as { opId?: unknown })?.opId === 'string'
        ? String((raw as { opId: string }).opId).slice(0, 140)
        : '?';
    let json: string;
    try {
      json = JSON.stringify(raw);
    } catch {
      return rejectedOp(rawId, 'INVALID_MESSAGE', 'op is not JSON');
    }
    if (json === undefined || json.length > LIMITS.maxOpBytes)
      return rejectedOp(rawId, 'TOO_LARGE', `op is larger than ${LIMITS.maxOpBytes} bytes`);
    // Before any schema copy: a copied "__proto__" key would change the copy's prototype.
    const protoPath = prototypeKeyPath(raw, 'op');
    if (protoPath) return rejectedOp(rawId, 'INVALID_MESSAGE', prototypeKeyMessage(protoPath));
    const parsed = Op.safeParse(raw);
    if (!parsed.success)
      return rejectedOp(rawId, 'INVALID_MESSAGE', describeIssue('invalid op', parsed.error));
    const op = parsed.data;
    if (op.clientId !== writer.clientId)
      return rejectedOp(
        op.opId,
        'FORBIDDEN',
        `op of client "${op.clientId}" sent by client "${writer.clientId}"`,
      );
    const again = flush.seenInFlush.get(op.opId);
    if (again)
      return again.status === 'accepted' ? { opId: op.opId, status: 'duplicate', seq: again.seq } : again;
    if (this.seen.has(op.clientId, op.seq)) {
      // Rare path (a retry after a lost ack): look the op up for the answer.
      const logged = this.backend.loggedSeq(op.opId);
      const refused = logged === undefined ? this.backend.rejection(op.opId) : undefined;
      if (refused)
        return {
          ...rejectedOp(op.opId, refused.code, refused.reason),
          current: this.snapshotOf(op.entity, op.entityId),
        };
      return { opId: op.opId, status: 'duplicate', seq: logged ?? null };
    }
    let result: PushResult;
    const mark = this.m.markOp();
    try {
      const seq = applyOp(this.m, writer, op, json);
      this.seen.add(op.clientId, op.seq);
      result = { opId: op.opId, status: 'accepted', seq };
    } catch (e) {
      this.m.undoOp(mark);
      result = this.refusal(op, e, flush);
    } finally {
      flush.journal = null;
    }
    flush.seenInFlush.set(op.opId, result);
    return result;
  }

  /** The answer to an op that threw: remembered when refused for good, never for a passing cause. */
  private refusal(op: Op, e: unknown, flush: Flush): PushResult {
    if (e instanceof RepeatedReceipt) {
      this.seen.add(op.clientId, op.seq); // answered for good: keeps the client's seq prefix contiguous
      return { opId: op.opId, status: 'duplicate', seq: e.seq };
    }
    const current = this.snapshotOf(op.entity, op.entityId);
    if (!(e instanceof Rejection)) {
      // A bug, not the op's fault: refuse this op alone and keep serving everyone else.
      this.opts.log?.(`[hub] op ${op.opId} failed: ${(e as Error)?.stack ?? String(e)}`);
      return {
        ...rejectedOp(
          op.opId,
          'INTERNAL',
          'the hub could not apply this op; it was not accepted, retry later',
        ),
        current,
        retryAfterMs: 5000,
      };
    }
    if (e.retryAfterMs !== undefined)
      return { ...rejectedOp(op.opId, e.code, e.message), current, retryAfterMs: e.retryAfterMs };
    flush.rejected.push({ opId: op.opId, code: e.code, reason: e.message, at: flush.at });
    this.seen.add(op.clientId, op.seq);
    return { ...rejectedOp(op.opId, e.code, e.message), current };
  }

  /** Write ops as the hub itself (seeding a scenario, see scenarioRecords): each record becomes one upsert. */
  seed(records: { entity: EntityType; id: string; fields: Record<string, unknown> }[]): Promise<number> {
    return this.exclusive(async () => {
      const flush = this.m.beginFlush();
      try {
        for (const r of records) {
          const problem = recordProblem(r.entity, r.fields);
          if (problem) throw new Error(`${r.entity} ${r.id}: ${problem}`);
          appendHubOp(
            this.m,
            r.entity,
            r.id,
            this.m.stateAt(key(r.entity, r.id)) ?? null,
            r.fields,
            OP_PRIORITY.bulk,
          );
        }
      } catch (e) {
        this.m.undoFlush();
        this.m.flush = null;
        throw e;
      }
      await this.commit(flush, []);
      return flush.entries.length;
    });
  }

  /**
   * A page of the log after `after`, as the UTF-8 JSON text of a LogEntry[] (the stored op
   * text is spliced in unparsed). Bounded by count and bytes. Only committed rows are read.
   */
  async pullPage(after: number, limit: number): Promise<{ json: string; count: number; lastSeq: number }> {
    // Raw rows and string splicing: no parse of the stored op text and no object per row.
    // `at` is an ISO timestamp and `op` stored JSON, so the concatenation is valid JSON.
    const rows = await this.backend.pullRows(after, limit);
    const parts: string[] = [];
    let bytes = 2;
    let lastSeq = after;
    for (const [seq, at, op] of rows) {
      if (op === null) break; // compacted: cannot happen above minSeq
      // The first entry always goes, so one large op cannot stall a client.
      if (parts.length > 0 && bytes + op.length + 64 > LIMITS.maxPullBytes) break;
      parts.push(`{"seq":${seq},"at":"${at}","op":${op}}`);
      bytes += op.length + 64;
      lastSeq = seq;
    }
    return { json: `[${parts.join(',')}]`, count: parts.length, lastSeq };
  }

  snapshotOf(entity: EntityType, id: string): SnapshotRecord | null {
    const s = this.m.stateAt(key(entity, id));
    return s ? { entity, entityId: id, fields: s.fields, clocks: s.clocks, deletedHlc: s.deletedHlc } : null;
  }

  /** A page of the merged state as committed, in (entity, id) order, after the given key, with the head it is as of. */
  snapshotPage(
    after: [EntityType, string] | null,
    limit: number,
  ): Promise<{
    records: SnapshotRecord[];
    next: [EntityType, string] | null;
    total: number;
    asOfSeq: number;
  }> {
    // Between group commits, so that no state of a flush not yet committed is handed out.
    return this.exclusive(() =>
      Promise.resolve({
        ...this.m.keysPage(after && key(after[0], after[1]), limit, (entity, id) =>
          this.snapshotOf(entity, id)!,
        ),
        asOfSeq: this.committedHead,
      }),
    );
  }

  /** Drop op bodies older than the retention window (rows stay for duplicate detection). */
  private async maybeCompact(): Promise<void> {
    const retain = this.opts.retainOps;
    const head = this.committedHead;
    if (!retain || head - this.minSeq + 1 <= retain * 1.1 + 10) return;
    const newMin = head - retain + 1;
    await this.backend.compact(newMin);
    this.minSeq = newMin;
  }

  /** Wait for what is running, then close the backend. */
  close(): Promise<void> {
    return this.exclusive(() => this.backend.close());
  }
}
