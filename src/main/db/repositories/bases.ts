import { type Aircraft, AviationBase } from '../../../shared/domain';
import type { EntityRecord } from '../../../shared/sync/entities';
import type { Db } from '../open';
import { getRecord, listRecords, prepared, putRecord, type TableSpec } from './records';

/** An aircraft row knows its base; the base record is stored without its aircraft list. */
export type StoredAircraft = EntityRecord<'aircraft'>;
type StoredBase = EntityRecord<'base'>;

export const baseTable: TableSpec<'base'> = {
  table: 'bases',
  entity: 'base',
  columns: (r) => ({ kind: r.kind, lng: r.location[0], lat: r.location[1] }),
};

export const aircraftTable: TableSpec<'aircraft'> = {
  table: 'aircraft',
  entity: 'aircraft',
  columns: (r) => ({ base_id: r.baseId, status: r.status }),
};

function withAircraft(db: Db, b: StoredBase): AviationBase {
  const aircraft = listRecords(db, aircraftTable, 'WHERE base_id = ? ORDER BY id', [b.id]).map(
    ({ baseId: _baseId, ...a }) => a,
  );
  return { ...b, aircraft };
}

export function getBase(db: Db, id: string): AviationBase | null {
  const b = getRecord(db, baseTable, id);
  return b ? withAircraft(db, b) : null;
}

export function listBases(db: Db): AviationBase[] {
  const all = listRecords(db, aircraftTable, 'ORDER BY id');
  const byBase = new Map<string, Aircraft[]>();
  for (const { baseId, ...a } of all) {
    const list = byBase.get(baseId) ?? [];
    list.push(a);
    byBase.set(baseId, list);
  }
  return listRecords(db, baseTable, 'ORDER BY id').map((b) => ({ ...b, aircraft: byBase.get(b.id) ?? [] }));
}

/** Write a base and replace its aircraft list. */
export function putBase(db: Db, base: AviationBase): AviationBase {
  const { aircraft, ...rest } = AviationBase.parse(base);
  putRecord(db, baseTable, rest);
  prepared(db, 'DELETE FROM aircraft WHERE base_id = ?').run(rest.id);
  for (const a of aircraft) putRecord(db, aircraftTable, { ...a, baseId: rest.id });
  return { ...rest, aircraft };
}

export const getAircraft = (db: Db, id: string) => getRecord(db, aircraftTable, id);
export const putAircraft = (db: Db, a: StoredAircraft) => putRecord(db, aircraftTable, a);
