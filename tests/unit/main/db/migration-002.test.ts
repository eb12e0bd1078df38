import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../../../src/main/db/open';
import { MIGRATIONS } from '../../../../src/main/db/migrations';
import { tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

describe('migration 002 (sync)', () => {
  it('adds the sync tables as STRICT on top of 001, keeping existing data', () => {
    const file = join(t.dir, 's.sqlite');
    const v1 = openDatabase(file, MIGRATIONS.slice(0, 1));
    v1.prepare("INSERT INTO meta (key, value) VALUES ('client_id', 'c1')").run();
    v1.prepare("INSERT INTO outbox (op_id, priority, op, created_at) VALUES ('c1:1', 0, '{}', 'now')").run();
    v1.close();
    const db = openDatabase(file, MIGRATIONS.slice(0, 2));
    expect(schemaVersion(db)).toBe(2);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
      sql: string;
    }[];
    for (const n of ['sync_notices', 'receipts', 'tombstones']) {
      const tb = tables.find((x) => x.name === n);
      expect(tb, n).toBeDefined();
      expect(tb!.sql).toMatch(/STRICT/);
    }
    expect(
      (db.prepare("SELECT value FROM meta WHERE key = 'client_id'").get() as { value: string }).value,
    ).toBe('c1');
    expect((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('refuses a wrongly typed receipt and a duplicate tombstone', () => {
    const db = openDatabase(join(t.dir, 's.sqlite'), MIGRATIONS.slice(0, 2));
    expect(() =>
      db.prepare("INSERT INTO receipts (assignment_id, hub_seq) VALUES ('a', 'soon')").run(),
    ).toThrow(/INTEGER/);
    db.prepare("INSERT INTO tombstones (entity, entity_id, hlc) VALUES ('incident', 'i', 'h')").run();
    expect(() =>
      db.prepare("INSERT INTO tombstones (entity, entity_id, hlc) VALUES ('incident', 'i', 'h2')").run(),
    ).toThrow(/UNIQUE/);
    db.close();
  });
});
