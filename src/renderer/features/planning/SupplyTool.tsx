import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/ipc';
import type { MessageKey } from '../../../shared/i18n';
import type { IncidentSupply, SupplyPlanning } from '../../../shared/planning/plans';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { usePlanningMap } from '../../map/planningLayers';
import { Explain } from './Explain';
import { OverlayBuilder } from './overlay';

const h = (m: number | null) => (m === null ? '–' : (m / 60).toFixed(1));

/** The 10-hour relief check in plain words: met or not, by how much, or what is short. */
export function reliefCheck(t: ReturnType<typeof useT>, s: IncidentSupply): { ok: boolean; text: string } {
  const p = s.plan;
  const target = p.targetMinutes / 60;
  if (!p.complete) {
    const short = p.needs.filter((n) => n.shortfall > 0);
    return {
      ok: false,
      text: t('plan.supply.checkShort', {
        n: short.length,
        items: short.map((n) => `${t(`supply.${n.item}` as MessageKey)} ${n.shortfall}`).join('、'),
      }),
    };
  }
  if (p.lastInHandsMinutes === null) return { ok: true, text: t('plan.supply.checkNothing') };
  const margin = (p.targetMinutes - p.lastInHandsMinutes) / 60;
  return p.meetsTarget
    ? {
        ok: true,
        text: t('plan.supply.checkMet', {
          hours: h(p.lastInHandsMinutes),
          target,
          margin: margin.toFixed(1),
        }),
      }
    : {
        ok: false,
        text: t('plan.supply.checkLate', {
          hours: h(p.lastInHandsMinutes),
          target,
          over: (-margin).toFixed(1),
        }),
      };
}

/**
 * Supply allocation for one open incident or all of them: which depots ship what, the 10-hour relief
 * check, arrows depot → incident on the map; "propose shipments" records the plan in the incident's
 * timeline (there is no dispatch path for a depot).
 */
export function SupplyTool() {
  const t = useT();
  const locale = useLocale();
  const picture = useApp((s) => s.picture);
  const open = (picture?.incidents ?? []).filter((i) => i.status !== 'closed');
  const [scope, setScope] = useState<string>('all');
  const [result, setResult] = useState<SupplyPlanning | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [recorded, setRecorded] = useState<Record<string, string>>({});
  const [recordError, setRecordError] = useState<Record<string, string>>({});

  const run = async () => {
    setBusy(true);
    const r = await api.invoke('planning:supply', scope === 'all' ? {} : { incidentId: scope });
    setBusy(false);
    setError(r.ok ? null : r.error);
    setResult(r.ok ? r.value : null);
  };
  useEffect(() => {
    void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scope]);

  useEffect(() => {
    const depots = new Map((picture?.depots ?? []).map((d) => [d.id, d]));
    const b = new OverlayBuilder();
    for (const s of result?.plans ?? []) {
      for (const sh of s.plan.shipments) {
        const d = depots.get(sh.depotId);
        if (d)
          b.arrow(d.location, s.location, sh.withinTarget ? 'ok' : 'late', `${sh.depotId}>${s.incidentId}`);
      }
      b.point(s.location, s.plan.meetsTarget ? 'ok' : 'late', s.incidentId);
    }
    usePlanningMap.getState().setOverlay(result ? b.build() : null);
  }, [result, picture?.depots]);

  const propose = async (s: IncidentSupply) => {
    const text = t('plan.supply.noteText', {
      n: s.plan.shipments.length,
      depots: s.plan.shipments.map((x) => x.depotName).join('、'),
      check: reliefCheck(t, s).text,
    });
    const r = await api.invoke('planning:recordSupply', {
      incidentId: s.incidentId,
      text,
      all: scope === 'all',
    });
    if (r.ok)
      setRecorded((x) => ({
        ...x,
        [s.incidentId]: t('plan.recorded', {
          name: r.value.entry.by.name,
          time: formatTime(locale, r.value.entry.at),
        }),
      }));
    else setRecordError((x) => ({ ...x, [s.incidentId]: errorText(t, r.error) }));
  };

  return (
    <div data-testid="planning-supply">
      <Explain tool="supply" />
      <label className="planning-field">
        {t('plan.supply.scope')}
        <select data-testid="supply-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="all">{t('plan.supply.all')}</option>
          {open.map((i) => (
            <option key={i.id} value={i.id}>
              {i.title}
            </option>
          ))}
        </select>
      </label>
      {busy && <div className="tab-state muted">{t('plan.computing')}</div>}
      {error && (
        <div className="tab-state error" role="alert">
          <span>{t('plan.failed', { message: errorText(t, error) })}</span>
          <button type="button" onClick={() => void run()}>
            {t('plan.retry')}
          </button>
        </div>
      )}
      {result && result.plans.length === 0 && <div className="tab-state muted">{t('plan.supply.none')}</div>}
      {result?.plans.map((s) => {
        const check = reliefCheck(t, s);
        return (
          <section key={s.incidentId} className="planning-card" data-testid={`supply-${s.incidentId}`}>
            <h3>{s.title}</h3>
            <div className="muted">
              {t('plan.supply.people', {
                affected: s.affected.toLocaleString(),
                displaced: s.plan.displaced.toLocaleString(),
                elapsed: h(s.plan.elapsedMinutes),
              })}
            </div>
            <div
              className={`tab-state ${check.ok ? 'muted' : 'warn'}`}
              data-testid={`supply-check-${s.incidentId}`}
              data-met={check.ok}
            >
              <span>{check.text}</span>
            </div>
            <table className="table planning-table">
              <thead>
                <tr>
                  <th>{t('plan.supply.depot')}</th>
                  <th className="num">{t('plan.supply.trucks')}</th>
                  <th className="num">{t('plan.supply.inHands')}</th>
                  <th>{t('plan.supply.items')}</th>
                </tr>
              </thead>
              <tbody>
                {s.plan.shipments.map((sh) => (
                  <tr
                    key={sh.depotId}
                    className={sh.withinTarget ? '' : 'below'}
                    data-testid="supply-shipment"
                    data-depot={sh.depotId}
                  >
                    <td>{sh.depotName}</td>
                    <td className="num">{sh.trucks}</td>
                    <td className="num">{h(sh.inHandsMinutes)}</td>
                    <td>
                      {sh.items
                        .map(
                          (it) =>
                            `${t(`supply.${it.item}` as MessageKey)} ${it.quantity.toLocaleString()}${it.unit}`,
                        )
                        .join('、')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="detail-actions">
              <button
                type="button"
                className="primary"
                data-testid={`supply-propose-${s.incidentId}`}
                disabled={!!recorded[s.incidentId] || s.plan.shipments.length === 0}
                onClick={() => void propose(s)}
              >
                {t('plan.supply.propose')}
              </button>
            </div>
            {recorded[s.incidentId] && (
              <div className="tab-state muted" data-testid={`supply-recorded-${s.incidentId}`}>
                {recorded[s.incidentId]}
              </div>
            )}
            {recordError[s.incidentId] && (
              <div className="tab-state error" role="alert">
                {recordError[s.incidentId]}
              </div>
            )}
          </section>
        );
      })}
      {result && result.withoutFigures.length > 0 && (
        <div className="muted" data-testid="supply-without">
          {t('plan.supply.without', { titles: result.withoutFigures.map((x) => x.title).join('、') })}
        </div>
      )}
    </div>
  );
}
