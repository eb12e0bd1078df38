import type { Op } from '../../../shared/sync/ops';
import type { Db } from '../open';
import { prepared } from './records';

export function appendOutbox(db: Db, op: Op): void {
  prepared(db, 'INSERT INTO outbox (op_id, priority, op, created_at) VALUES (?, ?, ?, ?)').run(
    op.opId,
    op.priority,
    JSON.stringify(op),
    new Date().toISOString(),
  );
}

/** Next ops to send: most urgent priority first, then in the order they were made. */
export function listOutbox(db: Db, limit: number): Op[] {
  const rows = prepared(db, 'SELECT op FROM outbox ORDER BY priority, seq LIMIT ?').all(limit) as {
    op: string;
  }[];
  return rows.map((r) => JSON.parse(r.op) as Op);
}

export function removeFromOutbox(db: Db, opIds: readonly string[]): number {
  const stmt = prepared(db, 'DELETE FROM outbox WHERE op_id = ?');
  let n = 0;
  for (const id of opIds) n += stmt.run(id).changes;
  return n;
}

export function countOutbox(db: Db): number {
  return (prepared(db, 'SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
}
