import { SupplyDepot } from '../../../shared/domain';
import type { Db } from '../open';
import { getRecord, listRecords, putRecord, type TableSpec } from './records';

export const depotTable: TableSpec<'depot'> = {
  table: 'depots',
  entity: 'depot',
  columns: (r) => ({ level: r.level, adcode: r.adcode, lng: r.location[0], lat: r.location[1] }),
};

export const getDepot = (db: Db, id: string) => getRecord(db, depotTable, id);
export const putDepot = (db: Db, r: SupplyDepot) => putRecord(db, depotTable, r);
/** Province first, then city, then county. */
export const listDepots = (db: Db) =>
  listRecords(
    db,
    depotTable,
    "ORDER BY CASE level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, adcode, id",
  );
