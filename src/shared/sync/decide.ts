import { mayDispatch, type Role } from './roles';
import type { EntityState } from './merge';

export interface Decision {
  status: 'accepted' | 'rejected';
  reason: string | null;
}

export interface DecisionContext {
  get: (entity: 'incident' | 'unit' | 'aircraft', id: string) => EntityState | null;
  /** Every assignment the hub knows, as merged states. */
  assignments: () => Iterable<EntityState>;
}

/**
 * Assignment proposals are decided by the hub (DESIGN.md §2), or by the local store when no hub is
 * configured (standalone): offline proposals from several command
 * posts may ask for the same resource; the first the hub sees wins, the rest are rejected with a
 * reason the proposer is shown.
 */
export function decideProposal(role: Role, proposal: Record<string, unknown>, ctx: DecisionContext): Decision {
  const reject = (reason: string): Decision => ({ status: 'rejected', reason });
  if (!mayDispatch(role)) return reject(`The ${role} role may not dispatch; ask the duty officer to send this resource.`);
  const incidentId = String(proposal.incidentId);
  const incident = ctx.get('incident', incidentId);
  if (!incident || incident.deletedHlc) return reject(`Incident ${incidentId} is unknown to the provincial hub.`);
  if (incident.fields.status === 'closed') return reject(`Incident ${incidentId} is already closed.`);
  const kind = proposal.resourceKind === 'aircraft' ? 'aircraft' : 'unit';
  const resourceId = String(proposal.resourceId);
  const resource = ctx.get(kind, resourceId);
  if (!resource || resource.deletedHlc) return reject(`The ${kind} ${resourceId} is unknown to the provincial hub.`);
  if (kind === 'unit' && resource.fields.status === 'out_of_service') return reject(`Unit ${resourceId} is out of service.`);
  if (kind === 'aircraft' && resource.fields.status === 'maintenance') return reject(`Aircraft ${resourceId} is in maintenance.`);
  for (const a of ctx.assignments()) {
    const f = a.fields;
    if (a.deletedHlc || f.id === proposal.id || f.status !== 'accepted') continue;
    if (f.resourceKind !== proposal.resourceKind || f.resourceId !== resourceId) continue;
    const other = ctx.get('incident', String(f.incidentId));
    if (!other || other.deletedHlc || other.fields.status === 'closed') continue;
    const name = typeof resource.fields.name === 'string' ? `${resource.fields.name} (${resourceId})` : resourceId;
    return f.incidentId === incidentId
      ? reject(`${name} is already assigned to this incident (assignment ${String(f.id)}).`)
      : reject(`${name} is already assigned to open incident ${String(f.incidentId)} (assignment ${String(f.id)}); release it there first.`);
  }
  return { status: 'accepted', reason: null };
}
