import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { HlcClock, MAX_CLOCK_DRIFT_MS } from '../shared/sync/hlc';
import { Op, OP_PRIORITY, type EntityType } from '../shared/sync/ops';
import { mergeWrites, writesOfOp, type EntityState } from '../shared/sync/merge';
import { fieldsProblem, recordProblem, validatesByField } from '../shared/sync/records';
import { forbiddenReason, type Role } from '../shared/sync/roles';
import { describeIssue, LIMITS, type LogEntry, type PushResult, type SnapshotRecord } from '../shared/sync/protocol';
import { decideProposal, decisionFields, resourceStatusOnAccept } from '../shared/sync/decide';
import type { Scenario } from '../shared/domain/scenario';
import { getHubMeta, openHubDb, setHubMeta, type HubDb } from './schema';

/** Who is writing: from the verified token and the handshake. */
export interface Writer {
  clientId: string;
  role: Role;
  tokenId: number;
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

class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Which op ids the hub has logged, per client: a contiguous prefix plus the few seqs above it
 * (clients drain by priority, so seqs arrive slightly out of order). Kept in memory so that the
 * duplicate check costs no query; rebuilt from the log at start.
 */
class SeenOps {
  private byClient = new Map<string, { upTo: number; above: Set<number> }>();

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
  }
}

/**
 * The hub's durable state: the op log with its global sequence, the merged state of every entity
 * (kept in memory, written through), and the hub's own clock. `ingest` processes any number of
 * push batches in ONE transaction (group commit); callers acknowledge only after it returns.
 */
export class HubStore {
  readonly db: HubDb;
  readonly hubId: string;
  private readonly clock: HlcClock;
  private state = new Map<string, EntityState>();
  private sortedKeys: string[] | null = null;
  private headSeq: number;
  private minSeq: number;
  private hubOpSeq: number;
  private seen = new SeenOps();
  private rejectedIds = new Set<string>();
  /** Greatest HLC accepted in the current flush: the hub clock adopts it before it ticks. */
  private maxSeenHlc = '';
  private readonly stmt: Record<'insertLog' | 'findLog' | 'findRejected' | 'insertRejected' | 'putEntity' | 'pullPage', Statement>;

  constructor(
    file: string,
    readonly opts: { retainOps?: number; now?: () => number } = {},
  ) {
    this.db = openHubDb(file);
    let hubId = getHubMeta(this.db, 'hub_id');
    if (!hubId) {
      hubId = `hub-${randomUUID()}`;
      setHubMeta(this.db, 'hub_id', hubId);
    }
    this.hubId = hubId;
    this.clock = new HlcClock(HUB_NODE, opts.now ?? Date.now, getHubMeta(this.db, 'hlc') ?? undefined);
    this.hubOpSeq = Number(getHubMeta(this.db, 'hub_op_seq') ?? '0');
    this.headSeq = (this.db.prepare('SELECT max(seq) AS s FROM log').get() as { s: number | null }).s ?? 0;
    this.minSeq = Number(getHubMeta(this.db, 'min_seq') ?? '1');
    this.stmt = {
      insertLog: this.db.prepare('INSERT INTO log (seq, op_id, client_id, at, op) VALUES (?, ?, ?, ?, ?)'),
      findLog: this.db.prepare('SELECT seq FROM log WHERE op_id = ?'),
      pullPage: this.db.prepare('SELECT seq, at, op FROM log WHERE seq > ? ORDER BY seq LIMIT ?').raw(),
      findRejected: this.db.prepare('SELECT code, reason FROM rejected WHERE op_id = ?'),
      insertRejected: this.db.prepare('INSERT OR IGNORE INTO rejected (op_id, code, reason, at) VALUES (?, ?, ?, ?)'),
      putEntity: this.db.prepare(
        `INSERT INTO entities (entity, entity_id, fields, clocks, deleted_hlc, seq) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(entity, entity_id) DO UPDATE SET fields = excluded.fields, clocks = excluded.clocks,
         deleted_hlc = excluded.deleted_hlc, seq = excluded.seq`,
      ),
    };
    this.loadState();
    for (const r of this.db.prepare('SELECT op_id FROM log').raw().iterate() as Iterable<[string]>) {
      const i = r[0].lastIndexOf(':');
      this.seen.add(r[0].slice(0, i), Number(r[0].slice(i + 1)));
    }
    for (const r of this.db.prepare('SELECT op_id FROM rejected').raw().iterate() as Iterable<[string]>) this.rejectedIds.add(r[0]);
  }

  private loadState(): void {
    this.state.clear();
    this.sortedKeys = null;
    for (const r of this.db.prepare('SELECT entity, entity_id, fields, clocks, deleted_hlc FROM entities').iterate() as Iterable<{
      entity: string;
      entity_id: string;
      fields: string;
      clocks: string;
      deleted_hlc: string | null;
    }>) {
      this.state.set(key(r.entity, r.entity_id), { fields: JSON.parse(r.fields), clocks: JSON.parse(r.clocks), deletedHlc: r.deleted_hlc });
    }
  }

  head(): { headSeq: number; minSeq: number } {
    return { headSeq: this.headSeq, minSeq: this.minSeq };
  }

  getEntity(entity: EntityType, id: string): EntityState | null {
    return this.state.get(key(entity, id)) ?? null;
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
    const entries: LogEntry[] = [];
    const dirty = new Map<string, { entity: EntityType; id: string; seq: number }>();
    const seenInFlush = new Map<string, PushResult>();
    const at = new Date(this.opts.now?.() ?? Date.now()).toISOString();
    const startHead = this.headSeq;
    const startHubOpSeq = this.hubOpSeq;
    this.flushAdded = [];
    const run = this.db.transaction(() => {
      const results = batches.map((b) => b.ops.map((raw) => this.ingestOne(b.writer, raw, at, entries, dirty, seenInFlush)));
      for (const d of dirty.values()) {
        const s = this.state.get(key(d.entity, d.id));
        if (!s) continue;
        this.stmt.putEntity.run(d.entity, d.id, JSON.stringify(s.fields), JSON.stringify(s.clocks), s.deletedHlc, d.seq);
      }
      if (entries.length > 0) {
        this.adoptSeen();
        setHubMeta(this.db, 'hlc', this.clock.current());
        if (this.hubOpSeq !== startHubOpSeq) setHubMeta(this.db, 'hub_op_seq', String(this.hubOpSeq));
      }
      return results;
    });
    try {
      const results = run();
      this.maybeCompact();
      return { results, entries };
    } catch (e) {
      // Nothing was committed: forget what this flush thought it had accepted.
      this.headSeq = startHead;
      this.hubOpSeq = startHubOpSeq;
      this.loadState();
      this.seen = new SeenOps();
      for (const r of this.db.prepare('SELECT op_id FROM log').raw().iterate() as Iterable<[string]>) {
        const i = r[0].lastIndexOf(':');
        this.seen.add(r[0].slice(0, i), Number(r[0].slice(i + 1)));
      }
      for (const id of this.flushAdded) this.rejectedIds.delete(id);
      throw e;
    }
  }
  private flushAdded: string[] = [];

  private adoptSeen(): void {
    if (this.maxSeenHlc) this.clock.receive(this.maxSeenHlc);
    this.maxSeenHlc = '';
  }

  private ingestOne(
    writer: Writer,
    raw: unknown,
    at: string,
    entries: LogEntry[],
    dirty: Map<string, { entity: EntityType; id: string; seq: number }>,
    seenInFlush: Map<string, PushResult>,
  ): PushResult {
    const rawId = typeof (raw as { opId?: unknown })?.opId === 'string' ? String((raw as { opId: string }).opId).slice(0, 140) : '?';
    let json: string;
    try {
      json = JSON.stringify(raw);
    } catch {
      return { opId: rawId, status: 'rejected', code: 'INVALID_MESSAGE', reason: 'op is not JSON', current: null };
    }
    if (json === undefined || json.length > LIMITS.maxOpBytes) {
      return { opId: rawId, status: 'rejected', code: 'TOO_LARGE', reason: `op is larger than ${LIMITS.maxOpBytes} bytes`, current: null };
    }
    const parsed = Op.safeParse(raw);
    if (!parsed.success) {
      return { opId: rawId, status: 'rejected', code: 'INVALID_MESSAGE', reason: describeIssue('invalid op', parsed.error), current: null };
    }
    const op = parsed.data;
    if (op.clientId !== writer.clientId) {
      return { opId: op.opId, status: 'rejected', code: 'FORBIDDEN', reason: `op of client "${op.clientId}" sent by client "${writer.clientId}"`, current: null };
    }
    const again = seenInFlush.get(op.opId);
    if (again) return again.status === 'accepted' ? { opId: op.opId, status: 'duplicate', seq: again.seq } : again;
    if (this.seen.has(op.clientId, op.seq)) {
      // Rare path (a retry after a lost ack): look the seq up for the answer.
      const logged = this.stmt.findLog.get(op.opId) as { seq: number } | undefined;
      return { opId: op.opId, status: 'duplicate', seq: logged?.seq ?? null };
    }
    if (this.rejectedIds.has(op.opId)) {
      const refused = this.stmt.findRejected.get(op.opId) as { code: string; reason: string };
      return { opId: op.opId, status: 'rejected', code: refused.code, reason: refused.reason, current: this.snapshotOf(op.entity, op.entityId) };
    }
    let result: PushResult;
    try {
      const seq = this.apply(writer, op, json, at, entries, dirty);
      this.seen.add(op.clientId, op.seq);
      result = { opId: op.opId, status: 'accepted', seq };
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      this.stmt.insertRejected.run(op.opId, e.code, e.message, at);
      this.rejectedIds.add(op.opId);
      this.flushAdded.push(op.opId);
      result = { opId: op.opId, status: 'rejected', code: e.code, reason: e.message, current: this.snapshotOf(op.entity, op.entityId) };
    }
    seenInFlush.set(op.opId, result);
    return result;
  }

  /** Validate, merge and log one op; throws Rejection when it may not be accepted. */
  private apply(
    writer: Writer,
    op: Op,
    json: string,
    at: string,
    entries: LogEntry[],
    dirty: Map<string, { entity: EntityType; id: string; seq: number }>,
  ): number {
    const forbidden = forbiddenReason(writer.role, op);
    if (forbidden) throw new Rejection('FORBIDDEN', `${forbidden}.`);
    const nFields = Object.keys(op.fields).length;
    if (nFields > LIMITS.maxFieldsPerOp) throw new Rejection('INVALID_MESSAGE', `op has ${nFields} fields; the limit is ${LIMITS.maxFieldsPerOp}`);
    const wall = (this.opts.now ?? Date.now)();
    // The pattern was checked by the Op schema: the first 15 digits are the wall clock.
    if (Number(op.hlc.slice(0, 15)) - wall > MAX_CLOCK_DRIFT_MS) {
      throw new Rejection('CLOCK_AHEAD', 'the sending device clock is more than 5 minutes ahead of the hub; correct its time and retry');
    }
    const k = key(op.entity, op.entityId);
    const current = this.state.get(k) ?? null;
    if ('id' in op.fields && op.fields.id !== op.entityId) throw new Rejection('INVALID_MESSAGE', 'fields.id differs from entityId');
    const hasPos = 'position' in op.fields;
    const hasFix = 'positionFixAt' in op.fields;
    if (op.entity === 'unit' && hasPos !== hasFix) throw new Rejection('INVALID_MESSAGE', 'position and positionFixAt travel together');
    if (op.kind === 'track') {
      if (op.entity !== 'unit') throw new Rejection('INVALID_MESSAGE', 'only units have tracks');
      if (!hasPos || nFields !== 2) throw new Rejection('INVALID_MESSAGE', 'a track carries exactly position and positionFixAt');
    }
    if (op.kind !== 'propose' && op.kind !== 'upsert' && (!current || Object.keys(current.fields).length === 0)) {
      throw new Rejection('UNKNOWN_ENTITY', `${op.entity} ${op.entityId} is unknown to the hub`);
    }
    if (op.kind === 'propose') {
      if (current) throw new Rejection('INVALID_MESSAGE', `assignment id ${op.entityId} is already used`);
      if (op.fields.status !== 'proposed') throw new Rejection('INVALID_MESSAGE', 'a proposal has status "proposed"');
    }
    if (op.kind === 'receipt' && (current?.fields.status !== 'accepted' || !current)) {
      throw new Rejection('INVALID_MESSAGE', 'receipts acknowledge accepted assignments only');
    }
    const merged = mergeWrites(op.entity, current, writesOfOp(op));
    if (!merged.state.deletedHlc && op.kind !== 'receipt') {
      const existing = current !== null && Object.keys(current.fields).length > 0;
      const problem =
        existing && validatesByField(op.entity) ? fieldsProblem(op.entity, op.fields) : recordProblem(op.entity, merged.state.fields);
      if (problem) throw new Rejection('INVALID_RECORD', problem);
    }
    // Accepted from here on.
    if (op.hlc > this.maxSeenHlc) this.maxSeenHlc = op.hlc;
    const seq = this.append(op, at, entries, json);
    if (merged.changed.length > 0 || merged.deleted) {
      this.setState(k, merged.state);
      dirty.set(k, { entity: op.entity, id: op.entityId, seq });
    }
    if (op.kind === 'propose') {
      const decision = decideProposal(writer.role, merged.state.fields, {
        get: (entity, id) => this.state.get(key(entity, id)) ?? null,
        assignments: () => this.assignmentStates(),
      });
      this.adoptSeen();
      const decided = this.appendHubOp('assignment', op.entityId, merged.state, decisionFields(decision, at), at, entries, dirty);
      // Accepted: the resource is now on its way (as the standalone store does), logged right
      // after the decision so that no client sees the order without the status.
      const kind = decided.fields.resourceKind === 'aircraft' ? 'aircraft' : 'unit';
      const resourceId = String(decided.fields.resourceId);
      const resource = this.state.get(key(kind, resourceId));
      const next = decision.status === 'accepted' && resource && !resource.deletedHlc ? resourceStatusOnAccept(kind, resource.fields.status) : null;
      if (resource && next) this.appendHubOp(kind, resourceId, resource, { status: next }, at, entries, dirty);
    }
    return seq;
  }

  /** Log an op written by the hub itself (a decision and what follows from it, a seeded record) and merge it. */
  private appendHubOp(
    entity: EntityType,
    entityId: string,
    current: EntityState | null,
    fields: Record<string, unknown>,
    at: string,
    entries: LogEntry[],
    dirty: Map<string, { entity: EntityType; id: string; seq: number }>,
    priority: number = OP_PRIORITY.order,
  ): EntityState {
    const hubSeq = ++this.hubOpSeq;
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
    };
    const merged = mergeWrites(entity, current, writesOfOp(hubOp));
    const seq = this.append(hubOp, at, entries);
    const k = key(entity, entityId);
    this.setState(k, merged.state);
    dirty.set(k, { entity, id: entityId, seq });
    return merged.state;
  }

  private *assignmentStates(): Iterable<EntityState> {
    for (const [k, s] of this.state) if (k.startsWith('assignment\u0000')) yield s;
  }

  private setState(k: string, s: EntityState): void {
    if (!this.state.has(k)) this.sortedKeys = null;
    this.state.set(k, s);
  }

  private append(op: Op, at: string, entries: LogEntry[], json?: string): number {
    const seq = ++this.headSeq;
    this.stmt.insertLog.run(seq, op.opId, op.clientId, at, json ?? JSON.stringify(op));
    entries.push({ seq, at, op });
    return seq;
  }

  /** Write ops as the hub itself (seeding a scenario, see scenarioRecords): each record becomes one upsert. */
  seed(records: { entity: EntityType; id: string; fields: Record<string, unknown> }[]): number {
    const at = new Date().toISOString();
    const entries: LogEntry[] = [];
    const dirty = new Map<string, { entity: EntityType; id: string; seq: number }>();
    this.db.transaction(() => {
      for (const r of records) {
        const problem = recordProblem(r.entity, r.fields);
        if (problem) throw new Error(`${r.entity} ${r.id}: ${problem}`);
        this.appendHubOp(r.entity, r.id, this.state.get(key(r.entity, r.id)) ?? null, r.fields, at, entries, dirty, OP_PRIORITY.bulk);
      }
      for (const d of dirty.values()) {
        const s = this.state.get(key(d.entity, d.id))!;
        this.stmt.putEntity.run(d.entity, d.id, JSON.stringify(s.fields), JSON.stringify(s.clocks), s.deletedHlc, d.seq);
      }
      setHubMeta(this.db, 'hlc', this.clock.current());
      setHubMeta(this.db, 'hub_op_seq', String(this.hubOpSeq));
    })();
    return entries.length;
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
    const s = this.state.get(key(entity, id));
    return s ? { entity, entityId: id, fields: s.fields, clocks: s.clocks, deletedHlc: s.deletedHlc } : null;
  }

  /** A page of the merged state, in (entity, id) order, after the given key. */
  snapshotPage(after: [EntityType, string] | null, limit: number): { records: SnapshotRecord[]; next: [EntityType, string] | null; total: number } {
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
    const next: [EntityType, string] | null = lo + limit < keys.length && last ? [last.entity, last.entityId] : null;
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

/** The records of a scenario as the hub keeps them (aircraft are their own records, with their base id). */
export function scenarioRecords(scenario: Scenario): { entity: EntityType; id: string; fields: Record<string, unknown> }[] {
  const records: { entity: EntityType; id: string; fields: Record<string, unknown> }[] = [];
  for (const r of scenario.incidents) records.push({ entity: 'incident', id: r.id, fields: { ...r } });
  for (const r of scenario.units) records.push({ entity: 'unit', id: r.id, fields: { ...r } });
  for (const b of scenario.bases) {
    const { aircraft, ...rest } = b;
    records.push({ entity: 'base', id: b.id, fields: rest });
    for (const a of aircraft) records.push({ entity: 'aircraft', id: a.id, fields: { ...a, baseId: b.id } });
  }
  for (const r of scenario.depots) records.push({ entity: 'depot', id: r.id, fields: { ...r } });
  for (const r of scenario.assignments) records.push({ entity: 'assignment', id: r.id, fields: { ...r } });
  return records;
}
