import * as z from 'zod';

/** What the UI shows about sync: the `sync:status` request and push event carry this. */
export const SyncStatusInfo = z.object({
  state: z.enum(['disabled', 'connecting', 'syncing', 'online', 'offline', 'error']),
  hubUrl: z.string().nullable(),
  clientId: z.string().nullable(),
  /** The token's name and role at the hub, once connected. */
  name: z.string().nullable(),
  role: z.string().nullable(),
  /** The unit this device belongs to (it acknowledges that unit's dispatch orders). */
  unitId: z.string().nullable(),
  /** Local changes the hub has not acknowledged yet. */
  pending: z.number().int(),
  cursor: z.number().int(),
  headSeq: z.number().int().nullable(),
  /** When the link was lost; null while connected. */
  offlineSince: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  /** During a catch-up: how far along, in ops (pull) or records (snapshot). */
  progress: z.object({ phase: z.enum(['pull', 'snapshot']), done: z.number(), total: z.number() }).nullable(),
  unseenConflicts: z.number().int(),
  unseenNotices: z.number().int(),
  error: z.string().nullable(),
  /**
   * How far this machine's clock is ahead of the hub's, when more than a second (measured at
   * connection). New changes are then stamped in the hub's time; the user should correct the clock.
   */
  clockAheadMs: z.number().nullable(),
  /** Changes the hub turned away for now (a clock ahead of its own) are resent at this time. */
  retryAt: z.string().nullable(),
});
export type SyncStatusInfo = z.infer<typeof SyncStatusInfo>;

export const DISABLED_SYNC_STATUS: SyncStatusInfo = {
  state: 'disabled',
  hubUrl: null,
  clientId: null,
  name: null,
  role: null,
  unitId: null,
  pending: 0,
  cursor: 0,
  headSeq: null,
  offlineSince: null,
  lastSyncAt: null,
  progress: null,
  unseenConflicts: 0,
  unseenNotices: 0,
  error: null,
  clockAheadMs: null,
  retryAt: null,
};

export const SyncNoticeInfo = z.object({
  id: z.number(),
  kind: z.string(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  message: z.string(),
  code: z.string().nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  createdAt: z.string(),
  seenAt: z.string().nullable(),
});
export type SyncNoticeInfo = z.infer<typeof SyncNoticeInfo>;

/** Delivery of a dispatch order: the hub has it, then the receiving unit's device has it. */
export const ReceiptInfo = z.object({
  assignmentId: z.string(),
  proposerClient: z.string().nullable(),
  hubSeq: z.number().nullable(),
  hubAt: z.string().nullable(),
  deviceClient: z.string().nullable(),
  deviceAt: z.string().nullable(),
});
export type ReceiptInfo = z.infer<typeof ReceiptInfo>;
