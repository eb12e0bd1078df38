import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../../../src/main/db/open';
import { MIGRATIONS } from '../../../../src/main/db/migrations';
import { putRecord } from '../../../../src/main/db/repositories/records';
import { annotationTable, listAnnotations } from '../../../../src/main/db/repositories/annotations';
import { Annotation } from '../../../../src/shared/annotations/record';
import { tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

const by = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' as const };
const annotation = (id: string, incidentId: string, createdAt: string, removed = false) =>
  Annotation.parse({
    id,
    incidentId,
    kind: 'point',
    category: 'assembly',
    label: id,
    geometry: { type: 'Point', coordinates: [112.5, 37.8] },
    removed,
    createdBy: by,
    createdAt,
    by,
    at: createdAt,
  });

describe('migration 011 (annotations)', () => {
  it('adds the annotations table to a version-10 store, keeping what was there; an incident’s, not removed, in drawing order', () => {
    const file = join(t.dir, 's.sqlite');
    const v10 = openDatabase(file, MIGRATIONS.slice(0, 10));
    v10.prepare("INSERT INTO meta (key, value) VALUES ('scenario_name', 'kept')").run();
    v10.close();
    const db = openDatabase(file, MIGRATIONS.slice(0, 11));
    expect(schemaVersion(db)).toBe(11);
    expect(
      (db.prepare("SELECT value FROM meta WHERE key = 'scenario_name'").get() as { value: string }).value,
    ).toBe('kept');
    const rows = [
      annotation('an-2', 'inc-1', '2026-12-02T02:00:00.000Z'),
      annotation('an-1', 'inc-1', '2026-12-02T01:00:00.000Z'),
      annotation('an-3', 'inc-1', '2026-12-02T03:00:00.000Z', true),
      annotation('an-4', 'inc-2', '2026-12-02T00:00:00.000Z'),
    ];
    for (const r of rows) putRecord(db, annotationTable, r);
    expect(listAnnotations(db, 'inc-1').map((r) => r.id)).toEqual(['an-1', 'an-2']);
    expect(listAnnotations(db, 'inc-1')[0]).toEqual(rows[1]);
    db.close();
  });
});
