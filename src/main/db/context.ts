import { randomUUID } from 'node:crypto';
import { HlcClock, opIdOf, type EntityType, type Op, type OpKind } from '../../shared/sync';
import type { Db } from './open';
import { getMeta, setMeta } from './repositories/meta';
import { appendOutbox } from './repositories/outbox';
import { setFieldClock } from './repositories/fieldClocks';
import { listFieldClocks } from './repositories/syncState';

/** What a command runs against: the connection, this install's identity and its clock. */
export interface StoreContext {
  db: Db;
  clientId: string;
  clock: HlcClock;
  /**
   * Added to the wall clock when stamping ops: negative when this machine's clock was found ahead
   * of the hub's (the hub refuses ops more than 10 s ahead), 0 otherwise. Kept in meta.
   */
  clockOffset: { ms: number };
}

export function createContext(db: Db, now: () => number = Date.now): StoreContext {
  let clientId = getMeta(db, 'client_id');
  if (!clientId) {
    clientId = `c${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    setMeta(db, 'client_id', clientId);
  }
  const clockOffset = { ms: Number(getMeta(db, 'clock_offset_ms') ?? '0') || 0 };
  const clock = new HlcClock(clientId, () => now() + clockOffset.ms, getMeta(db, 'hlc') ?? undefined);
  return { db, clientId, clock, clockOffset };
}

/**
 * Record a local change for replication: stamp each field with a fresh HLC and append the op to
 * the outbox. Must run inside the same transaction as the table write.
 */
export function recordLocalOp(
  ctx: StoreContext,
  entity: EntityType,
  entityId: string,
  kind: OpKind,
  fields: Record<string, unknown>,
  priority: number,
): Op {
  const hlc = ctx.clock.tick();
  setMeta(ctx.db, 'hlc', hlc);
  const seq = Number(getMeta(ctx.db, 'op_seq') ?? '0') + 1;
  setMeta(ctx.db, 'op_seq', String(seq));
  // What this writer had seen of each field it overwrites: the hub and the other clients tell a
  // sequential edit from a concurrent one (a conflict) by it.
  let seen: Record<string, string> | undefined;
  if (kind === 'upsert') {
    const before = listFieldClocks(ctx.db, entity, entityId);
    for (const f of Object.keys(fields)) {
      const had = before[f];
      if (had) (seen ??= {})[f] = had;
      setFieldClock(ctx.db, entity, entityId, f, hlc);
    }
  }
  const op: Op = {
    opId: opIdOf(ctx.clientId, seq),
    clientId: ctx.clientId,
    seq,
    hlc,
    entity,
    entityId,
    kind,
    fields,
    priority,
    ...(seen ? { seen } : {}),
  };
  appendOutbox(ctx.db, op);
  return op;
}
