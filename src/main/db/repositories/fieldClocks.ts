import type { EntityType } from '../../../shared/sync/ops';
import type { Db } from '../open';
import { prepared } from './records';

export function getFieldClock(db: Db, entity: EntityType, id: string, field: string): string | null {
  const row = prepared(
    db,
    'SELECT hlc FROM field_clocks WHERE entity = ? AND entity_id = ? AND field = ?',
  ).get(entity, id, field) as { hlc: string } | undefined;
  return row?.hlc ?? null;
}

export function setFieldClock(db: Db, entity: EntityType, id: string, field: string, hlc: string): void {
  prepared(
    db,
    `INSERT INTO field_clocks (entity, entity_id, field, hlc) VALUES (?, ?, ?, ?)
     ON CONFLICT(entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc`,
  ).run(entity, id, field, hlc);
}
