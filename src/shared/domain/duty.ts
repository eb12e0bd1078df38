import * as z from 'zod';
import { Id, Instant } from './primitives';
import { DutyDate } from './zeroReport';
import { ResponseLevel } from './hazard';
import { IncidentStatus } from './incident';
import { Person } from './timeline';

/**
 * The duty shift (24小时值班, docs/duty-desk.md §Duty shift): the roster says who is on duty and who
 * leads it (领导带班); the duty log (值班日志) is the shift's immutable record of what was done, by
 * named people; the handover (交接班) gathers what the shift leaves open and is signed by the
 * outgoing officer, then accepted (signed) by the incoming one in the duty log.
 */

/** A person on the roster: name and organisation (the role is the desk's). */
export const RosterPerson = z
  .object({
    name: z.string().trim().min(1).max(100),
    org: z.string().trim().max(200).default(''),
    phone: z.string().trim().max(40).default(''),
  })
  .strict();
export type RosterPerson = z.infer<typeof RosterPerson>;

/**
 * One shift of the roster (值班表): the duty day it starts on (China Standard Time), its start and end,
 * the leader on duty and the officers. One record per duty day (`shift-<date>`); editing the roster
 * replaces it, and the op log keeps every version.
 */
export const DutyShift = z
  .object({
    id: Id,
    date: DutyDate,
    start: Instant,
    end: Instant,
    /** 带班领导. */
    leader: RosterPerson,
    /** 值班员: at least one. */
    officers: z.array(RosterPerson).min(1).max(12),
    note: z.string().max(500).default(''),
    /** Who last edited this shift of the roster: at the hub, the token's person. */
    by: Person,
    at: Instant,
  })
  .strict()
  .refine((s) => Date.parse(s.end) > Date.parse(s.start), {
    message: 'a shift ends after it starts',
    path: ['end'],
  })
  .refine((s) => s.id === dutyShiftId(s.date), { message: 'id must be shift-<date>', path: ['id'] });
export type DutyShift = z.infer<typeof DutyShift>;

export function dutyShiftId(date: string): string {
  return `shift-${date}`;
}

/**
 * What a duty-log entry records: a note (情况记录), a call received or made (来电 / 去电), an
 * instruction from a leader (领导批示), the shift's start (接班), the handover signed by the outgoing
 * officer (交班) and accepted by the incoming one (接班签字), and a correction of an earlier entry.
 */
export const DUTY_LOG_KINDS = [
  'note',
  'call_in',
  'call_out',
  'instruction',
  'handover_signed',
  'handover_accepted',
  'correction',
] as const;
export const DutyLogKind = z.enum(DUTY_LOG_KINDS);
export type DutyLogKind = z.infer<typeof DutyLogKind>;

/** Kinds a person writes in the log's form; the handover kinds are written by the handover commands. */
export const WRITABLE_DUTY_LOG_KINDS = ['note', 'call_in', 'call_out', 'instruction'] as const;

/** An entry of the duty log: immutable once written (a correction is a new entry naming the old). */
export const DutyLogEntry = z
  .object({
    id: Id,
    kind: DutyLogKind,
    at: Instant,
    /** Who wrote it: at the hub, the token's person, whatever the client claims. */
    by: Person,
    text: z.string().max(2000).default(''),
    /** The incident it concerns, if any. */
    incidentId: Id.nullable().default(null),
    /** The handover it signs (handover_signed / handover_accepted). */
    handoverId: Id.nullable().default(null),
    /** The entry it corrects (correction). */
    corrects: Id.nullable().default(null),
  })
  .strict()
  .refine((e) => (e.kind === 'correction') === (e.corrects !== null), {
    message: 'a correction names the entry it corrects, and only a correction does',
    path: ['corrects'],
  })
  .refine((e) => e.kind.startsWith('handover_') === (e.handoverId !== null), {
    message: 'handover entries name their handover, and only they do',
    path: ['handoverId'],
  });
export type DutyLogEntry = z.infer<typeof DutyLogEntry>;

/** An open incident as the handover lists it, with its next reporting deadline. */
const HandoverIncident = z
  .object({
    id: Id,
    title: z.string().max(200),
    level: ResponseLevel,
    status: IncidentStatus,
    /** The next reporting deadline not yet met (初报 / 重大 / 续报 / 终报), if any. */
    nextDeadline: z
      .object({ kind: z.string().max(20), dueAt: Instant, overdue: z.boolean() })
      .strict()
      .nullable(),
    /** The response started on it (预案), if any. */
    response: z.string().max(200).nullable().default(null),
  })
  .strict();

const HandoverAlert = z
  .object({
    id: z.string().max(200),
    kind: z.string().max(40),
    incidentId: Id.nullable(),
    title: z.string().max(300),
    since: Instant,
  })
  .strict();

const HandoverDispatch = z
  .object({
    assignmentId: Id,
    incidentId: Id,
    incidentTitle: z.string().max(200),
    resource: z.string().max(200),
    /** proposed: awaiting the hub's decision; unacknowledged: accepted, no 接令 yet. */
    state: z.enum(['proposed', 'unacknowledged']),
    since: Instant,
  })
  .strict();

const HandoverDepot = z
  .object({
    depotId: Id,
    depotName: z.string().max(200),
    item: z.string().max(40),
    quantity: z.number().int().min(0),
    minimum: z.number().int().min(0),
    unit: z.string().max(20),
  })
  .strict();

/** An action item of a consultation's minutes not done yet (会商待办, docs/consultation.md §Minutes). */
const HandoverAction = z
  .object({
    actionId: Id,
    incidentId: Id,
    incidentTitle: z.string().max(200),
    text: z.string().max(300),
    /** 王芳（吕梁市应急局）. */
    owner: z.string().max(300),
    deadline: Instant,
    overdue: z.boolean(),
  })
  .strict();

/** What a shift leaves open, gathered when the handover is prepared and again when it is signed. */
export const HandoverItems = z
  .object({
    incidents: z.array(HandoverIncident).max(2000),
    alerts: z.array(HandoverAlert).max(2000),
    dispatches: z.array(HandoverDispatch).max(2000),
    depots: z.array(HandoverDepot).max(2000),
    /** Absent from handovers signed before minutes were kept. */
    actions: z.array(HandoverAction).max(2000).default([]),
  })
  .strict();
export type HandoverItems = z.infer<typeof HandoverItems>;

/**
 * 交接班: the outgoing officer's signed handover, immutable once written. `by`/`at` are the outgoing
 * officer's signature; the incoming officer accepts it with a `handover_accepted` duty-log entry.
 */
export const Handover = z
  .object({
    id: Id,
    /** The shift handed over (its roster record), if the roster has one. */
    shiftId: Id.nullable(),
    /** The window the shift covered. */
    from: Instant,
    to: Instant,
    /** Whom it is handed to, as the roster or the outgoing officer names them. */
    toName: z.string().trim().max(100).default(''),
    /** The outgoing officer's remarks (交班说明). */
    remarks: z.string().max(2000).default(''),
    items: HandoverItems,
    /** The outgoing officer (at the hub, the token's person) and when they signed. */
    by: Person,
    at: Instant,
  })
  .strict();
export type Handover = z.infer<typeof Handover>;
