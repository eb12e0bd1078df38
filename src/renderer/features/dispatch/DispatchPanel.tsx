import { useEffect, useState } from 'react';
import type { Candidate, Recommendation } from '../../../shared/dispatch/recommend';
import type { Assignment } from '../../../shared/domain';
import { formatAge, type LocaleCode, type MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { resourceName } from './names';
import { rejectionMessage } from './rejection';
import { isRole, mayDispatch, type Role } from '../../../shared/sync/roles';
import type { SyncStatusInfo } from '../../../shared/sync/status';
import { useApp, useT } from '../../store';
import { DeliveryReceipt } from '../sync';
import { errorText } from '../../ui/errorText';
import type { AppError } from '../../../shared/ipc';

const fmt = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '–' : x.toFixed(digits));

/**
 * For the selected incident: the run card filled from the ranking, and every candidate with
 * its ETA and why it qualifies. "Propose" sends an assignment proposal (the hub decides).
 */
export function DispatchPanel() {
  const t = useT();
  const selection = useApp((s) => s.selection);
  const picture = useApp((s) => s.picture);
  const select = useApp((s) => s.select);
  const locale = useApp((s) => s.settings.locale) as LocaleCode;
  const incidentId = selection?.kind === 'incident' ? selection.id : null;
  const incident = incidentId ? picture?.incidents.find((i) => i.id === incidentId) : undefined;
  // Kept with the incident it is for, so a slow answer never shows under another incident.
  const [result, setResult] = useState<{ incidentId: string; rec: Recommendation } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [proposeError, setProposeError] = useState<string | null>(null);
  const [confirmRelease, setConfirmRelease] = useState<string | null>(null);
  const [syncEnabled, setSyncEnabled] = useState(false);
  /** The role the hub gave us; a role that may not dispatch gets no propose button (the hub would refuse). */
  const [syncRole, setSyncRole] = useState<Role | null>(null);

  // Delivery receipts mean something only when a hub is configured; the role is known once the
  // hub has answered, which may be after this panel opened (a start offline): follow the status.
  useEffect(() => {
    const take = (s: SyncStatusInfo) => {
      setSyncEnabled(s.state !== 'disabled');
      if (isRole(s.role)) setSyncRole(s.role);
    };
    void api.invoke('sync:status', {}).then((r) => r.ok && take(r.value));
    return api.on('sync:status', take);
  }, []);
  const readOnly = syncRole !== null && !mayDispatch(syncRole);

  // Recompute when the incident or the picture changes (units move, statuses change).
  useEffect(() => {
    if (!incidentId) return;
    let live = true;
    void api.invoke('dispatch:recommend', { incidentId, limit: 10 }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setResult({ incidentId, rec: r.value });
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [incidentId, picture]);

  if (!incidentId || !incident) return null;
  const rec = result?.incidentId === incidentId ? result.rec : null;
  const forIncident = (picture?.assignments ?? []).filter((a) => a.incidentId === incidentId);
  const live = forIncident.filter((a) => a.status === 'proposed' || a.status === 'accepted');
  const liveFor = (id: string) => live.find((a) => a.resourceId === id) ?? null;
  // The hub's latest refusal for this resource, shown until a new proposal replaces it.
  const rejectedFor = (id: string) =>
    forIncident.filter((a) => a.resourceId === id && a.status === 'rejected').sort((a, b) => b.proposedAt.localeCompare(a.proposedAt))[0] ?? null;
  const caps = (xs: string[]) => xs.map((c) => t(`capability.${c}` as MessageKey)).join(t('list.separator'));

  /** Two clicks: the first asks, the second releases (a mis-click must not call a team back). */
  const release = async (a: Assignment) => {
    if (confirmRelease !== a.id) {
      setConfirmRelease(a.id);
      return;
    }
    setConfirmRelease(null);
    setBusy(a.id);
    setProposeError(null);
    const r = await api.invoke('assignment:release', { id: a.id });
    setBusy(null);
    if (!r.ok) setProposeError(t('dispatch.releaseFailed', { message: errorText(t, r.error) }));
  };

  const propose = async (c: Candidate) => {
    if (busy) return; // one proposal at a time: a double click must not send two
    setBusy(c.id);
    setProposeError(null);
    const r = await api.invoke('assignment:propose', {
      incidentId,
      resourceKind: c.resource,
      resourceId: c.id,
      etaMinutes: Math.round(c.etaMinutes),
    });
    setBusy(null);
    if (!r.ok) setProposeError(t('dispatch.proposeFailed', { message: errorText(t, r.error) }));
  };

  return (
    <section className="dispatch-panel" data-testid="dispatch-panel">
      <header>
        <div>
          <div className="dp-kicker">{t('dispatch.title')}</div>
          <h2>{incident.title}</h2>
          <div className="dp-sub">
            {t(`hazard.${incident.hazard}`)} · {t('incident.level', { level: incident.level })} · {t(`status.${incident.status}`)}
          </div>
        </div>
        <button className="dp-close" aria-label={t('dispatch.back')} title={t('dispatch.back')} onClick={() => select(null)}>
          ×
        </button>
      </header>
      {error && <div className="banner error">{t('dispatch.failed', { message: errorText(t, error) })}</div>}
      {proposeError && <div className="banner error">{proposeError}</div>}
      {!rec && !error && <div className="dp-muted">{t('dispatch.loading')}</div>}
      {rec && (
        <div className="dp-body">
          <div className="dp-muted">{t('dispatch.required', { caps: caps(rec.requiredCapabilities) })}</div>
          {rec.runCard && (
            <div className="dp-runcard" data-testid="run-card">
              <h3>{t('dispatch.runCard', { level: rec.runCard.level, hazard: t(`hazard.${rec.runCard.hazard}`) })}</h3>
              <div className={rec.runCard.complete ? 'dp-ok' : 'dp-warn'}>
                {rec.runCard.complete
                  ? t('dispatch.runCardComplete', { min: fmt(rec.runCard.fullArrivalMinutes) })
                  : t('dispatch.runCardIncomplete')}
              </div>
              <ul>
                {rec.runCard.slots.map((s) => (
                  <li key={s.role} className={s.missing > 0 ? 'missing' : ''}>
                    <span>{t('dispatch.slotFilled', { role: t(`role.${s.role}` as MessageKey), filled: s.filled.length, needed: s.needed })}</span>
                    <span className="dp-muted"> {s.filled.map((f) => t(f.assigned ? 'dispatch.filledSent' : 'dispatch.filledEta', { name: f.name, min: fmt(f.etaMinutes) })).join(t('list.separator'))}</span>
                    {s.missing > 0 && (
                      <div className="dp-warn" title={s.shortfall ?? undefined}>
                        {t('dispatch.shortfall', { missing: s.missing, needed: s.needed, caps: caps(s.anyOf) })}
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {rec.empty && (
            <div className="banner warn" title={rec.empty.message}>
              {rec.empty.reason === 'no_capable_resource'
                ? t('dispatch.emptyNoCapable', { caps: caps(rec.requiredCapabilities) })
                : t('dispatch.emptyNoneEligible', { n: rec.pool.qualifyingUnits })}
            </div>
          )}
          {live.length > 0 && (
            <>
              <h3>{t('dispatch.sent', { n: live.length })}</h3>
              <ul className="dp-sent" data-testid="sent">
                {live.map((a) => (
                  <li key={a.id} data-id={a.resourceId} data-status={a.status}>
                    <div>
                      <span className="dp-name">{resourceName(picture, a.resourceKind, a.resourceId)}</span> ·{' '}
                      <span className="dp-status">{a.status === 'proposed' ? t('dispatch.proposed') : t('dispatch.assigned')}</span>
                      {a.etaMinutes !== null && <span className="dp-muted"> · {t('dispatch.etaAtProposal', { min: fmt(a.etaMinutes) })}</span>}
                    </div>
                    <div className="dp-actions">
                      {syncEnabled && <DeliveryReceipt assignmentId={a.id} />}
                      {a.status === 'accepted' && !readOnly && (
                        <button data-testid={`release-${a.resourceId}`} disabled={busy !== null} onClick={() => void release(a)}>
                          {confirmRelease === a.id ? t('dispatch.releaseConfirm') : t('dispatch.release')}
                        </button>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>{t('dispatch.candidates')}</h3>
          {readOnly && (
            <div className="banner warn" data-testid="role-may-not-dispatch">
              {t('dispatch.roleMayNotDispatch', { role: t(`syncRole.${syncRole!}` as MessageKey) })}
            </div>
          )}
          <ol className="dp-candidates" data-testid="candidates">
            {rec.candidates.map((c) => {
              const assignment = liveFor(c.id);
              const rejected = assignment ? null : rejectedFor(c.id);
              const uncertain = c.etaRangeMinutes[1] - c.etaRangeMinutes[0] >= 1;
              return (
                <li key={c.id} data-id={c.id} className={`conf-${c.confidence}`}>
                  <div className="dp-row">
                    <span className="dp-rank">{c.rank}</span>
                    <span className="dp-name">{c.name}</span>
                    <span className="dp-eta" title={uncertain ? t('dispatch.etaRange', { lo: fmt(c.etaRangeMinutes[0]), hi: fmt(c.etaRangeMinutes[1]) }) : undefined}>
                      {uncertain
                        ? t('dispatch.etaRange', { lo: fmt(c.etaRangeMinutes[0]), hi: fmt(c.etaRangeMinutes[1]) })
                        : t('dispatch.eta', { min: fmt(c.etaMinutes) })}
                    </span>
                  </div>
                  <div className="dp-line">
                    {t((c.resource === 'unit' ? `unitKind.${c.kind}` : `aircraftCategory.${c.kind}`) as MessageKey)} · {t('dispatch.distance', { km: fmt(c.distanceKm, 1) })}
                    {c.baseName ? ` · ${t('dispatch.fromBase', { base: c.baseName })}` : ''}
                  </div>
                  <div className="dp-line">
                    {c.resource === 'unit'
                      ? t('dispatch.groundParts', {
                          mob: fmt(c.eta.mobilisationMinutes),
                          travel: fmt(c.eta.travelMinutes),
                          road: fmt(c.eta.roadDistanceKm),
                          circuity: fmt(c.eta.circuity, 2),
                          speed: fmt(c.eta.speedKmh),
                        })
                      : t('dispatch.airParts', { launch: fmt(c.eta.launchMinutes), flight: fmt(c.eta.flightMinutes), approach: fmt(c.eta.approachMinutes) })}
                  </div>
                  <div className="dp-line">{t('dispatch.qualifies', { caps: caps(c.qualifiesBy) })}</div>
                  {c.notes.length > 0 && (
                    <div className="dp-line dp-warn">
                      {c.notes.map((n) => t(`dispatch.note.${n}` as MessageKey)).join(' · ')}
                      {c.fix && ` · ${t('dispatch.fixAge', { age: formatAge(locale, new Date(Date.now() - c.fix.ageMinutes * 60000).toISOString(), Date.now()) })}`}
                    </div>
                  )}
                  {rejected && (
                    <div className="dp-line dp-warn" data-testid="rejection">
                      {t('dispatch.rejected', { reason: rejectionMessage(t, rejected) })}
                    </div>
                  )}
                  <div className="dp-actions">
                    {assignment ? (
                      <>
                        <span className="dp-status">{assignment.status === 'proposed' ? t('dispatch.proposed') : t('dispatch.assigned')}</span>
                        {syncEnabled && (
                          <div>
                            <DeliveryReceipt assignmentId={assignment.id} />
                          </div>
                        )}
                      </>
                    ) : (
                      <button
                        data-testid={`propose-${c.id}`}
                        disabled={busy !== null || readOnly}
                        title={readOnly ? t('dispatch.roleMayNotDispatch', { role: t(`syncRole.${syncRole!}` as MessageKey) }) : undefined}
                        onClick={() => void propose(c)}
                      >
                        {t('dispatch.propose')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
          {rec.aircraftRefused.length > 0 && <div className="dp-muted">{t('dispatch.refused', { n: rec.aircraftRefused.length })}</div>}
        </div>
      )}
    </section>
  );
}
