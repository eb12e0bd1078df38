import type { StoreClient } from '../db/client';
import { DISABLED_SYNC_STATUS, type SyncStatusInfo } from '../../shared/sync/status';
import type { Handlers } from './invoke';
import { CodedError } from '../../shared/ipc/errors';

/** The running sync engine as the services see it (null when no hub is configured). */
export interface SyncFacade {
  status: () => SyncStatusInfo;
  syncNow: (timeoutMs?: number) => Promise<void>;
  /** A hub request outside the sync protocol (consultations); rejects when the link is down. */
  call?: (
    event: string,
    payload: unknown,
  ) => Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>;
}

type SyncChannel = 'sync:status' | 'sync:notices' | 'sync:markNoticesSeen' | 'sync:receipts' | 'sync:now';

/** Sync status, notices and receipts. Pending and unseen counts always come fresh from the store. */
export function createSyncHandlers(d: {
  store: StoreClient;
  sync?: SyncFacade | null;
}): Pick<Handlers, SyncChannel> {
  const status = async (): Promise<SyncStatusInfo> => {
    const local = await d.store.call('syncState');
    const base = d.sync?.status() ?? { ...DISABLED_SYNC_STATUS, clientId: local.clientId };
    return {
      ...base,
      pending: local.pending,
      cursor: local.cursor,
      unseenConflicts: local.unseenConflicts,
      unseenNotices: local.unseenNotices,
    };
  };
  return {
    'sync:status': status,
    'sync:notices': (req) => d.store.call('syncNotices', req),
    'sync:markNoticesSeen': async (req) => {
      await d.store.call('syncMarkNoticesSeen', req);
      return null;
    },
    'sync:receipts': () => d.store.call('syncReceipts', {}),
    'sync:now': async () => {
      if (!d.sync) {
        throw new CodedError(
          'SYNC_DISABLED',
          'No hub is configured. Start with --hub URL --token T to work with the provincial hub.',
        );
      }
      try {
        await d.sync.syncNow(15_000);
      } catch (e) {
        throw new CodedError(
          'SYNC_OFFLINE',
          `Could not reach the hub (${(e as Error).message}). Changes stay queued and are sent when the link returns.`,
        );
      }
      return status();
    },
  };
}
