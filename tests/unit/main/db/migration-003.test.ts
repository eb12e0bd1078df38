import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../../../src/main/db/open';
import { MIGRATIONS } from '../../../../src/main/db/migrations';
import { addNotice, listNotices } from '../../../../src/main/db/repositories/syncState';
import { tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

describe('migration 003 (notice codes)', () => {
  it('adds a code and parameters to sync notices, keeping the notices already there', () => {
    const file = join(t.dir, 's.sqlite');
    const v2 = openDatabase(file, MIGRATIONS.slice(0, 2));
    v2.prepare(
      "INSERT INTO sync_notices (kind, entity, entity_id, message, created_at) VALUES ('op_rejected', 'incident', 'i1', 'The hub refused…', 'then')",
    ).run();
    v2.close();
    const db = openDatabase(file, MIGRATIONS.slice(0, 3));
    expect(schemaVersion(db)).toBe(3);
    addNotice(db, {
      kind: 'op_rejected',
      entity: 'unit',
      entityId: 'u1',
      message: 'The hub refused (FORBIDDEN)',
      code: 'FORBIDDEN',
      params: { restored: true },
    });
    const [fresh, old] = listNotices(db);
    expect(old).toMatchObject({ entityId: 'i1', message: 'The hub refused…', code: null, params: null });
    expect(fresh).toMatchObject({ entityId: 'u1', code: 'FORBIDDEN', params: { restored: true } });
    db.close();
  });

  it('refuses parameters that are not JSON, and a code that is not text', () => {
    const db = openDatabase(join(t.dir, 's.sqlite'), MIGRATIONS.slice(0, 3));
    const insert = (code: unknown, params: unknown) =>
      db
        .prepare(
          "INSERT INTO sync_notices (kind, message, code, params, created_at) VALUES ('op_rejected', 'm', ?, ?, 'now')",
        )
        .run(code, params);
    expect(() => insert('FORBIDDEN', '{not json')).toThrow(/CHECK/);
    expect(() => insert(Buffer.from([1, 2]), null)).toThrow(/TEXT/);
    insert('FORBIDDEN', '{"restored":false}');
    db.close();
  });
});
