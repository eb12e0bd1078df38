import { rememberHubPerson } from './desk';
import * as z from 'zod';
import { LogEntry, SnapshotRecord, type PushResult } from '../../shared/sync/protocol';
import { isLogEntry } from '../../shared/sync/logEntryPrecheck';
import type { Role } from '../../shared/sync/roles';
import type { StoreContext } from './commands';
import { applyAcks, applyEntries, applySnapshot, getCursor } from './syncInbound';
import { getMeta, setMeta } from './repositories/meta';
import { prepared } from './repositories/records';
import { countOutbox } from './repositories/outbox';
import {
  countUnseen,
  listNotices,
  listOutboxBatch,
  listReceipts,
  markNoticesSeen,
} from './repositories/syncState';

export interface SyncLocalState {
  clientId: string;
  cursor: number;
  hubId: string | null;
  unitId: string | null;
  role: Role | null;
  pending: number;
  unseenConflicts: number;
  unseenNotices: number;
}

function localState(ctx: StoreContext): SyncLocalState {
  const unseen = countUnseen(ctx.db);
  return {
    clientId: ctx.clientId,
    cursor: getCursor(ctx),
    hubId: getMeta(ctx.db, 'sync_hub_id'),
    unitId: getMeta(ctx.db, 'sync_unit_id'),
    role: getMeta(ctx.db, 'sync_role') as Role | null,
    pending: countOutbox(ctx.db),
    unseenConflicts: unseen.conflicts,
    unseenNotices: unseen.notices,
  };
}

const LogPage = z.array(LogEntry);

/**
 * Validate a page of log entries: the hand-written check first (sound against the schema, a few
 * µs), the zod schema only when that says no — to name the problem, or to accept what the fast
 * check is stricter about.
 */
function parseLogPage(entries: unknown): LogEntry[] {
  if (Array.isArray(entries) && entries.every(isLogEntry)) return entries;
  return LogPage.parse(entries);
}

/**
 * What the hub sends can always be fetched again: the cursor advances in the same transaction as
 * the changes, so losing the last applied page in a power cut only means pulling it again. Those
 * transactions therefore skip the fsync (WAL + synchronous=NORMAL: atomic and consistent, not
 * durable), which keeps 50 receivers from queueing on the disk. Local commands stay FULL.
 */
function relaxed<T>(ctx: StoreContext, fn: () => T): T {
  // Prepared once per connection: db.pragma() would compile a statement on every call.
  prepared(ctx.db, 'PRAGMA synchronous = NORMAL').run();
  try {
    return fn();
  } finally {
    prepared(ctx.db, 'PRAGMA synchronous = FULL').run();
  }
}

/** A clock ahead of the hub's by less than this is left alone (the hub allows 10 s). */
const CLOCK_OFFSET_TOLERANCE_MS = 1000;

/** The store operations the sync engine runs on the store worker (merged into storeApi). */
export const syncStoreApi = {
  syncState: (ctx: StoreContext) => localState(ctx),
  /** A session with a hub starts: a different hub than last time means starting over from seq 0. */
  syncBeginSession: (
    ctx: StoreContext,
    a: {
      hubId: string;
      unitId: string | null;
      role: Role;
      clockOffsetMs?: number;
      person?: { name: string; org: string; role: string };
    },
  ) =>
    ctx.db.transaction(() => {
      // Stamp ops in the hub's time when this machine's clock is ahead of it (the hub refuses ops
      // more than 10 s ahead); a clock behind the hub's needs no correction (receiving adopts it).
      const offset =
        a.clockOffsetMs !== undefined && a.clockOffsetMs < -CLOCK_OFFSET_TOLERANCE_MS
          ? Math.round(a.clockOffsetMs)
          : 0;
      if (a.clockOffsetMs !== undefined && offset !== ctx.clockOffset.ms) {
        ctx.clockOffset.ms = offset;
        setMeta(ctx.db, 'clock_offset_ms', String(offset));
      }
      const previous = getMeta(ctx.db, 'sync_hub_id');
      if (previous !== a.hubId) setMeta(ctx.db, 'sync_cursor', '0');
      setMeta(ctx.db, 'sync_hub_id', a.hubId);
      if (a.person) rememberHubPerson(ctx, a.person);
      setMeta(ctx.db, 'sync_role', a.role);
      if (a.unitId) setMeta(ctx.db, 'sync_unit_id', a.unitId);
      else ctx.db.prepare("DELETE FROM meta WHERE key = 'sync_unit_id'").run();
      return localState(ctx);
    })(),
  /** Next ops to push, most urgent first, bounded by count and bytes (as JSON text). */
  syncOutbox: (ctx: StoreContext, a: { limit: number; maxBytes: number }) =>
    listOutboxBatch(ctx.db, a.limit, a.maxBytes),
  // Acks too: if forgotten, the ops are sent again and acknowledged as duplicates.
  syncAcked: (ctx: StoreContext, a: { results: PushResult[] }) =>
    relaxed(ctx, () => ({ ...applyAcks(ctx, a.results), pending: countOutbox(ctx.db) })),
  /** Apply a page of log entries, given as JSON text (validated here, off the main thread). */
  syncApply: (ctx: StoreContext, a: { json?: string; bytes?: Uint8Array }) =>
    relaxed(ctx, () =>
      applyEntries(ctx, parseLogPage(JSON.parse(a.json ?? new TextDecoder().decode(a.bytes)))),
    ),
  syncApplyEntries: (ctx: StoreContext, a: { entries: unknown[] }) =>
    relaxed(ctx, () => applyEntries(ctx, parseLogPage(a.entries))),
  syncApplySnapshot: (ctx: StoreContext, a: { records: unknown[]; finalSeq: number | null }) =>
    relaxed(ctx, () => applySnapshot(ctx, z.array(SnapshotRecord).parse(a.records), a.finalSeq)),
  syncNotices: (ctx: StoreContext, a: { unseenOnly?: boolean }) => listNotices(ctx.db, a),
  syncMarkNoticesSeen: (ctx: StoreContext, a: { ids: number[] }) => markNoticesSeen(ctx.db, a.ids),
  syncReceipts: (ctx: StoreContext, a: { limit?: number }) => listReceipts(ctx.db, a.limit),
};
