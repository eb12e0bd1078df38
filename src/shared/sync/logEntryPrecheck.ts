import type { LogEntry } from './protocol';
import { ENTITY_TYPES, OP_KINDS } from './ops';
import { HLC_PATTERN } from './hlc';

/**
 * A hand-written check of log entries, for the client's hot paths (every live op, every catch-up
 * page). It is *sound* against the zod schemas in protocol.ts/ops.ts: it accepts only what they
 * accept, so the callers run the zod parse only when this says no (to accept what this is too
 * strict for, or to name the problem). zod costs ~2/3 of applying one live op in a store worker
 * that has not yet been optimised by the JIT; this costs a few microseconds.
 * Kept in step with the schemas by tests/integration/sync/logEntryPrecheck.test.ts.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const ENTITIES = new Set<string>(ENTITY_TYPES);
const KINDS = new Set<string>(OP_KINDS);
const OP_KEYS = 9;

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= 64 && ID.test(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function isOp(op: unknown): boolean {
  if (!isPlainObject(op)) return false;
  let n = 0;
  for (const k in op) {
    if (!Object.prototype.hasOwnProperty.call(op, k)) return false;
    n++;
  }
  const { opId, clientId, seq, hlc, entity, entityId, kind, fields, priority, seen } = op;
  if (n !== (seen === undefined ? OP_KEYS : OP_KEYS + 1)) return false;
  if (typeof opId !== 'string' || opId.length < 3 || opId.length > 140) return false;
  if (!isId(clientId)) return false;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return false;
  if (typeof hlc !== 'string' || !HLC_PATTERN.test(hlc)) return false;
  if (typeof entity !== 'string' || !ENTITIES.has(entity)) return false;
  if (!isId(entityId)) return false;
  if (typeof kind !== 'string' || !KINDS.has(kind)) return false;
  if (typeof priority !== 'number' || !Number.isSafeInteger(priority) || priority < 0 || priority > 3)
    return false;
  if (!isPlainObject(fields)) return false;
  for (const k in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, k) || k.length > 64 || k === '__proto__') return false;
  }
  if (seen !== undefined) {
    if (!isPlainObject(seen)) return false;
    for (const k in seen) {
      if (!Object.prototype.hasOwnProperty.call(seen, k) || k.length > 64 || k === '__proto__') return false;
      const v = seen[k];
      if (typeof v !== 'string' || !HLC_PATTERN.test(v)) return false;
    }
  }
  return opId === `${clientId}:${seq}`;
}

/** True only for a value the zod `LogEntry` schema accepts unchanged. */
export function isLogEntry(e: unknown): e is LogEntry {
  if (!isPlainObject(e)) return false;
  let n = 0;
  for (const k in e) {
    if (!Object.prototype.hasOwnProperty.call(e, k)) return false;
    n++;
  }
  if (n !== 3) return false;
  const { seq, at, op } = e;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return false;
  if (typeof at !== 'string' || at.length > 40) return false;
  return isOp(op);
}
