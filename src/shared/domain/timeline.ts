import * as z from 'zod';
import { Id, Instant } from './primitives';
import { MINUTES_DATA, MINUTES_TEXT_KINDS, isMinutesKind } from './minutes';

/**
 * Who did something: a named person, their organisation and the role they act in. At the hub the
 * person is the token's (`token create --name --org --role`), stamped by the hub on every entry
 * whatever a client claims; a standalone desk uses the person who signed in for the shift
 * (值班签到). `hub` is the provincial hub itself (its decisions).
 */
export const PERSON_ROLES = ['admin', 'duty-officer', 'field-commander', 'viewer', 'hub'] as const;
export const Person = z
  .object({
    name: z.string().trim().min(1).max(100),
    org: z.string().trim().max(200).default(''),
    role: z.enum(PERSON_ROLES),
  })
  .strict();
export type Person = z.infer<typeof Person>;

/** The hub as the author of its own entries. */
export const HUB_PERSON: Person = { name: '省级平台', org: '', role: 'hub' };

/**
 * What an incident's timeline (处置日志) records. Entries are immutable: a correction is a new
 * entry (`correction`, naming the entry it corrects).
 * - reported, edited, status, level, figures (续报 of casualties/affected), note, correction;
 * - dispatch_proposed (with what the recommender saw), dispatch_decided (the hub's, or a standalone
 *   desk's decision), dispatch_released;
 * - order_acknowledged (接令: a person), device_received (the unit's device got the order),
 *   unit_status (出发 / 到达现场 / 返回 / 待命 / 不可用), position;
 * - report_initial / report_followup / report_final (初报 / 续报 / 终报 sent up the chain);
 * - alert_acknowledged;
 * - response_started / response_adjusted / response_ended (预案: the plan, the response level, its
 *   checklist), task_assigned (a checklist task's owner) and task_done;
 * - consult_decision / action_item / action_reassigned / action_done (会商纪要: a consultation's
 *   decisions and action items; their `data` is checked, src/shared/domain/minutes.ts).
 */
export const TIMELINE_KINDS = [
  'reported',
  'edited',
  'status',
  'level',
  'figures',
  'note',
  'correction',
  'dispatch_proposed',
  'dispatch_decided',
  'dispatch_released',
  'order_acknowledged',
  'device_received',
  'unit_status',
  'position',
  'report_initial',
  'report_followup',
  'report_final',
  'alert_acknowledged',
  'response_started',
  'response_adjusted',
  'response_ended',
  'task_assigned',
  'task_done',
  'consult_decision',
  'action_item',
  'action_reassigned',
  'action_done',
] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** Kinds only the hub (or, standalone, the desk deciding locally) writes. */
export const HUB_TIMELINE_KINDS: ReadonlySet<TimelineKind> = new Set(['dispatch_decided', 'device_received']);

/**
 * Kinds a field commander may add: what follows from the incident changes its role allows
 * (reports, edits, status, level, figures), notes and corrections, and its own unit's answers.
 * Dispatching and the reports up the chain (初报/续报/终报) are the duty officer's.
 */
export const FIELD_TIMELINE_KINDS: ReadonlySet<TimelineKind> = new Set([
  'reported',
  'edited',
  'status',
  'level',
  'figures',
  'note',
  'correction',
  'order_acknowledged',
  'unit_status',
  'position',
  'alert_acknowledged',
  // An action item of a consultation's minutes it owns (the fold ignores one it does not own).
  'action_done',
]);

/** Field-commander kinds that speak for a unit: only its own (the entry's `unitId`). */
export const UNIT_TIMELINE_KINDS: ReadonlySet<TimelineKind> = new Set([
  'order_acknowledged',
  'unit_status',
  'position',
]);

export const TimelineEntry = z
  .object({
    id: Id,
    incidentId: Id,
    kind: TimelineKind,
    /** When it happened (the writer's clock, corrected to the hub's when it was ahead). */
    at: Instant,
    by: Person,
    /** What a person wrote (a note, a reason, a summary); may be empty. */
    text: z.string().max(2000).default(''),
    /**
     * Details by kind, e.g. `{ from, to }` for a status or level, `{ casualties, affected }` for
     * figures, `{ assignmentId, resourceId, snapshot }` for a dispatch. JSON; whole entry ≤ 24 KiB.
     */
    data: z.record(z.string().max(64), z.unknown()).default({}),
    /** The entry this one corrects, for a correction. */
    corrects: Id.nullable().default(null),
    /** The unit concerned (unit status, an order acknowledged), so a unit's device can be checked. */
    unitId: Id.nullable().default(null),
  })
  .strict()
  .superRefine((e, ctx) => {
    // 会商纪要: the details of a decision or an action item are checked (other kinds' are free).
    if (!isMinutesKind(e.kind)) return;
    if (MINUTES_TEXT_KINDS.has(e.kind) && e.text.trim() === '')
      ctx.addIssue({ code: 'custom', path: ['text'], message: `a ${e.kind} needs its text` });
    const r = MINUTES_DATA[e.kind].safeParse(e.data);
    for (const issue of r.error?.issues ?? [])
      ctx.addIssue({ code: 'custom', path: ['data', ...issue.path.map(String)], message: issue.message });
  });
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export type TimelineEntryInput = z.input<typeof TimelineEntry>;
