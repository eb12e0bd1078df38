import type { Db } from '../open';
import { listRecords, type TableSpec } from './records';

export const depotTable: TableSpec<'depot'> = {
  table: 'depots',
  entity: 'depot',
  columns: (r) => ({ level: r.level, adcode: r.adcode, lng: r.location[0], lat: r.location[1] }),
};

/** Province first, then city, then county. */
export const listDepots = (db: Db) =>
  listRecords(
    db,
    depotTable,
    "ORDER BY CASE level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, adcode, id",
  );
