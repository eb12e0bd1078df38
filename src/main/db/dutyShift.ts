import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  DutyLogEntry,
  DutyShift,
  Handover,
  MINUTES_KINDS,
  dutyShiftId,
  type DutyLogKind,
  type HandoverItems,
  type Person,
  type RosterPerson,
} from '../../shared/domain';
import {
  gatherHandoverItems,
  handoverView,
  samePerson,
  shiftStart,
  type DeskConfig,
  type HandoverView,
} from '../../shared/desk';
import { OP_PRIORITY } from '../../shared/sync';
import { CodedError } from '../../shared/ipc/errors';
import { firstIssue } from '../../shared/util/issues';
import { recordLocalOp, type StoreContext } from './context';
import { currentPerson, deskNow } from './desk';
import { getPicture } from './commands';
import { putRecord } from './repositories/records';
import { listNotices } from './repositories/syncState';
import { listTimelineOfIncidents, listTimelineOfKinds } from './repositories/timeline';
import {
  dutyLogTable,
  dutyShiftTable,
  getDutyLogEntry,
  getHandover,
  handoverTable,
  listDutyLog,
  listDutyShifts,
  listHandovers,
  listHandoverSignatures,
} from './repositories/duty';

/**
 * The duty shift's commands (docs/duty-desk.md §Duty shift): the roster, the duty log and the
 * handover. Each writes its record and its sync op in one transaction, by the person on duty.
 */

function requirePerson(ctx: StoreContext, what: string): Person {
  const p = currentPerson(ctx);
  if (!p)
    throw new CodedError(
      'SIGN_IN_REQUIRED',
      `Nobody is signed in on this desk. Sign in for the shift (值班签到), then ${what} again.`,
    );
  return p;
}

function parseOr<S extends z.ZodType>(schema: S, value: unknown, what: string, fallback: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const { path: field, message } = firstIssue(r.error, fallback);
  throw new CodedError('INVALID', `${what}: ${field} ${message}.`, { field, path: field });
}

export interface ShiftInput {
  date: string;
  leader: RosterPerson;
  officers: RosterPerson[];
  note?: string;
  /** Start and end; default: the configured change time of the day, for 24 hours. */
  start?: string;
  end?: string;
}

/** Put a day on the roster (值班表), or replace it. */
export function saveDutyShift(ctx: StoreContext, input: ShiftInput, shiftChange: string): DutyShift {
  const by = requirePerson(ctx, 'save the roster');
  const start = input.start ?? new Date(shiftStart(input.date, shiftChange)).toISOString();
  const end = input.end ?? new Date(Date.parse(start) + 86_400_000).toISOString();
  const record = parseOr(
    DutyShift,
    {
      id: dutyShiftId(input.date),
      date: input.date,
      start,
      end,
      leader: input.leader,
      officers: input.officers,
      note: input.note ?? '',
      by,
      at: deskNow(ctx),
    },
    'Roster',
    'date',
  );
  return ctx.db.transaction(() => {
    const stored = putRecord(ctx.db, dutyShiftTable, record);
    recordLocalOp(ctx, 'duty_shift', stored.id, 'upsert', { ...stored }, OP_PRIORITY.descriptive);
    return stored;
  })();
}

/** The roster from one duty day to another (inclusive). */
export const rosterOf = (ctx: StoreContext, from: string, to: string) => listDutyShifts(ctx.db, from, to);

interface LogDraft {
  kind: DutyLogKind;
  text: string;
  incidentId?: string | null;
  handoverId?: string | null;
  corrects?: string | null;
}

function writeLog(ctx: StoreContext, by: Person, draft: LogDraft): DutyLogEntry {
  const entry = parseOr(
    DutyLogEntry,
    {
      id: `dl-${randomUUID()}`,
      kind: draft.kind,
      at: deskNow(ctx),
      by,
      text: draft.text,
      incidentId: draft.incidentId ?? null,
      handoverId: draft.handoverId ?? null,
      corrects: draft.corrects ?? null,
    },
    'Duty log',
    'text',
  );
  const stored = putRecord(ctx.db, dutyLogTable, entry);
  recordLocalOp(ctx, 'duty_log', stored.id, 'upsert', { ...stored }, OP_PRIORITY.descriptive);
  return stored;
}

/** Write an entry in the duty log (值班日志): a note, a call, an instruction. */
export function addDutyLog(
  ctx: StoreContext,
  input: { kind: 'note' | 'call_in' | 'call_out' | 'instruction'; text: string; incidentId?: string | null },
): DutyLogEntry {
  const by = requirePerson(ctx, 'write in the duty log');
  if (!input.text.trim())
    throw new CodedError('INVALID', 'Duty log: text is empty. Write what happened, then save.', {
      field: 'text',
      variant: 'emptyText',
    });
  return ctx.db.transaction(() => writeLog(ctx, by, input))();
}

/** Correct an entry: a new entry naming the one it corrects (the original stays as written). */
export function correctDutyLog(ctx: StoreContext, input: { entryId: string; text: string }): DutyLogEntry {
  const by = requirePerson(ctx, 'correct the entry');
  if (!getDutyLogEntry(ctx.db, input.entryId))
    throw new CodedError(
      'NOT_FOUND',
      `Duty log entry ${input.entryId} is not in this store. Reload the duty log and choose the entry again.`,
      { field: 'entryId', kind: 'dutyLog', id: input.entryId },
    );
  if (!input.text.trim())
    throw new CodedError('INVALID', 'Duty log: the correction is empty. Write the corrected text.', {
      field: 'text',
      variant: 'emptyText',
    });
  return ctx.db.transaction(() =>
    writeLog(ctx, by, { kind: 'correction', text: input.text, corrects: input.entryId }),
  )();
}

export const dutyLogOf = (ctx: StoreContext, from: string, to: string) => listDutyLog(ctx.db, from, to);

/** What the shift leaves open now (the handover's items), from the store's records. */
export function handoverItemsNow(ctx: StoreContext, cfg: DeskConfig): HandoverItems {
  const picture = getPicture(ctx);
  const open = picture.incidents.filter((i) => i.status !== 'closed').map((i) => i.id);
  const isOpen = new Set(open);
  return gatherHandoverItems({
    ...picture,
    // An action item of the minutes is open until done, whatever became of its incident.
    timeline: [
      ...listTimelineOfIncidents(ctx.db, open),
      ...listTimelineOfKinds(ctx.db, MINUTES_KINDS).filter((e) => !isOpen.has(e.incidentId)),
    ],
    notices: listNotices(ctx.db, { unseenOnly: true }).filter((n) => n.kind === 'op_rejected'),
    cfg,
    now: Date.parse(deskNow(ctx)),
  });
}

export interface HandoverInput {
  shiftId: string | null;
  from: string;
  to: string;
  toName?: string;
  remarks?: string;
}

/**
 * 交班: the outgoing officer signs the handover. Its items are gathered again at the moment of
 * signing (what was previewed may have changed), and the record and a `handover_signed` duty-log
 * entry are written together.
 */
export function signHandover(ctx: StoreContext, input: HandoverInput, cfg: DeskConfig): HandoverView {
  const by = requirePerson(ctx, 'sign the handover');
  return ctx.db.transaction(() => {
    const record = parseOr(
      Handover,
      {
        id: `ho-${randomUUID()}`,
        shiftId: input.shiftId,
        from: input.from,
        to: input.to,
        toName: input.toName ?? '',
        remarks: input.remarks ?? '',
        items: handoverItemsNow(ctx, cfg),
        by,
        at: deskNow(ctx),
      },
      'Handover',
      'remarks',
    );
    const stored = putRecord(ctx.db, handoverTable, record);
    recordLocalOp(ctx, 'handover', stored.id, 'upsert', { ...stored }, OP_PRIORITY.descriptive);
    const summary = `交班：${stored.items.incidents.length} 起未结事件，${stored.items.alerts.length} 条未确认告警，${stored.items.dispatches.length} 项待定调派，${stored.items.depots.length} 项库存低于下限，${stored.items.actions.length} 项会商待办未完成`;
    writeLog(ctx, by, { kind: 'handover_signed', text: summary, handoverId: stored.id });
    return { handover: stored, accepted: null };
  })();
}

/** 接班: the incoming officer accepts (signs) a handover; not its own, and not one already accepted. */
export function acceptHandover(
  ctx: StoreContext,
  input: { handoverId: string; text?: string },
): HandoverView {
  const by = requirePerson(ctx, 'accept the handover');
  return ctx.db.transaction(() => {
    const handover = getHandover(ctx.db, input.handoverId);
    if (!handover)
      throw new CodedError(
        'NOT_FOUND',
        `Handover ${input.handoverId} is not in this store. Wait for it to arrive from the hub, or ask the outgoing officer to sign it again.`,
        { field: 'handoverId', kind: 'handover', id: input.handoverId },
      );
    if (samePerson(by, handover.by))
      throw new CodedError(
        'INVALID',
        `${by.name} signed this handover as the outgoing officer and cannot also accept it. The incoming officer signs in on their own console (or here, with 值班签到) and accepts it.`,
        { field: 'handoverId', variant: 'ownHandover' },
      );
    const view = handoverView(handover, listHandoverSignatures(ctx.db, handover.id));
    if (view.accepted)
      throw new CodedError(
        'ALREADY_ACCEPTED',
        `This handover was already accepted by ${view.accepted.by.name} at ${view.accepted.at}. Nothing to do.`,
        { field: 'handoverId', name: view.accepted.by.name },
      );
    const accepted = writeLog(ctx, by, {
      kind: 'handover_accepted',
      text: input.text?.trim() || '接班',
      handoverId: handover.id,
    });
    return { handover, accepted };
  })();
}

/** The newest handovers with their acceptance. */
export function handoversOf(ctx: StoreContext, limit = 20): HandoverView[] {
  return listHandovers(ctx.db, limit).map((h) => handoverView(h, listHandoverSignatures(ctx.db, h.id)));
}
