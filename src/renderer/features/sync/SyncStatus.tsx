import { useCallback, useEffect, useState } from 'react';
import type { ConflictNotice } from '../../../shared/ipc';
import type { SyncNoticeInfo, SyncStatusInfo } from '../../../shared/sync/status';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { noticeText } from './noticeText';
import { conflictText } from './conflictText';
import type { LocaleCode, MessageKey } from '../../../shared/i18n';
import { errorText } from '../../ui/errorText';
import { formatTime, formatTimeAgo } from '../../ui/time';
import { useEscape } from '../../ui/useEscape';

const DOT: Record<SyncStatusInfo['state'], string> = {
  disabled: '#9e9e9e',
  connecting: '#f9a825',
  syncing: '#1e88e5',
  online: '#2e7d32',
  offline: '#e65100',
  error: '#c62828',
};

function clock(iso: string | null, locale: LocaleCode): string {
  return iso ? formatTimeAgo(locale, iso, Date.now()) : '—';
}

/**
 * The header's sync indicator: link state (online / syncing with progress / offline since),
 * the count of changes not yet acknowledged by the hub, and unseen conflict and rejection
 * notices, which open in a panel where they can be read and dismissed.
 */
export function SyncStatus() {
  const locale = useLocale();
  const t = useT();
  const tx = (k: string, p?: Record<string, string | number>) => t(`sync.${k}` as MessageKey, p);
  const status = useApp((s) => s.syncStatus);
  const setStatus = useApp.getState().setSyncStatus;
  const [open, setOpen] = useState(false);
  useEscape(open, () => setOpen(false));
  const [conflicts, setConflicts] = useState<ConflictNotice[]>([]);
  const [notices, setNotices] = useState<SyncNoticeInfo[]>([]);
  const [busy, setBusy] = useState(false);
  const picture = useApp((s) => s.picture);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(() => useApp.getState().loadSyncStatus(), []);
  const loadNotices = useCallback(async () => {
    const [c, n] = await Promise.all([
      api.invoke('conflicts:list', { unseenOnly: true }),
      api.invoke('sync:notices', { unseenOnly: true }),
    ]);
    if (c.ok) setConflicts(c.value);
    if (n.ok) setNotices(n.value);
  }, []);

  // Local edits change the pending count; remote ones may bring conflicts (the status itself is pushed).
  useEffect(() => api.on('picture:changed', () => void refresh()), [refresh]);
  useEffect(() => {
    if (open) void loadNotices();
  }, [open, loadNotices, status?.unseenConflicts, status?.unseenNotices]);

  if (!status) return null;
  const unseen = status.unseenConflicts + status.unseenNotices;
  let label: string;
  if (status.state === 'offline' && status.offlineSince)
    label = tx('offlineSince', { time: formatTime(locale, status.offlineSince) });
  else label = tx(status.state);
  const progress = status.progress
    ? tx(status.progress.phase === 'pull' ? 'progressPull' : 'progressSnapshot', {
        done: status.progress.done,
        total: status.progress.total,
      })
    : null;

  const markSeen = async (conflictIds: number[], noticeIds: number[]) => {
    if (conflictIds.length) await api.invoke('conflicts:markSeen', { ids: conflictIds });
    if (noticeIds.length) await api.invoke('sync:markNoticesSeen', { ids: noticeIds });
    await Promise.all([loadNotices(), refresh()]);
  };
  const syncNow = async () => {
    setBusy(true);
    setProblem(null);
    const r = await api.invoke('sync:now', {});
    setBusy(false);
    if (r.ok) setStatus(r.value);
    else setProblem(errorText(t, r.error));
  };

  return (
    <div
      className="sync-status"
      data-testid="sync-status"
      data-state={status.state}
      style={{ position: 'relative', display: 'inline-flex', alignItems: 'center', gap: 8 }}
    >
      <button
        type="button"
        className="sync-indicator"
        data-testid="sync-indicator"
        onClick={() => setOpen((o) => !o)}
        title={status.error ?? (status.hubUrl ? tx('hub', { url: status.hubUrl }) : label)}
        style={{
          display: 'inline-flex',
          alignItems: 'center',
          gap: 6,
          background: 'none',
          border: 'none',
          cursor: 'pointer',
          color: 'inherit',
          font: 'inherit',
        }}
      >
        <span
          aria-hidden
          style={{
            width: 10,
            height: 10,
            borderRadius: 5,
            background: DOT[status.state],
            display: 'inline-block',
          }}
        />
        <span data-testid="sync-label">{label}</span>
        {progress && <span data-testid="sync-progress">{progress}</span>}
        {/* Standalone, changes wait for a hub that may never be configured: no count to worry about. */}
        {status.pending > 0 && status.state !== 'disabled' && (
          <span data-testid="sync-pending" className="badge">
            {tx('pending', { n: status.pending })}
          </span>
        )}
        {status.clockAheadMs !== null && (
          <span data-testid="sync-clock-ahead" className="badge warn" style={{ color: '#c62828' }}>
            {tx('clockAheadBadge')}
          </span>
        )}
        {unseen > 0 && (
          <span
            data-testid="sync-unseen"
            className="badge warn"
            style={{ color: '#c62828', fontWeight: 600 }}
          >
            {tx('notices', { n: unseen })}
          </span>
        )}
      </button>
      {open && (
        <div
          role="dialog"
          aria-label={tx('title')}
          data-testid="sync-panel"
          className="sync-panel"
          style={{
            position: 'absolute',
            top: '100%',
            right: 0,
            zIndex: 50,
            width: 380,
            maxHeight: 420,
            overflow: 'auto',
            padding: 12,
            background: 'var(--panel)',
            color: 'var(--text)',
            border: '1px solid var(--line)',
            boxShadow: '0 4px 16px rgba(0,0,0,.25)',
            borderRadius: 6,
          }}
        >
          <div
            style={{
              display: 'flex',
              justifyContent: 'space-between',
              alignItems: 'center',
              marginBottom: 8,
            }}
          >
            <strong>{tx('title')}</strong>
            <button type="button" onClick={() => setOpen(false)}>
              {tx('close')}
            </button>
          </div>
          {status.name && (
            <div>
              {tx('role', {
                name: status.name,
                role: status.role ? t(`syncRole.${status.role}` as MessageKey) : '',
              })}
            </div>
          )}
          {status.hubUrl && <div>{tx('hub', { url: status.hubUrl })}</div>}
          <div>{tx('lastSync', { time: clock(status.lastSyncAt, locale) })}</div>
          {status.clockAheadMs !== null && (
            <div role="status" data-testid="sync-clock-ahead-detail" style={{ color: '#c62828' }}>
              {tx('clockAhead', { seconds: Math.round(status.clockAheadMs / 1000) })}
            </div>
          )}
          {status.retryAt && (
            <div role="status">{tx('retryAt', { time: clock(status.retryAt, locale) })}</div>
          )}
          {status.state === 'error' && (
            <div role="alert" style={{ color: '#c62828' }}>
              {status.error} {tx('errorHint')}
            </div>
          )}
          {status.state !== 'disabled' && (
            <button
              type="button"
              data-testid="sync-now"
              disabled={busy}
              onClick={() => void syncNow()}
              style={{ margin: '8px 0' }}
            >
              {tx('syncNow')}
            </button>
          )}
          {problem && (
            <div role="alert" style={{ color: '#c62828' }}>
              {problem}
            </div>
          )}
          {conflicts.length + notices.length === 0 ? (
            <p>{tx('none')}</p>
          ) : (
            <>
              <ul data-testid="sync-notices" style={{ listStyle: 'none', padding: 0 }}>
                {notices.map((n) => (
                  <li
                    key={`n${n.id}`}
                    data-kind={n.kind}
                    style={{ borderTop: '1px solid #ddd', padding: '6px 0' }}
                  >
                    <span title={n.message}>{noticeText(t, n, picture)}</span>{' '}
                    <button type="button" onClick={() => void markSeen([], [n.id])}>
                      {tx('markSeen')}
                    </button>
                  </li>
                ))}
                {conflicts.map((c) => (
                  <li
                    key={`c${c.id}`}
                    data-kind="conflict"
                    style={{ borderTop: '1px solid #ddd', padding: '6px 0' }}
                  >
                    {conflictText(t, c, picture, locale)}{' '}
                    <button type="button" onClick={() => void markSeen([c.id], [])}>
                      {tx('markSeen')}
                    </button>
                  </li>
                ))}
              </ul>
              <button
                type="button"
                onClick={() =>
                  void markSeen(
                    conflicts.map((c) => c.id),
                    notices.map((n) => n.id),
                  )
                }
              >
                {tx('markAllSeen')}
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
