import type { Db } from '../open';
import { listRecords, type TableSpec } from './records';

/** 调度会商 sessions (entity `consultation`, docs/consultation.md): one row per session. */
export const consultationTable: TableSpec<'consultation'> = {
  table: 'consultations',
  entity: 'consultation',
  columns: (r) => ({ incident_id: r.incidentId, status: r.status, opened_at: r.openedAt }),
};

/** Open sessions, and those ended in the last `endedSinceIso`, newest first. */
export const listConsultations = (db: Db, endedSinceIso: string) =>
  listRecords(
    db,
    consultationTable,
    "WHERE status = 'open' OR json_extract(data, '$.endedAt') >= ? ORDER BY opened_at DESC LIMIT 200",
    [endedSinceIso],
  );
