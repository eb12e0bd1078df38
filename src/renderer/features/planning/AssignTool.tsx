import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/ipc';
import type { MessageKey } from '../../../shared/i18n';
import type { AssignmentPlan } from '../../../shared/dispatch/multiIncidentOptimiser';
import type { AssignPlanning } from '../../../shared/planning/plans';
import { mayDispatch } from '../../../shared/sync/roles';
import { api } from '../../services/api';
import { useApp, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { usePlanningMap } from '../../map/planningLayers';
import { Explain } from './Explain';
import { OverlayBuilder, resourceFrom } from './overlay';

const m = (x: number | null) => (x === null ? '–' : Math.round(x).toLocaleString());
const sumEta = (plan: AssignmentPlan, id: string) =>
  plan.incidents
    .find((i) => i.id === id)
    ?.slots.flatMap((s) => s.assigned)
    .reduce((a, r) => a + r.etaMinutes, 0) ?? 0;

/**
 * Optimal assignment for all open incidents beside the greedy one-incident-at-a-time choice, lines on
 * the map; "propose this plan" sends every chosen resource through `assignment:propose`, the same
 * path as the dispatch tab (the hub, or standalone the same rules, decides each).
 */
export function AssignTool() {
  const t = useT();
  const picture = useApp((s) => s.picture);
  const syncRole = useApp((s) => s.syncRole);
  const readOnly = syncRole !== null && !mayDispatch(syncRole);
  const [objective, setObjective] = useState<'total' | 'worst'>('total');
  const [result, setResult] = useState<AssignPlanning | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [sent, setSent] = useState<{ ok: number; failed: string[] } | null>(null);
  const [sending, setSending] = useState(false);

  const run = async () => {
    setSent(null);
    const r = await api.invoke('planning:assign', { objective });
    setError(r.ok ? null : r.error);
    setResult(r.ok ? r.value : null);
  };
  useEffect(() => {
    void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [objective]);

  useEffect(() => {
    const res = result?.result;
    if (!res || !picture) {
      usePlanningMap.getState().setOverlay(null);
      return;
    }
    const b = new OverlayBuilder();
    const chosen = new Set<string>();
    for (const inc of res.optimal.incidents)
      for (const s of inc.slots)
        for (const r of s.assigned) {
          const from = resourceFrom(picture, r.resource, r.id);
          chosen.add(`${r.id}>${inc.id}`);
          if (from) b.arrow(from, inc.location, 'ok', `${r.id}>${inc.id}`);
        }
    // Greedy's different choices, thin and grey, for comparison.
    for (const inc of res.greedy.incidents)
      for (const s of inc.slots)
        for (const r of s.assigned) {
          const from = resourceFrom(picture, r.resource, r.id);
          if (from && !chosen.has(`${r.id}>${inc.id}`))
            b.line(from, inc.location, 'greedy', `g:${r.id}>${inc.id}`);
        }
    usePlanningMap.getState().setOverlay(b.build());
  }, [result, picture]);

  const propose = async () => {
    const res = result?.result;
    if (!res || sending) return;
    setSending(true);
    let ok = 0;
    const failed: string[] = [];
    const note = t('plan.assign.note', { saved: m(res.saved.totalEtaMinutes) });
    for (const inc of res.optimal.incidents)
      for (const s of inc.slots)
        for (const r of s.assigned) {
          const a = await api.invoke('assignment:propose', {
            incidentId: inc.id,
            resourceKind: r.resource,
            resourceId: r.id,
            etaMinutes: Math.round(r.etaMinutes),
            note,
          });
          if (a.ok) ok++;
          else failed.push(`${r.name}: ${errorText(t, a.error)}`);
        }
    setSending(false);
    setSent({ ok, failed });
  };

  const res = result?.result ?? null;
  const byId = new Map(result?.open.map((o) => [o.incidentId, o]) ?? []);
  return (
    <div data-testid="planning-assign">
      <Explain tool="assign" />
      <label className="planning-field">
        {t('plan.assign.objective')}
        <select
          data-testid="assign-objective"
          value={objective}
          onChange={(e) => setObjective(e.target.value as 'total' | 'worst')}
        >
          <option value="total">{t('plan.assign.total')}</option>
          <option value="worst">{t('plan.assign.worst')}</option>
        </select>
      </label>
      {error && (
        <div className="tab-state error" role="alert">
          <span>{t('plan.failed', { message: errorText(t, error) })}</span>
          <button type="button" onClick={() => void run()}>
            {t('plan.retry')}
          </button>
        </div>
      )}
      {result && !res && <div className="tab-state muted">{t('plan.assign.nothingShort')}</div>}
      {res && (
        <>
          <div className="planning-summary" data-testid="assign-summary">
            <div data-testid="assign-optimal-total" data-value={res.optimal.totals.totalEtaMinutes}>
              {t('plan.assign.optimal', {
                filled: res.optimal.totals.filled,
                positions: res.optimal.totals.positions,
                total: m(res.optimal.totals.totalEtaMinutes),
                worst: m(res.optimal.totals.worstEtaMinutes),
              })}
            </div>
            <div
              className="muted"
              data-testid="assign-greedy-total"
              data-value={res.greedy.totals.totalEtaMinutes}
            >
              {t('plan.assign.greedy', {
                filled: res.greedy.totals.filled,
                total: m(res.greedy.totals.totalEtaMinutes),
                worst: m(res.greedy.totals.worstEtaMinutes),
              })}
            </div>
            <div className="planning-saved" data-testid="assign-saved" data-value={res.saved.totalEtaMinutes}>
              {res.saved.positionsFilled !== 0
                ? t('plan.assign.savedPositions', { n: res.saved.positionsFilled })
                : t('plan.assign.saved', { minutes: m(res.saved.totalEtaMinutes) })}
            </div>
            {res.optimal.totals.onStaleFixes > 0 && (
              <div className="warn">{t('plan.assign.stale', { n: res.optimal.totals.onStaleFixes })}</div>
            )}
          </div>
          {res.optimal.incidents.map((inc) => {
            const greedy = res.greedy.incidents.find((g) => g.id === inc.id);
            return (
              <section key={inc.id} className="planning-card" data-testid={`assign-${inc.id}`}>
                <h3>{byId.get(inc.id)?.title ?? inc.id}</h3>
                <div className="muted">
                  {t('plan.assign.incidentTotals', {
                    optimal: m(sumEta(res.optimal, inc.id)),
                    greedy: m(sumEta(res.greedy, inc.id)),
                    sent: byId.get(inc.id)?.sent ?? 0,
                  })}
                </div>
                <table className="table planning-table">
                  <thead>
                    <tr>
                      <th>{t('plan.assign.role')}</th>
                      <th>{t('plan.assign.optimalCol')}</th>
                      <th>{t('plan.assign.greedyCol')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {inc.slots.map((s, si) => {
                      const g = greedy?.slots[si];
                      return (
                        <tr key={s.role} data-testid="assign-slot">
                          <td>{t(`role.${s.role}` as MessageKey)}</td>
                          <td>
                            {s.assigned.map((r) => `${r.name} ${m(r.etaMinutes)}′`).join('、') || '–'}
                            {s.missing > 0 && (
                              <span className="warn"> {t('plan.assign.missing', { n: s.missing })}</span>
                            )}
                          </td>
                          <td className="muted">
                            {g?.assigned.map((r) => `${r.name} ${m(r.etaMinutes)}′`).join('、') || '–'}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </section>
            );
          })}
          <div className="detail-actions">
            <button
              type="button"
              className="primary"
              data-testid="assign-propose"
              disabled={readOnly || sending || sent !== null}
              title={readOnly ? t('plan.readOnly') : undefined}
              onClick={() => void propose()}
            >
              {t('plan.assign.propose', { n: res.optimal.totals.filled })}
            </button>
          </div>
          {sent && (
            <div
              className={`tab-state ${sent.failed.length ? 'warn' : 'muted'}`}
              data-testid="assign-sent"
              role="status"
            >
              <span>
                {t('plan.assign.sent', { n: sent.ok })}
                {sent.failed.map((f) => (
                  <div key={f}>{f}</div>
                ))}
              </span>
            </div>
          )}
        </>
      )}
      {result && result.open.some((o) => o.short === 0) && (
        <div className="muted">
          {t('plan.assign.filled', {
            titles: result.open
              .filter((o) => o.short === 0)
              .map((o) => o.title)
              .join('、'),
          })}
        </div>
      )}
    </div>
  );
}
