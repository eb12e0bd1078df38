import {
  FIELD_TIMELINE_KINDS,
  HUB_TIMELINE_KINDS,
  UNIT_TIMELINE_KINDS,
  type TimelineKind,
} from '../domain/timeline';
import type { Op } from './ops';
import { consultationForbidden, expertForbidden } from '../consult/record';
import { annotationForbidden } from '../annotations/record';

/**
 * Who may write what, enforced by the hub whatever a client sends (docs/sync-protocol.md §1).
 * - viewer: reads only;
 * - field-commander: reports and updates incidents; on units, only its own unit (the token's
 *   unit): its status and position, never its name or kind, never a new unit;
 * - duty-officer: incidents and units, dispatch (proposals and releases), reference data
 *   (bases, aircraft, depots);
 * - admin: everything a duty officer may.
 * Decisions are the hub's alone, for every role: no client writes an assignment's decision
 * fields or a status other than `released`.
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

/** Assignment fields a client may upsert on an existing assignment (the release, and its note). */
const RELEASE_FIELDS = new Set(['id', 'status', 'note']);

/** Unit fields a field commander may change on its own unit. */
const OWN_UNIT_FIELDS = new Set(['id', 'status', 'position', 'positionFixAt']);

/** The writer as the hub knows it from the verified token. */
export interface WriterScope {
  role: Role;
  /** The unit the token is bound to (`token create --unit`), or null. */
  unitId: string | null;
}

/**
 * Null when `writer` may submit `op`; otherwise why not (an English sentence for the FORBIDDEN
 * rejection). `exists`: the hub holds a live record for the op's entity. Proposals from a role
 * that may not dispatch are logged and then rejected by the hub's decision (so the proposer sees
 * why), so `propose` passes here for every role that may write at all. Rules that depend on the
 * record's state (release only an accepted assignment, receipts only from the assigned unit's
 * device) are the hub's, next to this check.
 */
export function forbiddenReason(
  writer: WriterScope | Role,
  op: Pick<Op, 'entity' | 'entityId' | 'kind' | 'fields'>,
  exists = true,
): string | null {
  const { role, unitId } = typeof writer === 'string' ? { role: writer, unitId: null } : writer;
  if (role === 'viewer') return 'the viewer role is read-only';
  const { entity, kind } = op;
  if (kind === 'receipt') return entity === 'assignment' ? null : 'receipts are only for assignments';
  if (kind === 'propose') return entity === 'assignment' ? null : 'only assignments can be proposed';
  if (entity === 'assignment') return assignmentForbidden(role, op, exists);
  if (entity === 'timeline') return timelineForbidden(role, unitId, op, exists);
  if (entity === 'zero_report') {
    // 零报告: a city's duty desk (or an admin) confirms; a later confirmation replaces it.
    if (!mayDispatch(role)) return `${role} may not confirm zero reports; the duty officer does`;
    return kind === 'upsert' ? null : 'a zero report is confirmed again, never deleted';
  }
  if (entity === 'consultation') return consultationForbidden(role, kind);
  if (entity === 'expert') return expertForbidden(role, kind);
  if (entity === 'annotation') return annotationForbidden(role, kind);
  const desk = deskRecordForbidden(role, op, exists);
  if (desk !== undefined) return desk;
  if (role === 'admin') return null;
  if (entity === 'incident')
    return kind === 'delete' && role !== 'duty-officer' ? `${role} may not delete incidents` : null;
  if (entity === 'unit') return role === 'duty-officer' ? null : ownUnitForbidden(unitId, op, exists);
  // base, aircraft, depot: reference data.
  return role === 'duty-officer' ? null : `${role} may not change ${entity} records`;
}

function assignmentForbidden(role: Role, op: Pick<Op, 'kind' | 'fields'>, exists: boolean): string | null {
  if (!mayDispatch(role)) return `${role} may not change assignments; the duty officer dispatches`;
  if (op.kind !== 'upsert') return 'assignments are proposed, then released; they are not deleted';
  if (!exists) return 'an assignment is created by proposing it, not by an upsert';
  const status = op.fields.status;
  if (status !== undefined && status !== 'released')
    return 'an assignment can only be released; the hub decides acceptance';
  const other = Object.keys(op.fields).find((f) => !RELEASE_FIELDS.has(f));
  if (other)
    return `assignment field ${other.slice(0, 64)} is written by the hub when it decides, or only when proposing`;
  return null;
}

/**
 * Timeline entries are created, never changed or deleted (a correction is a new entry). The hub's
 * own kinds (decisions, device receipts) are the hub's; a field commander adds what its incident
 * changes imply, notes, and the answers of its own unit (FIELD_TIMELINE_KINDS).
 */
function timelineForbidden(
  role: Role,
  unitId: string | null,
  op: Pick<Op, 'kind' | 'fields'>,
  exists: boolean,
): string | null {
  if (op.kind !== 'upsert') return 'timeline entries are added, never deleted';
  if (exists) return 'timeline entries are immutable; add a correction instead';
  const kind = op.fields.kind as TimelineKind;
  if (HUB_TIMELINE_KINDS.has(kind))
    return `timeline entries of kind ${String(kind).slice(0, 64)} are written by the hub`;
  if (role !== 'field-commander') return null;
  if (!FIELD_TIMELINE_KINDS.has(kind))
    return `field-commander may not add timeline entries of kind ${String(kind).slice(0, 64)}`;
  if (UNIT_TIMELINE_KINDS.has(kind) && (unitId === null || op.fields.unitId !== unitId)) {
    return `field-commander${unitId ? ` of unit ${unitId}` : ''} may report only for its own unit`;
  }
  return null;
}

function ownUnitForbidden(
  unitId: string | null,
  op: Pick<Op, 'entityId' | 'kind' | 'fields'>,
  exists: boolean,
): string | null {
  if (unitId === null) return 'field-commander tokens not bound to a unit may not change units';
  if (op.entityId !== unitId)
    return `field-commander of unit ${unitId} may change only that unit, not ${op.entityId.slice(0, 64)}`;
  if (op.kind === 'delete') return 'field-commander may not delete units';
  if (op.kind === 'track') return null;
  if (!exists) return 'field-commander may not create units';
  const other = Object.keys(op.fields).find((f) => !OWN_UNIT_FIELDS.has(f));
  return other
    ? `field-commander may change only the status and position of its unit, not ${other.slice(0, 64)}`
    : null;
}

/**
 * The duty desk's own records (docs/duty-desk.md §Duty shift, §Response plans): written by duty
 * officers and admins only. The duty log and handovers are immutable once written (a correction is
 * a new entry); a roster day and a plan are replaced by a newer version, and the op log keeps every
 * one. Undefined: not a desk record.
 */
function deskRecordForbidden(
  role: Role,
  op: Pick<Op, 'entity' | 'kind'>,
  exists: boolean,
): string | null | undefined {
  const what = {
    duty_shift: 'the duty roster',
    duty_log: 'the duty log',
    handover: 'handovers',
    response_plan: 'response plans',
    warning: 'warnings',
    warning_action: 'warning approvals, issues and cancellations',
  }[op.entity as string];
  if (what === undefined) return undefined;
  if (!mayDispatch(role)) return `${role} may not write ${what}; the duty officer does`;
  if (op.entity === 'duty_log' || op.entity === 'handover' || op.entity === 'warning_action') {
    if (op.kind !== 'upsert') return `${what} entries are added, never deleted`;
    return exists ? `${what} entries are immutable once signed; add a correction instead` : null;
  }
  return op.kind === 'upsert' || op.kind === 'delete' ? null : `${op.kind} does not apply to ${what}`;
}
