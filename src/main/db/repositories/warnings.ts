import type { Db } from '../open';
import { getRecord, listRecords, type TableSpec } from './records';

export const warningTable: TableSpec<'warning'> = {
  table: 'warnings',
  entity: 'warning',
  columns: (r) => ({ at: r.at }),
};

export const warningActionTable: TableSpec<'warning_action'> = {
  table: 'warning_actions',
  entity: 'warning_action',
  columns: (r) => ({ warning_id: r.warningId }),
};

/** Warnings written or changed since `since` (newest first), at most `limit`. */
export const listWarnings = (db: Db, limit = 500) =>
  listRecords(db, warningTable, 'ORDER BY at DESC, id LIMIT ?', [limit]);
export const getWarning = (db: Db, id: string) => getRecord(db, warningTable, id);
export const listWarningActions = (db: Db, ids: readonly string[]) =>
  ids.length === 0
    ? []
    : listRecords(
        db,
        warningActionTable,
        `WHERE warning_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
        [...ids],
      );
