import { ZodError } from 'zod';
import {
  isConcurrentOverwrite,
  isTrackField,
  mergeWrites,
  nodeOfHlc,
  UNCONFLICTED_FIELDS,
  writesOfOp,
  type EntityState,
  type FieldWrites,
  type MergeResult,
} from '../../shared/sync/merge';
import { OP_PRIORITY, type EntityType, type Op } from '../../shared/sync/ops';
import type { EntityRecord } from '../../shared/sync/entities';
import { parseFields } from '../../shared/sync/records';
import { firstIssue } from '../../shared/util/issues';
import type { LogEntry, PushResult, SnapshotRecord } from '../../shared/sync/protocol';
import { recordLocalOp, type StoreContext } from './commands';
import { addConflict } from './repositories/conflicts';
import { setFieldClock } from './repositories/fieldClocks';
import { getMeta, setMeta } from './repositories/meta';
import { deleteRecord, prepared, putRecord, transactionOf, updateRecordRow } from './repositories/records';
import { tableOf } from './repositories/tables';
import { removeFromOutbox } from './repositories/outbox';
import {
  addNotice,
  deleteFieldClocks,
  getOutboxOp,
  getReceipt,
  noteDeviceReceived,
  noteHubReceived,
  putTombstone,
} from './repositories/syncState';

/**
 * Applying what the hub sends to the local store, with the same pure merge rules the hub uses
 * (src/shared/sync/merge.ts). Runs inside the store worker, one transaction per call.
 */

export const HUB_CLIENT_ID = 'hub';

/** A stored record of any type: this module handles every entity type alike. */
type StoredRecord = EntityRecord<EntityType>;

interface Cached {
  entity: EntityType;
  id: string;
  state: EntityState | null;
  /**
   * The record as stored when it was read (hence valid), or null when there was none: changes
   * can then be validated field by field, and only the columns that changed are rewritten.
   */
  stored: Record<string, unknown> | null;
  changed: Set<string>;
  dirty: boolean;
}

/** Pages touching at most this many entities of a type read them one by one (live fan-out). */
const POINT_READS_UP_TO = 4;

/**
 * Entities touched by a page are read once and written once: catching up 100,000 ops that hit
 * a few thousand records costs a few thousand writes, not 100,000.
 */
class EntityCache {
  private items = new Map<string, Cached>();
  readonly entities = new Set<EntityType>();
  queued = 0;

  constructor(private readonly ctx: StoreContext) {}

  /**
   * Read every entity a page touches with three queries per entity type (instead of three per
   * entity): the dominant cost of a catch-up is otherwise statement overhead.
   */
  preload(keys: Iterable<[EntityType, string]>): void {
    const byType = new Map<EntityType, Set<string>>();
    for (const [e, id] of keys) {
      if (this.items.has(`${e}\u0000${id}`)) continue;
      let set = byType.get(e);
      if (!set) byType.set(e, (set = new Set()));
      set.add(id);
    }
    const { db } = this.ctx;
    for (const [entity, ids] of byType) {
      if (ids.size <= POINT_READS_UP_TO) {
        // A live page (one op, usually): one indexed read per entity is cheaper than json_each.
        for (const id of ids)
          this.items.set(`${entity}\u0000${id}`, cachedOf(entity, id, loadState(this.ctx, entity, id)));
        continue;
      }
      const list = JSON.stringify([...ids]);
      const table = tableOf(entity).table;
      const states = new Map<string, EntityState>();
      for (const r of prepared(
        db,
        `SELECT id, data FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`,
      ).iterate(list) as Iterable<{
        id: string;
        data: string;
      }>) {
        states.set(r.id, {
          fields: JSON.parse(r.data) as Record<string, unknown>,
          clocks: {},
          deletedHlc: null,
        });
      }
      for (const r of prepared(
        db,
        'SELECT entity_id, field, hlc FROM field_clocks WHERE entity = ? AND entity_id IN (SELECT value FROM json_each(?))',
      ).iterate(entity, list) as Iterable<{ entity_id: string; field: string; hlc: string }>) {
        const st = states.get(r.entity_id);
        if (st) st.clocks[r.field] = r.hlc;
      }
      for (const r of prepared(
        db,
        'SELECT entity_id, hlc FROM tombstones WHERE entity = ? AND entity_id IN (SELECT value FROM json_each(?))',
      ).iterate(entity, list) as Iterable<{ entity_id: string; hlc: string }>) {
        states.set(r.entity_id, { fields: {}, clocks: {}, deletedHlc: r.hlc });
      }
      for (const id of ids)
        this.items.set(`${entity}\u0000${id}`, cachedOf(entity, id, states.get(id) ?? null));
    }
  }

  get(entity: EntityType, id: string): Cached {
    const k = `${entity}\u0000${id}`;
    let c = this.items.get(k);
    if (!c) {
      c = cachedOf(entity, id, loadState(this.ctx, entity, id));
      this.items.set(k, c);
    }
    return c;
  }

  update(c: Cached, r: MergeResult): void {
    if (r.changed.length === 0 && !r.deleted) return;
    c.state = r.state;
    for (const f of r.changed) c.changed.add(f);
    c.dirty = true;
    this.entities.add(c.entity);
  }

  flush(): void {
    for (const c of this.items.values())
      if (c.dirty && c.state) writeState(this.ctx, c.entity, c.id, c.state, [...c.changed], c.stored);
    this.items.clear();
  }
}

function cachedOf(entity: EntityType, id: string, state: EntityState | null): Cached {
  const stored =
    state !== null && state.deletedHlc === null && Object.keys(state.fields).length > 0 ? state.fields : null;
  return { entity, id, state, stored, changed: new Set(), dirty: false };
}

/** An entity's record, field clocks and tombstone in one statement (three lookups by key). */
function loadState(ctx: StoreContext, entity: EntityType, id: string): EntityState | null {
  const row = prepared(
    ctx.db,
    `SELECT (SELECT data FROM ${tableOf(entity).table} WHERE id = @id) AS data,
       (SELECT json_group_object(field, hlc) FROM field_clocks WHERE entity = @entity AND entity_id = @id) AS clocks,
       (SELECT hlc FROM tombstones WHERE entity = @entity AND entity_id = @id) AS deletedHlc`,
  ).get({ entity, id }) as { data: string | null; clocks: string; deletedHlc: string | null };
  if (row.deletedHlc) return { fields: {}, clocks: {}, deletedHlc: row.deletedHlc };
  if (row.data === null) return null;
  return {
    fields: JSON.parse(row.data) as Record<string, unknown>,
    clocks: JSON.parse(row.clocks) as Record<string, string>,
    deletedHlc: null,
  };
}

/**
 * Write a record whose stored version was valid and of which only `changed` fields differ: those
 * fields are parsed by their own schemas (as the hub checks changes) instead of the whole record.
 * Returns false when that is not enough (depots, unknown or invalid fields): validate it whole.
 */
function putChangedFields(
  ctx: StoreContext,
  entity: EntityType,
  state: EntityState,
  changed: readonly string[],
  stored: Record<string, unknown>,
): boolean {
  const parsed = parseFields(entity, state.fields, changed);
  if (!parsed) return false;
  updateRecordRow(
    ctx.db,
    tableOf(entity),
    stored as StoredRecord,
    { ...state.fields, ...parsed } as StoredRecord,
  );
  return true;
}

/**
 * Write a merged state. `fields` named in `changed` get their clocks stored. `stored`: the valid
 * record the state was read from, so checking the changed fields is enough.
 */
function writeState(
  ctx: StoreContext,
  entity: EntityType,
  id: string,
  state: EntityState,
  changed: readonly string[],
  stored: Record<string, unknown> | null = null,
): void {
  const { db } = ctx;
  if (state.deletedHlc) {
    deleteRecord(db, tableOf(entity), id);
    deleteFieldClocks(db, entity, id);
    putTombstone(db, entity, id, state.deletedHlc);
    return;
  }
  try {
    if (!(
      stored &&
      stored.id === id &&
      state.fields.id === id &&
      putChangedFields(ctx, entity, state, changed, stored)
    ))
      putRecord(db, tableOf(entity), state.fields as StoredRecord);
  } catch (e) {
    if (!(e instanceof ZodError)) throw e;
    // The hub validates every merged record, so this means a bug or a hub we should not trust.
    const i = firstIssue(e);
    addNotice(db, {
      kind: 'record_invalid',
      entity,
      entityId: id,
      message: `A change from the hub to ${entity} ${id} could not be stored (${i.path}: ${i.message}); it was skipped.`,
    });
    return;
  }
  for (const f of changed) {
    const hlc = state.clocks[f];
    if (hlc) setFieldClock(db, entity, id, f, hlc);
  }
}

/** Record every value that lost to another writer where our own write was involved. */
function recordConflicts(
  ctx: StoreContext,
  entity: EntityType,
  id: string,
  r: MergeResult,
  seen?: Readonly<Record<string, string>>,
): void {
  const mine = ctx.clientId;
  // The hub deciding our proposal is its outcome, not a concurrent edit (a rejection has its own notice).
  const decision = (newHlc: string) => entity === 'assignment' && nodeOfHlc(newHlc) === HUB_CLIENT_ID;
  for (const c of r.overwritten) {
    if (
      UNCONFLICTED_FIELDS.has(c.field) ||
      isTrackField(entity, c.field) ||
      nodeOfHlc(c.oldHlc) !== mine ||
      nodeOfHlc(c.newHlc) === mine ||
      decision(c.newHlc)
    )
      continue;
    // The writer had seen our value and changed it after: a sequential edit, not a conflict.
    if (!isConcurrentOverwrite(c, seen)) continue;
    addConflict(ctx.db, {
      entity,
      entityId: id,
      field: c.field,
      keptValue: c.newValue,
      keptHlc: c.newHlc,
      lostValue: c.oldValue,
      lostHlc: c.oldHlc,
    });
  }
  for (const c of r.discarded) {
    if (
      UNCONFLICTED_FIELDS.has(c.field) ||
      isTrackField(entity, c.field) ||
      nodeOfHlc(c.oldHlc) !== mine ||
      nodeOfHlc(c.newHlc) === mine
    )
      continue;
    addConflict(ctx.db, {
      entity,
      entityId: id,
      field: c.field,
      keptValue: c.oldValue,
      keptHlc: c.oldHlc,
      lostValue: c.newValue,
      lostHlc: c.newHlc,
    });
  }
}

function adoptClock(ctx: StoreContext, hlc: string): void {
  try {
    ctx.clock.receive(hlc);
  } catch {
    // A clock far ahead of ours: the hub refuses such ops, so only our own clock can be that far
    // behind. Keep ours; ordering among remote writes is still decided by their own clocks.
  }
}

export function getCursor(ctx: StoreContext): number {
  return Number(getMeta(ctx.db, 'sync_cursor') ?? '0');
}

export interface ApplyOutcome {
  cursor: number;
  applied: number;
  /** True when an entry after the cursor was missing: pull from the hub. */
  gap: boolean;
  entities: EntityType[];
  /** Ops this apply put in the outbox (device receipts): push them now. */
  queued: number;
}

/** Apply log entries in seq order from cursor + 1; entries at or below the cursor are skipped. */
export function applyEntries(ctx: StoreContext, entries: readonly LogEntry[]): ApplyOutcome {
  return transactionOf(ctx.db, applyEntriesNow)(ctx, entries);
}

function applyEntriesNow(ctx: StoreContext, entries: readonly LogEntry[]): ApplyOutcome {
  const { db } = ctx;
  let cursor = getCursor(ctx);
  const startCursor = cursor;
  const cache = new EntityCache(ctx);
  const unitId = getMeta(db, 'sync_unit_id');
  cache.preload(
    entries
      .filter((e) => e.seq > cursor && e.op.kind !== 'receipt')
      .map((e) => [e.op.entity, e.op.entityId] as [EntityType, string]),
  );
  let gap = false;
  let maxHlc = '';
  for (const e of entries) {
    if (e.seq <= cursor) continue;
    if (e.seq !== cursor + 1) {
      gap = true;
      break;
    }
    if (e.op.hlc > maxHlc) maxHlc = e.op.hlc;
    applyOp(ctx, cache, e, unitId);
    cursor = e.seq;
  }
  if (maxHlc) adoptClock(ctx, maxHlc);
  cache.flush();
  if (cursor !== startCursor) {
    setMeta(db, 'sync_cursor', String(cursor));
    setMeta(db, 'hlc', ctx.clock.current());
  }
  return { cursor, applied: cursor - startCursor, gap, entities: [...cache.entities], queued: cache.queued };
}

function applyOp(ctx: StoreContext, cache: EntityCache, e: LogEntry, unitId: string | null): void {
  const op = e.op;
  if (op.kind === 'receipt') {
    const at = typeof op.fields.receivedAt === 'string' ? op.fields.receivedAt : e.at;
    noteDeviceReceived(ctx.db, op.entityId, op.clientId, at);
    cache.entities.add('assignment');
    return;
  }
  if (op.kind === 'propose') noteHubReceived(ctx.db, op.entityId, op.clientId, e.seq, e.at);
  const c = cache.get(op.entity, op.entityId);
  // Our own creations come back as the hub logged them: it stamps the author (a timeline entry's
  // `by`, a proposal's `proposedBy`), and its version wins over what we wrote under the same clock.
  const asLogged =
    op.clientId === ctx.clientId && c.state !== null && (op.entity === 'timeline' || op.kind === 'propose');
  const r = mergeWrites(op.entity, asLogged ? withoutClocks(c.state!, op.fields) : c.state, writesOfOp(op));
  if (op.clientId !== ctx.clientId) recordConflicts(ctx, op.entity, op.entityId, r, op.seen);
  cache.update(c, r);
  if (op.clientId === HUB_CLIENT_ID && op.entity === 'assignment' && c.state && !c.state.deletedHlc) {
    if (onDecision(ctx, op, c.state.fields, unitId)) cache.queued++;
  }
}

/** A state whose clocks for the given fields lose to any write. */
function withoutClocks(s: EntityState, fields: Record<string, unknown>): EntityState {
  const clocks = { ...s.clocks };
  for (const f of Object.keys(fields)) clocks[f] = '';
  return { ...s, clocks };
}

/** The hub decided a proposal: tell the proposer of a rejection; the assigned unit's device acknowledges. */
function onDecision(
  ctx: StoreContext,
  op: Op,
  assignment: Record<string, unknown>,
  unitId: string | null,
): boolean {
  const receipt = getReceipt(ctx.db, op.entityId);
  if (op.fields.status === 'rejected' && receipt?.proposerClient === ctx.clientId) {
    addNotice(ctx.db, {
      kind: 'assignment_rejected',
      entity: 'assignment',
      entityId: op.entityId,
      message: `The hub rejected sending ${String(assignment.resourceId)} to incident ${String(assignment.incidentId)}: ${String(op.fields.rejectionReason ?? 'no reason given')}`,
    });
  }
  if (
    op.fields.status === 'accepted' &&
    unitId !== null &&
    assignment.resourceKind === 'unit' &&
    assignment.resourceId === unitId &&
    !receipt?.deviceAt
  ) {
    const at = new Date().toISOString();
    recordLocalOp(ctx, 'assignment', op.entityId, 'receipt', { receivedAt: at }, OP_PRIORITY.order);
    noteDeviceReceived(ctx.db, op.entityId, ctx.clientId, at);
    return true;
  }
  return false;
}

/** Merge snapshot records (a catch-up when the log no longer reaches back to our cursor). */
export function applySnapshot(
  ctx: StoreContext,
  records: readonly SnapshotRecord[],
  finalSeq: number | null,
): ApplyOutcome {
  const { db } = ctx;
  return db.transaction(() => {
    const cache = new EntityCache(ctx);
    for (const rec of records) {
      for (const h of Object.values(rec.clocks)) adoptClock(ctx, h);
      const writes: FieldWrites = { fields: rec.fields, clocks: rec.clocks, deletedHlc: rec.deletedHlc };
      const c = cache.get(rec.entity, rec.entityId);
      const r = mergeWrites(rec.entity, c.state, writes);
      recordConflicts(ctx, rec.entity, rec.entityId, r);
      cache.update(c, r);
    }
    cache.flush();
    const before = getCursor(ctx);
    if (finalSeq !== null && finalSeq > before) setMeta(db, 'sync_cursor', String(finalSeq));
    setMeta(db, 'hlc', ctx.clock.current());
    return {
      cursor: Math.max(before, finalSeq ?? 0),
      applied: records.length,
      gap: false,
      entities: [...cache.entities],
      queued: 0,
    };
  })();
}

export interface AckOutcome {
  removed: number;
  rejected: number;
  entities: EntityType[];
  /** Some ops were turned away for now (CLOCK_AHEAD, INTERNAL): resend them after this long. */
  retryAfterMs: number | null;
}

/**
 * The hub acknowledged a push: accepted and duplicate ops leave the outbox; a rejected op leaves
 * it too, its local effect is undone from the hub's record, and the user gets a notice.
 */
export function applyAcks(ctx: StoreContext, results: readonly PushResult[]): AckOutcome {
  const { db } = ctx;
  return db.transaction(() => {
    const entities = new Set<EntityType>();
    let rejected = 0;
    let retryAfterMs: number | null = null;
    const done: string[] = [];
    for (const r of results) {
      const text = getOutboxOp(db, r.opId);
      if (!text) continue; // already handled (a duplicate answer)
      const op = JSON.parse(text) as Op;
      if (r.status === 'rejected' && r.retryAfterMs !== undefined) {
        // Not refused for good (our clock ahead of the hub's, a passing failure there): the op stays
        // in the outbox, its local effect stays, and it is sent again after the delay.
        retryAfterMs = Math.max(retryAfterMs ?? 0, r.retryAfterMs);
        continue;
      }
      done.push(r.opId);
      if (r.status === 'accepted' && op.kind === 'propose')
        noteHubReceived(db, op.entityId, ctx.clientId, r.seq, new Date().toISOString());
      if (r.status !== 'rejected') continue;
      rejected++;
      entities.add(op.entity);
      restoreFromHub(ctx, op, r.current);
      addNotice(db, {
        kind: 'op_rejected',
        entity: op.entity,
        entityId: op.entityId,
        code: r.code,
        params: { restored: r.current !== null },
        message: `The hub refused a change to ${op.entity} ${op.entityId} (${r.code}): ${r.reason}. ${
          r.current
            ? 'The hub’s version was restored.'
            : 'The hub does not have this record, so it was removed here.'
        }`,
      });
    }
    const removed = removeFromOutbox(db, done);
    return { removed, rejected, entities: [...entities], retryAfterMs };
  })();
}

function restoreFromHub(ctx: StoreContext, op: Op, current: SnapshotRecord | null): void {
  if (op.kind === 'receipt') return;
  const spec = tableOf(op.entity);
  if (!current) {
    deleteRecord(ctx.db, spec, op.entityId);
    deleteFieldClocks(ctx.db, op.entity, op.entityId);
    return;
  }
  if (current.deletedHlc) {
    writeState(ctx, op.entity, op.entityId, { fields: {}, clocks: {}, deletedHlc: current.deletedHlc }, []);
    return;
  }
  const local = loadState(ctx, op.entity, op.entityId) ?? {
    fields: current.fields,
    clocks: current.clocks,
    deletedHlc: null,
  };
  const fields = { ...(local?.fields ?? {}) };
  const clocks = { ...(local?.clocks ?? {}) };
  const touched = Object.keys(op.fields);
  for (const f of touched) {
    if (f in current.fields) fields[f] = current.fields[f];
    else delete fields[f];
    if (current.clocks[f]) clocks[f] = current.clocks[f]!;
  }
  writeState(
    ctx,
    op.entity,
    op.entityId,
    { fields, clocks, deletedHlc: null },
    touched.filter((f) => clocks[f]),
  );
}
