import { useEffect, useState } from 'react';
import type { ReceiptInfo } from '../../../shared/sync/status';
import { api } from '../../services/api';
import { useApp, useT } from '../../store';

let cache: Map<string, ReceiptInfo> = new Map();
const listeners = new Set<() => void>();
let loading: Promise<void> | null = null;

function reload(): Promise<void> {
  loading ??= api.invoke('sync:receipts', {}).then((r) => {
    loading = null;
    if (r.ok) cache = new Map(r.value.map((x) => [x.assignmentId, x]));
    listeners.forEach((l) => l());
  });
  return loading;
}

/**
 * Delivery of one dispatch order: whether the hub has it, and whether the assigned unit's device
 * has acknowledged it. Mount next to an assignment (e.g. in the dispatch panel's list).
 */
export function DeliveryReceipt({ assignmentId }: { assignmentId: string }) {
  const locale = useApp((s) => s.settings.locale);
  const t = useT();
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    if (listeners.size === 1) void reload();
    const off = api.on('picture:changed', () => void reload());
    return () => {
      listeners.delete(l);
      off();
    };
  }, []);
  const r = cache.get(assignmentId);
  const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) : '');
  return (
    <span className="delivery-receipt" data-testid="delivery-receipt" data-hub={r?.hubAt ? 'yes' : 'no'} data-device={r?.deviceAt ? 'yes' : 'no'}>
      <span title={r?.hubSeq ? `#${r.hubSeq}` : undefined}>{r?.hubAt ? `✓ ${t('sync.receiptHub', { time: time(r.hubAt) })}` : `… ${t('sync.receiptHubPending')}`}</span>
      {' · '}
      <span>{r?.deviceAt ? `✓✓ ${t('sync.receiptDevice', { time: time(r.deviceAt) })}` : t('sync.receiptDevicePending')}</span>
    </span>
  );
}
