import * as z from 'zod';
import {
  DutyDate,
  DutyLogEntry,
  DutyShift,
  HandoverItems,
  Id,
  Instant,
  ResponseLevel,
  ResponsePlan,
  RosterPerson,
  WRITABLE_DUTY_LOG_KINDS,
} from '../domain';
import type { HandoverView, ResponseState } from '../desk';

const HandoverViewSchema = z.custom<HandoverView>();
const ResponseStateSchema = z.custom<ResponseState>();
const Reason = z.string().max(2000);

/**
 * The duty shift (roster, duty log, handover) and response plans (预案) channels of the contract
 * (docs/duty-desk.md §Duty shift, §Response plans). Every command is by the person on duty.
 */
export const shiftChannels = {
  /** The roster from one duty day to another (inclusive, at most 62 days). */
  'roster:list': {
    request: z.object({ from: DutyDate, to: DutyDate }).strict(),
    response: z.array(DutyShift),
  },
  /** Put a day on the roster or replace it; times default to the configured shift change, 24 h. */
  'roster:save': {
    request: z
      .object({
        date: DutyDate,
        leader: RosterPerson,
        officers: z.array(RosterPerson).min(1).max(12),
        note: z.string().max(500).optional(),
        start: Instant.optional(),
        end: Instant.optional(),
      })
      .strict(),
    response: DutyShift,
  },
  /** Duty-log entries from–to (at most 31 days), oldest first. */
  'dutyLog:list': {
    request: z.object({ from: Instant, to: Instant }).strict(),
    response: z.array(DutyLogEntry),
  },
  'dutyLog:add': {
    request: z
      .object({
        kind: z.enum(WRITABLE_DUTY_LOG_KINDS),
        text: z.string().max(2000),
        incidentId: Id.nullable().optional(),
      })
      .strict(),
    response: DutyLogEntry,
  },
  'dutyLog:correct': {
    request: z.object({ entryId: Id, text: z.string().max(2000) }).strict(),
    response: DutyLogEntry,
  },
  /** The shift now and the next one, and what the shift leaves open (the handover's preview). */
  'handover:prepare': {
    request: z.object({}).strict(),
    response: z.object({
      shift: z.object({ date: DutyDate, from: Instant, to: Instant, roster: DutyShift.nullable() }),
      next: z.object({ date: DutyDate, from: Instant, to: Instant, roster: DutyShift.nullable() }),
      items: HandoverItems,
    }),
  },
  /** 交班: the outgoing officer signs (the items are gathered again at signing). */
  'handover:sign': {
    request: z
      .object({ toName: z.string().max(100).optional(), remarks: z.string().max(2000).optional() })
      .strict(),
    response: HandoverViewSchema,
  },
  /** 接班: the incoming officer accepts (signs) a handover. */
  'handover:accept': {
    request: z.object({ handoverId: Id, text: z.string().max(2000).optional() }).strict(),
    response: HandoverViewSchema,
  },
  'handover:list': {
    request: z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(),
    response: z.array(HandoverViewSchema),
  },
  /** The plan library in the store. */
  'plans:list': { request: z.object({}).strict(), response: z.array(ResponsePlan) },
  /**
   * Import a plan library: a JSON file's text (at most 2 MB), validated whole before anything is
   * stored; or the demo set shipped with Jinying (marked demo).
   */
  'plans:import': {
    request: z.union([
      z.object({ text: z.string().max(2_000_000) }).strict(),
      z.object({ demo: z.literal(true) }).strict(),
    ]),
    response: z.object({
      library: z.string(),
      demo: z.boolean(),
      plans: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  },
  'response:get': { request: z.object({ incidentId: Id }).strict(), response: ResponseStateSchema },
  'response:start': {
    request: z
      .object({ incidentId: Id, planId: Id, level: ResponseLevel.optional(), reason: Reason })
      .strict(),
    response: ResponseStateSchema,
  },
  'response:adjust': {
    request: z.object({ incidentId: Id, level: ResponseLevel, reason: Reason }).strict(),
    response: ResponseStateSchema,
  },
  'response:end': {
    request: z.object({ incidentId: Id, reason: Reason }).strict(),
    response: ResponseStateSchema,
  },
  'response:assignTask': {
    request: z.object({ incidentId: Id, taskId: z.string().max(40), owner: z.string().max(100) }).strict(),
    response: ResponseStateSchema,
  },
  'response:completeTask': {
    request: z
      .object({ incidentId: Id, taskId: z.string().max(40), note: z.string().max(2000).optional() })
      .strict(),
    response: ResponseStateSchema,
  },
} as const;
