import type { TimelineEntry } from '../../shared/domain';
import { CodedError } from '../../shared/ipc/errors';
import type { StoreContext } from './context';
import { requireIncident } from './commands';
import { addTimeline } from './desk';

export interface PlanningNote {
  incidentId: string;
  /** What the officer saw, in words (their language). */
  text: string;
  /** What the planning tool computed, kept with the entry: `{ planning: 'supply' | 'move_up', … }`. */
  data: Record<string, unknown>;
}

/**
 * A proposal from a planning tool that has no dispatch path of its own (a shipment from a depot, an
 * aircraft's reposition to another base): a timeline entry of the incident it serves, written by the
 * person signed in, with when, in one transaction with its op for the hub (docs/dispatch.md,
 * "Planning tools"). Units and aircraft sent to incidents go through `assignment:propose` instead.
 */
export function recordPlanningNotes(ctx: StoreContext, notes: readonly PlanningNote[]): TimelineEntry[] {
  return ctx.db.transaction(() =>
    notes.map((n) => {
      const incident = requireIncident(ctx, n.incidentId);
      if (incident.status === 'closed')
        throw new CodedError(
          'INVALID',
          `Incident "${incident.title}" is closed; a plan for it is no longer recorded. Plan again for the open incidents.`,
          { field: 'incidentId' },
        );
      return addTimeline(ctx, {
        incidentId: n.incidentId,
        kind: 'note',
        text: n.text.trim().slice(0, 2000),
        data: n.data,
      });
    }),
  )();
}
