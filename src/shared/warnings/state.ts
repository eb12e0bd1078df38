import type { Person, Warning, WarningAction } from '../domain';

/**
 * A warning's state (docs/interop.md §Warnings), folded from its record and its actions:
 * - draft: written, not approved (or edited since its approval);
 * - approved: a second person approved this version of the draft;
 * - issued: issued after approval (a warning imported from CAP arrives issued);
 * - updated: an issued warning replaced by a newer issued version;
 * - cancelled: an issued warning withdrawn;
 * - expired: issued and past its expiry.
 * An approval by the person who drafted it counts for nothing (the two-person rule), nor does an
 * issue without a valid approval, nor an action on an older version of the draft.
 */
export const WARNING_STATES = ['draft', 'approved', 'issued', 'updated', 'cancelled', 'expired'] as const;
export type WarningState = (typeof WARNING_STATES)[number];

export interface WarningStep {
  action: WarningAction['action'];
  by: Person;
  at: string;
  reason: string;
}

export interface WarningView {
  warning: Warning;
  state: WarningState;
  approved: WarningStep | null;
  issued: WarningStep | null;
  cancelled: WarningStep | null;
  /** The issued warning that replaced this one, if any. */
  supersededBy: string | null;
}

export const samePerson = (a: Pick<Person, 'name' | 'org'>, b: Pick<Person, 'name' | 'org'>) =>
  a.name.trim() === b.name.trim() && a.org.trim() === b.org.trim();

const step = (a: WarningAction): WarningStep => ({ action: a.action, by: a.by, at: a.at, reason: a.reason });

/** The state of one warning, given every action on it and the warnings that may supersede it. */
export function warningView(
  warning: Warning,
  actions: readonly WarningAction[],
  issuedSuccessors: readonly { id: string; supersedes: string | null }[],
  now: number,
): WarningView {
  const mine = actions
    .filter((a) => a.warningId === warning.id && a.draftAt === warning.at)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  const imported = warning.origin === 'imported';
  const approval = mine.find((a) => a.action === 'approve' && !samePerson(a.by, warning.by));
  const issue = imported
    ? null
    : approval
      ? mine.find((a) => a.action === 'issue' && Date.parse(a.at) >= Date.parse(approval.at))
      : undefined;
  const isIssued = imported || !!issue;
  const cancel = isIssued ? mine.find((a) => a.action === 'cancel') : undefined;
  const successor = isIssued ? issuedSuccessors.find((s) => s.supersedes === warning.id) : undefined;
  let state: WarningState = 'draft';
  if (approval) state = 'approved';
  if (isIssued) state = 'issued';
  if (isIssued && Date.parse(warning.expires) <= now) state = 'expired';
  if (successor) state = 'updated';
  if (cancel) state = 'cancelled';
  return {
    warning,
    state,
    approved: approval ? step(approval) : null,
    issued: issue
      ? step(issue)
      : imported
        ? { action: 'issue', by: warning.by, at: warning.at, reason: '' }
        : null,
    cancelled: cancel ? step(cancel) : null,
    supersededBy: successor?.id ?? null,
  };
}

/** Every warning's state: successors are the issued versions that name it in `supersedes`. */
export function warningViews(
  warnings: readonly Warning[],
  actions: readonly WarningAction[],
  now: number,
): WarningView[] {
  // Issued-ness does not depend on successors, so one pass finds the issued versions first.
  const first = warnings.map((w) => warningView(w, actions, [], now));
  const issued = first
    .filter((v) => v.issued !== null)
    .map((v) => ({ id: v.warning.id, supersedes: v.warning.supersedes }));
  return warnings
    .map((w) => warningView(w, actions, issued, now))
    .sort((a, b) => Date.parse(b.warning.at) - Date.parse(a.warning.at));
}

/** Warnings to draw on the map: issued and in force (not expired, cancelled or replaced). */
export const inForce = (v: WarningView) => v.state === 'issued';
