import { z } from 'zod';
import { Id, Instant } from './primitives';

/**
 * An assignment of a resource (rescue unit or aircraft) to an incident.
 * `proposed` is the local state; the hub decides `accepted` or `rejected` (DESIGN.md §2).
 */
export const ASSIGNMENT_STATUSES = ['proposed', 'accepted', 'rejected', 'released'] as const;
export const AssignmentStatus = z.enum(ASSIGNMENT_STATUSES);
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;

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
    proposedBy: z.string().max(100).default(''),
    proposedAt: Instant,
    decidedAt: Instant.nullable().default(null),
    /** Why the hub rejected it, shown to the proposer. */
    rejectionReason: z.string().max(1000).nullable().default(null),
  })
  .strict();
export type Assignment = z.infer<typeof Assignment>;
export type AssignmentInput = z.input<typeof Assignment>;
