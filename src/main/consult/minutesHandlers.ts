import type { StoreClient } from '../db/client';
import type { Handlers } from '../services/invoke';
import type { PushBus } from '../services/handlers';

type MinutesChannel = 'minutes:decide' | 'minutes:action' | 'minutes:reassign' | 'minutes:complete';

/**
 * 会商纪要 in main (docs/consultation.md §Minutes): each command is a timeline entry written by the
 * store (src/main/db/minutes.ts), then every renderer is told the timeline changed.
 */
export function createMinutesHandlers(d: {
  store: StoreClient;
  bus: PushBus;
}): Pick<Handlers, MinutesChannel> {
  const changed = (incidentId: string) =>
    d.bus.push('picture:changed', { entities: ['timeline', `incident:${incidentId}`] });
  const run =
    <A>(op: 'recordDecision' | 'recordAction' | 'reassignAction' | 'completeAction') =>
    async (args: A) => {
      const entry = await d.store.call(op, args as never);
      changed(entry.incidentId);
      return entry;
    };
  return {
    'minutes:decide': run('recordDecision'),
    'minutes:action': run('recordAction'),
    'minutes:reassign': run('reassignAction'),
    'minutes:complete': run('completeAction'),
  };
}
