import { ActionOwner, type Person, type TimelineEntry } from '../../shared/domain';
import { mayComplete, sessionMinutes, type MinutesAction } from '../../shared/consult/minutes';
import { CodedError } from '../../shared/ipc/errors';
import type { StoreContext } from './context';
import { addTimeline, currentPerson, deskNow, listTimeline } from './desk';
import { getRecord } from './repositories/records';
import { consultationTable } from './repositories/consultations';
import { getTimelineEntry } from './repositories/timeline';

/**
 * 会商纪要 (docs/consultation.md §Minutes): a consultation's decisions and action items are entries
 * in its incident's timeline, written here by the person on duty; every console folds the same
 * minutes from them (src/shared/consult/minutes.ts). Duty officers and admins record, reassign and
 * complete; a field commander completes the action items it owns.
 */

/** A deadline a little in the past is the minute being typed, not a mistake. */
const DEADLINE_SLACK_MS = 60_000;

function person(ctx: StoreContext, what: string): Person {
  const by = currentPerson(ctx);
  if (!by)
    throw new CodedError(
      'SIGN_IN_REQUIRED',
      `Nobody is signed in on this desk. Sign in for the shift (值班签到), then ${what} again.`,
    );
  return by;
}

function dutyDesk(ctx: StoreContext, what: string): Person {
  const by = person(ctx, what);
  if (by.role !== 'duty-officer' && by.role !== 'admin')
    throw new CodedError(
      'FORBIDDEN',
      `${by.role} may not ${what}: the duty officer keeps the minutes. Ask the duty desk to record it.`,
      { variant: 'minutesRole' },
    );
  return by;
}

function sessionOf(ctx: StoreContext, consultationId: string) {
  const c = getRecord(ctx.db, consultationTable, consultationId);
  if (!c)
    throw new CodedError(
      'NOT_FOUND',
      `No consultation ${consultationId} on this desk. Reload the sessions (会商) and try again.`,
      { kind: 'consultation', id: consultationId },
    );
  return c;
}

function textOf(raw: string, what: string): string {
  const text = raw.trim();
  if (!text)
    throw new CodedError('INVALID', `${what}: write it, then record it again.`, {
      field: 'text',
      variant: 'emptyText',
    });
  if (text.length > 2000)
    throw new CodedError('INVALID', `${what} is ${text.length} characters; the limit is 2000.`, {
      field: 'text',
    });
  return text;
}

function ownerOf(raw: { name: string; org?: string }): ActionOwner {
  const r = ActionOwner.safeParse({ name: raw.name, org: raw.org ?? '' });
  if (!r.success)
    throw new CodedError(
      'INVALID',
      'Action item owner: write the name (and organisation) of the person responsible, 1–100 characters.',
      { field: 'owner', variant: 'ownerRequired' },
    );
  return r.data;
}

function deadlineOf(ctx: StoreContext, raw: string): string {
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms))
    throw new CodedError('INVALID', `Action item deadline ${raw} is not a time.`, { field: 'deadline' });
  if (ms < Date.parse(deskNow(ctx)) - DEADLINE_SLACK_MS)
    throw new CodedError(
      'INVALID',
      `The deadline ${new Date(ms).toISOString()} has already passed. Choose a later time.`,
      { field: 'deadline', variant: 'deadlinePassed' },
    );
  return new Date(ms).toISOString();
}

/** 会商决定: a decision of the session, in its incident's timeline. */
export function recordDecision(
  ctx: StoreContext,
  a: { consultationId: string; text: string },
): TimelineEntry {
  dutyDesk(ctx, 'record a decision');
  const c = sessionOf(ctx, a.consultationId);
  const text = textOf(a.text, 'The decision');
  return ctx.db.transaction(() =>
    addTimeline(ctx, {
      incidentId: c.incidentId,
      kind: 'consult_decision',
      text,
      data: { consultationId: c.id, session: c.title },
    }),
  )();
}

export interface NewAction {
  consultationId: string;
  text: string;
  owner: { name: string; org?: string };
  deadline: string;
}

/** 待办事项: an action item with its owner and deadline, tracked until done. */
export function recordAction(ctx: StoreContext, a: NewAction): TimelineEntry {
  dutyDesk(ctx, 'record an action item');
  const c = sessionOf(ctx, a.consultationId);
  const text = textOf(a.text, 'The action item');
  const owner = ownerOf(a.owner);
  const deadline = deadlineOf(ctx, a.deadline);
  return ctx.db.transaction(() =>
    addTimeline(ctx, {
      incidentId: c.incidentId,
      kind: 'action_item',
      text,
      data: { consultationId: c.id, session: c.title, owner, deadline },
    }),
  )();
}

/** The action item as the minutes stand now. */
function actionOf(ctx: StoreContext, actionId: string): MinutesAction {
  const entry = getTimelineEntry(ctx.db, actionId);
  const data = entry?.kind === 'action_item' ? (entry.data as { consultationId?: unknown }) : null;
  const minutes =
    entry && data && typeof data.consultationId === 'string'
      ? sessionMinutes(listTimeline(ctx.db, entry.incidentId), data.consultationId, Date.parse(deskNow(ctx)))
      : null;
  const action = minutes?.actions.find((x) => x.id === actionId);
  if (!action)
    throw new CodedError('NOT_FOUND', `No action item ${actionId} in the minutes. Reload the minutes.`, {
      kind: 'action',
      id: actionId,
    });
  return action;
}

function notDone(action: MinutesAction): void {
  if (action.doneAt)
    throw new CodedError(
      'INVALID',
      `Action item “${action.text.slice(0, 60)}” was already done by ${action.doneBy?.name ?? '?'}.`,
      { field: 'actionId', variant: 'actionDone' },
    );
}

/** Give an action item another owner or deadline (or both); a reason may be given. */
export function reassignAction(
  ctx: StoreContext,
  a: { actionId: string; owner: { name: string; org?: string }; deadline: string; reason?: string },
): TimelineEntry {
  dutyDesk(ctx, 'reassign an action item');
  const action = actionOf(ctx, a.actionId);
  notDone(action);
  const owner = ownerOf(a.owner);
  const deadline = deadlineOf(ctx, a.deadline);
  if (owner.name === action.owner.name && owner.org === action.owner.org && deadline === action.deadline)
    throw new CodedError('INVALID', 'The owner and the deadline are those the action item has already.', {
      field: 'owner',
      variant: 'sameAssignment',
    });
  return ctx.db.transaction(() =>
    addTimeline(ctx, {
      incidentId: action.incidentId,
      kind: 'action_reassigned',
      text: (a.reason ?? '').trim().slice(0, 2000),
      data: {
        consultationId: action.consultationId,
        session: action.session,
        actionId: action.id,
        action: action.text,
        owner,
        deadline,
        from: { owner: action.owner, deadline: action.deadline },
      },
    }),
  )();
}

/** Mark an action item done, once, with an optional note: the duty desk, or its owner in the field. */
export function completeAction(ctx: StoreContext, a: { actionId: string; note?: string }): TimelineEntry {
  const by = person(ctx, 'mark the action item done');
  const action = actionOf(ctx, a.actionId);
  notDone(action);
  if (!mayComplete(action, by))
    throw new CodedError(
      'FORBIDDEN',
      `${by.name} may not mark “${action.text.slice(0, 60)}” done: it is ${action.owner.name}'s. The duty desk or its owner marks it done.`,
      { variant: 'notOwner' },
    );
  return ctx.db.transaction(() =>
    addTimeline(ctx, {
      incidentId: action.incidentId,
      kind: 'action_done',
      text: (a.note ?? '').trim().slice(0, 2000),
      data: {
        consultationId: action.consultationId,
        session: action.session,
        actionId: action.id,
        action: action.text,
        owner: action.owner,
      },
    }),
  )();
}

/** The store operations of the minutes, spread into the store worker's api. */
export const minutesStoreApi = {
  recordDecision: (ctx: StoreContext, a: { consultationId: string; text: string }) => recordDecision(ctx, a),
  recordAction: (ctx: StoreContext, a: NewAction) => recordAction(ctx, a),
  reassignAction: (ctx: StoreContext, a: Parameters<typeof reassignAction>[1]) => reassignAction(ctx, a),
  completeAction: (ctx: StoreContext, a: { actionId: string; note?: string }) => completeAction(ctx, a),
};
