import type { Handlers } from '../services/invoke';
import type { SyncFacade } from '../services/syncHandlers';
import { CodedError } from '../../shared/ipc/errors';
import { SHARE_REFUSALS } from '../../shared/consult/share';

/**
 * The consultation's shared map in main (docs/consultation.md, "The shared map"): each request goes
 * to the hub on the sync connection and its answer back; the hub's events reach the renderer as
 * `consult:shared` (sync/wire.ts). A refusal becomes CONSULT_REFUSED with the hub's reason as its
 * variant; a payload the hub refused names the field (`params.field`).
 */
export function createShareHandlers(d: {
  sync?: SyncFacade | null;
}): Pick<Handlers, 'consult:share' | 'consult:view'> {
  const hub = async <T>(event: string, payload: unknown): Promise<T> => {
    const call = d.sync?.call;
    if (!call)
      throw new CodedError(
        'SYNC_DISABLED',
        'The shared map needs the provincial hub. Start with --hub URL --token T to work with the hub.',
      );
    let r;
    try {
      r = await call(event, payload);
    } catch (e) {
      throw new CodedError(
        'SYNC_OFFLINE',
        `Could not reach the hub (${(e as Error).message}). The shared map resumes when the link is back.`,
      );
    }
    if (r.ok) return r.value as T;
    const reason = /^([A-Z_]+):/.exec(r.error.message)?.[1];
    if (reason && (SHARE_REFUSALS as readonly string[]).includes(reason))
      throw new CodedError('CONSULT_REFUSED', r.error.message, { variant: reason });
    if (r.error.code === 'INVALID_MESSAGE') {
      const field = / at ([^:]+):/.exec(r.error.message)?.[1] ?? '';
      throw new CodedError('INVALID_REQUEST', `The hub refused ${event}: ${r.error.message}`, { field });
    }
    throw new CodedError('INTERNAL', `The hub refused ${event}: ${r.error.message}`);
  };
  return {
    'consult:share': (req) => hub('consult:share', req),
    'consult:view': (req) => hub('consult:view', req),
  };
}
