import type { Statement } from 'better-sqlite3';
import type { Db } from '../open';
import { ENTITIES, type EntityRecord, type EntityType } from '../../../shared/sync/entities';

/**
 * How one entity type is stored: the full validated record as JSON (its schema is the entity
 * registry's, src/shared/sync/entities.ts) plus the columns queries use. Repositories are thin
 * verb-first functions over this (DESIGN.md §5); tables.ts maps every entity type to its spec.
 */
export interface TableSpec<K extends EntityType = EntityType> {
  table: string;
  entity: K;
  /** Column values derived from the record (besides id and data). */
  columns(r: EntityRecord<K>): Record<string, string | number | null>;
}

/** Validate a whole record of the spec's type; throws a ZodError naming the problem. */
function parseRecord<K extends EntityType>(spec: TableSpec<K>, record: unknown): EntityRecord<K> {
  return ENTITIES[spec.entity].schema.parse(record) as EntityRecord<K>;
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

type AnyFn = (...args: never[]) => unknown;
const txCache = new WeakMap<Db, Map<AnyFn, AnyFn>>();

/**
 * `fn` wrapped in a transaction of this connection, made once: `db.transaction()` builds a new
 * wrapper (and its deferred/immediate/exclusive variants) on every call, a measurable cost for a
 * store worker applying one live op at a time. `fn` must not close over per-call state.
 */
export function transactionOf<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  let m = txCache.get(db);
  if (!m) txCache.set(db, (m = new Map()));
  let t = m.get(fn as AnyFn);
  if (!t) m.set(fn as AnyFn, (t = db.transaction(fn) as unknown as AnyFn));
  return t as unknown as (...args: A) => R;
}

export function getRecord<K extends EntityType>(
  db: Db,
  spec: TableSpec<K>,
  id: string,
): EntityRecord<K> | null {
  const row = prepared(db, `SELECT data FROM ${spec.table} WHERE id = ?`).get(id) as
    { data: string } | undefined;
  return row ? (JSON.parse(row.data) as EntityRecord<K>) : null;
}

export function listRecords<K extends EntityType>(
  db: Db,
  spec: TableSpec<K>,
  where = '',
  params: unknown[] = [],
): EntityRecord<K>[] {
  const rows = prepared(db, `SELECT data FROM ${spec.table} ${where}`).all(...params) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as EntityRecord<K>);
}

/** Validate and write a whole record (insert or replace). Throws a ZodError for an invalid one. */
export function putRecord<K extends EntityType>(
  db: Db,
  spec: TableSpec<K>,
  record: EntityRecord<K>,
): EntityRecord<K> {
  const valid = parseRecord(spec, record);
  writeRecordRow(db, spec, valid);
  return valid;
}

/**
 * Write a record that the caller has already validated (whole, or field by field as sync does):
 * the row's columns and its JSON, insert or replace.
 */
export function writeRecordRow<K extends EntityType>(
  db: Db,
  spec: TableSpec<K>,
  record: EntityRecord<K>,
): void {
  const cols = spec.columns(record);
  const names = Object.keys(cols);
  prepared(db, upsertSql(spec, names)).run(
    record.id,
    ...names.map((n) => cols[n] ?? null),
    JSON.stringify(record),
  );
}

const upsertSqlCache = new WeakMap<object, { columns: string; sql: string }>();

/**
 * The upsert of a table, built once per spec. A spec's `columns` returns the same keys in the same
 * order for every record (an object literal): checked, since the cached SQL binds by position.
 */
function upsertSql(spec: TableSpec, columns: readonly string[]): string {
  const key = columns.join(',');
  const cached = upsertSqlCache.get(spec);
  if (cached) {
    if (cached.columns !== key)
      throw new Error(`${spec.table}: columns() returned ${key}, not ${cached.columns}`);
    return cached.sql;
  }
  const names = ['id', ...columns, 'data'];
  const sql = `INSERT INTO ${spec.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
    ON CONFLICT(id) DO UPDATE SET ${names
      .slice(1)
      .map((n) => `${n} = excluded.${n}`)
      .join(', ')}`;
  upsertSqlCache.set(spec, { columns: key, sql });
  return sql;
}

/**
 * Rewrite a stored row whose record changed from `before` to `after` (the caller has validated
 * `after`): only the columns whose values differ are set, so an index on an unchanged column is
 * not touched, and the commit writes fewer pages. The row must exist.
 */
export function updateRecordRow<K extends EntityType>(
  db: Db,
  spec: TableSpec<K>,
  before: EntityRecord<K>,
  after: EntityRecord<K>,
): void {
  if (before.id !== after.id) throw new Error(`updateRecordRow: id changed from ${before.id} to ${after.id}`);
  const a = spec.columns(after);
  const b = spec.columns(before);
  const names: string[] = [];
  const values: (string | number | null)[] = [];
  for (const k in a) {
    if (a[k] !== b[k]) {
      names.push(k);
      values.push(a[k] ?? null);
    }
  }
  let sql = `UPDATE ${spec.table} SET `;
  for (const n of names) sql += `${n} = ?, `;
  sql += 'data = ? WHERE id = ?';
  const r = prepared(db, sql).run(...values, JSON.stringify(after), after.id);
  // The caller read this row in the same transaction: a missing row is a bug, not bad input.
  if (r.changes !== 1) throw new Error(`updateRecordRow: ${spec.table} ${after.id} is not stored`);
}

export function deleteRecord(db: Db, spec: TableSpec, id: string): boolean {
  return prepared(db, `DELETE FROM ${spec.table} WHERE id = ?`).run(id).changes > 0;
}

export function countRecords(db: Db, spec: TableSpec): number {
  return (prepared(db, `SELECT count(*) AS n FROM ${spec.table}`).get() as { n: number }).n;
}
