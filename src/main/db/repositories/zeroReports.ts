import type { Db } from '../open';
import { listRecords, type TableSpec } from './records';

export const zeroReportTable: TableSpec<'zero_report'> = {
  table: 'zero_reports',
  entity: 'zero_report',
  columns: (r) => ({ date: r.date, city_adcode: r.cityAdcode }),
};

/** The confirmations of one duty day, by city. */
export const listZeroReports = (db: Db, date: string) =>
  listRecords(db, zeroReportTable, 'WHERE date = ? ORDER BY city_adcode', [date]);
