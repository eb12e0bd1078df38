import type { Db } from '../open';
import { prepared } from './records';

export interface ConflictNotice {
  id: number;
  entity: string;
  entityId: string;
  field: string;
  keptValue: unknown;
  keptHlc: string;
  lostValue: unknown;
  lostHlc: string;
  createdAt: string;
  seenAt: string | null;
}

export function addConflict(db: Db, c: Omit<ConflictNotice, 'id' | 'createdAt' | 'seenAt'>): void {
  prepared(
    db,
    `INSERT INTO conflicts (entity, entity_id, field, kept_value, kept_hlc, lost_value, lost_hlc, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    c.entity,
    c.entityId,
    c.field,
    JSON.stringify(c.keptValue ?? null),
    c.keptHlc,
    JSON.stringify(c.lostValue ?? null),
    c.lostHlc,
    new Date().toISOString(),
  );
}

export function listConflicts(db: Db, opts: { unseenOnly?: boolean; limit?: number } = {}): ConflictNotice[] {
  const rows = prepared(
    db,
    `SELECT * FROM conflicts ${opts.unseenOnly ? 'WHERE seen_at IS NULL' : ''} ORDER BY id DESC LIMIT ?`,
  ).all(opts.limit ?? 200) as Record<string, string | number | null>[];
  return rows.map((r) => ({
    id: Number(r.id),
    entity: String(r.entity),
    entityId: String(r.entity_id),
    field: String(r.field),
    keptValue: JSON.parse(String(r.kept_value)),
    keptHlc: String(r.kept_hlc),
    lostValue: JSON.parse(String(r.lost_value)),
    lostHlc: String(r.lost_hlc),
    createdAt: String(r.created_at),
    seenAt: r.seen_at === null ? null : String(r.seen_at),
  }));
}

export function markConflictsSeen(db: Db, ids: readonly number[]): void {
  const stmt = prepared(db, 'UPDATE conflicts SET seen_at = ? WHERE id = ? AND seen_at IS NULL');
  const now = new Date().toISOString();
  for (const id of ids) stmt.run(now, id);
}
