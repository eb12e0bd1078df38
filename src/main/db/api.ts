import type { Scenario } from '../../shared/domain';
import * as c from './commands';
import type { StoreContext } from './commands';
import { syncStoreApi } from './syncStore';

/**
 * Every operation the store worker performs, by name. The worker owns the only connection
 * (one writer); callers reach these through StoreClient.call, which is typed from this map.
 */
export const storeApi = {
  // The sync engine's operations (src/main/sync); see syncStore.ts.
  ...syncStoreApi,
  status: (ctx: StoreContext) => c.getStoreStatus(ctx),
  isEmpty: (ctx: StoreContext) => c.isEmpty(ctx),
  picture: (ctx: StoreContext) => c.getPicture(ctx),
  importScenario: (ctx: StoreContext, a: { scenario: Scenario; replicate?: boolean }) =>
    c.importScenario(ctx, a.scenario, { replicate: a.replicate }),
  createIncident: (ctx: StoreContext, a: c.NewIncident) => c.createIncident(ctx, a),
  updateIncident: (ctx: StoreContext, a: { id: string; patch: c.IncidentPatch }) => c.updateIncident(ctx, a.id, a.patch),
  setIncidentStatus: (ctx: StoreContext, a: { id: string; status: Parameters<typeof c.setIncidentStatus>[2] }) =>
    c.setIncidentStatus(ctx, a.id, a.status),
  acknowledgeIncident: (ctx: StoreContext, a: { id: string }) => c.acknowledgeIncident(ctx, a.id),
  setUnitStatus: (ctx: StoreContext, a: { id: string; status: Parameters<typeof c.setUnitStatus>[2] }) =>
    c.setUnitStatus(ctx, a.id, a.status),
  trackUnit: (ctx: StoreContext, a: { id: string; position: [number, number]; fixAt: string }) =>
    c.trackUnit(ctx, a.id, a.position, a.fixAt),
  proposeAssignment: (ctx: StoreContext, a: c.NewAssignment) => c.proposeAssignment(ctx, a),
  decideAssignmentLocally: (ctx: StoreContext, a: { id: string }) => c.decideAssignmentLocally(ctx, a.id),
  releaseAssignment: (ctx: StoreContext, a: { id: string }) => c.releaseAssignment(ctx, a.id),
  listConflicts: (ctx: StoreContext, a: { unseenOnly?: boolean }) => c.listConflicts(ctx.db, a),
  markConflictsSeen: (ctx: StoreContext, a: { ids: number[] }) => c.markConflictsSeen(ctx.db, a.ids),
};

export type StoreApi = typeof storeApi;
export type StoreOp = keyof StoreApi;
export type StoreArgs<K extends StoreOp> = Parameters<StoreApi[K]> extends [StoreContext, infer A] ? A : void;
export type StoreResult<K extends StoreOp> = ReturnType<StoreApi[K]>;

/** Register more operations (e.g. the sync engine's) on the same worker. */
export type StoreExtension = Record<string, (ctx: StoreContext, args: never) => unknown>;
