import { RescueUnit, type UnitKind } from '../../../shared/domain';
import type { Db } from '../open';
import { getRecord, listRecords, putRecord, type TableSpec } from './records';

export const unitTable: TableSpec<'unit'> = {
  table: 'units',
  entity: 'unit',
  columns: (r) => ({
    kind: r.kind,
    status: r.status,
    lng: r.position[0],
    lat: r.position[1],
    fix_at: r.positionFixAt,
  }),
};

export const getUnit = (db: Db, id: string) => getRecord(db, unitTable, id);
export const putUnit = (db: Db, r: RescueUnit) => putRecord(db, unitTable, r);

export function listUnits(db: Db, opts: { kinds?: UnitKind[] } = {}): RescueUnit[] {
  if (opts.kinds && opts.kinds.length > 0) {
    return listRecords(
      db,
      unitTable,
      `WHERE kind IN (${opts.kinds.map(() => '?').join(',')}) ORDER BY id`,
      opts.kinds,
    );
  }
  return listRecords(db, unitTable, 'ORDER BY id');
}

/** Units whose last fix lies in a lng/lat box (west, south, east, north). */
export function listUnitsWithin(db: Db, bbox: [number, number, number, number]): RescueUnit[] {
  const [w, s, e, n] = bbox;
  return listRecords(db, unitTable, 'WHERE lng BETWEEN ? AND ? AND lat BETWEEN ? AND ? ORDER BY id', [
    w,
    e,
    s,
    n,
  ]);
}
