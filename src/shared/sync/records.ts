import type * as z from 'zod';
import { firstIssue } from '../util/issues';
import { ENTITIES, entityDef, type EntityType } from './entities';

/** Validate a merged record; returns a message naming the first problem, or null when valid. */
export function recordProblem(entity: EntityType, fields: Record<string, unknown>): string | null {
  const r = ENTITIES[entity].schema.safeParse(fields);
  if (r.success) return null;
  const i = firstIssue(r.error, '(record)');
  return `${entity} field ${i.path}: ${i.message}`;
}

/** The per-field validators of a type validated field by field (see EntityDef.byField), else null. */
function fieldSchemas(entity: EntityType): Readonly<Record<string, z.ZodType>> | null {
  const def = entityDef(entity);
  return def.byField ? def.schema.shape : null;
}

/** Validate only the given fields of an existing record; null when valid. */
export function fieldsProblem(entity: EntityType, fields: Record<string, unknown>): string | null {
  const shape = fieldSchemas(entity);
  if (!shape) return null;
  for (const [f, v] of Object.entries(fields)) {
    // Own properties only: `shape.toString` is Object.prototype's, not a field.
    const schema = Object.prototype.hasOwnProperty.call(shape, f) ? shape[f] : undefined;
    if (!schema) return `${entity} has no field "${f.slice(0, 64)}"`;
    const r = schema.safeParse(v);
    if (!r.success) {
      const i = firstIssue(r.error, f, [f]);
      return `${entity} field ${i.path}: ${i.message}`;
    }
  }
  return null;
}

/** True when `fieldsProblem` is enough for changes to an existing record of this type. */
export function validatesByField(entity: EntityType): boolean {
  return entityDef(entity).byField;
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
  const shape = fieldSchemas(entity);
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
