import { useApp, useLocale, useT } from '../../store';
import { formatTime } from '../../ui/time';

/**
 * Delivery of one dispatch order: whether the hub has it, and whether the assigned unit's device
 * has acknowledged it. Mount next to an assignment (e.g. in the dispatch tab's list).
 */
export function DeliveryReceipt({ assignmentId }: { assignmentId: string }) {
  const locale = useLocale();
  const t = useT();
  const r = useApp((s) => s.receipts[assignmentId]);
  return (
    <span
      className="delivery-receipt"
      data-testid="delivery-receipt"
      data-hub={r?.hubAt ? 'yes' : 'no'}
      data-device={r?.deviceAt ? 'yes' : 'no'}
    >
      <span title={r?.hubSeq ? `#${r.hubSeq}` : undefined}>
        {r?.hubAt
          ? `✓ ${t('sync.receiptHub', { time: formatTime(locale, r.hubAt) })}`
          : `… ${t('sync.receiptHubPending')}`}
      </span>
      {' · '}
      <span>
        {r?.deviceAt
          ? `✓✓ ${t('sync.receiptDevice', { time: formatTime(locale, r.deviceAt) })}`
          : t('sync.receiptDevicePending')}
      </span>
    </span>
  );
}
