import { TimelineEntry } from '../../../shared/domain';
import type { Db } from '../open';
import { getRecord, listRecords, putRecord, type TableSpec } from './records';

export const timelineTable: TableSpec<'timeline'> = {
  table: 'timeline',
  entity: 'timeline',
  columns: (r) => ({ incident_id: r.incidentId, kind: r.kind, at: r.at, unit_id: r.unitId }),
};

export const getTimelineEntry = (db: Db, id: string) => getRecord(db, timelineTable, id);
export const putTimelineEntry = (db: Db, r: TimelineEntry) => putRecord(db, timelineTable, r);

/** An incident's timeline, oldest first (ties by id, so every replica lists it the same way). */
export const listTimeline = (db: Db, incidentId: string) =>
  listRecords(db, timelineTable, 'WHERE incident_id = ? ORDER BY at, id', [incidentId]);

/** Entries of some kinds across incidents, newest first (alerts and reporting deadlines read them). */
export function listTimelineOfKinds(db: Db, kinds: readonly string[], limit = 5000): TimelineEntry[] {
  return listRecords(
    db,
    timelineTable,
    `WHERE kind IN (${kinds.map(() => '?').join(',')}) ORDER BY at DESC, id LIMIT ?`,
    [...kinds, limit],
  );
}

/** Every entry of some incidents, oldest first (a handover reads those of the open incidents). */
export function listTimelineOfIncidents(db: Db, incidentIds: readonly string[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  // SQLite limits bound parameters; 500 at a time stays far below it.
  for (let i = 0; i < incidentIds.length; i += 500) {
    const ids = incidentIds.slice(i, i + 500);
    out.push(
      ...listRecords(
        db,
        timelineTable,
        `WHERE incident_id IN (${ids.map(() => '?').join(',')}) ORDER BY at, id`,
        ids,
      ),
    );
  }
  return out;
}
