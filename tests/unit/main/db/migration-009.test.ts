import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../../../src/main/db/open';
import { MIGRATIONS } from '../../../../src/main/db/migrations';
import { putRecord } from '../../../../src/main/db/repositories/records';
import { consultationTable, listConsultations } from '../../../../src/main/db/repositories/consultations';
import { Consultation } from '../../../../src/shared/consult/record';
import { tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

const person = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' as const };
const session = (id: string, status: 'open' | 'ended', endedAt: string | null) =>
  Consultation.parse({
    id,
    incidentId: 'inc-1',
    title: '会商：太原市小店区燃气爆炸',
    status,
    invitees: [
      { kind: 'role', role: 'field-commander' },
      { kind: 'person', name: '李强' },
    ],
    openedBy: person,
    openedAt: '2026-12-02T01:00:00.000Z',
    endedAt,
    by: person,
    at: endedAt ?? '2026-12-02T01:00:00.000Z',
  });

describe('migration 009 (consultations)', () => {
  it('adds the consultations table to a version-8 store, keeping what was there', () => {
    const file = join(t.dir, 's.sqlite');
    const v8 = openDatabase(file, MIGRATIONS.slice(0, 8));
    v8.prepare("INSERT INTO meta (key, value) VALUES ('scenario_name', 'kept')").run();
    v8.close();
    const db = openDatabase(file, MIGRATIONS.slice(0, 9));
    expect(schemaVersion(db)).toBe(9);
    expect(
      (db.prepare("SELECT value FROM meta WHERE key = 'scenario_name'").get() as { value: string }).value,
    ).toBe('kept');
    const open = session('cs-1', 'open', null);
    const endedLongAgo = session('cs-2', 'ended', '2026-11-01T00:00:00.000Z');
    const endedToday = session('cs-3', 'ended', '2026-12-02T02:00:00.000Z');
    for (const r of [open, endedLongAgo, endedToday]) putRecord(db, consultationTable, r);
    expect(
      listConsultations(db, '2026-12-01T00:00:00.000Z')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['cs-1', 'cs-3']);
    expect(listConsultations(db, '2026-12-01T00:00:00.000Z').find((r) => r.id === 'cs-1')).toEqual(open);
    db.close();
  });
});
