import * as z from 'zod';
import { Id, Instant } from './primitives';

/**
 * An assignment of a resource (rescue unit or aircraft) to an incident.
 * `proposed` is the local state; the hub decides `accepted` or `rejected` (DESIGN.md §2).
 */
export const ASSIGNMENT_STATUSES = ['proposed', 'accepted', 'rejected', 'released'] as const;
export const AssignmentStatus = z.enum(ASSIGNMENT_STATUSES);
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;

/**
 * Why the hub (or, standalone, the local store) rejected a proposal: a stable code the UI
 * translates, with its parameters in `rejectionParams` (src/shared/sync/decide.ts).
 */
export const REJECTION_CODES = [
  'role_may_not_dispatch',
  'incident_unknown',
  'incident_closed',
  'resource_unknown',
  'unit_out_of_service',
  'aircraft_in_maintenance',
  'already_assigned_here',
  'already_assigned_elsewhere',
] as const;
export const RejectionCode = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof RejectionCode>;

export const ResourceKind = z.enum(['unit', 'aircraft']);
export type ResourceKind = z.infer<typeof ResourceKind>;

export const Assignment = z
  .object({
    id: Id,
    incidentId: Id,
    resourceKind: ResourceKind,
    resourceId: Id,
    status: AssignmentStatus,
    /** Estimated time of arrival at proposal, minutes. */
    etaMinutes: z.number().min(0).nullable().default(null),
    note: z.string().max(1000).default(''),
    /** The order as the duty officer wrote it for the unit (任务). */
    task: z.string().max(1000).default(''),
    /** Where to report (集结点), in words. */
    rendezvous: z.string().max(200).default(''),
    /** Whom to contact on arrival, with a phone number (联系人). */
    contact: z.string().max(200).default(''),
    proposedBy: z.string().max(100).default(''),
    proposedAt: Instant,
    decidedAt: Instant.nullable().default(null),
    /** Why the hub rejected it, in English (logs, other clients); the UI shows the code translated. */
    rejectionReason: z.string().max(1000).nullable().default(null),
    rejectionCode: RejectionCode.nullable().default(null),
    /** Values for the code's message: ids and names, e.g. `{ resource, incident, assignment }`. */
    rejectionParams: z.record(z.string().max(32), z.string().max(200)).nullable().default(null),
  })
  .strict();
export type Assignment = z.infer<typeof Assignment>;
export type AssignmentInput = z.input<typeof Assignment>;
