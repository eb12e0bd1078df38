import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { HlcClock, MAX_CLOCK_AHEAD_MS } from '../shared/sync/hlc';
import { Op, OP_PRIORITY, type EntityType } from '../shared/sync/ops';
import { mergeWrites, nodeOfHlc, writesOfOp, type EntityState } from '../shared/sync/merge';
import { fieldsProblem, recordProblem, validatesByField } from '../shared/sync/records';
import { entityDef } from '../shared/sync/entities';
import { CodedError } from '../shared/ipc/errors';
import { forbiddenReason, type Role } from '../shared/sync/roles';
import {
  describeIssue,
  LIMITS,
  type LogEntry,
  type PushResult,
  type SnapshotRecord,
} from '../shared/sync/protocol';
import { decideProposal, decisionFields, resourceStatusOnAccept } from '../shared/sync/decide';
import { prototypeKeyMessage, prototypeKeyPath } from '../shared/util/protoKeys';
import { HUB_PERSON, type Person, type TimelineEntry, type TimelineKind } from '../shared/domain/timeline';
import { getHubMeta, openHubDb, setHubMeta, type HubDb } from './schema';

/** Who is writing: from the verified token and the handshake. */
export interface Writer {
  clientId: string;
  role: Role;
  tokenId: number;
  /** The person the token belongs to: stamped on their timeline entries and proposals. */
  name: string;
  org: string;
  /** The unit the token is bound to (`token create --unit`): its device sends that unit's receipts. */
  unitId: string | null;
}

export interface IngestBatch {
  writer: Writer;
  ops: unknown[];
}

export interface IngestOutcome {
  results: PushResult[][];
  entries: LogEntry[];
}

const HUB_NODE = 'hub';
const key = (entity: string, id: string) => `${entity}\u0000${id}`;

/** A refused op: the coded error, with the hub's wire codes and when the op may be tried again. */
class Rejection extends CodedError<string> {
  constructor(
    code: string,
    message: string,
    /** Not remembered: the same op may be accepted later (a clock ahead, a passing failure). */
    readonly retryAfterMs?: number,
  ) {
    super(code, message);
  }
}

/** A receipt this device already sent for the assignment: answered as a duplicate, not logged. */
class RepeatedReceipt extends Error {
  constructor(readonly seq: number) {
    super('receipt already logged');
  }
}

/** An entity known to be in the entities table, not read yet. */
const UNREAD = 0;

type DirtyMark = { entity: EntityType; id: string; seq: number };
type Dirty = Map<string, DirtyMark>;

/** What one group commit accumulates, and the journal that undoes one op's share of it. */
interface Flush {
  at: string;
  entries: LogEntry[];
  dirty: Dirty;
  seenInFlush: Map<string, PushResult>;
  /** While an op is applied: each state it replaced (undefined: there was none) and its dirty mark. */
  journal: [string, EntityState | undefined, DirtyMark | undefined][] | null;
}

/**
 * Which op ids the hub has logged or refused for good, per client: a contiguous prefix plus the
 * few seqs above it (clients drain by priority, so seqs arrive slightly out of order). Kept in
 * memory so that the duplicate check costs no query, and written through to `client_seqs` for
 * the clients a commit touched, so that a restart reads one row per client, not the whole log.
 */
class SeenOps {
  private byClient = new Map<string, { upTo: number; above: Set<number> }>();
  private touched = new Set<string>();

  has(clientId: string, seq: number): boolean {
    const c = this.byClient.get(clientId);
    return !!c && (seq <= c.upTo || c.above.has(seq));
  }

  add(clientId: string, seq: number): void {
    let c = this.byClient.get(clientId);
    if (!c) this.byClient.set(clientId, (c = { upTo: 0, above: new Set() }));
    if (seq <= c.upTo) return;
    c.above.add(seq);
    while (c.above.delete(c.upTo + 1)) c.upTo++;
    this.touched.add(clientId);
  }

  load(db: HubDb): void {
    this.byClient.clear();
    this.touched.clear();
    for (const [clientId, upTo, above] of db
      .prepare('SELECT client_id, up_to, above FROM client_seqs')
      .raw()
      .iterate() as Iterable<[string, number, string]>) {
      this.byClient.set(clientId, { upTo, above: new Set(JSON.parse(above) as number[]) });
    }
  }

  /** Write the clients changed since the last save (inside the commit's transaction). */
  save(stmt: Statement): void {
    for (const id of this.touched) {
      const c = this.byClient.get(id)!;
      stmt.run(id, c.upTo, JSON.stringify([...c.above]));
    }
    this.touched.clear();
  }

  /** Build from every op id in the log and the refusals: once, for a store written before client_seqs. */
  rebuild(db: HubDb): void {
    this.byClient.clear();
    for (const table of ['log', 'rejected']) {
      for (const r of db.prepare(`SELECT op_id FROM ${table}`).raw().iterate() as Iterable<[string]>) {
        const i = r[0].lastIndexOf(':');
        const seq = Number(r[0].slice(i + 1));
        if (Number.isSafeInteger(seq)) this.add(r[0].slice(0, i), seq);
      }
    }
  }
}

/**
 * The hub's durable state: the op log with its global sequence, the merged state of every entity
 * (kept in memory, written through), and the hub's own clock. `ingest` processes any number of
 * push batches in ONE transaction (group commit); callers acknowledge only after it returns.
 * Each op is applied inside its own savepoint: an op that fails in any way is refused alone and
 * leaves no trace in the log, the entities or the memory state.
 */
export class HubStore {
  readonly db: HubDb;
  readonly hubId: string;
  private readonly clock: HlcClock;
  private readonly now: () => number;
  /**
   * Every entity's merged state, by key. A restart reads only the keys; a state is read from the
   * entities table the first time an op, a decision or a snapshot needs it.
   */
  private state = new Map<string, EntityState | typeof UNREAD>();
  private sortedKeys: string[] | null = null;
  private headSeq: number;
  private minSeq: number;
  private hubOpSeq: number;
  private seen = new SeenOps();
  /** Greatest HLC accepted in the current flush: the hub clock adopts it before it ticks. */
  private maxSeenHlc = '';
  private flush: Flush | null = null;
  private readonly stmt: Record<
    | 'insertLog'
    | 'findLog'
    | 'findRejected'
    | 'insertRejected'
    | 'putEntity'
    | 'getEntity'
    | 'pullPage'
    | 'putClientSeqs'
    | 'findReceipt'
    | 'insertReceipt',
    Statement
  >;
  private readonly applyInSavepoint: (writer: Writer, op: Op, json: string) => number;

  constructor(
    file: string,
    readonly opts: { retainOps?: number; now?: () => number; log?: (line: string) => void } = {},
  ) {
    this.db = openHubDb(file);
    this.now = opts.now ?? Date.now;
    let hubId = getHubMeta(this.db, 'hub_id');
    if (!hubId) {
      hubId = `hub-${randomUUID()}`;
      setHubMeta(this.db, 'hub_id', hubId);
    }
    this.hubId = hubId;
    this.clock = new HlcClock(HUB_NODE, this.now, getHubMeta(this.db, 'hlc') ?? undefined);
    this.hubOpSeq = Number(getHubMeta(this.db, 'hub_op_seq') ?? '0');
    this.headSeq = (this.db.prepare('SELECT max(seq) AS s FROM log').get() as { s: number | null }).s ?? 0;
    this.minSeq = Number(getHubMeta(this.db, 'min_seq') ?? '1');
    this.stmt = {
      insertLog: this.db.prepare('INSERT INTO log (seq, op_id, client_id, at, op) VALUES (?, ?, ?, ?, ?)'),
      findLog: this.db.prepare('SELECT seq FROM log WHERE op_id = ?'),
      pullPage: this.db.prepare('SELECT seq, at, op FROM log WHERE seq > ? ORDER BY seq LIMIT ?').raw(),
      findRejected: this.db.prepare('SELECT code, reason FROM rejected WHERE op_id = ?'),
      insertRejected: this.db.prepare(
        'INSERT OR IGNORE INTO rejected (op_id, code, reason, at) VALUES (?, ?, ?, ?)',
      ),
      putEntity: this.db.prepare(
        `INSERT INTO entities (entity, entity_id, fields, clocks, deleted_hlc, seq) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(entity, entity_id) DO UPDATE SET fields = excluded.fields, clocks = excluded.clocks,
         deleted_hlc = excluded.deleted_hlc, seq = excluded.seq`,
      ),
      putClientSeqs: this.db.prepare(
        'INSERT INTO client_seqs (client_id, up_to, above) VALUES (?, ?, ?) ON CONFLICT(client_id) DO UPDATE SET up_to = excluded.up_to, above = excluded.above',
      ),
      getEntity: this.db
        .prepare('SELECT fields, clocks, deleted_hlc FROM entities WHERE entity = ? AND entity_id = ?')
        .raw(),
      findReceipt: this.db
        .prepare('SELECT seq FROM receipts WHERE assignment_id = ? AND client_id = ?')
        .pluck(),
      insertReceipt: this.db.prepare('INSERT INTO receipts (assignment_id, client_id, seq) VALUES (?, ?, ?)'),
    };
    // A nested better-sqlite3 transaction is a SAVEPOINT: an op that throws is rolled back alone.
    this.applyInSavepoint = this.db.transaction((writer: Writer, op: Op, json: string) =>
      this.apply(writer, op, json),
    );
    this.loadState();
    if (getHubMeta(this.db, 'client_seqs') === null) {
      // A store of schema 1: read every op id once, then never again.
      this.seen.rebuild(this.db);
      this.db.transaction(() => {
        this.seen.save(this.stmt.putClientSeqs);
        setHubMeta(this.db, 'client_seqs', 'built');
      })();
    }
    this.seen.load(this.db);
  }

  private loadState(): void {
    this.state.clear();
    this.sortedKeys = null;
    for (const [entity, id] of this.db
      .prepare('SELECT entity, entity_id FROM entities')
      .raw()
      .iterate() as Iterable<[string, string]>) {
      this.state.set(key(entity, id), UNREAD);
    }
  }

  /** An entity's state, read from the entities table the first time it is needed. */
  private stateAt(k: string): EntityState | undefined {
    const v = this.state.get(k);
    if (v !== UNREAD) return v;
    const sep = k.indexOf('\u0000');
    const [fields, clocks, deletedHlc] = this.stmt.getEntity.get(k.slice(0, sep), k.slice(sep + 1)) as [
      string,
      string,
      string | null,
    ];
    const parsed: EntityState = {
      fields: JSON.parse(fields) as Record<string, unknown>,
      clocks: JSON.parse(clocks) as Record<string, string>,
      deletedHlc,
    };
    this.state.set(k, parsed);
    return parsed;
  }

  head(): { headSeq: number; minSeq: number } {
    return { headSeq: this.headSeq, minSeq: this.minSeq };
  }

  getEntity(entity: EntityType, id: string): EntityState | null {
    return this.stateAt(key(entity, id)) ?? null;
  }

  entityCount(): number {
    return this.state.size;
  }

  /**
   * Process push batches in one transaction. Every op gets a result; accepted ops (and the hub's
   * own decision ops) get consecutive sequence numbers. Throws only if the commit itself fails,
   * in which case nothing was accepted and the in-memory state is reloaded from disk.
   */
  ingest(batches: readonly IngestBatch[]): IngestOutcome {
    const flush: Flush = {
      at: new Date(this.now()).toISOString(),
      entries: [],
      dirty: new Map(),
      seenInFlush: new Map(),
      journal: null,
    };
    const startHead = this.headSeq;
    const startHubOpSeq = this.hubOpSeq;
    this.flush = flush;
    const run = this.db.transaction(() => {
      const results = batches.map((b) => b.ops.map((raw) => this.ingestOne(b.writer, raw, flush)));
      this.writeDirty(flush.dirty);
      this.seen.save(this.stmt.putClientSeqs);
      if (flush.entries.length > 0) {
        this.adoptSeen();
        setHubMeta(this.db, 'hlc', this.clock.current());
        if (this.hubOpSeq !== startHubOpSeq) setHubMeta(this.db, 'hub_op_seq', String(this.hubOpSeq));
      }
      return results;
    });
    try {
      const results = run();
      this.maybeCompact();
      return { results, entries: flush.entries };
    } catch (e) {
      // Nothing was committed: forget what this flush thought it had accepted.
      this.headSeq = startHead;
      this.hubOpSeq = startHubOpSeq;
      this.maxSeenHlc = '';
      this.loadState();
      this.seen.load(this.db);
      throw e;
    } finally {
      this.flush = null;
    }
  }

  private writeDirty(dirty: Dirty): void {
    for (const d of dirty.values()) {
      const s = this.stateAt(key(d.entity, d.id));
      if (!s) continue;
      this.stmt.putEntity.run(
        d.entity,
        d.id,
        JSON.stringify(s.fields),
        JSON.stringify(s.clocks),
        s.deletedHlc,
        d.seq,
      );
    }
  }

  private adoptSeen(): void {
    if (this.maxSeenHlc) this.clock.receive(this.maxSeenHlc);
    this.maxSeenHlc = '';
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
      return {
        opId: rawId,
        status: 'rejected',
        code: 'INVALID_MESSAGE',
        reason: 'op is not JSON',
        current: null,
      };
    }
    if (json === undefined || json.length > LIMITS.maxOpBytes) {
      return {
        opId: rawId,
        status: 'rejected',
        code: 'TOO_LARGE',
        reason: `op is larger than ${LIMITS.maxOpBytes} bytes`,
        current: null,
      };
    }
    // Before any schema copy: a copied "__proto__" key would change the copy's prototype.
    const protoPath = prototypeKeyPath(raw, 'op');
    if (protoPath)
      return {
        opId: rawId,
        status: 'rejected',
        code: 'INVALID_MESSAGE',
        reason: prototypeKeyMessage(protoPath),
        current: null,
      };
    const parsed = Op.safeParse(raw);
    if (!parsed.success) {
      return {
        opId: rawId,
        status: 'rejected',
        code: 'INVALID_MESSAGE',
        reason: describeIssue('invalid op', parsed.error),
        current: null,
      };
    }
    const op = parsed.data;
    if (op.clientId !== writer.clientId) {
      return {
        opId: op.opId,
        status: 'rejected',
        code: 'FORBIDDEN',
        reason: `op of client "${op.clientId}" sent by client "${writer.clientId}"`,
        current: null,
      };
    }
    const again = flush.seenInFlush.get(op.opId);
    if (again)
      return again.status === 'accepted' ? { opId: op.opId, status: 'duplicate', seq: again.seq } : again;
    if (this.seen.has(op.clientId, op.seq)) {
      // Rare path (a retry after a lost ack): look the op up for the answer.
      const logged = this.stmt.findLog.get(op.opId) as { seq: number } | undefined;
      const refused = logged
        ? undefined
        : (this.stmt.findRejected.get(op.opId) as { code: string; reason: string } | undefined);
      if (refused)
        return {
          opId: op.opId,
          status: 'rejected',
          code: refused.code,
          reason: refused.reason,
          current: this.snapshotOf(op.entity, op.entityId),
        };
      return { opId: op.opId, status: 'duplicate', seq: logged?.seq ?? null };
    }
    let result: PushResult;
    flush.journal = [];
    const mark = {
      head: this.headSeq,
      hubOpSeq: this.hubOpSeq,
      entries: flush.entries.length,
      maxSeenHlc: this.maxSeenHlc,
    };
    try {
      const seq = this.applyInSavepoint(writer, op, json);
      this.seen.add(op.clientId, op.seq);
      result = { opId: op.opId, status: 'accepted', seq };
    } catch (e) {
      // The savepoint rolled the database back; undo what the op did in memory.
      this.headSeq = mark.head;
      this.hubOpSeq = mark.hubOpSeq;
      this.maxSeenHlc = mark.maxSeenHlc;
      flush.entries.length = mark.entries;
      for (const [k, prev, prevDirty] of flush.journal.reverse()) {
        if (prev) this.state.set(k, prev);
        else this.state.delete(k);
        if (prevDirty) flush.dirty.set(k, prevDirty);
        else flush.dirty.delete(k);
        this.sortedKeys = null;
      }
      result = this.refusal(op, e, flush.at);
    } finally {
      flush.journal = null;
    }
    flush.seenInFlush.set(op.opId, result);
    return result;
  }

  /** The answer to an op that threw: remembered when refused for good, never for a passing cause. */
  private refusal(op: Op, e: unknown, at: string): PushResult {
    if (e instanceof RepeatedReceipt) {
      this.seen.add(op.clientId, op.seq); // answered for good: keeps the client's seq prefix contiguous
      return { opId: op.opId, status: 'duplicate', seq: e.seq };
    }
    const current = this.snapshotOf(op.entity, op.entityId);
    if (!(e instanceof Rejection)) {
      // A bug, not the op's fault: refuse this op alone and keep serving everyone else.
      this.opts.log?.(`[hub] op ${op.opId} failed: ${(e as Error)?.stack ?? String(e)}`);
      return {
        opId: op.opId,
        status: 'rejected',
        code: 'INTERNAL',
        reason: 'the hub could not apply this op; it was not accepted, retry later',
        current,
        retryAfterMs: 5000,
      };
    }
    if (e.retryAfterMs !== undefined)
      return {
        opId: op.opId,
        status: 'rejected',
        code: e.code,
        reason: e.message,
        current,
        retryAfterMs: e.retryAfterMs,
      };
    this.stmt.insertRejected.run(op.opId, e.code, e.message, at);
    this.seen.add(op.clientId, op.seq);
    return { opId: op.opId, status: 'rejected', code: e.code, reason: e.message, current };
  }

  /** Validate, merge and log one op; throws Rejection when it may not be accepted. */
  private apply(writer: Writer, sent: Op, sentJson: string): number {
    // Authors are the hub's to say: the token's person, whatever the client claimed.
    const op = stampAuthor(writer, sent);
    const json = op === sent ? sentJson : JSON.stringify(op);
    const k = key(op.entity, op.entityId);
    const current = this.stateAt(k) ?? null;
    const exists = current !== null && !current.deletedHlc && Object.keys(current.fields).length > 0;
    if (nodeOfHlc(op.hlc) !== op.clientId)
      throw new Rejection('INVALID_MESSAGE', `the hlc's node must be the client id "${op.clientId}"`);
    const forbidden = forbiddenReason(writer, op, exists);
    if (forbidden) throw new Rejection('FORBIDDEN', `${forbidden}.`);
    const nFields = Object.keys(op.fields).length;
    if (nFields > LIMITS.maxFieldsPerOp)
      throw new Rejection(
        'INVALID_MESSAGE',
        `op has ${nFields} fields; the limit is ${LIMITS.maxFieldsPerOp}`,
      );
    const wall = this.now();
    // The pattern was checked by the Op schema: the first 15 digits are the wall clock.
    const ahead = Number(op.hlc.slice(0, 15)) - wall;
    if (ahead > MAX_CLOCK_AHEAD_MS) {
      throw new Rejection(
        'CLOCK_AHEAD',
        `the op's clock is ${Math.round(ahead / 1000)} s ahead of the hub's; the limit is ${MAX_CLOCK_AHEAD_MS / 1000} s: correct the device's time`,
        ahead - MAX_CLOCK_AHEAD_MS,
      );
    }
    if (op.seen) {
      const extra = Object.keys(op.seen).find((f) => !Object.prototype.hasOwnProperty.call(op.fields, f));
      if (extra !== undefined)
        throw new Rejection('INVALID_MESSAGE', `seen names field "${extra}", which the op does not write`);
    }
    if ('id' in op.fields && op.fields.id !== op.entityId)
      throw new Rejection('INVALID_MESSAGE', 'fields.id differs from entityId');
    const hasPos = 'position' in op.fields;
    const hasFix = 'positionFixAt' in op.fields;
    const tracked = entityDef(op.entity).trackFields.length > 0;
    if (tracked && hasPos !== hasFix)
      throw new Rejection('INVALID_MESSAGE', 'position and positionFixAt travel together');
    if (op.kind === 'delete' && nFields > 0)
      throw new Rejection('INVALID_MESSAGE', 'a delete carries no fields');
    if (op.kind === 'track') {
      if (!tracked) throw new Rejection('INVALID_MESSAGE', `a ${op.entity} has no track`);
      if (!hasPos || nFields !== 2)
        throw new Rejection('INVALID_MESSAGE', 'a track carries exactly position and positionFixAt');
    }
    if (op.kind !== 'propose' && op.kind !== 'upsert' && !exists) {
      throw new Rejection('UNKNOWN_ENTITY', `${op.entity} ${op.entityId} is unknown to the hub`);
    }
    if (op.kind === 'propose') {
      if (current) throw new Rejection('INVALID_MESSAGE', `assignment id ${op.entityId} is already used`);
      if (op.fields.status !== 'proposed')
        throw new Rejection('INVALID_MESSAGE', 'a proposal has status "proposed"');
      const decided = ['decidedAt', 'rejectionReason', 'rejectionCode', 'rejectionParams'].find(
        (f) => op.fields[f] !== undefined && op.fields[f] !== null,
      );
      if (decided) throw new Rejection('FORBIDDEN', `${decided} is written by the hub when it decides.`);
    }
    if (
      op.entity === 'assignment' &&
      op.kind === 'upsert' &&
      op.fields.status === 'released' &&
      current?.fields.status !== 'accepted'
    ) {
      throw new Rejection(
        'INVALID_TRANSITION',
        `only an accepted assignment can be released; ${op.entityId} is ${String(current?.fields.status ?? 'unknown')}`,
      );
    }
    if (op.kind === 'receipt') return this.logReceipt(writer, op, current!);
    const merged = mergeWrites(op.entity, current, writesOfOp(op));
    if (op.kind !== 'delete') {
      // A write to a deleted record changes nothing, but its fields must still be the record's.
      const byField = (exists || merged.state.deletedHlc) && validatesByField(op.entity);
      const problem = byField
        ? fieldsProblem(op.entity, op.fields)
        : merged.state.deletedHlc
          ? null
          : recordProblem(op.entity, merged.state.fields);
      if (problem) throw new Rejection('INVALID_RECORD', problem);
    }
    // Accepted from here on.
    if (op.hlc > this.maxSeenHlc) this.maxSeenHlc = op.hlc;
    const seq = this.append(op, json);
    if (merged.changed.length > 0 || merged.deleted)
      this.setState(k, merged.state, op.entity, op.entityId, seq);
    if (op.kind === 'propose') this.decide(writer, op, merged.state);
    return seq;
  }

  /**
   * A device says it received an order. Only the device bound to the assigned unit may; the time
   * is the hub's (the client's is ignored); one receipt per device and assignment is logged.
   */
  private logReceipt(writer: Writer, op: Op, current: EntityState): number {
    const a = current.fields;
    if (a.status !== 'accepted')
      throw new Rejection('INVALID_MESSAGE', 'receipts acknowledge accepted assignments only');
    if (a.resourceKind !== 'unit' || writer.unitId === null || a.resourceId !== writer.unitId) {
      throw new Rejection(
        'FORBIDDEN',
        `only the device of the assigned unit ${String(a.resourceId)} may acknowledge this order.`,
      );
    }
    const other = Object.keys(op.fields).find((f) => f !== 'receivedAt');
    if (other !== undefined)
      throw new Rejection(
        'INVALID_MESSAGE',
        `a receipt carries only receivedAt, not "${other.slice(0, 64)}"`,
      );
    const earlier = this.stmt.findReceipt.get(op.entityId, op.clientId) as number | undefined;
    if (earlier !== undefined) throw new RepeatedReceipt(earlier);
    const stamped: Op = { ...op, fields: { receivedAt: this.flush!.at } };
    const seq = this.append(stamped, JSON.stringify(stamped));
    this.stmt.insertReceipt.run(op.entityId, op.clientId, seq);
    this.appendHubTimeline(
      String(a.incidentId),
      'device_received',
      personOf(writer),
      { assignmentId: op.entityId, device: op.clientId },
      writer.unitId,
    );
    return seq;
  }

  /** Decide a proposal just logged: the decision, and on acceptance the resource's new status. */
  private decide(writer: Writer, op: Op, proposal: EntityState): void {
    const at = this.flush!.at;
    const decision = decideProposal(writer.role, proposal.fields, {
      get: (entity, id) => this.stateAt(key(entity, id)) ?? null,
      assignments: () => this.assignmentStates(),
    });
    this.adoptSeen();
    const decided = this.appendHubOp('assignment', op.entityId, proposal, decisionFields(decision, at));
    // Accepted: the resource is now on its way (as the standalone store does), logged right
    // after the decision so that no client sees the order without the status.
    const kind = decided.fields.resourceKind === 'aircraft' ? 'aircraft' : 'unit';
    const resourceId = String(decided.fields.resourceId);
    const resource = this.stateAt(key(kind, resourceId));
    const next =
      decision.status === 'accepted' && resource && !resource.deletedHlc
        ? resourceStatusOnAccept(kind, resource.fields.status)
        : null;
    if (resource && next) this.appendHubOp(kind, resourceId, resource, { status: next });
    // And in the incident's timeline, after the status it caused.
    this.appendHubTimeline(
      String(proposal.fields.incidentId),
      'dispatch_decided',
      HUB_PERSON,
      {
        assignmentId: op.entityId,
        resourceKind: proposal.fields.resourceKind,
        resourceId: proposal.fields.resourceId,
        status: decision.status,
        code: decision.code,
        params: decision.params,
        reason: decision.reason,
      },
      proposal.fields.resourceKind === 'unit' ? String(proposal.fields.resourceId) : null,
    );
  }

  /** Log an op written by the hub itself (a decision and what follows from it, a seeded record) and merge it. */
  private appendHubOp(
    entity: EntityType,
    entityId: string,
    current: EntityState | null,
    fields: Record<string, unknown>,
    priority: number = OP_PRIORITY.order,
  ): EntityState {
    const hubSeq = ++this.hubOpSeq;
    // Like any writer, the hub says which value of each field it replaced (see isConcurrentOverwrite).
    let seen: Record<string, string> | undefined;
    for (const f of Object.keys(fields)) {
      const had = current && !current.deletedHlc ? current.clocks[f] : undefined;
      if (had) (seen ??= {})[f] = had;
    }
    const hubOp: Op = {
      opId: `${HUB_NODE}:${hubSeq}`,
      clientId: HUB_NODE,
      seq: hubSeq,
      hlc: this.clock.tick(),
      entity,
      entityId,
      kind: 'upsert',
      fields,
      priority,
      ...(seen ? { seen } : {}),
    };
    const merged = mergeWrites(entity, current, writesOfOp(hubOp));
    const seq = this.append(hubOp);
    this.setState(key(entity, entityId), merged.state, entity, entityId, seq);
    return merged.state;
  }

  /** An entry of the hub's own in an incident's timeline (a decision, a device receipt). */
  private appendHubTimeline(
    incidentId: string,
    kind: TimelineKind,
    by: Person,
    data: Record<string, unknown>,
    unitId: string | null,
  ): void {
    const id = `tl-hub-${this.hubOpSeq + 1}`;
    const entry: TimelineEntry = {
      id,
      incidentId,
      kind,
      at: this.flush!.at,
      by,
      text: '',
      data,
      corrects: null,
      unitId,
    };
    this.appendHubOp('timeline', id, null, { ...entry });
  }

  private *assignmentStates(): Iterable<EntityState> {
    for (const k of this.state.keys()) if (k.startsWith('assignment\u0000')) yield this.stateAt(k)!;
  }

  /** Replace an entity's state and mark it to be written with the commit (journaled while an op is applied). */
  private setState(k: string, s: EntityState, entity: EntityType, id: string, seq: number): void {
    const flush = this.flush!;
    flush.journal?.push([k, this.stateAt(k), flush.dirty.get(k)]);
    if (!this.state.has(k)) this.sortedKeys = null;
    this.state.set(k, s);
    flush.dirty.set(k, { entity, id, seq });
  }

  private append(op: Op, json?: string): number {
    const flush = this.flush!;
    const seq = ++this.headSeq;
    this.stmt.insertLog.run(seq, op.opId, op.clientId, flush.at, json ?? JSON.stringify(op));
    flush.entries.push({ seq, at: flush.at, op });
    return seq;
  }

  /** Write ops as the hub itself (seeding a scenario, see scenarioRecords): each record becomes one upsert. */
  seed(records: { entity: EntityType; id: string; fields: Record<string, unknown> }[]): number {
    const flush: Flush = {
      at: new Date(this.now()).toISOString(),
      entries: [],
      dirty: new Map(),
      seenInFlush: new Map(),
      journal: null,
    };
    this.flush = flush;
    try {
      this.db.transaction(() => {
        for (const r of records) {
          const problem = recordProblem(r.entity, r.fields);
          if (problem) throw new Error(`${r.entity} ${r.id}: ${problem}`);
          this.appendHubOp(
            r.entity,
            r.id,
            this.stateAt(key(r.entity, r.id)) ?? null,
            r.fields,
            OP_PRIORITY.bulk,
          );
        }
        this.writeDirty(flush.dirty);
        setHubMeta(this.db, 'hlc', this.clock.current());
        setHubMeta(this.db, 'hub_op_seq', String(this.hubOpSeq));
      })();
    } catch (e) {
      this.headSeq = (this.db.prepare('SELECT max(seq) AS s FROM log').get() as { s: number | null }).s ?? 0;
      this.hubOpSeq = Number(getHubMeta(this.db, 'hub_op_seq') ?? '0');
      this.loadState();
      throw e;
    } finally {
      this.flush = null;
    }
    return flush.entries.length;
  }

  /**
   * A page of the log after `after`, as the UTF-8 JSON text of a LogEntry[] (the stored op
   * text is spliced in unparsed). Bounded by count and bytes.
   */
  pullPage(after: number, limit: number): { json: string; count: number; lastSeq: number } {
    // Raw rows and string splicing: no parse of the stored op text and no object per row.
    // `at` is an ISO timestamp and `op` stored JSON, so the concatenation is valid JSON.
    const rows = this.stmt.pullPage.all(after, limit) as [number, string, string | null][];
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
    const s = this.stateAt(key(entity, id));
    return s ? { entity, entityId: id, fields: s.fields, clocks: s.clocks, deletedHlc: s.deletedHlc } : null;
  }

  /** A page of the merged state, in (entity, id) order, after the given key. */
  snapshotPage(
    after: [EntityType, string] | null,
    limit: number,
  ): { records: SnapshotRecord[]; next: [EntityType, string] | null; total: number } {
    if (!this.sortedKeys) this.sortedKeys = [...this.state.keys()].sort();
    const keys = this.sortedKeys;
    let lo = 0;
    if (after) {
      const k = key(after[0], after[1]);
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid]! <= k) lo = mid + 1;
        else hi = mid;
      }
    }
    const slice = keys.slice(lo, lo + limit);
    const records = slice.map((k) => {
      const [entity, id] = k.split('\u0000') as [EntityType, string];
      return this.snapshotOf(entity, id)!;
    });
    const last = records.at(-1);
    const next: [EntityType, string] | null =
      lo + limit < keys.length && last ? [last.entity, last.entityId] : null;
    return { records, next, total: keys.length };
  }

  /** Drop op bodies older than the retention window (rows stay for duplicate detection). */
  private maybeCompact(): void {
    const retain = this.opts.retainOps;
    if (!retain || this.headSeq - this.minSeq + 1 <= retain * 1.1 + 10) return;
    const newMin = this.headSeq - retain + 1;
    this.db.transaction(() => {
      this.db.prepare('UPDATE log SET op = NULL WHERE seq < ? AND op IS NOT NULL').run(newMin);
      setHubMeta(this.db, 'min_seq', String(newMin));
    })();
    this.minSeq = newMin;
  }

  close(): void {
    this.db.close();
  }
}

/** The person a token belongs to, as stamped on what it writes. */
function personOf(writer: Writer): Person {
  return { name: writer.name, org: writer.org, role: writer.role };
}

/**
 * The op as the hub logs it: a record's author field (EntityDef.authorField: a timeline entry's or a
 * zero report's `by`) is the token's person, a proposal's
 * `proposedBy` the token's name, whatever the client wrote there. Other ops are logged as sent.
 */
function stampAuthor(writer: Writer, op: Op): Op {
  const author = entityDef(op.entity).authorField;
  if (author && op.kind === 'upsert') return { ...op, fields: { ...op.fields, [author]: personOf(writer) } };
  if (op.entity === 'assignment' && op.kind === 'propose')
    return { ...op, fields: { ...op.fields, proposedBy: writer.name } };
  return op;
}
