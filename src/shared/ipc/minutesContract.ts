import * as z from 'zod';
import { ActionOwner, Id, Instant, TimelineEntry } from '../domain';

/**
 * 会商纪要 (docs/consultation.md §Minutes): record a consultation's decisions and action items, give
 * an action item another owner or deadline, mark it done. Each is one entry in the session's incident
 * timeline, by the person on duty; the minutes are folded from the timeline (`timeline:list`).
 */
const Text = z.string().trim().min(1).max(2000);

export const minutesChannels = {
  /** A decision of the session (duty officers and admins). */
  'minutes:decide': {
    request: z.object({ consultationId: Id, text: Text }).strict(),
    response: TimelineEntry,
  },
  /** An action item: what, who owns it, by when (duty officers and admins). */
  'minutes:action': {
    request: z.object({ consultationId: Id, text: Text, owner: ActionOwner, deadline: Instant }).strict(),
    response: TimelineEntry,
  },
  /** Another owner or deadline for an action item not done (duty officers and admins). */
  'minutes:reassign': {
    request: z
      .object({
        actionId: Id,
        owner: ActionOwner,
        deadline: Instant,
        reason: z.string().max(2000).optional(),
      })
      .strict(),
    response: TimelineEntry,
  },
  /** Mark an action item done, once: the duty desk, or a field commander who owns it. */
  'minutes:complete': {
    request: z.object({ actionId: Id, note: z.string().max(2000).optional() }).strict(),
    response: TimelineEntry,
  },
};
