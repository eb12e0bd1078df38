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

/** 专家库 (entity `expert`): one row per expert. */
export const expertTable: TableSpec<'expert'> = {
  table: 'experts',
  entity: 'expert',
  columns: (r) => ({ name: r.name, speciality: r.speciality }),
};

export const listExperts = (db: Db) => listRecords(db, expertTable, 'ORDER BY speciality, name');
