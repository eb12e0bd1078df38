import { Incident, type IncidentStatus } from '../../../shared/domain';
import type { Db } from '../open';
import { getRecord, listRecords, putRecord, type TableSpec } from './records';

export const incidentTable: TableSpec<'incident'> = {
  table: 'incidents',
  entity: 'incident',
  columns: (r) => ({
    hazard: r.hazard,
    level: r.level,
    status: r.status,
    lng: r.location[0],
    lat: r.location[1],
    county_adcode: r.countyAdcode,
    reported_at: r.reportedAt,
    updated_at: r.updatedAt,
  }),
};

export const getIncident = (db: Db, id: string) => getRecord(db, incidentTable, id);
export const putIncident = (db: Db, r: Incident) => putRecord(db, incidentTable, r);

/** Newest first; closed incidents only when asked. */
export function listIncidents(db: Db, opts: { statuses?: IncidentStatus[] } = {}): Incident[] {
  if (opts.statuses && opts.statuses.length > 0) {
    return listRecords(
      db,
      incidentTable,
      `WHERE status IN (${opts.statuses.map(() => '?').join(',')}) ORDER BY reported_at DESC, id`,
      opts.statuses,
    );
  }
  return listRecords(db, incidentTable, 'ORDER BY reported_at DESC, id');
}
