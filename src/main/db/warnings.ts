import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { Warning, WarningAction, type Person, type WarningInput } from '../../shared/domain';
import { samePerson, warningViews, type WarningView } from '../../shared/warnings/state';
import { OP_PRIORITY } from '../../shared/sync';
import { CodedError } from '../../shared/ipc/errors';
import { firstIssue } from '../../shared/util/issues';
import { recordLocalOp, type StoreContext } from './context';
import { currentPerson, deskNow } from './desk';
import { putRecord } from './repositories/records';
import {
  getWarning,
  listWarningActions,
  listWarnings,
  warningActionTable,
  warningTable,
} from './repositories/warnings';

/**
 * 预警 commands (docs/interop.md §Warnings): draft and edit, approve (a second person), issue, cancel,
 * and a new version of an issued warning (CAP Update). Each writes its record and sync op in one
 * transaction, by the person on duty.
 */

function person(ctx: StoreContext, what: string): Person {
  const p = currentPerson(ctx);
  if (!p)
    throw new CodedError(
      'SIGN_IN_REQUIRED',
      `Nobody is signed in on this desk. Sign in for the shift (值班签到), then ${what} again.`,
    );
  return p;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const { path: field, message } = firstIssue(r.error, 'warning');
  throw new CodedError('INVALID', `Warning: ${field}: ${message}. Correct it and save again.`, {
    field,
    path: field,
    variant: 'warningField',
    reason: message,
  });
}

/** Every warning with its state, newest first. */
export function warningsOf(ctx: StoreContext, now = Date.parse(deskNow(ctx))): WarningView[] {
  const warnings = listWarnings(ctx.db);
  return warningViews(
    warnings,
    listWarningActions(
      ctx.db,
      warnings.map((w) => w.id),
    ),
    now,
  );
}

function viewOf(ctx: StoreContext, id: string): WarningView {
  const v = warningsOf(ctx).find((x) => x.warning.id === id);
  if (!v)
    throw new CodedError('NOT_FOUND', `Warning ${id} is not in this store. Reload the warnings list.`, {
      kind: 'warning',
      id,
    });
  return v;
}

/** What a draft says; who and when are the store's. */
export type WarningDraft = Omit<WarningInput, 'id' | 'by' | 'at' | 'origin' | 'cap' | 'supersedes'> & {
  /** Edit this draft instead of writing a new one. */
  id?: string;
  /** Write a new version of this issued warning (CAP Update). */
  supersedes?: string;
};

/**
 * Save a draft: a new warning, an edit of a draft not yet issued (its approval no longer counts:
 * approval is of a version), or the new version of an issued warning.
 */
export function saveWarningDraft(ctx: StoreContext, d: WarningDraft): WarningView {
  const by = person(ctx, 'save the warning');
  let id = `wr-${randomUUID()}`;
  let supersedes: string | null = null;
  if (d.id) {
    const v = viewOf(ctx, d.id);
    if (v.state !== 'draft' && v.state !== 'approved')
      throw new CodedError(
        'INVALID',
        `Warning ${d.id} has been issued and cannot be edited; write a new version of it (更新) instead.`,
        { field: 'id', variant: 'warningIssued' },
      );
    id = d.id;
    supersedes = v.warning.supersedes;
  } else if (d.supersedes) {
    const v = viewOf(ctx, d.supersedes);
    if (v.state !== 'issued')
      throw new CodedError(
        'INVALID',
        `Only a warning in force can be updated; ${d.supersedes} is ${v.state}.`,
        { field: 'supersedes', variant: 'warningNotInForce' },
      );
    supersedes = d.supersedes;
  }
  const { id: _id, supersedes: _s, ...fields } = d;
  const record = parse(Warning, {
    ...fields,
    id,
    supersedes,
    origin: 'local',
    cap: null,
    by,
    at: deskNow(ctx),
  });
  ctx.db.transaction(() => {
    putRecord(ctx.db, warningTable, record);
    recordLocalOp(ctx, 'warning', record.id, 'upsert', { ...record }, OP_PRIORITY.order);
  })();
  return viewOf(ctx, record.id);
}

/** Record an action (approve / issue / cancel) on a warning, checking the rules of its life. */
export function actOnWarning(
  ctx: StoreContext,
  a: { id: string; action: WarningAction['action']; reason?: string },
): WarningView {
  const by = person(ctx, `${a.action} the warning`);
  const v = viewOf(ctx, a.id);
  const w = v.warning;
  const refuse = (variant: string, message: string): never => {
    throw new CodedError('INVALID', message, { field: 'id', variant });
  };
  if (a.action === 'approve') {
    if (v.state !== 'draft')
      refuse('warningNotDraft', `Warning ${w.id} is ${v.state}; only a draft is approved.`);
    if (samePerson(by, w.by))
      refuse(
        'twoPerson',
        `${by.name} drafted this warning and cannot also approve it: a second person approves (two-person rule).`,
      );
  } else if (a.action === 'issue') {
    if (v.state !== 'approved')
      refuse(
        'notApproved',
        `Warning ${w.id} is ${v.state}; it is issued only once a second person has approved it.`,
      );
  } else {
    if (v.state !== 'issued')
      refuse('warningNotInForce', `Only a warning in force can be cancelled; ${w.id} is ${v.state}.`);
    if (!(a.reason ?? '').trim()) refuse('reasonRequired', 'Cancelling a warning needs a reason.');
  }
  const action = parse(WarningAction, {
    id: `wa-${randomUUID()}`,
    warningId: w.id,
    action: a.action,
    draftAt: w.at,
    reason: (a.reason ?? '').trim(),
    by,
    at: deskNow(ctx),
  });
  ctx.db.transaction(() => {
    putRecord(ctx.db, warningActionTable, action);
    recordLocalOp(ctx, 'warning_action', action.id, 'upsert', { ...action }, OP_PRIORITY.order);
  })();
  return viewOf(ctx, w.id);
}

/** Keep a warning read from another system's CAP file (already issued there). */
export function importWarning(ctx: StoreContext, input: Omit<WarningInput, 'by' | 'at'>): WarningView {
  const by = person(ctx, 'import the warning');
  const record = parse(Warning, { ...input, origin: 'imported', by, at: deskNow(ctx) });
  if (getWarning(ctx.db, record.id))
    throw new CodedError(
      'INVALID',
      `This CAP message (${record.cap?.identifier ?? record.id}) has already been imported.`,
      { field: 'file', variant: 'capDuplicate' },
    );
  ctx.db.transaction(() => {
    putRecord(ctx.db, warningTable, record);
    recordLocalOp(ctx, 'warning', record.id, 'upsert', { ...record }, OP_PRIORITY.order);
  })();
  return viewOf(ctx, record.id);
}
