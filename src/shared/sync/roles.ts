import type { Op } from './ops';

/**
 * Who may write what, enforced by the hub whatever a client sends (DESIGN.md §2, issue 4).
 * - viewer: reads only;
 * - field-commander: reports and updates incidents, updates units and their tracks, sends receipts;
 * - duty-officer: everything a field commander does, plus dispatching (assignment proposals and
 *   releases) and reference data (bases, aircraft, depots);
 * - admin: everything.
 */
export const ROLES = ['admin', 'duty-officer', 'field-commander', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

/** Roles whose assignment proposals the hub may accept. */
export function mayDispatch(role: Role): boolean {
  return role === 'admin' || role === 'duty-officer';
}

/** Assignment fields only the hub's decision writes. */
const DECISION_FIELDS = ['decidedAt', 'rejectionReason', 'rejectionCode', 'rejectionParams'] as const;

/**
 * Null when `role` may submit `op`; otherwise why not. Proposals from a role that may not
 * dispatch are logged and then rejected by the hub's decision (so the proposer sees why),
 * so `propose` passes here for every role that may write at all.
 */
export function forbiddenReason(role: Role, op: Pick<Op, 'entity' | 'kind' | 'fields'>): string | null {
  if (role === 'viewer') return 'the viewer role is read-only';
  if (role === 'admin') return null;
  const { entity, kind } = op;
  if (kind === 'receipt') return entity === 'assignment' ? null : 'receipts are only for assignments';
  if (kind === 'propose') return entity === 'assignment' ? null : 'only assignments can be proposed';
  if (entity === 'incident') return kind === 'delete' && role !== 'duty-officer' ? `${role} may not delete incidents` : null;
  if (entity === 'unit') return kind === 'delete' && role !== 'duty-officer' ? `${role} may not delete units` : null;
  if (entity === 'assignment') {
    if (role !== 'duty-officer') return `${role} may not change assignments; the duty officer dispatches`;
    if (kind !== 'upsert') return 'assignments are proposed, then released; they are not deleted';
    const status = op.fields.status;
    if (status !== undefined && status !== 'released') return 'an assignment can only be released; the hub decides acceptance';
    const decided = DECISION_FIELDS.find((f) => f in op.fields);
    if (decided) return `${decided} is written by the hub when it decides`;
    return null;
  }
  // base, aircraft, depot: reference data.
  return role === 'duty-officer' ? null : `${role} may not change ${entity} records`;
}
