import { Assignment } from '../../../shared/domain';
import type { Db } from '../open';
import { getRecord, listRecords, putRecord, type TableSpec } from './records';

export const assignmentTable: TableSpec<'assignment'> = {
  table: 'assignments',
  entity: 'assignment',
  columns: (r) => ({
    incident_id: r.incidentId,
    resource_kind: r.resourceKind,
    resource_id: r.resourceId,
    status: r.status,
  }),
};

export const getAssignment = (db: Db, id: string) => getRecord(db, assignmentTable, id);
export const putAssignment = (db: Db, r: Assignment) => putRecord(db, assignmentTable, r);
export const listAssignments = (db: Db) => listRecords(db, assignmentTable, 'ORDER BY incident_id, id');
