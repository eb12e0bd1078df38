import { HlcClock } from '../../shared/sync/hlc';
import type { EntityState } from '../../shared/sync/merge';
import type { EntityType, Op } from '../../shared/sync/ops';
import type { LogEntry, PushResult } from '../../shared/sync/protocol';
import type { FlushWrites, LogRow, StoreReader } from './backend';

export const HUB_NODE = 'hub';
export const key = (entity: string, id: string) => `${entity}\u0000${id}`;

/** An entity known to be in the store, not read yet. */
export const UNREAD = 0;

type DirtyMark = { entity: EntityType; id: string; seq: number };
type Known = EntityState | typeof UNREAD;

/** What one group commit accumulates in memory, and the journals that undo an op's or the whole flush's share. */
export interface Flush {
  at: string;
  startHead: number;
  startHubOpSeq: number;
  entries: LogEntry[];
  log: LogRow[];
  rejected: FlushWrites['rejected'];
  receipts: FlushWrites['receipts'];
  /** Receipts logged in this flush, by assignment and client: the backend does not have them yet. */
  receiptIndex: Map<string, number>;
  dirty: Map<string, DirtyMark>;
  seenInFlush: Map<string, PushResult>;
  /** While an op is applied: each state it replaced (undefined: there was none) and its dirty mark. */
  journal: [string, Known | undefined, DirtyMark | undefined][] | null;
  /** Each state as it was before this flush touched it: undoes the whole flush. */
  before: Map<string, Known | undefined>;
}

/** Where an op's share of a flush begins: undoing it truncates back to here. */
export interface OpMark {
  head: number;
  hubOpSeq: number;
  entries: number;
  log: number;
  receipts: number;
  maxSeenHlc: string;
}

/**
 * The hub's memory: every entity's merged state (read on first use where the backend allows),
 * the log's head, the hub's own clock and op counter, and the flush being built. The rules
 * (`rules.ts`) read and change it; the store (`core.ts`) commits and undoes it.
 */
export class HubMemory {
  /** Every entity's merged state, by key; UNREAD until an op, a decision or a snapshot needs it. */
  readonly state = new Map<string, Known>();
  sortedKeys: string[] | null = null;
  headSeq = 0;
  hubOpSeq = 0;
  /** Greatest HLC accepted in the current flush: the hub clock adopts it before it ticks. */
  maxSeenHlc = '';
  clock: HlcClock;
  flush: Flush | null = null;

  constructor(
    readonly reader: StoreReader,
    readonly now: () => number,
  ) {
    this.clock = new HlcClock(HUB_NODE, now);
  }

  /** An entity's state, read from the backend the first time it is needed. */
  stateAt(k: string): EntityState | undefined {
    const v = this.state.get(k);
    if (v !== UNREAD) return v;
    const sep = k.indexOf('\u0000');
    const parsed = this.reader.readEntity(k.slice(0, sep), k.slice(sep + 1));
    this.state.set(k, parsed);
    return parsed;
  }

  /** Replace an entity's state and mark it to be written with the commit (journaled). */
  setState(k: string, s: EntityState, entity: EntityType, id: string, seq: number): void {
    const flush = this.flush!;
    const had = this.state.get(k);
    flush.journal?.push([k, had, flush.dirty.get(k)]);
    if (!flush.before.has(k)) flush.before.set(k, had);
    if (had === undefined) this.sortedKeys = null;
    this.state.set(k, s);
    flush.dirty.set(k, { entity, id, seq });
  }

  /** Give the op the next seq: its log row is written with the flush's commit. */
  append(op: Op, json?: string): number {
    const flush = this.flush!;
    const seq = ++this.headSeq;
    flush.log.push({
      seq,
      opId: op.opId,
      clientId: op.clientId,
      at: flush.at,
      op: json ?? JSON.stringify(op),
    });
    flush.entries.push({ seq, at: flush.at, op });
    return seq;
  }

  receiptSeq(assignmentId: string, clientId: string): number | undefined {
    return (
      this.flush!.receiptIndex.get(key(assignmentId, clientId)) ??
      this.reader.receiptSeq(assignmentId, clientId)
    );
  }

  addReceipt(assignmentId: string, clientId: string, seq: number): void {
    this.flush!.receipts.push({ assignmentId, clientId, seq });
    this.flush!.receiptIndex.set(key(assignmentId, clientId), seq);
  }

  adoptSeen(): void {
    if (this.maxSeenHlc) this.clock.receive(this.maxSeenHlc);
    this.maxSeenHlc = '';
  }

  beginFlush(): Flush {
    this.flush = {
      at: new Date(this.now()).toISOString(),
      startHead: this.headSeq,
      startHubOpSeq: this.hubOpSeq,
      entries: [],
      log: [],
      rejected: [],
      receipts: [],
      receiptIndex: new Map(),
      dirty: new Map(),
      seenInFlush: new Map(),
      journal: null,
      before: new Map(),
    };
    return this.flush;
  }

  markOp(): OpMark {
    const f = this.flush!;
    f.journal = [];
    return {
      head: this.headSeq,
      hubOpSeq: this.hubOpSeq,
      entries: f.entries.length,
      log: f.log.length,
      receipts: f.receipts.length,
      maxSeenHlc: this.maxSeenHlc,
    };
  }

  /** Undo what one op did in memory (it threw: nothing of it is kept). */
  undoOp(mark: OpMark): void {
    const f = this.flush!;
    this.headSeq = mark.head;
    this.hubOpSeq = mark.hubOpSeq;
    this.maxSeenHlc = mark.maxSeenHlc;
    f.entries.length = mark.entries;
    f.log.length = mark.log;
    for (const r of f.receipts.splice(mark.receipts)) f.receiptIndex.delete(key(r.assignmentId, r.clientId));
    for (const [k, prev, prevDirty] of (f.journal ?? []).reverse()) {
      if (prev === undefined) this.state.delete(k);
      else this.state.set(k, prev);
      if (prevDirty) f.dirty.set(k, prevDirty);
      else f.dirty.delete(k);
      this.sortedKeys = null;
    }
    f.journal = null;
  }

  /** Undo the whole flush in memory (its commit was refused: nothing of it was written). */
  undoFlush(): void {
    const f = this.flush!;
    this.headSeq = f.startHead;
    this.hubOpSeq = f.startHubOpSeq;
    this.maxSeenHlc = '';
    for (const [k, prev] of f.before) {
      if (prev === undefined) this.state.delete(k);
      else this.state.set(k, prev);
    }
    this.sortedKeys = null;
  }

  /** A page of the states in key order after `afterKey`, each made into a record by `recordOf`. */
  keysPage<R extends { entity: EntityType; entityId: string }>(
    afterKey: string | null,
    limit: number,
    recordOf: (entity: EntityType, id: string) => R,
  ): { records: R[]; next: [EntityType, string] | null; total: number } {
    if (!this.sortedKeys) this.sortedKeys = [...this.state.keys()].sort();
    const keys = this.sortedKeys;
    let lo = 0;
    if (afterKey !== null) {
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid]! <= afterKey) lo = mid + 1;
        else hi = mid;
      }
    }
    const records = keys.slice(lo, lo + limit).map((k) => {
      const sep = k.indexOf('\u0000');
      return recordOf(k.slice(0, sep) as EntityType, k.slice(sep + 1));
    });
    const last = records.at(-1);
    const next: [EntityType, string] | null =
      lo + limit < keys.length && last ? [last.entity, last.entityId] : null;
    return { records, next, total: keys.length };
  }
}
