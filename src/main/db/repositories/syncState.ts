import type { Db } from '../open';
import { prepared } from './records';

/** Something the user must be told about sync: a refused change, a rejected dispatch proposal. */
export interface SyncNotice {
  id: number;
  kind: 'op_rejected' | 'assignment_rejected' | 'record_invalid';
  entity: string | null;
  entityId: string | null;
  /** English detail (logs; shown as is when there is no code). */
  message: string;
  /** What the UI translates: for `op_rejected` the hub's refusal code (FORBIDDEN, INVALID_RECORD, …). */
  code: string | null;
  params: Record<string, string | number | boolean> | null;
  createdAt: string;
  seenAt: string | null;
}

export function addNotice(
  db: Db,
  n: Pick<SyncNotice, 'kind' | 'entity' | 'entityId' | 'message'> &
    Partial<Pick<SyncNotice, 'code' | 'params'>>,
): void {
  prepared(
    db,
    'INSERT INTO sync_notices (kind, entity, entity_id, message, code, params, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    n.kind,
    n.entity,
    n.entityId,
    n.message,
    n.code ?? null,
    n.params ? JSON.stringify(n.params) : null,
    new Date().toISOString(),
  );
}

export function listNotices(db: Db, opts: { unseenOnly?: boolean; limit?: number } = {}): SyncNotice[] {
  const rows = prepared(
    db,
    `SELECT * FROM sync_notices ${opts.unseenOnly ? 'WHERE seen_at IS NULL' : ''} ORDER BY id DESC LIMIT ?`,
  ).all(opts.limit ?? 200) as Record<string, string | number | null>[];
  return rows.map((r) => ({
    id: Number(r.id),
    kind: String(r.kind) as SyncNotice['kind'],
    entity: r.entity === null ? null : String(r.entity),
    entityId: r.entity_id === null ? null : String(r.entity_id),
    message: String(r.message),
    code: r.code === null ? null : String(r.code),
    params: r.params === null ? null : (JSON.parse(String(r.params)) as SyncNotice['params']),
    createdAt: String(r.created_at),
    seenAt: r.seen_at === null ? null : String(r.seen_at),
  }));
}

export function markNoticesSeen(db: Db, ids: readonly number[]): void {
  const stmt = prepared(db, 'UPDATE sync_notices SET seen_at = ? WHERE id = ? AND seen_at IS NULL');
  const now = new Date().toISOString();
  for (const id of ids) stmt.run(now, id);
}

export function countUnseen(db: Db): { conflicts: number; notices: number } {
  const c = prepared(db, 'SELECT count(*) AS n FROM conflicts WHERE seen_at IS NULL').get() as { n: number };
  const n = prepared(db, 'SELECT count(*) AS n FROM sync_notices WHERE seen_at IS NULL').get() as {
    n: number;
  };
  return { conflicts: c.n, notices: n.n };
}

/** Delivery of a dispatch order: hub-received, then device-received. */
export interface Receipt {
  assignmentId: string;
  proposerClient: string | null;
  hubSeq: number | null;
  hubAt: string | null;
  deviceClient: string | null;
  deviceAt: string | null;
}

export function noteHubReceived(
  db: Db,
  assignmentId: string,
  proposer: string | null,
  hubSeq: number | null,
  hubAt: string,
): void {
  prepared(
    db,
    `INSERT INTO receipts (assignment_id, proposer_client, hub_seq, hub_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(assignment_id) DO UPDATE SET proposer_client = coalesce(proposer_client, excluded.proposer_client),
       hub_seq = coalesce(hub_seq, excluded.hub_seq), hub_at = coalesce(hub_at, excluded.hub_at)`,
  ).run(assignmentId, proposer, hubSeq, hubAt);
}

export function noteDeviceReceived(db: Db, assignmentId: string, device: string, at: string): void {
  prepared(
    db,
    `INSERT INTO receipts (assignment_id, device_client, device_at) VALUES (?, ?, ?)
     ON CONFLICT(assignment_id) DO UPDATE SET device_client = coalesce(device_client, excluded.device_client),
       device_at = coalesce(device_at, excluded.device_at)`,
  ).run(assignmentId, device, at);
}

export function getReceipt(db: Db, assignmentId: string): Receipt | null {
  const r = prepared(db, 'SELECT * FROM receipts WHERE assignment_id = ?').get(assignmentId) as
    Record<string, string | number | null> | undefined;
  return r ? rowToReceipt(r) : null;
}

export function listReceipts(db: Db, limit = 100): Receipt[] {
  return (
    prepared(db, 'SELECT * FROM receipts ORDER BY rowid DESC LIMIT ?').all(limit) as Record<
      string,
      string | number | null
    >[]
  ).map(rowToReceipt);
}

function rowToReceipt(r: Record<string, string | number | null>): Receipt {
  const s = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
  return {
    assignmentId: String(r.assignment_id),
    proposerClient: s(r.proposer_client),
    hubSeq: r.hub_seq === null || r.hub_seq === undefined ? null : Number(r.hub_seq),
    hubAt: s(r.hub_at),
    deviceClient: s(r.device_client),
    deviceAt: s(r.device_at),
  };
}

export function putTombstone(db: Db, entity: string, id: string, hlc: string): void {
  prepared(
    db,
    'INSERT INTO tombstones (entity, entity_id, hlc) VALUES (?, ?, ?) ON CONFLICT(entity, entity_id) DO UPDATE SET hlc = excluded.hlc',
  ).run(entity, id, hlc);
}

export function listFieldClocks(db: Db, entity: string, id: string): Record<string, string> {
  const rows = prepared(db, 'SELECT field, hlc FROM field_clocks WHERE entity = ? AND entity_id = ?').all(
    entity,
    id,
  ) as { field: string; hlc: string }[];
  const out: Record<string, string> = {};
  for (const r of rows) out[r.field] = r.hlc;
  return out;
}

export function deleteFieldClocks(db: Db, entity: string, id: string): void {
  prepared(db, 'DELETE FROM field_clocks WHERE entity = ? AND entity_id = ?').run(entity, id);
}

/** Outbox rows in drain order, bounded by count and by serialised size. */
export function listOutboxBatch(db: Db, limit: number, maxBytes: number): string[] {
  const out: string[] = [];
  let bytes = 0;
  for (const r of prepared(db, 'SELECT op FROM outbox ORDER BY priority, seq LIMIT ?').iterate(
    limit,
  ) as Iterable<{ op: string }>) {
    if (out.length > 0 && bytes + r.op.length > maxBytes) break;
    out.push(r.op);
    bytes += r.op.length;
  }
  return out;
}

export function getOutboxOp(db: Db, opId: string): string | null {
  const r = prepared(db, 'SELECT op FROM outbox WHERE op_id = ?').get(opId) as { op: string } | undefined;
  return r?.op ?? null;
}
