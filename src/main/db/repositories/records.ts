import type { Statement } from 'better-sqlite3';
import type { ZodType } from 'zod';
import type { Db } from '../open';
import type { EntityType } from '../../../shared/sync/ops';

/**
 * How one aggregate is stored: the full validated record as JSON plus the columns queries use.
 * Repositories are thin verb-first functions over this (DESIGN.md §5).
 */
export interface TableSpec<T> {
  table: string;
  entity: EntityType;
  schema: ZodType<T>;
  /** Column values derived from the record (besides id and data). */
  columns: (r: T) => Record<string, string | number | null>;
}

type AnyStatement = Statement<unknown[], unknown>;
const stmtCache = new WeakMap<Db, Map<string, AnyStatement>>();

/** Prepared statements are cached per connection: preparing is a measurable cost on hot paths. */
export function prepared(db: Db, sql: string): AnyStatement {
  let m = stmtCache.get(db);
  if (!m) stmtCache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare<unknown[], unknown>(sql)));
  return s;
}

export function getRecord<T>(db: Db, spec: TableSpec<T>, id: string): T | null {
  const row = prepared(db, `SELECT data FROM ${spec.table} WHERE id = ?`).get(id) as { data: string } | undefined;
  return row ? (JSON.parse(row.data) as T) : null;
}

export function listRecords<T>(db: Db, spec: TableSpec<T>, where = '', params: unknown[] = []): T[] {
  const rows = prepared(db, `SELECT data FROM ${spec.table} ${where}`).all(...params) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as T);
}

/** Validate and write a whole record (insert or replace). Throws a ZodError for an invalid one. */
export function putRecord<T extends { id: string }>(db: Db, spec: TableSpec<T>, record: T): T {
  const valid = spec.schema.parse(record);
  writeRecordRow(db, spec, valid);
  return valid;
}

/**
 * Write a record that the caller has already validated (whole, or field by field as sync does):
 * the row's columns and its JSON, insert or replace.
 */
export function writeRecordRow<T extends { id: string }>(db: Db, spec: TableSpec<T>, record: T): void {
  const cols = spec.columns(record);
  const names = ['id', ...Object.keys(cols), 'data'];
  const sql = `INSERT INTO ${spec.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
    ON CONFLICT(id) DO UPDATE SET ${names
      .slice(1)
      .map((n) => `${n} = excluded.${n}`)
      .join(', ')}`;
  prepared(db, sql).run(record.id, ...Object.values(cols), JSON.stringify(record));
}

export function deleteRecord<T>(db: Db, spec: TableSpec<T>, id: string): boolean {
  return prepared(db, `DELETE FROM ${spec.table} WHERE id = ?`).run(id).changes > 0;
}

export function countRecords<T>(db: Db, spec: TableSpec<T>): number {
  return (prepared(db, `SELECT count(*) AS n FROM ${spec.table}`).get() as { n: number }).n;
}
