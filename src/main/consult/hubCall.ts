import type { SyncFacade } from '../services/syncHandlers';
import { CodedError } from '../../shared/ipc/errors';

/**
 * A request to the hub over the sync connection, as the consultation's channels make them (the call
 * and the shared map), with the hub's answer turned into the renderer's coded errors: no hub →
 * SYNC_DISABLED, no link → SYNC_OFFLINE, a refusal of the hub's `refusals` → CONSULT_REFUSED with
 * the reason as its variant, a payload the hub refused → INVALID_REQUEST naming the field.
 */
export function hubCaller(
  sync: SyncFacade | null | undefined,
  o: { needs: string; offline: string; refusals: readonly string[] },
) {
  return async <T>(event: string, payload: unknown): Promise<T> => {
    const call = sync?.call;
    if (!call)
      throw new CodedError(
        'SYNC_DISABLED',
        `${o.needs} needs the provincial hub. Start with --hub URL --token T to work with the hub.`,
      );
    let r;
    try {
      r = await call(event, payload);
    } catch (e) {
      throw new CodedError('SYNC_OFFLINE', `Could not reach the hub (${(e as Error).message}). ${o.offline}`);
    }
    if (r.ok) return r.value as T;
    const reason = /^([A-Z_]+):/.exec(r.error.message)?.[1];
    if (reason && o.refusals.includes(reason))
      throw new CodedError('CONSULT_REFUSED', r.error.message, { variant: reason });
    if (r.error.code === 'INVALID_MESSAGE') {
      const field = / at ([^:]+):/.exec(r.error.message)?.[1] ?? '';
      throw new CodedError('INVALID_REQUEST', `The hub refused ${event}: ${r.error.message}`, { field });
    }
    throw new CodedError('INTERNAL', `The hub refused ${event}: ${r.error.message}`);
  };
}
