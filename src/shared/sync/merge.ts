import { INCIDENT_STATUSES } from '../domain/incident';
import { HLC_PATTERN } from './hlc';
import { entityDef } from './entities';
import type { EntityType, Op } from './ops';

/**
 * Pure merge rules shared by the hub and every client (DESIGN.md §2). Each field's stored value is
 * the maximum of all writes to it under a total order, so merging is commutative, associative and
 * idempotent: replicas that have seen the same set of writes hold the same state, whatever the
 * order they saw them in.
 *
 * - descriptive fields: order by HLC (last writer wins);
 * - `incident.status`: order by lifecycle rank, then HLC (status only moves forward, whatever the clocks);
 * - `unit.position` + `unit.positionFixAt`: one pair, ordered by fix time, then HLC (newest fix wins);
 * - a delete is a tombstone that wins over every write (the greatest delete HLC is kept).
 */
export interface EntityState {
  fields: Record<string, unknown>;
  /** HLC of the write that set each field; a field without a clock loses to any write. */
  clocks: Record<string, string>;
  /** Set once the entity is deleted. */
  deletedHlc: string | null;
}

/** A set of field writes, each with its own clock (an op has one clock for all its fields). */
export interface FieldWrites {
  fields: Record<string, unknown>;
  clocks: Record<string, string>;
  deletedHlc?: string | null;
}

export interface FieldChange {
  field: string;
  oldValue: unknown;
  oldHlc: string;
  newValue: unknown;
  newHlc: string;
}

export interface MergeResult {
  state: EntityState;
  /** Fields whose value or clock changed. */
  changed: string[];
  /** Current values replaced by an incoming write. */
  overwritten: FieldChange[];
  /** Incoming writes that lost to the current value (`old*` is what was kept, `new*` what lost). */
  discarded: FieldChange[];
  /** True when this merge turned the entity into a tombstone. */
  deleted: boolean;
}

/** Fields never reported as conflicts: bookkeeping, not something a person typed. */
export const UNCONFLICTED_FIELDS = new Set(['updatedAt', 'id']);

/** A position-fix field of its entity type (EntityDef.trackFields): the newest fix wins. */
export function isTrackField(entity: EntityType, field: string): boolean {
  return entityDef(entity).trackFields.includes(field);
}

function statusRank(v: unknown): number {
  return INCIDENT_STATUSES.indexOf(v as (typeof INCIDENT_STATUSES)[number]);
}

/**
 * Compare an incoming write of a field with the current one: > 0 when the incoming wins.
 * `fixAt` values are the positionFixAt of each side (only for track fields).
 */
function compareWrite(
  entity: EntityType,
  field: string,
  incoming: { value: unknown; hlc: string; fixAt?: unknown },
  current: { value: unknown; hlc: string; fixAt?: unknown },
): number {
  if (entity === 'incident' && field === 'status') {
    const d = statusRank(incoming.value) - statusRank(current.value);
    if (d !== 0) return d;
  } else if (isTrackField(entity, field)) {
    const a = typeof incoming.fixAt === 'string' ? Date.parse(incoming.fixAt) : NaN;
    const b = typeof current.fixAt === 'string' ? Date.parse(current.fixAt) : NaN;
    const an = Number.isNaN(a) ? -Infinity : a;
    const bn = Number.isNaN(b) ? -Infinity : b;
    if (an !== bn) return an > bn ? 1 : -1;
  }
  return incoming.hlc > current.hlc ? 1 : incoming.hlc < current.hlc ? -1 : 0;
}

/** Deep equality for JSON values (records hold only JSON). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (const k of ka)
    if (!sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

export function emptyState(): EntityState {
  return { fields: {}, clocks: {}, deletedHlc: null };
}

/** Merge writes into a state. Never mutates its inputs. */
export function mergeWrites(
  entity: EntityType,
  current: EntityState | null,
  writes: FieldWrites,
): MergeResult {
  const base = current ?? emptyState();
  const state: EntityState = {
    fields: { ...base.fields },
    clocks: { ...base.clocks },
    deletedHlc: base.deletedHlc,
  };
  const result: MergeResult = { state, changed: [], overwritten: [], discarded: [], deleted: false };
  if (writes.deletedHlc) {
    if (!state.deletedHlc || writes.deletedHlc > state.deletedHlc) {
      result.deleted = state.deletedHlc === null;
      state.deletedHlc = writes.deletedHlc;
    }
  }
  if (state.deletedHlc) {
    // A tombstone holds no fields, however it was reached: the order of arrival cannot matter.
    if (result.deleted) {
      state.fields = {};
      state.clocks = {};
    }
    return result;
  }
  const incomingFix = writes.fields.positionFixAt;
  const currentFix = base.fields.positionFixAt;
  for (const [field, value] of Object.entries(writes.fields)) {
    const hlc = writes.clocks[field];
    if (hlc === undefined) continue;
    const has = Object.prototype.hasOwnProperty.call(base.fields, field);
    const curHlc = base.clocks[field] ?? '';
    const cmp = has
      ? compareWrite(
          entity,
          field,
          { value, hlc, fixAt: incomingFix },
          { value: base.fields[field], hlc: curHlc, fixAt: currentFix },
        )
      : 1;
    if (cmp > 0) {
      state.fields[field] = value;
      state.clocks[field] = hlc;
      result.changed.push(field);
      if (has && !sameJson(value, base.fields[field])) {
        result.overwritten.push({
          field,
          oldValue: base.fields[field],
          oldHlc: curHlc,
          newValue: value,
          newHlc: hlc,
        });
      }
    } else if (cmp < 0 && !sameJson(value, base.fields[field])) {
      result.discarded.push({
        field,
        oldValue: base.fields[field],
        oldHlc: curHlc,
        newValue: value,
        newHlc: hlc,
      });
    }
  }
  return result;
}

/**
 * Whether an incoming write that replaced a value was concurrent with it (a conflict) rather than
 * sequential: the writer's op says, in `seen`, which clock of the field it had when it wrote. It had
 * seen the value it replaced when that clock is the replaced value's or later; a write that names
 * no clock for the field (it had no value, or an older writer sends no `seen`) had not.
 */
export function isConcurrentOverwrite(
  change: Pick<FieldChange, 'field' | 'oldHlc'>,
  seen: Readonly<Record<string, string>> | undefined,
): boolean {
  const had =
    seen && Object.prototype.hasOwnProperty.call(seen, change.field) ? seen[change.field] : undefined;
  return had === undefined || had < change.oldHlc;
}

/** The writes an op carries: every field stamped with the op's HLC. */
export function writesOfOp(op: Pick<Op, 'kind' | 'fields' | 'hlc'>): FieldWrites {
  if (op.kind === 'delete') return { fields: {}, clocks: {}, deletedHlc: op.hlc };
  if (op.kind === 'receipt') return { fields: {}, clocks: {} };
  const clocks: Record<string, string> = {};
  for (const f of Object.keys(op.fields)) clocks[f] = op.hlc;
  return { fields: op.fields, clocks };
}

/** The client (node) that made a write, read from its HLC. */
export function nodeOfHlc(hlc: string): string {
  // `<15 digits>-<6 digits>-<node>`: the node is everything after the 23rd character (the same
  // as parseHlc(hlc).node, without splitting: this runs for every overwritten field of a catch-up).
  return HLC_PATTERN.test(hlc) ? hlc.slice(23) : '';
}
