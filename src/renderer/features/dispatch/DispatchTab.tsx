import { useEffect, useState } from 'react';
import type { Candidate } from '../../../shared/dispatch/recommend';
import type { Assignment, Incident } from '../../../shared/domain';
import type { MessageKey } from '../../../shared/i18n';
import { mayDispatch } from '../../../shared/sync/roles';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { RECOMMEND_TIMEOUT_MS } from '../../store/dispatchSlice';
import { errorText } from '../../ui/errorText';
import { formatTime, formatTimeAgo } from '../../ui/time';
import { useNow } from '../../ui/useNow';
import { DeliveryReceipt } from './DeliveryReceipt';
import { availabilityText } from '../../model/availabilityText';
import { resourceName } from '../../model/names';
import { rejectionMessage } from '../../model/rejection';

const fmt = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined ? '–' : x.toFixed(digits);

/**
 * The incident's dispatch: the run card filled from the ranking, what was already sent (with
 * delivery receipts, and release), and every candidate with its ETA and why it qualifies.
 * "Propose" sends an assignment proposal (the hub, or standalone the same rules, decides).
 */
export function DispatchTab({ incident }: { incident: Incident }) {
  const t = useT();
  const locale = useLocale();
  const now = useNow();
  const incidentId = incident.id;
  const picture = useApp((s) => s.picture);
  const entry = useApp((s) => s.recommendations[incidentId]);
  const connected = useApp((s) => s.connected);
  const syncState = useApp((s) => s.syncStatus?.state ?? 'disabled');
  const syncRole = useApp((s) => s.syncRole);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirmRelease, setConfirmRelease] = useState<string | null>(null);
  // Delivery receipts mean something only when a hub is configured.
  const syncEnabled = syncState !== 'disabled';
  // A role that may not dispatch gets no working propose button (the hub would refuse it).
  const readOnly = syncRole !== null && !mayDispatch(syncRole);

  // Asked for again whenever the picture changes (units move, statuses change); an answer for the
  // current picture already there (made ready before the click) is not asked for twice.
  useEffect(() => {
    void useApp.getState().loadRecommendation(incidentId);
  }, [incidentId, picture]);

  const rec = entry?.rec ?? null;
  // Aircraft kept on the ground by night, weather or airspace: named, with the rule and until when.
  const grounded = (rec?.aircraftRefused ?? []).filter((r) => r.reason === 'conditions');
  const current = rec !== null && entry?.forPicture === picture;
  const forIncident = (picture?.assignments ?? []).filter((a) => a.incidentId === incidentId);
  const live = forIncident.filter((a) => a.status === 'proposed' || a.status === 'accepted');
  const liveFor = (id: string) => live.find((a) => a.resourceId === id) ?? null;
  // The hub's latest refusal for this resource, shown until a new proposal replaces it.
  const rejectedFor = (id: string) =>
    forIncident
      .filter((a) => a.resourceId === id && a.status === 'rejected')
      .sort((a, b) => b.proposedAt.localeCompare(a.proposedAt))[0] ?? null;
  const caps = (xs: string[]) => xs.map((c) => t(`capability.${c}` as MessageKey)).join(t('list.separator'));
  const roleText = syncRole
    ? t('dispatch.roleMayNotDispatch', { role: t(`syncRole.${syncRole}` as MessageKey) })
    : '';

  /** Two clicks: the first asks, the second releases (a mis-click must not call a team back). */
  const release = async (a: Assignment) => {
    if (confirmRelease !== a.id) {
      setConfirmRelease(a.id);
      return;
    }
    setConfirmRelease(null);
    setBusy(a.id);
    setActionError(null);
    const r = await api.invoke('assignment:release', { id: a.id });
    setBusy(null);
    if (!r.ok) setActionError(t('dispatch.releaseFailed', { message: errorText(t, r.error) }));
  };

  /** The order that goes with the next proposal: task, where to report, whom to contact. */
  const [order, setOrder] = useState({ task: '', rendezvous: '', contact: '' });

  const propose = async (c: Candidate) => {
    if (busy) return; // one proposal at a time: a double click must not send two
    setBusy(c.id);
    setActionError(null);
    const r = await api.invoke('assignment:propose', {
      incidentId,
      resourceKind: c.resource,
      resourceId: c.id,
      etaMinutes: Math.round(c.etaMinutes),
      task: order.task.trim(),
      rendezvous: order.rendezvous.trim(),
      contact: order.contact.trim(),
    });
    setBusy(null);
    if (!r.ok) setActionError(t('dispatch.proposeFailed', { message: errorText(t, r.error) }));
    else setOrder({ task: '', rendezvous: '', contact: '' });
  };

  const retry = () => void useApp.getState().loadRecommendation(incidentId, { force: true });

  // What the candidates are, when they are not (yet) for the current picture, and why.
  let state: { text: string; kind: 'muted' | 'warn' | 'error'; retry?: boolean; testid: string } | null =
    null;
  if (!connected) {
    state = {
      text: rec
        ? t('dispatch.offlineShown', { time: formatTimeAgo(locale, entry!.at!, now) })
        : t('dispatch.offline'),
      kind: 'error',
      testid: 'dispatch-offline',
    };
  } else if (entry?.phase === 'timeout') {
    state = {
      text: t('dispatch.timeout', { seconds: RECOMMEND_TIMEOUT_MS / 1000 }),
      kind: 'error',
      retry: true,
      testid: 'dispatch-timeout',
    };
  } else if (entry?.phase === 'error' && entry.error) {
    state = {
      text: t('dispatch.failed', { message: errorText(t, entry.error) }),
      kind: 'error',
      retry: true,
      testid: 'dispatch-error',
    };
  } else if (!rec) {
    state = { text: t('dispatch.loading'), kind: 'muted', testid: 'dispatch-loading' };
  } else if (!current || entry?.phase === 'loading') {
    state = { text: t('dispatch.refreshing'), kind: 'muted', testid: 'dispatch-refreshing' };
  }

  return (
    <div className="dispatch-tab" data-testid="dispatch-panel" data-incident={incidentId}>
      {state && (
        <div
          className={`tab-state ${state.kind}`}
          data-testid={state.testid}
          role={state.kind === 'error' ? 'alert' : 'status'}
        >
          <span>{state.text}</span>
          {state.retry && (
            <button type="button" data-testid="dispatch-retry" onClick={retry}>
              {t('dispatch.retry')}
            </button>
          )}
        </div>
      )}
      {actionError && (
        <div className="tab-state error" role="alert">
          {actionError}
        </div>
      )}
      {rec && (
        <>
          <div className="dp-computed">
            <span className="dp-muted">
              {t('dispatch.required', { caps: caps(rec.requiredCapabilities) })}
              {entry?.at ? ` · ${t('dispatch.computedAt', { time: formatTime(locale, entry.at) })}` : ''}
            </span>
            {!state?.retry && (
              <button
                type="button"
                className="link"
                data-testid="dispatch-retry"
                disabled={!connected || entry?.phase === 'loading'}
                onClick={retry}
              >
                {t('dispatch.retry')}
              </button>
            )}
          </div>
          {rec.runCard && (
            <section className="dp-runcard" data-testid="run-card">
              <h3>
                {t('dispatch.runCard', {
                  level: rec.runCard.level,
                  hazard: t(`hazard.${rec.runCard.hazard}`),
                })}
              </h3>
              <div
                className={rec.runCard.complete ? 'dp-ok' : 'dp-warn'}
                data-testid="run-card-state"
                data-state={runCardState(rec.runCard)}
              >
                {rec.runCard.complete
                  ? t('dispatch.runCardComplete', {
                      min: fmt(rec.runCard.fullArrivalMinutes),
                      target: rec.runCard.targetMinutes,
                    })
                  : rec.runCard.filled
                    ? t('dispatch.runCardLate', {
                        min: fmt(rec.runCard.fullArrivalMinutes),
                        target: rec.runCard.targetMinutes,
                      })
                    : t('dispatch.runCardIncomplete')}
              </div>
              <ul>
                {rec.runCard.slots.map((s) => (
                  <li key={s.role} className={s.missing > 0 ? 'missing' : ''}>
                    <span>
                      {t('dispatch.slotFilled', {
                        role: t(`role.${s.role}` as MessageKey),
                        filled: s.filled.length,
                        needed: s.needed,
                      })}
                    </span>
                    <span className="dp-muted">
                      {' '}
                      {s.filled
                        .map(
                          (f) =>
                            t(f.assigned ? 'dispatch.filledSent' : 'dispatch.filledEta', {
                              name: f.name,
                              min: fmt(f.etaMinutes),
                            }) + (f.etaMinutes > rec.runCard!.targetMinutes ? t('dispatch.filledLate') : ''),
                        )
                        .join(t('list.separator'))}
                    </span>
                    {s.missing > 0 && (
                      <div className="dp-warn" title={s.shortfall ?? undefined}>
                        {t('dispatch.shortfall', {
                          missing: s.missing,
                          needed: s.needed,
                          caps: caps(s.anyOf),
                        })}
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {rec.empty && (
            <div className="tab-state warn" title={rec.empty.message}>
              {rec.empty.reason === 'no_capable_resource'
                ? t('dispatch.emptyNoCapable', { caps: caps(rec.requiredCapabilities) })
                : t('dispatch.emptyNoneEligible', { n: rec.pool.qualifyingUnits })}
            </div>
          )}
        </>
      )}
      {live.length > 0 && (
        <section>
          <h3>{t('dispatch.sent', { n: live.length })}</h3>
          <ul className="dp-sent" data-testid="sent">
            {live.map((a) => (
              <li key={a.id} data-id={a.resourceId} data-status={a.status}>
                <div>
                  <span className="dp-name">{resourceName(picture, a.resourceKind, a.resourceId)}</span> ·{' '}
                  <span className="dp-status">
                    {a.status === 'proposed' ? t('dispatch.proposed') : t('dispatch.assigned')}
                  </span>
                  {a.etaMinutes !== null && (
                    <span className="dp-muted">
                      {' '}
                      · {t('dispatch.etaAtProposal', { min: fmt(a.etaMinutes) })}
                    </span>
                  )}
                </div>
                <div className="dp-muted">
                  {t('dispatch.proposedAt', { time: formatTimeAgo(locale, a.proposedAt, now) })}
                </div>
                <div className="dp-actions">
                  {syncEnabled && <DeliveryReceipt assignmentId={a.id} />}
                  {a.status === 'accepted' && !readOnly && (
                    <button
                      type="button"
                      data-testid={`release-${a.resourceId}`}
                      disabled={busy !== null || !connected}
                      onClick={() => void release(a)}
                    >
                      {confirmRelease === a.id ? t('dispatch.releaseConfirm') : t('dispatch.release')}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {incident.status === 'closed' && (
        <div className="tab-state muted" data-testid="dispatch-closed">
          {t('act.closed')}
        </div>
      )}
      {rec && incident.status !== 'closed' && (
        <section>
          <h3>{t('dispatch.candidates')}</h3>
          {readOnly && (
            <div className="tab-state warn" data-testid="role-may-not-dispatch">
              {roleText}
            </div>
          )}
          {!readOnly && (
            <fieldset className="act-form dp-order" data-testid="dispatch-order">
              <legend>{t('order.title')}</legend>
              <label className="wide">
                {t('order.task')}
                <input
                  name="task"
                  maxLength={1000}
                  value={order.task}
                  onChange={(e) => setOrder({ ...order, task: e.target.value })}
                />
              </label>
              <label>
                {t('order.rendezvous')}
                <input
                  name="rendezvous"
                  maxLength={200}
                  value={order.rendezvous}
                  onChange={(e) => setOrder({ ...order, rendezvous: e.target.value })}
                />
              </label>
              <label>
                {t('order.contact')}
                <input
                  name="contact"
                  maxLength={200}
                  value={order.contact}
                  onChange={(e) => setOrder({ ...order, contact: e.target.value })}
                />
              </label>
            </fieldset>
          )}
          <ol className="dp-candidates" data-testid="candidates">
            {rec.candidates.map((c) => {
              const assignment = liveFor(c.id);
              const rejected = assignment ? null : rejectedFor(c.id);
              const uncertain = c.etaRangeMinutes[1] - c.etaRangeMinutes[0] >= 1;
              const range = t('dispatch.etaRange', {
                lo: fmt(c.etaRangeMinutes[0]),
                hi: fmt(c.etaRangeMinutes[1]),
              });
              return (
                <li
                  key={c.id}
                  data-id={c.id}
                  data-eta={c.etaMinutes.toFixed(1)}
                  className={`conf-${c.confidence}`}
                >
                  <div className="dp-row">
                    <span className="dp-rank">{c.rank}</span>
                    <span className="dp-name">{c.name}</span>
                    <span className="dp-eta" title={uncertain ? range : undefined}>
                      {uncertain ? range : t('dispatch.eta', { min: fmt(c.etaMinutes) })}
                    </span>
                  </div>
                  <div className="dp-line">
                    {t(
                      (c.resource === 'unit'
                        ? `unitKind.${c.kind}`
                        : `aircraftCategory.${c.kind}`) as MessageKey,
                    )}{' '}
                    · {t('dispatch.distance', { km: fmt(c.distanceKm, 1) })}
                    {c.baseName
                      ? ` · ${t(c.resource === 'aircraft' ? 'dispatch.fromBase' : 'dispatch.homeStation', { base: c.baseName })}`
                      : ''}
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
                      : t('dispatch.airParts', {
                          launch: fmt(c.eta.launchMinutes),
                          flight: fmt(c.eta.flightMinutes),
                          approach: fmt(c.eta.approachMinutes),
                        })}
                    {c.resource === 'aircraft' &&
                      ` · ${t(c.eta.speedBasis === 'external_load' ? 'dispatch.airSpeedExternal' : 'dispatch.airSpeedClean', { speed: fmt(c.eta.speedKmh) })}`}
                    {c.resource === 'aircraft' &&
                      c.eta.waterSource &&
                      ` · ${t('dispatch.airWater', { toWater: fmt(c.eta.waterSource.toWaterKm), toFire: fmt(c.eta.waterSource.toIncidentKm) })}`}
                  </div>
                  {c.resource === 'unit' && (
                    <div className="dp-line dp-model" data-testid="eta-model">
                      {c.roadBandMinutes
                        ? t('dispatch.modelCrow', {
                            lo: fmt(c.roadBandMinutes[0]),
                            hi: fmt(c.roadBandMinutes[1]),
                          })
                        : t('dispatch.modelRoad', { name: c.eta.model })}
                    </div>
                  )}
                  {c.availability.length > 0 && (
                    <div className="dp-line dp-warn" data-testid="availability">
                      {availabilityText(t, locale, c.availability)}
                    </div>
                  )}
                  <div className="dp-line">{t('dispatch.qualifies', { caps: caps(c.qualifiesBy) })}</div>
                  {c.notes.length > 0 && (
                    <div className="dp-line dp-warn">
                      {c.notes.map((n) => t(`dispatch.note.${n}` as MessageKey)).join(' · ')}
                      {c.fix &&
                        ` · ${t('dispatch.fixAt', { time: formatTimeAgo(locale, (entry?.at ?? now) - c.fix.ageMinutes * 60_000, now) })}`}
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
                        <span className="dp-status">
                          {assignment.status === 'proposed' ? t('dispatch.proposed') : t('dispatch.assigned')}
                        </span>
                        {syncEnabled && (
                          <div>
                            <DeliveryReceipt assignmentId={assignment.id} />
                          </div>
                        )}
                      </>
                    ) : (
                      <button
                        type="button"
                        data-testid={`propose-${c.id}`}
                        disabled={busy !== null || readOnly || !connected}
                        title={readOnly ? roleText : undefined}
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
          {grounded.length > 0 && (
            <div className="dp-grounded" data-testid="grounded">
              <div className="dp-warn">{t('dispatch.grounded', { n: grounded.length })}</div>
              <ul>
                {grounded.map((r) => (
                  <li key={r.id} data-id={r.id} className="dp-muted">
                    {t('dispatch.groundedRow', {
                      name: r.callsign,
                      base: r.baseName,
                      why: availabilityText(t, locale, r.conditions),
                    })}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {rec.aircraftRefused.length > grounded.length && (
            <div className="dp-muted">
              {t('dispatch.refused', { n: rec.aircraftRefused.length - grounded.length })}
            </div>
          )}
        </section>
      )}
    </div>
  );
}

/** complete | late (filled, but not all on scene within the target) | incomplete. */
function runCardState(card: { complete: boolean; filled: boolean }): 'complete' | 'late' | 'incomplete' {
  return card.complete ? 'complete' : card.filled ? 'late' : 'incomplete';
}
