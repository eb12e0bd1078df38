import * as z from 'zod';
import {
  Aircraft,
  Assignment,
  AviationBase,
  Id,
  Incident,
  RescueUnit,
  SupplyDepot,
  TimelineEntry,
  ZeroReport,
  DutyShift,
  DutyLogEntry,
  Handover,
  ResponsePlan,
  Warning,
  WarningAction,
  type Scenario,
} from '../domain';
import { Consultation, Expert } from '../consult/record';
import { Annotation } from '../annotations/record';

/**
 * The entity registry: every replicated entity type, in one place. Each entry says what a
 * complete record of the type must satisfy and how its fields merge; the store maps each type to
 * its table in one place too (src/main/db/repositories/tables.ts), and `scenarioRecords` is the
 * one way a scenario becomes records. Adding an entity type means adding it to ENTITY_TYPES and
 * ENTITIES here (the compiler then asks for its table in main) and nowhere else.
 */
export const ENTITY_TYPES = [
  'incident',
  'unit',
  'base',
  'aircraft',
  'depot',
  'assignment',
  'timeline',
  'zero_report',
  'duty_shift',
  'duty_log',
  'handover',
  'response_plan',
  'warning',
  'warning_action',
  'consultation',
  'expert',
  'annotation',
] as const;
export const EntityType = z.enum(ENTITY_TYPES);
export type EntityType = z.infer<typeof EntityType>;

/**
 * A record schema: a zod object whose fields are the record's top-level fields (an op writes
 * top-level fields only, DESIGN.md §2). Object-level refinements may sit on it.
 */
type RecordSchema = z.ZodObject<Readonly<Record<string, z.ZodType>>>;

export interface EntityDef<S extends RecordSchema = RecordSchema> {
  /** What a complete, merged record of this type must satisfy. */
  readonly schema: S;
  /**
   * True when a change to an existing record may be checked field by field (much cheaper than
   * re-validating the whole record on every op of a busy hub). False for records with rules
   * across fields (a depot lists no item twice) and for records written whole (timeline entries).
   */
  readonly byField: boolean;
  /**
   * Position-fix fields: the newest fix wins whatever the clocks say, and they never conflict.
   * The fix time field must be among them.
   */
  readonly trackFields: readonly string[];
  /**
   * The field naming who wrote the record (a Person), which the hub stamps with its token's person
   * whatever the client wrote; absent when the record carries no author.
   */
  readonly authorField?: string;
  /**
   * The field naming who created the record (a Person): the hub stamps it with its token's person
   * on the upsert that creates the record, and keeps it as created on every later upsert.
   */
  readonly creatorField?: string;
}

/** A base travels without its aircraft; each aircraft is its own record that names its base. */
const ReplicatedBase = AviationBase.omit({ aircraft: true });
const ReplicatedAircraft = Aircraft.extend({ baseId: Id });

export const ENTITIES = {
  incident: { schema: Incident, byField: true, trackFields: [] },
  unit: { schema: RescueUnit, byField: true, trackFields: ['position', 'positionFixAt'] },
  base: { schema: ReplicatedBase, byField: true, trackFields: [] },
  aircraft: { schema: ReplicatedAircraft, byField: true, trackFields: [] },
  depot: { schema: SupplyDepot, byField: false, trackFields: [] },
  assignment: { schema: Assignment, byField: true, trackFields: [] },
  timeline: { schema: TimelineEntry, byField: false, trackFields: [], authorField: 'by' },
  zero_report: { schema: ZeroReport, byField: false, trackFields: [], authorField: 'by' },
  duty_shift: { schema: DutyShift, byField: false, trackFields: [], authorField: 'by' },
  duty_log: { schema: DutyLogEntry, byField: false, trackFields: [], authorField: 'by' },
  handover: { schema: Handover, byField: false, trackFields: [], authorField: 'by' },
  response_plan: { schema: ResponsePlan, byField: false, trackFields: [], authorField: 'by' },
  warning: { schema: Warning, byField: false, trackFields: [], authorField: 'by' },
  warning_action: { schema: WarningAction, byField: false, trackFields: [], authorField: 'by' },
  consultation: { schema: Consultation, byField: false, trackFields: [], authorField: 'by' },
  expert: { schema: Expert, byField: false, trackFields: [], authorField: 'by' },
  annotation: {
    schema: Annotation,
    byField: false,
    trackFields: [],
    authorField: 'by',
    creatorField: 'createdBy',
  },
} as const satisfies { [K in EntityType]: EntityDef };

/** A record of the type as it replicates and as the store keeps it. */
export type EntityRecord<K extends EntityType> = z.infer<(typeof ENTITIES)[K]['schema']>;

/** The registry entry of a type, typed loosely for code that handles every type alike. */
export function entityDef(entity: EntityType): EntityDef {
  return ENTITIES[entity];
}

export interface SeedRecord {
  entity: EntityType;
  id: string;
  fields: Record<string, unknown>;
}

/**
 * The records a scenario stands for, as the store and the hub keep them: aircraft are their own
 * records with their base's id, bases carry no aircraft list. The one scenario-to-records
 * function: the store's import and the hub's seeding both use it.
 */
export function scenarioRecords(scenario: Scenario): SeedRecord[] {
  const records: SeedRecord[] = [];
  for (const r of scenario.incidents) records.push({ entity: 'incident', id: r.id, fields: { ...r } });
  for (const r of scenario.units) records.push({ entity: 'unit', id: r.id, fields: { ...r } });
  for (const b of scenario.bases) {
    const { aircraft, ...rest } = b;
    records.push({ entity: 'base', id: b.id, fields: rest });
    for (const a of aircraft) records.push({ entity: 'aircraft', id: a.id, fields: { ...a, baseId: b.id } });
  }
  for (const r of scenario.depots) records.push({ entity: 'depot', id: r.id, fields: { ...r } });
  for (const r of scenario.assignments) records.push({ entity: 'assignment', id: r.id, fields: { ...r } });
  return records;
}
