import type { StoreClient } from '../db/client';
import type { Handlers } from '../services/invoke';
import type { PushBus } from '../services/handlers';
import type { SyncFacade } from '../services/syncHandlers';
import { CONSULT_REFUSALS } from '../../shared/consult/protocol';
import { hubCaller } from './hubCall';

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
  const hub = hubCaller(d.sync, {
    needs: 'A consultation',
    offline: 'Join again once the link to the hub is back.',
    refusals: CONSULT_REFUSALS,
  });
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
