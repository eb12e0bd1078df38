import type { ActionOwner, TimelineEntry } from '../../shared/domain';
import { ownerText } from '../../shared/consult/minutes';
import type { MessageKey } from '../../shared/i18n';
import { chinaDateTime } from '../ui/time';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A deadline in China Standard Time with its date, in the user's language. */
export const deadlineText = (t: T, iso: string): string =>
  chinaDateTime(iso) ? t('time.cst', { time: chinaDateTime(iso) }) : iso;

const owner = (o: unknown): string => {
  const x = o as Partial<ActionOwner> | undefined;
  return x && typeof x.name === 'string' ? ownerText({ name: x.name, org: x.org ?? '' }) : '';
};

/**
 * A 会商纪要 entry of the timeline in words (the session, the owner and deadline, what changed), or
 * null for any other kind. The decision or the action itself is the entry's text.
 */
export function describeMinutes(t: T, e: TimelineEntry): string | null {
  const d = e.data as Record<string, unknown>;
  const session = String(d.session ?? '');
  switch (e.kind) {
    case 'consult_decision':
      return t('tl.minutes.decision', { session });
    case 'action_item':
      return t('tl.minutes.action', {
        session,
        owner: owner(d.owner),
        deadline: deadlineText(t, String(d.deadline ?? '')),
      });
    case 'action_reassigned': {
      const from = (d.from ?? {}) as { owner?: unknown; deadline?: unknown };
      return t('tl.minutes.reassigned', {
        action: String(d.action ?? ''),
        owner: owner(d.owner),
        deadline: deadlineText(t, String(d.deadline ?? '')),
        fromOwner: owner(from.owner),
        fromDeadline: deadlineText(t, String(from.deadline ?? '')),
      });
    }
    case 'action_done':
      return t('tl.minutes.done', { action: String(d.action ?? ''), owner: owner(d.owner) });
    default:
      return null;
  }
}
