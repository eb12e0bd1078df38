import * as z from 'zod';
import { ReceiptInfo, SyncNoticeInfo, SyncStatusInfo } from '../sync/status';

/** Channels of the sync status, notices and delivery receipts (issue 4), spread into the contract. */
export const syncChannels = {
  'sync:status': { request: z.object({}).strict(), response: SyncStatusInfo },
  'sync:notices': {
    request: z.object({ unseenOnly: z.boolean().optional() }).strict(),
    response: z.array(SyncNoticeInfo),
  },
  'sync:markNoticesSeen': {
    request: z.object({ ids: z.array(z.number().int()).max(1000) }).strict(),
    response: z.null(),
  },
  'sync:receipts': { request: z.object({}).strict(), response: z.array(ReceiptInfo) },
  /** Push and pull now (the "sync now" button); answers with the status afterwards. */
  'sync:now': { request: z.object({}).strict(), response: SyncStatusInfo },
} as const;
