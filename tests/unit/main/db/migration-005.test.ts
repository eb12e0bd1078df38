import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../../../src/main/db/open';
import { MIGRATIONS } from '../../../../src/main/db/migrations';
import { putRecord } from '../../../../src/main/db/repositories/records';
import { listZeroReports, zeroReportTable } from '../../../../src/main/db/repositories/zeroReports';
import { zeroReportId } from '../../../../src/shared/domain';
import { tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

describe('migration 005 (zero reports)', () => {
  it('adds the zero_reports table to a version-4 store, keeping what was there', () => {
    const file = join(t.dir, 's.sqlite');
    const v4 = openDatabase(file, MIGRATIONS.slice(0, 4));
    v4.prepare("INSERT INTO meta (key, value) VALUES ('scenario_name', 'kept')").run();
    v4.close();
    const db = openDatabase(file, MIGRATIONS.slice(0, 5));
    expect(schemaVersion(db)).toBe(5);
    expect(
      (db.prepare("SELECT value FROM meta WHERE key = 'scenario_name'").get() as { value: string }).value,
    ).toBe('kept');
    const r = {
      id: zeroReportId('2026-12-02', '141100'),
      date: '2026-12-02',
      cityAdcode: '141100',
      cityName: '吕梁市',
      status: 'no_incident' as const,
      note: '',
      by: { name: '王芳', org: '吕梁市应急局', role: 'duty-officer' as const },
      at: '2026-12-02T00:10:00.000Z',
    };
    putRecord(db, zeroReportTable, r);
    expect(listZeroReports(db, '2026-12-02')).toEqual([r]);
    expect(listZeroReports(db, '2026-12-01')).toEqual([]);
    db.close();
  });
});
