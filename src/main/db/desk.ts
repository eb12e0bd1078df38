import { randomUUID } from 'node:crypto';
import { Person, TimelineEntry, type TimelineEntryInput, type TimelineKind } from '../../shared/domain';
import { OP_PRIORITY } from '../../shared/sync';
import { isRole } from '../../shared/sync/roles';
import { firstIssue } from '../../shared/util/issues';
import { recordLocalOp, type StoreContext } from './context';
import { getMeta, setMeta } from './repositories/meta';
import { listTimeline, putTimelineEntry } from './repositories/timeline';
import { CodedError } from '../../shared/ipc/errors';

/**
 * The people on the desk and the incident timeline (处置日志): who is acting, and the immutable,
 * replicated record of everything done to an incident, written by the commands in the same
 * transaction as the change they record.
 */

/** Meta keys: the person the hub knows this token as, and whoever signed in for the shift here. */
const HUB_PERSON_KEY = 'sync_person';
const DUTY_PERSON_KEY = 'duty_person';

/**
 * Who is acting on this desk: with a hub, the token's person (the hub stamps it anyway); without
 * one, or before the first connection, whoever signed in for the shift (值班签到). Null: nobody.
 */
export function currentPerson(ctx: StoreContext): Person | null {
  for (const k of [HUB_PERSON_KEY, DUTY_PERSON_KEY]) {
    const raw = getMeta(ctx.db, k);
    if (!raw) continue;
    const p = Person.safeParse(JSON.parse(raw));
    if (p.success) return p.data;
  }
  return null;
}

/** The person the hub says this token belongs to (from `hello`). */
export function rememberHubPerson(ctx: StoreContext, p: { name: string; org: string; role: string }): void {
  if (!isRole(p.role)) return;
  const person = Person.safeParse(p);
  if (person.success) setMeta(ctx.db, HUB_PERSON_KEY, JSON.stringify(person.data));
}

/**
 * 值班签到: the person on duty at this desk. Their name is on every change made here until the
 * next sign-in; a standalone desk acts as a duty officer.
 */
export function signIn(ctx: StoreContext, input: { name: string; org?: string }): Person {
  const role = (getMeta(ctx.db, 'sync_role') ?? 'duty-officer') as Person['role'];
  const parsed = Person.safeParse({
    name: input.name,
    org: input.org ?? '',
    role: isRole(role) ? role : 'duty-officer',
  });
  if (!parsed.success) {
    const { path: field, message } = firstIssue(parsed.error, 'name');
    throw new CodedError(
      'INVALID',
      `Sign-in: ${field} ${message}. Enter your name (1–100 characters) and organisation.`,
      { field },
    );
  }
  setMeta(ctx.db, DUTY_PERSON_KEY, JSON.stringify(parsed.data));
  return parsed.data;
}

function requirePerson(ctx: StoreContext): Person {
  const p = currentPerson(ctx);
  if (!p) {
    throw new CodedError(
      'SIGN_IN_REQUIRED',
      'Nobody is signed in on this desk. Sign in for the shift (值班签到) with your name and organisation, then try again.',
    );
  }
  return p;
}

/** Now, in the hub's time when this clock was found ahead of it. */
export function deskNow(ctx: StoreContext): string {
  return new Date(Date.now() + ctx.clockOffset.ms).toISOString();
}

/** What a command says happened; the entry gets its id, time and person here. */
export interface TimelineDraft {
  incidentId: string;
  kind: TimelineKind;
  text?: string;
  data?: Record<string, unknown>;
  unitId?: string | null;
  corrects?: string | null;
}

/** Add an entry to an incident's timeline and queue it for the hub. Runs inside the caller's transaction. */
export function addTimeline(ctx: StoreContext, draft: TimelineDraft): TimelineEntry {
  const input: TimelineEntryInput = {
    id: `tl-${randomUUID()}`,
    incidentId: draft.incidentId,
    kind: draft.kind,
    at: deskNow(ctx),
    by: requirePerson(ctx),
    text: draft.text ?? '',
    data: draft.data ?? {},
    corrects: draft.corrects ?? null,
    unitId: draft.unitId ?? null,
  };
  const parsed = TimelineEntry.safeParse(input);
  if (!parsed.success) {
    const { path: field, message } = firstIssue(parsed.error, 'entry');
    throw new CodedError('INVALID', `Timeline entry: ${field} ${message}.`, { field });
  }
  const entry = putTimelineEntry(ctx.db, parsed.data);
  const priority =
    draft.kind === 'note' || draft.kind === 'edited' ? OP_PRIORITY.descriptive : OP_PRIORITY.order;
  recordLocalOp(ctx, 'timeline', entry.id, 'upsert', { ...entry }, priority);
  return entry;
}

export { listTimeline };
