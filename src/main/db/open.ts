import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';
import { CodedError } from '../../shared/ipc/errors';

export type Db = Database.Database;

/** A store file this version must not touch (newer, or another history): the coded error, code DB_SCHEMA_MISMATCH. */
export class SchemaMismatchError extends CodedError<'DB_SCHEMA_MISMATCH'> {
  constructor(message: string) {
    super('DB_SCHEMA_MISMATCH', message);
  }
}

/**
 * Open (or create) a store file: WAL, synchronous=FULL (a lost dispatch is worse than a slow
 * write), foreign keys on, then apply pending migrations in one transaction each.
 * A file from a newer version, or whose migration history differs from ours, is refused
 * untouched: we never alter a database we do not understand.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  const db = new Database(file);
  try {
    // Check the file before changing anything, even its journal mode.
    checkHistory(db, file, migrations);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Refuse, without writing anything, a file that is not a Jinying store, that comes from a newer
 * version, or whose migration history differs from ours. Returns how many migrations it has.
 */
export function checkHistory(db: Db, file: string, migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list is broken at ${m.version} (expected ${i + 1})`);
  });
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!hasTable) {
    const userTables = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .get() as { n: number };
    if (userTables.n > 0) {
      throw new SchemaMismatchError(
        `${file} is an SQLite file but not a Jinying store (it has tables but no migration history). ` +
          'It was not changed. Choose another data folder, or move this file away.',
      );
    }
    return 0;
  }
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
  }[];
  const newest = applied.at(-1)?.version ?? 0;
  if (newest > migrations.length) {
    throw new SchemaMismatchError(
      `${file} was written by a newer Jinying (store schema version ${newest}; this version knows up to ` +
        `${migrations.length}). It was not changed. Open it with the newer version, or start this one with another data folder.`,
    );
  }
  applied.forEach((a, i) => {
    const m = migrations[i];
    if (a.version !== i + 1 || !m || m.name !== a.name) {
      throw new SchemaMismatchError(
        `${file} has a migration history that does not match this version of Jinying ` +
          `(found ${a.version} "${a.name}", expected ${i + 1} "${m?.name ?? '?'}"). It was not changed.`,
      );
    }
  });
  return applied.length;
}

/** Apply the migrations the file does not have yet, each in its own transaction. */
export function migrate(db: Db, file: string, migrations: readonly Migration[]): void {
  const done = checkHistory(db, file, migrations);
  if (done === 0) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations.slice(done)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}
