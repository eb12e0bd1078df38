import * as z from 'zod';
import { Id, Instant } from './primitives';

/**
 * 会商纪要 (docs/consultation.md §Minutes): what a consultation decided and the action items it gave
 * out, as entries in its incident's timeline. The entry's `text` is the decision or the action
 * (required for both), or the reason of a reassignment, or the note of a completion; its `data`
 * names the session and, by kind:
 * - consult_decision: `{ consultationId, session }`;
 * - action_item: `{ consultationId, session, owner, deadline }` (the entry's id is the action's);
 * - action_reassigned: `{ consultationId, session, actionId, action, owner, deadline, from }`, the
 *   new owner and deadline and `from` the ones replaced;
 * - action_done: `{ consultationId, session, actionId, action, owner }`.
 * `session` (the session's subject) and `action` (the action's words) are copies, so an entry reads
 * on its own in a timeline or a report.
 */
export const MINUTES_KINDS = ['consult_decision', 'action_item', 'action_reassigned', 'action_done'] as const;
export type MinutesKind = (typeof MINUTES_KINDS)[number];

/** Who owns an action item: a named person, and their organisation when known (empty: anyone of that name). */
export const ActionOwner = z
  .object({
    name: z.string().trim().min(1).max(100),
    org: z.string().trim().max(200).default(''),
  })
  .strict();
export type ActionOwner = z.infer<typeof ActionOwner>;

const session = { consultationId: Id, session: z.string().trim().min(1).max(200) };
const action = { actionId: Id, action: z.string().max(2000) };

export const DecisionData = z.object(session);
export const ActionItemData = z.object({ ...session, owner: ActionOwner, deadline: Instant });
export const ActionReassignedData = z.object({
  ...session,
  ...action,
  owner: ActionOwner,
  deadline: Instant,
  from: z.object({ owner: ActionOwner, deadline: Instant }),
});
export const ActionDoneData = z.object({ ...session, ...action, owner: ActionOwner });

/** The `data` schema of each minutes kind (other keys are allowed and ignored, as for every kind). */
export const MINUTES_DATA = {
  consult_decision: DecisionData,
  action_item: ActionItemData,
  action_reassigned: ActionReassignedData,
  action_done: ActionDoneData,
} as const;

export function isMinutesKind(kind: string): kind is MinutesKind {
  return (MINUTES_KINDS as readonly string[]).includes(kind);
}

/** Kinds whose `text` is the thing itself (the decision, the action) and may not be empty. */
export const MINUTES_TEXT_KINDS: ReadonlySet<string> = new Set(['consult_decision', 'action_item']);
