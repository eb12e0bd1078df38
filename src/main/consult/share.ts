import type { Handlers } from '../services/invoke';
import type { SyncFacade } from '../services/syncHandlers';
import { SHARE_REFUSALS } from '../../shared/consult/share';
import { hubCaller } from './hubCall';

/**
 * The consultation's shared map in main (docs/consultation.md, "The shared map"): each request goes
 * to the hub on the sync connection and its answer back; the hub's events reach the renderer as
 * `consult:shared` (sync/wire.ts). A refusal becomes CONSULT_REFUSED with the hub's reason as its
 * variant; a payload the hub refused names the field (`params.field`).
 */
export function createShareHandlers(d: {
  sync?: SyncFacade | null;
}): Pick<Handlers, 'consult:share' | 'consult:view'> {
  const hub = hubCaller(d.sync, {
    needs: 'The shared map',
    offline: 'The shared map resumes when the link is back.',
    refusals: SHARE_REFUSALS,
  });
  return {
    'consult:share': (req) => hub('consult:share', req),
    'consult:view': (req) => hub('consult:view', req),
  };
}
