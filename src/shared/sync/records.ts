import { z } from 'zod';
import { Aircraft, Assignment, AviationBase, Id, Incident, RescueUnit, SupplyDepot } from '../domain';
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
};

/** Validate a merged record; returns a message naming the first problem, or null when valid. */
export function recordProblem(entity: EntityType, fields: Record<string, unknown>): string | null {
  const r = ENTITY_SCHEMAS[entity].safeParse(fields);
  if (r.success) return null;
  const i = r.error.issues[0];
  return `${entity} field ${i?.path.join('.') || '(record)'}: ${i?.message ?? 'invalid'}`;
}
