import { useState, type KeyboardEvent } from 'react';
import type { Incident } from '../../shared/domain';
import { api } from '../services/api';
import { INCIDENT_TABS, useApp, useT, type IncidentTab } from '../store';
import { errorText } from '../ui/errorText';
import { DispatchTab } from '../features/dispatch/DispatchTab';
import { OverviewTab } from '../features/incident/OverviewTab';
import { ResourcesTab } from '../features/incident/ResourcesTab';
import { TimelineTab } from '../features/desk/TimelineTab';
import { ResponseTab } from '../features/desk/ResponseTab';
import { IncidentMinutes } from '../features/consult/IncidentMinutes';

/** Each tab's body (and its key in INCIDENT_TABS). */
const TAB_BODY: Record<IncidentTab, (p: { incident: Incident }) => React.ReactNode> = {
  overview: OverviewTab,
  timeline: TimelineTab,
  response: ResponseTab,
  minutes: IncidentMinutes,
  dispatch: DispatchTab,
  resources: ResourcesTab,
};

/** The selected incident: its header, and tabs for its facts, its dispatch and the resources around it. */
export function IncidentPanel({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const t = useT();
  const tab = useApp((s) => s.incidentTab);
  const { setIncidentTab, select } = useApp.getState();
  const [error, setError] = useState<string | null>(null);
  const sentCount = useApp(
    (s) =>
      s.picture?.assignments.filter(
        (a) => a.incidentId === incident.id && (a.status === 'accepted' || a.status === 'proposed'),
      ).length ?? 0,
  );

  const acknowledge = async () => {
    const r = await api.invoke('incident:acknowledge', { id: incident.id });
    setError(r.ok ? null : errorText(t, r.error));
    if (r.ok) void useApp.getState().loadPicture();
  };

  /** Left and right move between tabs (WAI-ARIA tabs). */
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = INCIDENT_TABS.indexOf(tab);
    const to =
      e.key === 'ArrowRight'
        ? i + 1
        : e.key === 'ArrowLeft'
          ? i - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? INCIDENT_TABS.length - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    const next = INCIDENT_TABS[(to + INCIDENT_TABS.length) % INCIDENT_TABS.length]!;
    setIncidentTab(next);
    e.currentTarget.querySelector<HTMLButtonElement>(`[data-tab="${next}"]`)?.focus();
  };

  const Body = TAB_BODY[tab];
  return (
    <>
      <header className="detail-head">
        <div className="detail-title">
          <div className="kicker">
            {t('detail.incident')} · {t(`hazard.${incident.hazard}`)}
          </div>
          <h2>{incident.title}</h2>
          <div className="detail-badges">
            <span className={`badge level-${incident.level}`}>
              {t('incident.level', { level: incident.level })}
            </span>
            <span className="badge">{t(`status.${incident.status}`)}</span>
            {incident.acknowledgedAt === null && (
              <span className="badge unacked">{t('detail.unacknowledged')}</span>
            )}
          </div>
        </div>
        <button
          type="button"
          className="close"
          data-testid="detail-close"
          aria-label={t('card.close')}
          title={t('card.close')}
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="detail-actions">
        {incident.acknowledgedAt === null && (
          <button
            type="button"
            className="primary"
            data-testid="incident-acknowledge"
            onClick={() => void acknowledge()}
          >
            {t('card.acknowledge')}
          </button>
        )}
        <button
          type="button"
          data-testid="detail-fly"
          onClick={() => select({ kind: 'incident', id: incident.id }, true)}
        >
          {t('card.flyTo')}
        </button>
      </div>
      {error && (
        <div className="tab-state error" role="alert">
          {error}
        </div>
      )}
      <div className="detail-tabs" role="tablist" aria-label={t('detail.tabs')} onKeyDown={onTabKey}>
        {INCIDENT_TABS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`itab-${k}`}
            data-tab={k}
            data-testid={`itab-${k}`}
            aria-selected={tab === k}
            aria-controls="incident-tabpanel"
            tabIndex={tab === k ? 0 : -1}
            className={tab === k ? 'active' : ''}
            onClick={() => setIncidentTab(k)}
          >
            {t(`itab.${k}`)}
            {k === 'dispatch' && sentCount > 0 && (
              <span className="count">{t('detail.sentCount', { n: sentCount })}</span>
            )}
          </button>
        ))}
      </div>
      <div
        className="detail-body"
        role="tabpanel"
        id="incident-tabpanel"
        aria-labelledby={`itab-${tab}`}
        data-testid={`itabpanel-${tab}`}
      >
        <Body incident={incident} />
      </div>
    </>
  );
}
