import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineEntry } from '../../../shared/domain';
import { activeAlerts, DEFAULT_DESK_CONFIG, shouldSound, type Alert, type RefusalNotice } from '../../../shared/desk';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useApp, useT, type T } from '../../store';
import { errorText } from '../../ui/errorText';

/** A two-tone alarm made in the page (no file, no network). */
function beep(): void {
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
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

export function alertText(t: T, a: Alert): string {
  const p = { ...a.params };
  if (a.kind === 'report_overdue') p.deadline = t(`deadline.${String(a.params.deadline)}` as MessageKey);
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

  const load = useCallback(() => {
    void api.invoke('timeline:recent', {}).then((r) => r.ok && setTimeline(r.value));
    void api.invoke('sync:notices', { unseenOnly: true }).then((r) => r.ok && setNotices(r.value.filter((n) => n.kind === 'op_rejected')));
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

  const alerts = useMemo(
    () =>
      picture
        ? activeAlerts({ incidents: picture.incidents, assignments: picture.assignments, timeline, notices, cfg, now, viewer: { role: status?.state === 'disabled' ? null : role, unitId: status?.unitId ?? null } })
        : [],
    [picture, timeline, notices, cfg, now, role, status?.state, status?.unitId],
  );

  // Sound and notify: at once, then every alertRepeatSeconds, for each alert still standing.
  useEffect(() => {
    let sound = false;
    for (const a of alerts) {
      if (!shouldSound(sounded.current.get(a.id) ?? null, now, cfg)) continue;
      sounded.current.set(a.id, now);
      sound = true;
      if ('Notification' in window && Notification.permission === 'granted') new Notification(t('alert.title'), { body: alertText(t, a), tag: a.id });
    }
    if (sound) beep();
  }, [alerts, now, cfg, t]);

  const acknowledge = async (a: Alert) => {
    const r =
      a.kind === 'hub_refusal' || !a.incidentId
        ? await api.invoke('sync:markNoticesSeen', { ids: [Number(a.id.split(':')[1])] })
        : await api.invoke('alert:acknowledge', { incidentId: a.incidentId, alertId: a.id, kind: a.kind });
    setError(r.ok ? null : errorText(t, r.error));
    if (r.ok) load();
  };

  if (alerts.length === 0) return null;
  const [first, ...rest] = alerts;
  return (
    <div className="banner alert-banner" role="alert" data-testid="alert-banner" data-kind={first!.kind} data-id={first!.id}>
      <span className="alert-text" data-testid="alert-text">
        {alertText(t, first!)}
      </span>
      {rest.length > 0 && <span className="badge">{t('alert.more', { n: rest.length })}</span>}
      <button type="button" className="primary" data-testid="alert-ack" onClick={() => void acknowledge(first!)}>
        {t('alert.ack')}
      </button>
      {'Notification' in window && Notification.permission === 'default' && (
        <button type="button" onClick={() => void Notification.requestPermission()}>
          {t('alert.enableNotifications')}
        </button>
      )}
      {error && <span className="error">{error}</span>}
    </div>
  );
}
