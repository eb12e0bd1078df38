import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openDatabase, SchemaMismatchError, schemaVersion } from '../../../../src/main/db/open';
import { MIGRATIONS } from '../../../../src/main/db/migrations';
import { tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

describe('migration 001 (initial)', () => {
  it('creates every table as STRICT, with WAL and synchronous=FULL', () => {
    const db = openDatabase(join(t.dir, 's.sqlite'), MIGRATIONS.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as {
      name: string;
      sql: string;
    }[];
    const names = tables.map((x) => x.name);
    for (const n of [
      'meta',
      'incidents',
      'units',
      'bases',
      'aircraft',
      'depots',
      'assignments',
      'field_clocks',
      'outbox',
      'conflicts',
    ]) {
      expect(names).toContain(n);
    }
    for (const tb of tables) expect(tb.sql, tb.name).toMatch(/STRICT/);
    db.close();
  });

  it('STRICT tables refuse a wrongly typed value', () => {
    const db = openDatabase(join(t.dir, 's.sqlite'), MIGRATIONS.slice(0, 1));
    expect(() =>
      db
        .prepare('INSERT INTO units (id, kind, status, lng, lat, fix_at, data) VALUES (?,?,?,?,?,?,?)')
        .run('u', 'k', 's', 'east', 1, 'x', '{}'),
    ).toThrow(/cannot store TEXT value in REAL column/);
    db.close();
  });

  it('is applied once: reopening does not re-run it', () => {
    const file = join(t.dir, 's.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    const rows = db.prepare('SELECT version FROM schema_migrations').all();
    expect(rows).toHaveLength(MIGRATIONS.length);
    db.close();
  });
});

describe('opening a store the code does not understand', () => {
  it('refuses a file from a newer version and leaves it untouched', () => {
    const file = join(t.dir, 's.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(MIGRATIONS.length + 1, 'future', 'x');
    raw.pragma('journal_mode = DELETE');
    raw.close();
    expect(() => openDatabase(file)).toThrow(SchemaMismatchError);
    expect(() => openDatabase(file)).toThrow(/newer Jinying.*It was not changed/);
    const check = new Database(file, { readonly: true });
    expect((check.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(
      MIGRATIONS.length + 1,
    );
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('refuses a history that differs from the code', () => {
    const file = join(t.dir, 's.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.prepare("UPDATE schema_migrations SET name = 'something-else' WHERE version = 1").run();
    raw.close();
    expect(() => openDatabase(file)).toThrow(/does not match/);
  });

  it('refuses an SQLite file that is not a Jinying store', () => {
    const file = join(t.dir, 'other.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE notes (x TEXT)');
    raw.close();
    expect(() => openDatabase(file)).toThrow(/not a Jinying store/);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete'); // not even switched to WAL
    expect(
      check.prepare("SELECT name FROM sqlite_master WHERE name = 'schema_migrations'").get(),
    ).toBeUndefined();
    check.close();
  });
});
