import type { Db } from '../open';
import { listRecords, type TableSpec } from './records';

/** 标绘 (entity `annotation`, docs/consultation.md §Annotations): one row per annotation. */
export const annotationTable: TableSpec<'annotation'> = {
  table: 'annotations',
  entity: 'annotation',
  columns: (r) => ({ incident_id: r.incidentId, removed: r.removed ? 1 : 0, created_at: r.createdAt }),
};

/** The incident's annotations not removed, in the order they were drawn. */
export const listAnnotations = (db: Db, incidentId: string) =>
  listRecords(db, annotationTable, 'WHERE incident_id = ? AND removed = 0 ORDER BY created_at, id', [
    incidentId,
  ]);
