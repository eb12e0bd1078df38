import type { StoreClient } from '../db/client';
import type { Handlers } from '../services/invoke';
import type { PushBus } from '../services/handlers';
import type { SyncFacade } from '../services/syncHandlers';
import { CodedError } from '../../shared/ipc/errors';
import { CONSULT_REFUSALS } from '../../shared/consult/protocol';

type ConsultChannel =
  | 'consult:list'
  | 'consult:open'
  | 'consult:end'
  | 'consult:join'
  | 'consult:signal'
  | 'consult:leave'
  | 'expert:list'
  | 'expert:save';

/**
 * 调度会商 in main (docs/consultation.md): sessions are store records (opened and ended by the person
 * on duty, replicated); joining and the signalling go to the hub over the sync connection, which
 * checks the invitation; the hub's events reach the renderer as `consult:event` (sync/wire.ts).
 */
export function createConsultHandlers(d: {
  store: StoreClient;
  bus: PushBus;
  sync?: SyncFacade | null;
}): Pick<Handlers, ConsultChannel> {
  const changed = () => d.bus.push('picture:changed', { entities: ['consultation'] });
  const hub = async <T>(event: string, payload: unknown): Promise<T> => {
    const call = d.sync?.call;
    if (!call)
      throw new CodedError(
        'SYNC_DISABLED',
        'A consultation needs the provincial hub. Start with --hub URL --token T to work with the hub.',
      );
    let r;
    try {
      r = await call(event, payload);
    } catch (e) {
      throw new CodedError(
        'SYNC_OFFLINE',
        `Could not reach the hub (${(e as Error).message}). Join again once the link to the hub is back.`,
      );
    }
    if (r.ok) return r.value as T;
    const reason = /^([A-Z_]+):/.exec(r.error.message)?.[1];
    if (reason && (CONSULT_REFUSALS as readonly string[]).includes(reason))
      throw new CodedError('CONSULT_REFUSED', r.error.message, { variant: reason });
    throw new CodedError(
      r.error.code === 'INVALID_MESSAGE' ? 'INVALID_REQUEST' : 'INTERNAL',
      `The hub refused ${event}: ${r.error.message}`,
    );
  };
  return {
    'consult:list': () => d.store.call('listConsultations'),
    'consult:open': async (req) => {
      const r = await d.store.call('openConsultation', req);
      changed();
      return r;
    },
    'consult:end': async (req) => {
      const r = await d.store.call('endConsultation', req);
      changed();
      return r;
    },
    'expert:list': () => d.store.call('listExperts'),
    'expert:save': async (req) => {
      const r = await d.store.call('saveExpert', req);
      d.bus.push('picture:changed', { entities: ['expert'] });
      return r;
    },
    'consult:join': (req) => hub('consult:join', req),
    'consult:signal': (req) => hub('consult:signal', req),
    'consult:leave': async (req) => {
      await hub('consult:leave', req);
      return null;
    },
  };
}
