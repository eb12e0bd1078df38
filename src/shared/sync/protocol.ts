import * as z from 'zod';
import { Id } from '../domain/primitives';
import { HLC_PATTERN } from './hlc';
import { EntityType, Op } from './ops';
import { ROLES } from './roles';

/**
 * The client ↔ hub protocol over socket.io (docs/sync-protocol.md is the prose version).
 * Every client → hub event carries one payload and an acknowledgement callback; the hub answers
 * every one with a `Reply`. Delivery never relies on socket.io buffering: ops are acknowledged
 * after the hub has committed them, pulls resume from a cursor, and op ids make pushes idempotent.
 */
export const PROTOCOL_VERSION = 1;

export const LIMITS = {
  /**
   * The largest message a hub takes: a larger one is refused `TOO_LARGE` (the connection stays); one
   * beyond twice this (the transport's cap) is dropped by engine.io with the connection.
   */
  maxMessageBytes: 4 * 1024 * 1024,
  /** Ops per `push`. */
  maxOpsPerPush: 500,
  /** Serialised size of one op. */
  maxOpBytes: 32 * 1024,
  /** Fields per op. */
  maxFieldsPerOp: 64,
  /** Entries per `pull` page, and the byte budget the hub fills a page up to. */
  maxPullLimit: 20_000,
  maxPullBytes: 6 * 1024 * 1024,
  /** Records per `snapshot` page. */
  maxSnapshotLimit: 5000,
  /** Messages larger than this are compressed (permessage-deflate). */
  compressThresholdBytes: 4096,
} as const;

export const ErrorCode = z.enum([
  'INVALID_MESSAGE',
  'TOO_LARGE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'SNAPSHOT_REQUIRED',
  'UNKNOWN_EVENT',
  'UNSUPPORTED_PROTOCOL',
  'RATE_LIMITED',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

/** socket.io handshake `auth`: checked before the connection is accepted. */
export const HandshakeAuth = z
  .object({
    token: z.string().min(16).max(200),
    clientId: Id,
    protocol: z.literal(PROTOCOL_VERSION),
  })
  .strict();
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

/** One accepted op in the hub's log. `at` is the hub's commit time. */
export const LogEntry = z
  .object({
    seq: z.number().int().min(1),
    at: z.string().max(40),
    op: Op,
  })
  .strict();
export type LogEntry = z.infer<typeof LogEntry>;

/** The current merged state of one entity, as the hub holds it. */
export const SnapshotRecord = z
  .object({
    entity: EntityType,
    entityId: Id,
    fields: z.record(z.string().max(64), z.unknown()),
    clocks: z.record(z.string().max(64), z.string().regex(HLC_PATTERN)),
    deletedHlc: z.string().regex(HLC_PATTERN).nullable(),
  })
  .strict();
export type SnapshotRecord = z.infer<typeof SnapshotRecord>;

// ---- requests (client → hub) -------------------------------------------------------------

export const HelloRequest = z.object({ cursor: z.number().int().min(0) }).strict();
export const HelloReply = z.object({
  hubId: z.string(),
  /** The person the token belongs to (the hub stamps them on what this connection writes). */
  name: z.string(),
  org: z.string().default(''),
  role: z.enum(ROLES),
  /** The unit this device belongs to (its token's binding): it acknowledges orders for it. */
  unitId: Id.nullable(),
  headSeq: z.number().int().min(0),
  /** The oldest seq the hub still keeps; a cursor below minSeq - 1 must take a snapshot. */
  minSeq: z.number().int().min(1),
  serverTime: z.string(),
});
export type HelloReply = z.infer<typeof HelloReply>;

export const PushRequest = z.object({ ops: z.array(z.unknown()).min(1).max(LIMITS.maxOpsPerPush) }).strict();

export const PushResult = z.discriminatedUnion('status', [
  z.object({ opId: z.string(), status: z.literal('accepted'), seq: z.number().int() }),
  z.object({ opId: z.string(), status: z.literal('duplicate'), seq: z.number().int().nullable() }),
  z.object({
    opId: z.string(),
    status: z.literal('rejected'),
    code: z.string(),
    reason: z.string(),
    /** The hub's record of the entity, so the client can undo its local change; null if none. */
    current: SnapshotRecord.nullable(),
    /**
     * Only with `CLOCK_AHEAD` (and `INTERNAL`): the refusal is not remembered; resend the op after
     * this many milliseconds (keep it in the outbox, do not undo it).
     */
    retryAfterMs: z.number().int().min(0).optional(),
  }),
]);
export type PushResult = z.infer<typeof PushResult>;
export const PushReply = z.object({ results: z.array(PushResult), headSeq: z.number().int() });
export type PushReply = z.infer<typeof PushReply>;

export const PullRequest = z
  .object({
    after: z.number().int().min(0),
    limit: z.number().int().min(1).max(LIMITS.maxPullLimit),
  })
  .strict();
/** `page` is the UTF-8 JSON text of a LogEntry[] (sent as binary: no double escaping). */
export interface PullReply {
  headSeq: number;
  minSeq: number;
  count: number;
  lastSeq: number;
  page: Uint8Array;
}

export const SnapshotRequest = z
  .object({
    /** Resume after this (entity, entityId) key; null for the first page. */
    after: z.tuple([EntityType, Id]).nullable(),
    limit: z.number().int().min(1).max(LIMITS.maxSnapshotLimit),
  })
  .strict();
export const SnapshotReply = z.object({
  /** The head seq when this page was read. Resume pulling from the first page's asOfSeq. */
  asOfSeq: z.number().int().min(0),
  records: z.array(SnapshotRecord),
  next: z.tuple([EntityType, Id]).nullable(),
  total: z.number().int().min(0),
});
export type SnapshotReply = z.infer<typeof SnapshotReply>;

// ---- events (hub → client) ----------------------------------------------------------------

/** Fan-out of newly committed entries, best effort; a gap in seq means "pull". */
export const OpsEvent = z.object({ entries: z.array(LogEntry), headSeq: z.number().int() });
export type OpsEvent = z.infer<typeof OpsEvent>;

/** Sent (without ack) when a message could not be processed and had no ack callback. */
export interface ProtocolErrorEvent {
  event: string;
  code: ErrorCode;
  message: string;
}

export const CLIENT_EVENTS = ['hello', 'push', 'pull', 'snapshot'] as const;
export const HUB_EVENTS = ['ops', 'protocol-error'] as const;

/** Describe the first issue of a zod error for an error reply. */
export { describeIssue } from '../util/issues';
