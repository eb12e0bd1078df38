import type { MessageKey } from '../../../shared/i18n';
import type { Picture } from '../../../shared/ipc';
import type { SyncNoticeInfo } from '../../../shared/sync/status';
import { resourceName } from '../../model/names';
import { rejectionMessage } from '../../model/rejection';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * A sync notice in the user's language: a refused change from its code, a refused proposal from
 * its assignment record (code + parameters). Anything else, or a code this version does not know,
 * is shown as the English text the store wrote.
 */
export function noticeText(t: T, n: SyncNoticeInfo, picture: Picture | null | undefined): string {
  if (n.kind === 'op_rejected' && n.code && n.entity && n.entityId) {
    const key = `sync.refusal.${n.code}` as MessageKey;
    const why = t(key);
    if (why === key) return n.message;
    return t('sync.notice.opRejected', {
      entity: t(`entityName.${n.entity}` as MessageKey),
      id: n.entityId,
      why,
      after: t(n.params?.restored === false ? 'sync.notice.removed' : 'sync.notice.restored'),
    });
  }
  const a =
    n.kind === 'assignment_rejected' ? picture?.assignments.find((x) => x.id === n.entityId) : undefined;
  if (!a || a.status !== 'rejected') return n.message;
  const incident = picture?.incidents.find((i) => i.id === a.incidentId)?.title ?? a.incidentId;
  return t('sync.notice.assignmentRejected', {
    resource: resourceName(picture, a.resourceKind, a.resourceId),
    incident,
    reason: rejectionMessage(t, a),
  });
}
