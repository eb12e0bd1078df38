import { useMemo } from 'react';
import type { Incident } from '../../../shared/domain';
import { foldMinutes } from '../../../shared/consult/minutes';
import { useConsultations } from '../../model/consultations';
import { useLocale, useT } from '../../store';
import { formatTime } from '../../ui/time';
import { useNow } from '../../ui/useNow';
import { useWhoAmI } from '../../ui/useWhoAmI';
import { SessionMinutesView } from './MinutesPane';
import { useTimeline } from '../../ui/useTimeline';
import './minutes.css';

/**
 * The incident's 纪要 tab: how many of its consultations' action items are still open (and how many
 * overdue), then each session with its decisions and action items, newest session first. Minutes are
 * recorded here as in the call, without joining it (the record needs the session on this console:
 * open, or ended in the last 24 hours); action items are marked done or reassigned here whatever
 * their session's age.
 */
export function IncidentMinutes({ incident }: { incident: Incident }) {
  const t = useT();
  const locale = useLocale();
  const now = useNow(15_000);
  const me = useWhoAmI();
  const { list } = useConsultations();
  const { entries, error } = useTimeline(incident.id);
  const folded = useMemo(() => foldMinutes(entries ?? [], now), [entries, now]);
  const records = list.filter((c) => c.incidentId === incident.id);
  const ids = [
    ...records.map((c) => c.id),
    ...folded.map((s) => s.consultationId).filter((id) => !records.some((c) => c.id === id)),
  ];
  const pending = folded.flatMap((s) => s.actions).filter((a) => a.state !== 'done');
  const overdue = pending.filter((a) => a.state === 'overdue').length;
  return (
    <div className="incident-minutes" data-testid="incident-minutes">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {ids.length === 0 ? (
        <p className="muted">{t('minutes.noSessions')}</p>
      ) : (
        <p
          className={overdue > 0 ? 'minutes-summary overdue' : 'minutes-summary'}
          data-testid="minutes-pending"
          data-pending={pending.length}
          data-overdue={overdue}
        >
          {pending.length === 0
            ? t('minutes.pendingNone')
            : overdue > 0
              ? t('minutes.pendingOverdue', { n: pending.length, overdue })
              : t('minutes.pending', { n: pending.length })}
        </p>
      )}
      {ids.map((id) => {
        const c = records.find((x) => x.id === id) ?? null;
        const m = folded.find((s) => s.consultationId === id) ?? null;
        return (
          <section key={id} className="minutes-session" data-testid="minutes-session" data-consult={id}>
            <h3>
              {t('minutes.session', { title: c?.title ?? m?.session ?? id })}
              {c?.status === 'ended' && <span className="badge">{t('minutes.sessionEnded')}</span>}
            </h3>
            {c && (
              <div className="muted">
                {t('minutes.sessionMeta', { by: c.openedBy.name, time: formatTime(locale, c.openedAt) })}
              </div>
            )}
            <SessionMinutesView consultationId={id} consultation={c} minutes={m} me={me} />
          </section>
        );
      })}
    </div>
  );
}
