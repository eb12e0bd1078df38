import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../../../src/main/db/open';
import { MIGRATIONS } from '../../../../src/main/db/migrations';
import { putRecord } from '../../../../src/main/db/repositories/records';
import { expertTable, listExperts } from '../../../../src/main/db/repositories/consultations';
import { Expert } from '../../../../src/shared/consult/record';
import { tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

const expert = (id: string, name: string, speciality: string) =>
  Expert.parse({
    id,
    name,
    speciality,
    availability: 'available',
    by: { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' },
    at: '2026-12-02T01:00:00.000Z',
  });

describe('migration 010 (experts)', () => {
  it('adds the experts table to a version-9 store, keeping what was there; listed by speciality, then name', () => {
    const file = join(t.dir, 's.sqlite');
    const v9 = openDatabase(file, MIGRATIONS.slice(0, 9));
    v9.prepare("INSERT INTO meta (key, value) VALUES ('scenario_name', 'kept')").run();
    v9.close();
    const db = openDatabase(file, MIGRATIONS.slice(0, 10));
    expect(schemaVersion(db)).toBe(10);
    expect(
      (db.prepare("SELECT value FROM meta WHERE key = 'scenario_name'").get() as { value: string }).value,
    ).toBe('kept');
    const a = expert('ex-1', '赵工', '岩土工程');
    const b = expert('ex-2', '钱工', '危险化学品');
    const c = expert('ex-3', '孙工', '岩土工程');
    for (const r of [a, b, c]) putRecord(db, expertTable, r);
    // By speciality, then name, in code-point order (危 U+5371 before 岩 U+5CA9; 孙 before 赵).
    expect(listExperts(db).map((r) => r.id)).toEqual(['ex-2', 'ex-3', 'ex-1']);
    expect(listExperts(db).find((r) => r.id === 'ex-1')).toEqual(a);
    db.close();
  });
});
