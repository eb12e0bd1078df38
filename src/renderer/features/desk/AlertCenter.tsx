import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineEntry } from '../../../shared/domain';
import {
  activeAlerts,
  DEFAULT_DESK_CONFIG,
  shouldSound,
  type Alert,
  type RefusalNotice,
} from '../../../shared/desk';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useApp, useLocale, useT, type T } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { useEscape } from '../../ui/useEscape';
import { markInvitationsSeen, useConsultations, useInvitations } from '../../model/consultations';
import { useWhoAmI } from '../../ui/useWhoAmI';

/** A two-tone alarm made in the page (no file, no network). */
function beep(): void {
  const Ctx =
    window.AudioContext ??
    (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  const gain = ctx.createGain();
  gain.gain.value = 0.15;
  gain.connect(ctx.destination);
  [880, 660, 880].forEach((f, i) => {
    const o = ctx.createOscillator();
    o.frequency.value = f;
    o.connect(gain);
    o.start(ctx.currentTime + i * 0.25);
    o.stop(ctx.currentTime + i * 0.25 + 0.2);
  });
  setTimeout(() => void ctx.close(), 1200);
}

/** An alert in words; `unitName` turns a unit id into the name people use for it. */
export function alertText(t: T, a: Alert, unitName: (id: string) => string = (id) => id): string {
  const p = { ...a.params };
  if (a.kind === 'report_overdue') p.deadline = t(`deadline.${String(a.params.deadline)}` as MessageKey);
  if (a.kind === 'order_unacknowledged') p.resource = unitName(String(a.params.resource));
  return t(`alert.${a.kind}` as MessageKey, p);
}

/**
 * Alerts on this console: a banner, a sound and a desktop notification (the browser's
 * Notification in web mode; Electron shows the same API as a native notification), repeated every
 * `alertRepeatSeconds` until a named person acknowledges it (docs/duty-desk.md §Alerts).
 */
export function AlertCenter() {
  const t = useT();
  const picture = useApp((s) => s.picture);
  const status = useApp((s) => s.syncStatus);
  const role = useApp((s) => s.syncRole);
  const cfg = useApp((s) => s.settings.desk) ?? DEFAULT_DESK_CONFIG;
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [notices, setNotices] = useState<RefusalNotice[]>([]);
  const [now, setNow] = useState(Date.now());
  const [error, setError] = useState<string | null>(null);
  const sounded = useRef(new Map<string, number>());
  const [listOpen, setListOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const locale = useLocale();
  const me = useWhoAmI();
  const invitations = useInvitations(useConsultations().list, me);

  const load = useCallback(() => {
    void api.invoke('timeline:recent', {}).then((r) => r.ok && setTimeline(r.value));
    void api
      .invoke('sync:notices', { unseenOnly: true })
      .then((r) => r.ok && setNotices(r.value.filter((n) => n.kind === 'op_rejected')));
  }, []);
  useEffect(() => {
    load();
    const off = api.on('picture:changed', () => load());
    const tick = setInterval(() => setNow(Date.now()), 5000);
    return () => {
      off();
      clearInterval(tick);
    };
  }, [load]);
  useEffect(() => load(), [status?.unseenNotices, load]);

  const unitName = useCallback(
    (id: string) => picture?.units.find((u) => u.id === id)?.name ?? id,
    [picture],
  );
  const alerts = useMemo(
    () =>
      picture
        ? activeAlerts({
            incidents: picture.incidents,
            assignments: picture.assignments,
            timeline,
            notices,
            cfg,
            now,
            viewer: {
              role: status?.state === 'disabled' ? null : role,
              unitId: status?.unitId ?? null,
              person: me,
            },
            invitations,
          })
        : [],
    [picture, timeline, notices, cfg, now, role, status?.state, status?.unitId, invitations, me],
  );

  // Sound and notify: at once, then every alertRepeatSeconds, for each alert still standing. One
  // sound and one notification per round, however many are due (a start-up with many old alerts
  // must not fire a notification each).
  useEffect(() => {
    const due = alerts.filter((a) => shouldSound(sounded.current.get(a.id) ?? null, now, cfg));
    if (due.length === 0) return;
    for (const a of due) sounded.current.set(a.id, now);
    beep();
    if ('Notification' in window && Notification.permission === 'granted') {
      const body =
        due.length === 1
          ? alertText(t, due[0]!, unitName)
          : t('alert.many', { n: due.length, first: alertText(t, due[0]!, unitName) });
      new Notification(t('alert.title'), { body, tag: due.length === 1 ? due[0]!.id : 'jinying-alerts' });
    }
  }, [alerts, now, cfg, t, unitName]);
  useEscape(listOpen, () => setListOpen(false));

  // One logged acknowledgement per alert, by the person on duty: hub refusals are marked seen,
  // the rest go in one transaction.
  const acknowledge = async (all: readonly Alert[]) => {
    // A consultation invitation is acknowledged on this console (a viewer may not write the timeline).
    markInvitationsSeen(
      all.filter((a) => a.kind === 'consult_invitation').map((a) => a.id.slice('consult:'.length)),
    );
    const list = all.filter(
      (a): a is Alert & { kind: Exclude<Alert['kind'], 'consult_invitation'> } =>
        a.kind !== 'consult_invitation',
    );
    setBusy(true);
    const refusals = list
      .filter((a) => a.kind === 'hub_refusal' || !a.incidentId)
      .map((a) => Number(a.id.split(':')[1]));
    const rest = list
      .filter((a) => a.kind !== 'hub_refusal' && a.incidentId)
      .map((a) => ({ incidentId: a.incidentId!, alertId: a.id, kind: a.kind }));
    const results = await Promise.all([
      refusals.length ? api.invoke('sync:markNoticesSeen', { ids: refusals }) : null,
      rest.length === 1
        ? api.invoke('alert:acknowledge', rest[0]!)
        : rest.length > 1
          ? api.invoke('alert:acknowledgeAll', { alerts: rest })
          : null,
    ]);
    const failed = results.find((r) => r && !r.ok);
    setBusy(false);
    setError(failed && !failed.ok ? errorText(t, failed.error) : null);
    if (!failed && list.length > 1) setListOpen(false);
    load();
  };

  if (alerts.length === 0) return null;
  const [first, ...rest] = alerts;
  return (
    <div
      className="banner alert-banner"
      role="alert"
      data-testid="alert-banner"
      data-kind={first!.kind}
      data-id={first!.id}
      data-count={alerts.length}
    >
      <span className="alert-text" data-testid="alert-text">
        {alertText(t, first!, unitName)}
      </span>
      {rest.length > 0 && (
        <button
          type="button"
          className="badge"
          data-testid="alert-more"
          aria-expanded={listOpen}
          onClick={() => setListOpen(!listOpen)}
        >
          {t('alert.more', { n: rest.length })}
        </button>
      )}
      <button
        type="button"
        className="primary"
        data-testid="alert-ack"
        disabled={busy}
        onClick={() => void acknowledge([first!])}
      >
        {t('alert.ack')}
      </button>
      {listOpen && rest.length > 0 && (
        <div className="alert-list" role="dialog" aria-label={t('alert.listTitle')} data-testid="alert-list">
          <div className="alert-list-head">
            <strong>{t('alert.listTitle')}</strong>
            <button
              type="button"
              data-testid="alert-ack-all"
              disabled={busy}
              onClick={() => void acknowledge(alerts)}
            >
              {t('alert.ackAll', { n: alerts.length })}
            </button>
          </div>
          <ul>
            {alerts.map((a) => (
              <li key={a.id} data-testid="alert-row" data-kind={a.kind} data-id={a.id}>
                <span className="alert-row-text">{alertText(t, a, unitName)}</span>
                <span className="muted">{formatTime(locale, a.since)}</span>
                {a.incidentId && (
                  <button
                    type="button"
                    onClick={() => useApp.getState().select({ kind: 'incident', id: a.incidentId! })}
                  >
                    {t('alert.show')}
                  </button>
                )}
                <button type="button" disabled={busy} onClick={() => void acknowledge([a])}>
                  {t('alert.ack')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {'Notification' in window && Notification.permission === 'default' && (
        <button type="button" onClick={() => void Notification.requestPermission()}>
          {t('alert.enableNotifications')}
        </button>
      )}
      {error && <span className="error">{error}</span>}
    </div>
  );
}
