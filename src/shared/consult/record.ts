import * as z from 'zod';
import { Id, Instant } from '../domain/primitives';
import { Person } from '../domain/timeline';

/**
 * 调度会商: a consultation session on an incident (docs/consultation.md). The record is durable and
 * replicated (entity `consultation`): who opened it, whom it invites (people by name, or every
 * holder of a role), and when it ended. The media (rooms, credentials, who is connected) is the
 * hub's and never replicates.
 */
export const CONSULT_ROLES = ['admin', 'duty-officer', 'field-commander', 'viewer'] as const;

export const ConsultInvitee = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('person'),
      name: z.string().trim().min(1).max(100),
      /** Empty: anyone of that name. */
      org: z.string().trim().max(200).default(''),
    })
    .strict(),
  z.object({ kind: z.literal('role'), role: z.enum(CONSULT_ROLES) }).strict(),
]);
export type ConsultInvitee = z.infer<typeof ConsultInvitee>;

export const CONSULT_STATUSES = ['open', 'ended'] as const;

export const Consultation = z
  .object({
    id: Id,
    incidentId: Id,
    title: z.string().trim().min(1).max(200),
    status: z.enum(CONSULT_STATUSES),
    invitees: z.array(ConsultInvitee).min(1).max(50),
    /** Who opened it (the person signed in at the opening desk). */
    openedBy: Person,
    openedAt: Instant,
    endedAt: Instant.nullable().default(null),
    /** Who wrote this version (opened or ended it): at the hub, the token's person. */
    by: Person,
    at: Instant,
  })
  .strict();
export type Consultation = z.infer<typeof Consultation>;

/** Someone as the hub knows them from their token. */
export interface ConsultPerson {
  name: string;
  org: string;
  role: string;
}

/** Whether `who` may join: the opener, a person invited by name (and organisation, when given), or a holder of an invited role. */
export function isInvited(c: Pick<Consultation, 'invitees' | 'openedBy'>, who: ConsultPerson): boolean {
  if (c.openedBy.name === who.name && (c.openedBy.org === '' || c.openedBy.org === who.org)) return true;
  return c.invitees.some((i) =>
    i.kind === 'role' ? i.role === who.role : i.name === who.name && (i.org === '' || i.org === who.org),
  );
}

/** Only duty officers and admins open and end consultations; records are ended, never deleted. */
export function consultationForbidden(role: string, kind: string): string | null {
  if (role !== 'duty-officer' && role !== 'admin') return `${role} may not open or end consultations`;
  return kind === 'upsert' ? null : 'a consultation is ended, never deleted';
}

/**
 * 专家库: the expert directory used when inviting (docs/consultation.md §Expert directory). A
 * replicated record per expert, edited by duty officers and admins; never deleted (one who leaves
 * is marked unavailable, and the op log keeps every version).
 * Inviting an expert invites the person by name and organisation: they join with their own hub
 * token, issued for that name and organisation.
 */
export const EXPERT_AVAILABILITY = ['available', 'busy', 'unavailable'] as const;

export const Expert = z
  .object({
    id: Id,
    name: z.string().trim().min(1).max(100),
    speciality: z.string().trim().min(1).max(200),
    /** City or county they cover, as people say it (太原市, 晋中市榆次区). */
    region: z.string().trim().max(100).default(''),
    org: z.string().trim().max(200).default(''),
    /** Phone or other contact inside the provincial network. */
    contact: z.string().trim().max(100).default(''),
    availability: z.enum(EXPERT_AVAILABILITY),
    note: z.string().trim().max(500).default(''),
    /** Who last edited it: at the hub, the token's person. */
    by: Person,
    at: Instant,
  })
  .strict();
export type Expert = z.infer<typeof Expert>;

export function expertForbidden(role: string, kind: string): string | null {
  if (role !== 'duty-officer' && role !== 'admin') return `${role} may not edit the expert directory`;
  return kind === 'upsert' ? null : 'an expert is edited (marked unavailable), never deleted';
}
