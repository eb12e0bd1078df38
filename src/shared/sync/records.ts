import { z } from 'zod';
import {
  Aircraft,
  Assignment,
  AviationBase,
  Id,
  Incident,
  RescueUnit,
  SupplyDepot,
  TimelineEntry,
} from '../domain';
import type { EntityType } from './ops';

/**
 * The record each entity type replicates as: what a complete, merged set of fields must satisfy.
 * A base travels without its aircraft; each aircraft is its own entity that names its base.
 */
export const ReplicatedBase = AviationBase.omit({ aircraft: true });
export const ReplicatedAircraft = Aircraft.extend({ baseId: Id });

export const ENTITY_SCHEMAS: Record<EntityType, z.ZodType<Record<string, unknown>>> = {
  incident: Incident as unknown as z.ZodType<Record<string, unknown>>,
  unit: RescueUnit as unknown as z.ZodType<Record<string, unknown>>,
  base: ReplicatedBase as unknown as z.ZodType<Record<string, unknown>>,
  aircraft: ReplicatedAircraft as unknown as z.ZodType<Record<string, unknown>>,
  depot: SupplyDepot as unknown as z.ZodType<Record<string, unknown>>,
  assignment: Assignment as unknown as z.ZodType<Record<string, unknown>>,
  timeline: TimelineEntry as unknown as z.ZodType<Record<string, unknown>>,
};

/** Validate a merged record; returns a message naming the first problem, or null when valid. */
export function recordProblem(entity: EntityType, fields: Record<string, unknown>): string | null {
  const r = ENTITY_SCHEMAS[entity].safeParse(fields);
  if (r.success) return null;
  const i = r.error.issues[0];
  return `${entity} field ${i?.path.join('.') || '(record)'}: ${i?.message ?? 'invalid'}`;
}

type ObjectLike = { shape: Record<string, z.ZodType> };

/**
 * Per-field validators for entity types whose records have no cross-field rules: a change to an
 * existing record is checked field by field (much cheaper than re-validating the whole record on
 * every op of a busy hub). Depots have a cross-field rule (no item twice), so they are always
 * validated whole.
 */
const FIELD_SCHEMAS: Partial<Record<EntityType, Record<string, z.ZodType>>> = {
  incident: (Incident as unknown as ObjectLike).shape,
  unit: (RescueUnit as unknown as ObjectLike).shape,
  assignment: (Assignment as unknown as ObjectLike).shape,
  aircraft: (ReplicatedAircraft as unknown as ObjectLike).shape,
  base: (ReplicatedBase as unknown as ObjectLike).shape,
};

/** Validate only the given fields of an existing record; null when valid. */
export function fieldsProblem(entity: EntityType, fields: Record<string, unknown>): string | null {
  const shape = FIELD_SCHEMAS[entity];
  if (!shape) return null;
  for (const [f, v] of Object.entries(fields)) {
    // Own properties only: `shape.toString` is Object.prototype's, not a field.
    const schema = Object.prototype.hasOwnProperty.call(shape, f) ? shape[f] : undefined;
    if (!schema) return `${entity} has no field "${f.slice(0, 64)}"`;
    const r = schema.safeParse(v);
    if (!r.success) {
      const i = r.error.issues[0];
      return `${entity} field ${[f, ...(i?.path ?? [])].join('.')}: ${i?.message ?? 'invalid'}`;
    }
  }
  return null;
}

/** True when `fieldsProblem` is enough for changes to an existing record of this type. */
export function validatesByField(entity: EntityType): boolean {
  return FIELD_SCHEMAS[entity] !== undefined;
}

/**
 * The named fields of an existing, valid record, each parsed by its own schema (defaults filled
 * exactly as a whole-record parse fills them), or null when the entity type is validated whole,
 * a field is unknown, or a value is invalid: the caller then validates the whole record. This is
 * the client's counterpart of `fieldsProblem` (the hub checks changes the same way).
 */
export function parseFields(
  entity: EntityType,
  fields: Record<string, unknown>,
  names: Iterable<string>,
): Record<string, unknown> | null {
  const shape = FIELD_SCHEMAS[entity];
  if (!shape) return null;
  const out: Record<string, unknown> = {};
  for (const f of names) {
    const schema = Object.prototype.hasOwnProperty.call(shape, f) ? shape[f] : undefined;
    if (!schema) return null;
    const r = schema.safeParse(fields[f]);
    if (!r.success) return null;
    out[f] = r.data;
  }
  return out;
}
