import type { Assignment, RejectionCode } from '../domain/assignment';
import { mayDispatch, type Role } from './roles';
import type { EntityState } from './merge';

export interface Decision {
  status: 'accepted' | 'rejected';
  /** Stable code for the UI to translate (null when accepted). */
  code: RejectionCode | null;
  /** The code's parameters (ids and names). */
  params: Record<string, string> | null;
  /** The same in English, for logs and for clients that do not know the code. */
  reason: string | null;
}

export interface DecisionContext {
  get: (entity: 'incident' | 'unit' | 'aircraft', id: string) => EntityState | null;
  /** Every assignment the hub knows, as merged states. */
  assignments: () => Iterable<EntityState>;
}

/** The English text of a rejection (the renderer has its own catalogues for the codes). */
export function rejectionText(code: RejectionCode, p: Record<string, string>): string {
  switch (code) {
    case 'role_may_not_dispatch':
      return `The ${p.role} role may not dispatch; ask the duty officer to send this resource.`;
    case 'incident_unknown':
      return `Incident ${p.incident} is unknown to the provincial hub.`;
    case 'incident_closed':
      return `Incident ${p.incident} is already closed.`;
    case 'resource_unknown':
      return `The ${p.kind} ${p.resource} is unknown to the provincial hub.`;
    case 'unit_out_of_service':
      return `Unit ${p.resource} is out of service.`;
    case 'aircraft_in_maintenance':
      return `Aircraft ${p.resource} is in maintenance.`;
    case 'already_assigned_here':
      return `${p.resource} is already assigned to this incident (assignment ${p.assignment}).`;
    case 'already_assigned_elsewhere':
      return `${p.resource} is already assigned to open incident ${p.incident} (assignment ${p.assignment}); release it there first.`;
  }
}

/**
 * Assignment proposals are decided by the hub (DESIGN.md §2), or by the local store when no hub is
 * configured (standalone): offline proposals from several command
 * posts may ask for the same resource; the first the hub sees wins, the rest are rejected with a
 * reason the proposer is shown.
 */
export function decideProposal(
  role: Role,
  proposal: Record<string, unknown>,
  ctx: DecisionContext,
): Decision {
  const reject = (code: RejectionCode, params: Record<string, string>): Decision => ({
    status: 'rejected',
    code,
    params,
    reason: rejectionText(code, params),
  });
  if (!mayDispatch(role)) return reject('role_may_not_dispatch', { role });
  const incidentId = String(proposal.incidentId);
  const incident = ctx.get('incident', incidentId);
  if (!incident || incident.deletedHlc) return reject('incident_unknown', { incident: incidentId });
  if (incident.fields.status === 'closed') return reject('incident_closed', { incident: incidentId });
  const kind = proposal.resourceKind === 'aircraft' ? 'aircraft' : 'unit';
  const resourceId = String(proposal.resourceId);
  const resource = ctx.get(kind, resourceId);
  if (!resource || resource.deletedHlc) return reject('resource_unknown', { kind, resource: resourceId });
  if (kind === 'unit' && resource.fields.status === 'out_of_service')
    return reject('unit_out_of_service', { resource: resourceId });
  if (kind === 'aircraft' && resource.fields.status === 'maintenance')
    return reject('aircraft_in_maintenance', { resource: resourceId });
  for (const a of ctx.assignments()) {
    const f = a.fields;
    if (a.deletedHlc || f.id === proposal.id || f.status !== 'accepted') continue;
    if (f.resourceKind !== proposal.resourceKind || f.resourceId !== resourceId) continue;
    const other = ctx.get('incident', String(f.incidentId));
    if (!other || other.deletedHlc || other.fields.status === 'closed') continue;
    const name =
      typeof resource.fields.name === 'string' ? `${resource.fields.name} (${resourceId})` : resourceId;
    return f.incidentId === incidentId
      ? reject('already_assigned_here', { resource: name, assignment: String(f.id) })
      : reject('already_assigned_elsewhere', {
          resource: name,
          incident: String(f.incidentId),
          assignment: String(f.id),
        });
  }
  return { status: 'accepted', code: null, params: null, reason: null };
}

/** The fields of an assignment that record a decision (the hub's decision op carries exactly these). */
export function decisionFields(
  d: Decision,
  decidedAt: string,
): Pick<Assignment, 'status' | 'decidedAt' | 'rejectionReason' | 'rejectionCode' | 'rejectionParams'> {
  return {
    status: d.status,
    decidedAt,
    rejectionReason: d.reason,
    rejectionCode: d.code,
    rejectionParams: d.params,
  };
}

/**
 * What an accepted assignment does to its resource: an available (or returning) unit is now
 * dispatched, an available aircraft committed. Null: leave the status as it is (a unit already
 * on scene, an aircraft already flying). Applied by whoever decided, in the same transaction.
 */
export function resourceStatusOnAccept(kind: 'unit', status: unknown): 'dispatched' | null;
export function resourceStatusOnAccept(kind: 'aircraft', status: unknown): 'committed' | null;
export function resourceStatusOnAccept(
  kind: 'unit' | 'aircraft',
  status: unknown,
): 'dispatched' | 'committed' | null;
export function resourceStatusOnAccept(
  kind: 'unit' | 'aircraft',
  status: unknown,
): 'dispatched' | 'committed' | null {
  if (kind === 'unit') return status === 'available' || status === 'returning' ? 'dispatched' : null;
  return status === 'available' ? 'committed' : null;
}

/**
 * What releasing an accepted assignment does to its resource: a unit that had not left is
 * available again, one on the road or on scene is returning; a committed aircraft is available.
 * Null: leave the status as it is (someone already changed it).
 */
export function resourceStatusOnRelease(kind: 'unit', status: unknown): 'available' | 'returning' | null;
export function resourceStatusOnRelease(kind: 'aircraft', status: unknown): 'available' | null;
export function resourceStatusOnRelease(
  kind: 'unit' | 'aircraft',
  status: unknown,
): 'available' | 'returning' | null {
  if (kind === 'aircraft') return status === 'committed' ? 'available' : null;
  if (status === 'dispatched') return 'available';
  return status === 'en_route' || status === 'on_scene' ? 'returning' : null;
}
