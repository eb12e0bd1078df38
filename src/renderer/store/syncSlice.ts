import { isRole, type Role } from '../../shared/sync/roles';
import type { ReceiptInfo, SyncStatusInfo } from '../../shared/sync/status';
import { api } from '../services/api';
import { singleFlight } from '../../shared/util/singleFlight';
import type { GetState, SetState } from './state';

export interface SyncSlice {
  /** The sync engine's state as main last reported it (null until the first answer). */
  syncStatus: SyncStatusInfo | null;
  /**
   * The role the hub gave us, kept once known (a status while offline may not carry it): a role
   * that may not dispatch gets no working propose button.
   */
  syncRole: Role | null;
  setSyncStatus: (s: SyncStatusInfo) => void;
  loadSyncStatus: () => Promise<void>;
  /** Delivery receipts of dispatch orders, by assignment id. */
  receipts: Record<string, ReceiptInfo>;
  loadReceipts: () => Promise<void>;
}

export function createSyncSlice(set: SetState, get: GetState): SyncSlice {
  const setSyncStatus = (syncStatus: SyncStatusInfo) =>
    set({ syncStatus, ...(isRole(syncStatus.role) ? { syncRole: syncStatus.role } : {}) });
  return {
    syncStatus: null,
    syncRole: null,
    setSyncStatus,
    loadSyncStatus: async () => {
      const r = await api.invoke('sync:status', {});
      if (r.ok) get().setSyncStatus(r.value);
    },
    receipts: {},
    loadReceipts: singleFlight(async () => {
      const r = await api.invoke('sync:receipts', {});
      if (r.ok) set({ receipts: Object.fromEntries(r.value.map((x) => [x.assignmentId, x])) });
    }),
  };
}
