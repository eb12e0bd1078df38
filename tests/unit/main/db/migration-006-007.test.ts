import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../../../src/main/db/open';
import { MIGRATIONS } from '../../../../src/main/db/migrations';
import { putRecord } from '../../../../src/main/db/repositories/records';
import {
  dutyLogTable,
  dutyShiftTable,
  handoverTable,
  listDutyLog,
  listDutyShifts,
  listHandovers,
  listHandoverSignatures,
} from '../../../../src/main/db/repositories/duty';
import { listResponsePlans, responsePlanTable } from '../../../../src/main/db/repositories/responsePlans';
import { tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

const by = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' as const };

describe('migrations 006 (duty shift) and 007 (response plans)', () => {
  it('add the roster, duty log, handover and plan tables to a version-5 store, keeping what was there', () => {
    const file = join(t.dir, 's.sqlite');
    const v5 = openDatabase(file, MIGRATIONS.slice(0, 5));
    v5.prepare("INSERT INTO meta (key, value) VALUES ('scenario_name', 'kept')").run();
    v5.close();
    const db = openDatabase(file, MIGRATIONS.slice(0, 7));
    expect(schemaVersion(db)).toBe(7);
    expect(
      (db.prepare("SELECT value FROM meta WHERE key = 'scenario_name'").get() as { value: string }).value,
    ).toBe('kept');

    const shift = {
      id: 'shift-2026-12-02',
      date: '2026-12-02',
      start: '2026-12-02T00:00:00.000Z',
      end: '2026-12-03T00:00:00.000Z',
      leader: { name: '李强', org: '省应急管理厅', phone: '' },
      officers: [{ name: '张伟', org: '省应急指挥中心', phone: '' }],
      note: '',
      by,
      at: '2026-12-01T09:00:00.000Z',
    };
    putRecord(db, dutyShiftTable, shift);
    expect(listDutyShifts(db, '2026-12-01', '2026-12-02')).toEqual([shift]);
    expect(listDutyShifts(db, '2026-12-03', '2026-12-09')).toEqual([]);

    const handover = {
      id: 'ho-1',
      shiftId: shift.id,
      from: shift.start,
      to: shift.end,
      toName: '王芳',
      remarks: '',
      items: { incidents: [], alerts: [], dispatches: [], depots: [], actions: [] },
      by,
      at: '2026-12-02T23:50:00.000Z',
    };
    putRecord(db, handoverTable, handover);
    const accepted = {
      id: 'dl-2',
      kind: 'handover_accepted' as const,
      at: '2026-12-02T23:55:00.000Z',
      by: { ...by, name: '王芳' },
      text: '接班',
      incidentId: null,
      handoverId: 'ho-1',
      corrects: null,
    };
    const note = {
      ...accepted,
      id: 'dl-1',
      kind: 'note' as const,
      at: '2026-12-02T03:00:00.000Z',
      handoverId: null,
    };
    putRecord(db, dutyLogTable, accepted);
    putRecord(db, dutyLogTable, note);
    expect(listDutyLog(db, shift.start, shift.end).map((e) => e.id)).toEqual(['dl-1', 'dl-2']);
    expect(listHandoverSignatures(db, 'ho-1').map((e) => e.id)).toEqual(['dl-2']);
    expect(listHandovers(db, 5)).toEqual([handover]);

    const plan = {
      id: 'demo-flood',
      name: '防汛应急预案',
      hazards: ['flood' as const],
      issuer: '',
      version: '',
      levels: [
        {
          incidentLevel: 'II' as const,
          responseLevel: 'II' as const,
          lead: '省防汛抗旱指挥部',
          members: [],
          tasks: [{ id: 'consult', text: '会商研判', owner: '省水利厅' }],
        },
      ],
      library: '演示',
      demo: true,
      by,
      at: '2026-12-01T09:00:00.000Z',
    };
    putRecord(db, responsePlanTable, plan);
    expect(listResponsePlans(db)).toEqual([plan]);
    db.close();
  });
});
