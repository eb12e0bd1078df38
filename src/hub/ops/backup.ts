import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import type { Statement } from 'better-sqlite3';
import type pg from 'pg';
import type { HubBackend } from '../store';
import type { PgBackend } from '../store/postgres';
import type { SqliteBackend } from '../store/sqlite';

/**
 * `hub backup` / `hub restore` (docs/hub-operations.md, "Backup and restore"): one logical
 * format for both stores, gzip'd JSON lines: a header, every row of every table as
 * `{"t": table, "r": [values]}`, and a trailer with the row count (a file cut short is refused).
 * A backup is one consistent read (SQLite: one read transaction; PostgreSQL: one REPEATABLE READ
 * transaction), taken while hubs run. A restore goes into an empty store, in one transaction, and
 * may cross stores (a SQLite hub's backup restored into PostgreSQL).
 */
export const BACKUP_FORMAT = 'jinying-hub-backup';

/** The tables, in restore order (tokens before what refers to them), with their columns. */
export const BACKUP_TABLES: readonly { name: string; columns: readonly string[]; order: string }[] = [
  { name: 'meta', columns: ['key', 'value'], order: 'key' },
  {
    name: 'tokens',
    columns: ['id', 'name', 'org', 'role', 'unit_id', 'hash', 'created_at', 'revoked_at', 'expires_at'],
    order: 'id',
  },
  { name: 'clients', columns: ['client_id', 'token_id', 'first_seen', 'last_seen'], order: 'client_id' },
  { name: 'rooms', columns: ['token_id', 'room'], order: 'token_id, room' },
  { name: 'log', columns: ['seq', 'op_id', 'client_id', 'at', 'op'], order: 'seq' },
  { name: 'rejected', columns: ['op_id', 'code', 'reason', 'at'], order: 'op_id' },
  {
    name: 'entities',
    columns: ['entity', 'entity_id', 'fields', 'clocks', 'deleted_hlc', 'seq'],
    order: 'entity, entity_id',
  },
  { name: 'client_seqs', columns: ['client_id', 'up_to', 'above'], order: 'client_id' },
  { name: 'receipts', columns: ['assignment_id', 'client_id', 'seq'], order: 'assignment_id, client_id' },
  { name: 'audit', columns: ['id', 'at', 'actor', 'action', 'detail'], order: 'id' },
];

export interface BackupSummary {
  hubId: string;
  headSeq: number;
  rows: Record<string, number>;
  bytes: number;
}

type Row = unknown[];

/** Write a backup of the store to `file` (written next to it, then renamed: never half a file). */
export async function backupStore(backend: HubBackend, file: string): Promise<BackupSummary> {
  const tmp = `${file}.part`;
  const gz = createGzip({ level: 6 });
  const out = createWriteStream(tmp, { mode: 0o600 });
  gz.pipe(out);
  const write = async (line: string) => {
    if (!gz.write(`${line}\n`)) await once(gz, 'drain');
  };
  const rows: Record<string, number> = {};
  let hubId = '';
  let headSeq = 0;
  try {
    await readConsistently(backend, async (read) => {
      const meta = new Map<string, string>();
      await read('meta', BACKUP_TABLES[0]!, (r) => void meta.set(String(r[0]), String(r[1])));
      hubId = meta.get('hub_id') ?? '';
      await read('log', { name: 'log', columns: ['coalesce(max(seq), 0)'], order: '1' }, (r) => {
        headSeq = Number(r[0]);
      });
      await write(
        JSON.stringify({
          format: BACKUP_FORMAT,
          version: 1,
          from: backend.kind,
          hubId,
          headSeq,
          at: new Date().toISOString(),
        }),
      );
      for (const t of BACKUP_TABLES) {
        let n = 0;
        await read(t.name, t, async (r) => {
          n++;
          await write(JSON.stringify({ t: t.name, r }));
        });
        rows[t.name] = n;
      }
    });
    await write(JSON.stringify({ end: true, rows }));
    gz.end();
    await once(out, 'close');
    renameSync(tmp, file);
  } catch (e) {
    gz.destroy();
    out.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
  return { hubId, headSeq, rows, bytes: out.bytesWritten };
}

type Reader = (
  label: string,
  t: { name: string; columns: readonly string[]; order: string },
  each: (r: Row) => void | Promise<void>,
) => Promise<void>;

async function readConsistently(backend: HubBackend, body: (read: Reader) => Promise<void>): Promise<void> {
  if (backend.kind === 'sqlite') {
    const db = (backend as SqliteBackend).db;
    db.exec('BEGIN'); // a read transaction: every SELECT below sees the same committed state
    try {
      await body(async (_label, t, each) => {
        const stmt = db.prepare(`SELECT ${t.columns.join(', ')} FROM ${t.name} ORDER BY ${t.order}`).raw();
        for (const r of stmt.iterate() as Iterable<Row>) await each(r);
      });
    } finally {
      db.exec('COMMIT');
    }
    return;
  }
  const c: pg.PoolClient = await (backend as PgBackend).pool.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let n = 0;
    await body(async (_label, t, each) => {
      const cursor = `backup_${++n}`;
      await c.query(
        `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${t.columns.join(', ')} FROM ${t.name} ORDER BY ${t.order}`,
      );
      for (;;) {
        const page = await c.query<Row>({ text: `FETCH 5000 FROM ${cursor}`, rowMode: 'array' });
        for (const r of page.rows) await each(r);
        if (page.rows.length < 5000) break;
      }
      await c.query(`CLOSE ${cursor}`);
    });
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/**
 * Restore a backup into `backend`, which must be an empty store (no log, no tokens): everything
 * in one transaction, the file checked whole (header, known tables, trailer) before it commits.
 */
export async function restoreStore(backend: HubBackend, file: string): Promise<BackupSummary> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  let header: { format?: unknown; version?: unknown; hubId?: unknown; headSeq?: unknown };
  try {
    header = JSON.parse(String(first.value ?? '')) as typeof header;
  } catch {
    throw new Error(`${file} is not a hub backup (its first line is not JSON).`);
  }
  if (header.format !== BACKUP_FORMAT || header.version !== 1)
    throw new Error(
      `${file} is not a hub backup of a version this hub reads (format ${String(header.format)}).`,
    );
  const tables = new Map(BACKUP_TABLES.map((t) => [t.name, t]));
  const target =
    backend.kind === 'sqlite' ? sqliteTarget(backend as SqliteBackend) : await pgTarget(backend as PgBackend);
  const rows: Record<string, number> = {};
  let ended = false;
  try {
    await target.begin();
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      if (ended) throw new Error(`${file} has lines after its end.`);
      const line = JSON.parse(next.value) as {
        t?: string;
        r?: unknown[];
        end?: boolean;
        rows?: Record<string, number>;
      };
      if (line.end) {
        for (const t of BACKUP_TABLES)
          if ((line.rows?.[t.name] ?? 0) !== (rows[t.name] ?? 0))
            throw new Error(
              `${file} is damaged: ${t.name} has ${rows[t.name] ?? 0} rows, its trailer says ${line.rows?.[t.name]}.`,
            );
        ended = true;
        continue;
      }
      const t = tables.get(line.t ?? '');
      if (!t || !Array.isArray(line.r) || line.r.length !== t.columns.length)
        throw new Error(`${file} is damaged: a line of table "${String(line.t)}" this hub does not know.`);
      await target.add(t.name, t.columns, line.r);
      rows[t.name] = (rows[t.name] ?? 0) + 1;
    }
    if (!ended) throw new Error(`${file} is cut short (no trailer): nothing was restored.`);
    await target.commit(Number(header.headSeq ?? 0));
  } catch (e) {
    await target.rollback();
    throw e;
  }
  return { hubId: String(header.hubId ?? ''), headSeq: Number(header.headSeq ?? 0), rows, bytes: 0 };
}

interface Target {
  begin(): Promise<void>;
  add(table: string, columns: readonly string[], values: unknown[]): Promise<void>;
  commit(headSeq: number): Promise<void>;
  rollback(): Promise<void>;
}

const NOT_EMPTY =
  'the store to restore into is not empty (it has a log or tokens): restore into a new, empty store';

function sqliteTarget(b: SqliteBackend): Target {
  const db = b.db;
  const stmts = new Map<string, Statement<unknown[]>>();
  return {
    begin: () => {
      const used = db
        .prepare('SELECT (SELECT count(*) FROM log) + (SELECT count(*) FROM tokens)')
        .pluck()
        .get() as number;
      if (used > 0) return Promise.reject(new Error(NOT_EMPTY));
      db.exec('BEGIN IMMEDIATE');
      // A new store made its own hub id: the backup's replaces it (clients' cursors belong to it).
      db.exec('DELETE FROM meta; DELETE FROM client_seqs; DELETE FROM audit');
      return Promise.resolve();
    },
    add: (table, columns, values) => {
      let s = stmts.get(table);
      if (!s) {
        s = db.prepare<unknown[]>(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        stmts.set(table, s);
      }
      s.run(...values);
      return Promise.resolve();
    },
    commit: () => {
      db.exec('COMMIT');
      return Promise.resolve();
    },
    rollback: () => {
      if (db.inTransaction) db.exec('ROLLBACK');
      return Promise.resolve();
    },
  };
}

async function pgTarget(b: PgBackend): Promise<Target> {
  const c = await b.pool.connect();
  const batch = new Map<string, { columns: readonly string[]; rows: unknown[][] }>();
  const flush = async (table: string) => {
    const x = batch.get(table);
    if (!x || x.rows.length === 0) return;
    const n = x.columns.length;
    const identity = table === 'tokens' || table === 'audit' ? ' OVERRIDING SYSTEM VALUE' : '';
    await c.query(
      `INSERT INTO ${table} (${x.columns.join(', ')})${identity} VALUES ${x.rows
        .map((_, i) => `(${x.columns.map((_, j) => `$${i * n + j + 1}`).join(', ')})`)
        .join(', ')}`,
      x.rows.flat(),
    );
    x.rows = [];
  };
  let done = false;
  return {
    begin: async () => {
      await c.query('BEGIN');
      const used = await c.query<{ n: number }>(
        'SELECT (SELECT count(*) FROM log) + (SELECT count(*) FROM tokens) AS n',
      );
      if (Number(used.rows[0]!.n) > 0) throw new Error(NOT_EMPTY);
      await c.query('DELETE FROM meta; DELETE FROM client_seqs; DELETE FROM audit');
    },
    add: async (table, columns, values) => {
      const x = batch.get(table) ?? { columns, rows: [] };
      batch.set(table, x);
      x.rows.push(values);
      if (x.rows.length >= 500) await flush(table);
      // Rows go in table order: the previous table's last rows first (foreign keys).
      for (const other of batch.keys()) if (other !== table) await flush(other);
    },
    commit: async (headSeq) => {
      for (const t of batch.keys()) await flush(t);
      await c.query('UPDATE hub_head SET seq = (SELECT coalesce(max(seq), 0) FROM log) WHERE id = 1');
      const head = await c.query<{ seq: number }>('SELECT seq FROM hub_head WHERE id = 1');
      if (Number(head.rows[0]!.seq) !== headSeq)
        throw new Error(
          `the restored log ends at seq ${head.rows[0]!.seq}, the backup says ${headSeq}: nothing was restored.`,
        );
      for (const t of ['tokens', 'audit'])
        await c.query(
          `SELECT setval(pg_get_serial_sequence('${t}', 'id'), coalesce((SELECT max(id) FROM ${t}), 0) + 1, false)`,
        );
      await c.query('COMMIT');
      done = true;
      c.release();
    },
    rollback: async () => {
      if (done) return;
      await c.query('ROLLBACK').catch(() => undefined);
      done = true;
      c.release();
    },
  };
}
