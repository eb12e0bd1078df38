import {
  ActionDoneData,
  ActionItemData,
  ActionReassignedData,
  DecisionData,
  isMinutesKind,
  type ActionOwner,
  type Person,
  type TimelineEntry,
} from '../domain';

/**
 * 会商纪要 (docs/consultation.md §Minutes), folded from an incident's timeline: each session's
 * decisions in order, and its action items with their owner, deadline and state. The timeline is the
 * record (consult_decision, action_item, action_reassigned, action_done); this fold is the state
 * every console derives from it alike, on a clock it is given.
 *
 * The rules the fold keeps, whatever reaches it:
 * - a reassignment or completion of an unknown action item, or of one already done, changes nothing;
 * - decisions, action items and reassignments count only from duty officers and admins;
 * - a completion counts from a duty officer or an admin, or from a field commander who owns the
 *   action item at that moment (same name, and organisation when the owner has one); the hub lets
 *   field commanders add `action_done` and stamps who they are, so a completion by anyone else
 *   is in the log but done nothing.
 */

export type ActionState = 'open' | 'overdue' | 'done';

export interface MinutesDecision {
  id: string;
  consultationId: string;
  text: string;
  at: string;
  by: Person;
}

export interface ActionReassignment {
  at: string;
  by: Person;
  from: { owner: ActionOwner; deadline: string };
  owner: ActionOwner;
  deadline: string;
  reason: string;
}

export interface MinutesAction {
  /** The action_item entry's id. */
  id: string;
  consultationId: string;
  session: string;
  incidentId: string;
  text: string;
  owner: ActionOwner;
  deadline: string;
  state: ActionState;
  recordedAt: string;
  recordedBy: Person;
  reassignments: ActionReassignment[];
  doneAt: string | null;
  doneBy: Person | null;
  doneNote: string;
}

export interface SessionMinutes {
  consultationId: string;
  /** The session's subject as the entries carry it. */
  session: string;
  incidentId: string;
  decisions: MinutesDecision[];
  actions: MinutesAction[];
}

const DUTY_ROLES = new Set(['duty-officer', 'admin']);

/** Whether `who` is the owner: the same name, and the same organisation when the owner has one. */
export function isOwner(owner: ActionOwner, who: Pick<Person, 'name' | 'org'>): boolean {
  return owner.name.trim() === who.name.trim() && (owner.org === '' || owner.org.trim() === who.org.trim());
}

/** Whether `who` may mark the action item done: the duty desk, or its owner in the field. */
export function mayComplete(action: Pick<MinutesAction, 'owner'>, who: Person): boolean {
  return DUTY_ROLES.has(who.role) || (who.role === 'field-commander' && isOwner(action.owner, who));
}

/** An action's state at `now`: done, overdue (past its deadline and not done) or open. */
export function actionState(a: Pick<MinutesAction, 'doneAt' | 'deadline'>, now: number): ActionState {
  return a.doneAt ? 'done' : now > Date.parse(a.deadline) ? 'overdue' : 'open';
}

const byTime = (a: TimelineEntry, b: TimelineEntry) =>
  Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every session's minutes found in these entries (any order, any incidents; other kinds are
 * ignored), sessions in the order of their first entry, decisions and action items in the order
 * they were recorded. `now` (ms) sets which open action items are overdue.
 */
export function foldMinutes(entries: readonly TimelineEntry[], now: number): SessionMinutes[] {
  const sessions = new Map<string, SessionMinutes>();
  const actions = new Map<string, MinutesAction>();
  const sessionOf = (e: TimelineEntry, d: { consultationId: string; session: string }) => {
    let s = sessions.get(d.consultationId);
    if (!s) {
      s = {
        consultationId: d.consultationId,
        session: d.session,
        incidentId: e.incidentId,
        decisions: [],
        actions: [],
      };
      sessions.set(d.consultationId, s);
    }
    return s;
  };
  for (const e of entries.filter((x) => isMinutesKind(x.kind)).sort(byTime)) {
    if (e.kind === 'consult_decision') {
      const d = DecisionData.safeParse(e.data);
      if (!d.success || !DUTY_ROLES.has(e.by.role)) continue;
      sessionOf(e, d.data).decisions.push({
        id: e.id,
        consultationId: d.data.consultationId,
        text: e.text,
        at: e.at,
        by: e.by,
      });
    } else if (e.kind === 'action_item') {
      const d = ActionItemData.safeParse(e.data);
      if (!d.success || !DUTY_ROLES.has(e.by.role) || actions.has(e.id)) continue;
      const a: MinutesAction = {
        id: e.id,
        consultationId: d.data.consultationId,
        session: d.data.session,
        incidentId: e.incidentId,
        text: e.text,
        owner: d.data.owner,
        deadline: d.data.deadline,
        state: 'open',
        recordedAt: e.at,
        recordedBy: e.by,
        reassignments: [],
        doneAt: null,
        doneBy: null,
        doneNote: '',
      };
      actions.set(e.id, a);
      sessionOf(e, d.data).actions.push(a);
    } else if (e.kind === 'action_reassigned') {
      const d = ActionReassignedData.safeParse(e.data);
      const a = d.success ? actions.get(d.data.actionId) : undefined;
      if (!d.success || !a || a.doneAt || !DUTY_ROLES.has(e.by.role)) continue;
      a.reassignments.push({
        at: e.at,
        by: e.by,
        from: { owner: a.owner, deadline: a.deadline },
        owner: d.data.owner,
        deadline: d.data.deadline,
        reason: e.text,
      });
      a.owner = d.data.owner;
      a.deadline = d.data.deadline;
    } else if (e.kind === 'action_done') {
      const d = ActionDoneData.safeParse(e.data);
      const a = d.success ? actions.get(d.data.actionId) : undefined;
      if (!a || a.doneAt || !mayComplete(a, e.by)) continue;
      a.doneAt = e.at;
      a.doneBy = e.by;
      a.doneNote = e.text;
    }
  }
  for (const a of actions.values()) a.state = actionState(a, now);
  return [...sessions.values()];
}

/** One session's minutes (empty when nothing was recorded). */
export function sessionMinutes(
  entries: readonly TimelineEntry[],
  consultationId: string,
  now: number,
): SessionMinutes | null {
  return foldMinutes(entries, now).find((s) => s.consultationId === consultationId) ?? null;
}

/** Action items not done yet (open or overdue), soonest deadline first. */
export function pendingActions(entries: readonly TimelineEntry[], now: number): MinutesAction[] {
  return foldMinutes(entries, now)
    .flatMap((s) => s.actions)
    .filter((a) => a.state !== 'done')
    .sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline) || (a.id < b.id ? -1 : 1));
}

/** An owner as people write it: 王芳（吕梁市应急局）, or the name alone. */
export const ownerText = (o: ActionOwner): string => (o.org ? `${o.name}（${o.org}）` : o.name);
