import type { Db } from '../open';
import { getRecord, listRecords, type TableSpec } from './records';

export const responsePlanTable: TableSpec<'response_plan'> = {
  table: 'response_plans',
  entity: 'response_plan',
  columns: (r) => ({ name: r.name }),
};

export const listResponsePlans = (db: Db) => listRecords(db, responsePlanTable, 'ORDER BY name, id');
export const getResponsePlan = (db: Db, id: string) => getRecord(db, responsePlanTable, id);
