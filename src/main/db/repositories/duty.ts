import type { Db } from '../open';
import { getRecord, listRecords, type TableSpec } from './records';

export const dutyShiftTable: TableSpec<'duty_shift'> = {
  table: 'duty_shifts',
  entity: 'duty_shift',
  columns: (r) => ({ date: r.date }),
};

export const dutyLogTable: TableSpec<'duty_log'> = {
  table: 'duty_log',
  entity: 'duty_log',
  columns: (r) => ({ at: r.at, kind: r.kind, handover_id: r.handoverId }),
};

export const handoverTable: TableSpec<'handover'> = {
  table: 'handovers',
  entity: 'handover',
  columns: (r) => ({ at: r.at }),
};

/** The roster's shifts whose duty day is in [from, to] (YYYY-MM-DD, inclusive), by day. */
export const listDutyShifts = (db: Db, from: string, to: string) =>
  listRecords(db, dutyShiftTable, 'WHERE date >= ? AND date <= ? ORDER BY date', [from, to]);

/** Duty-log entries with `from <= at < to`, oldest first (ties by id: every replica lists them alike). */
export const listDutyLog = (db: Db, from: string, to: string) =>
  listRecords(db, dutyLogTable, 'WHERE at >= ? AND at < ? ORDER BY at, id', [from, to]);

export const getDutyLogEntry = (db: Db, id: string) => getRecord(db, dutyLogTable, id);

/** The entries that sign a handover (its acceptance), oldest first. */
export const listHandoverSignatures = (db: Db, handoverId: string) =>
  listRecords(db, dutyLogTable, 'WHERE handover_id = ? ORDER BY at, id', [handoverId]);

/** The newest handovers first. */
export const listHandovers = (db: Db, limit: number) =>
  listRecords(db, handoverTable, 'ORDER BY at DESC, id LIMIT ?', [limit]);

export const getHandover = (db: Db, id: string) => getRecord(db, handoverTable, id);
