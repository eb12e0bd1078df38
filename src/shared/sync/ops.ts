import * as z from 'zod';
import { Id } from '../domain/primitives';
import { HLC_PATTERN } from './hlc';
import { EntityType } from './entities';

/**
 * The unit of replication. Every user action is a command that, in one local transaction, changes
 * the tables and appends one or more ops to the outbox (DESIGN.md §2).
 */
export { ENTITY_TYPES, EntityType } from './entities';

/**
 * - `upsert`: descriptive fields, merged per field by last-writer-wins on HLC;
 * - `track`: an ephemeral position fix (newest fix time wins, never conflicts);
 * - `propose`: an assignment proposal that the hub accepts or rejects;
 * - `delete`: tombstone;
 * - `receipt`: a device says it has received a dispatch order (entity `assignment`).
 */
export const OP_KINDS = ['upsert', 'track', 'propose', 'delete', 'receipt'] as const;
export const OpKind = z.enum(OP_KINDS);
export type OpKind = z.infer<typeof OpKind>;

/** Delivery priority on thin links: lower goes first. */
export const OP_PRIORITY = { order: 0, status: 0, descriptive: 1, track: 2, bulk: 3 } as const;

export const Op = z
  .object({
    /** `<clientId>:<seq>`, unique forever; the hub acknowledges duplicates and skips them. */
    opId: z.string().min(3).max(140),
    clientId: Id,
    seq: z.number().int().min(1),
    hlc: z.string().regex(HLC_PATTERN),
    entity: EntityType,
    entityId: Id,
    kind: OpKind,
    /** Field values for upsert/track/propose; empty for delete. Top-level record fields only. */
    fields: z.record(z.string().max(64), z.unknown()),
    priority: z.number().int().min(0).max(3),
    /**
     * Optional: for each field the op writes, the clock of the value the writer held when it wrote
     * (fields it held no value for are left out). It tells a sequential edit (the writer had seen
     * the value it overwrote) from a concurrent one, which is a conflict.
     */
    seen: z.record(z.string().max(64), z.string().regex(HLC_PATTERN)).optional(),
  })
  .strict()
  .refine((op) => op.opId === `${op.clientId}:${op.seq}`, { message: 'opId must be "<clientId>:<seq>"' });
export type Op = z.infer<typeof Op>;

export function opIdOf(clientId: string, seq: number): string {
  return `${clientId}:${seq}`;
}
