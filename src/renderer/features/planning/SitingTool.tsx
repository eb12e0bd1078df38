import { useEffect } from 'react';
import type { HazardWeightedCoverage } from '../../../shared/dispatch/coverageHazard';
import type { MessageKey } from '../../../shared/i18n';
import { useApp, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { usePlanningMap } from '../../map/planningLayers';
import { Explain } from './Explain';
import { OverlayBuilder } from './overlay';
import { JobProgress } from './Progress';
import { usePlanningJob } from './useJob';

const km2 = (x: number) => Math.round(x).toLocaleString();
const pc = (x: number | null) => (x === null ? '–' : (x * 100).toFixed(1));
const ZONE_KINDS = new Set(['forest', 'flood', 'geological']);

/**
 * What-if base siting: a site picked on the map, or a search of the county seats or of the whole
 * province, weighed by the 1-hour coverage it adds (and coverage weighted by the pack's hazard
 * zones), drawn as its reach circle and the counties that gain. Nothing is saved.
 */
export function SitingTool() {
  const t = useT();
  const counties = useApp((s) => s.packData?.counties ?? null);
  const picking = useApp((s) => s.positionPickArmed);
  const picked = useApp((s) => s.pickedPosition);
  const job = usePlanningJob('planning:siting');
  useEffect(() => void useApp.getState().ensurePackData(), []);
  // A site clicked on the map: weigh it at once.
  useEffect(() => {
    if (!picked) return;
    useApp.getState().setPickedPosition(null);
    void job.start({ site: [Math.round(picked[0] * 1e5) / 1e5, Math.round(picked[1] * 1e5) / 1e5] });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [picked]);
  useEffect(() => () => useApp.getState().armPositionPick(false), []);
  const done = job.state.phase === 'done' ? job.state.value : null;

  useEffect(() => {
    const site = done?.site;
    if (!done || !site) {
      usePlanningMap.getState().setOverlay(null);
      return;
    }
    const b = new OverlayBuilder().counties(
      counties,
      site.counties.map((c) => c.adcode),
      'gain',
    );
    b.circle(site.location, done.reachKm, 'ok', 'reach');
    for (const r of done.ranked.slice(1)) b.point(r.location, 'candidate', `cand:${r.location.join(',')}`);
    b.point(site.location, 'ok', 'site');
    usePlanningMap.getState().setOverlay(b.build());
  }, [done, counties]);

  const weighted = (w: HazardWeightedCoverage, key: 'before' | 'after') =>
    t(`plan.siting.weighted.${key}` as MessageKey, {
      weighted: pc(w.weightedCoveredFraction),
      plain: pc(w.plainCoveredFraction),
    });
  const site = done?.site ?? null;
  return (
    <div data-testid="planning-siting">
      <Explain tool="siting" />
      <div className="detail-actions planning-buttons">
        <button
          type="button"
          className={picking ? 'primary' : ''}
          data-testid="siting-pick"
          aria-pressed={picking}
          disabled={job.running}
          onClick={() => useApp.getState().armPositionPick(!picking)}
        >
          {picking ? t('plan.siting.picking') : t('plan.siting.pick')}
        </button>
        <button
          type="button"
          data-testid="siting-seats"
          disabled={job.running}
          onClick={() => void job.start({ search: 'county_seats' })}
        >
          {t('plan.siting.seats')}
        </button>
        <button
          type="button"
          data-testid="siting-lattice"
          disabled={job.running}
          onClick={() => void job.start({ search: 'lattice', spacingKm: 10 })}
        >
          {t('plan.siting.lattice')}
        </button>
      </div>
      {job.state.phase === 'running' && (
        <JobProgress progress={job.state.progress} onCancel={() => void job.cancel()} />
      )}
      {job.state.phase === 'cancelled' && (
        <div className="tab-state muted" data-testid="planning-cancelled">
          {t('plan.cancelled')}
        </div>
      )}
      {job.state.phase === 'failed' && (
        <div className="tab-state error" role="alert" data-testid="planning-error">
          <span>{t('plan.failed', { message: errorText(t, job.state.error) })}</span>
        </div>
      )}
      {done && site && (
        <>
          <div className="planning-summary" data-testid="siting-result" data-gain={site.gainKm2}>
            <div>
              {done.search === 'site'
                ? t('plan.siting.site', {
                    lng: site.location[0].toFixed(4),
                    lat: site.location[1].toFixed(4),
                  })
                : t('plan.siting.best', {
                    n: done.candidates,
                    name: site.label ?? `${site.location[0].toFixed(3)}, ${site.location[1].toFixed(3)}`,
                  })}
            </div>
            <div className="planning-saved" data-testid="siting-gain">
              {t('plan.siting.gain', {
                gain: km2(site.gainKm2),
                before: pc(done.coveredFractionBefore),
                after: pc(site.coveredFractionAfter),
                eta: site.meanEtaGainMinutes.toFixed(2),
              })}
            </div>
            <div data-testid="siting-weighted">
              {done.weighted ? (
                <>
                  <div>{weighted(done.weighted.before, 'before')}</div>
                  <div>{weighted(done.weighted.after, 'after')}</div>
                  {done.weighted.after.zones.map((z, i) => (
                    <div key={z.kind} className="muted">
                      {t('plan.siting.zone', {
                        kind: ZONE_KINDS.has(z.kind) ? t(`coverage.zone.${z.kind}` as MessageKey) : z.kind,
                        before: pc(done.weighted!.before.zones[i]?.coveredFraction ?? null),
                        after: pc(z.coveredFraction),
                      })}
                    </div>
                  ))}
                </>
              ) : (
                <span className="muted">{t('plan.siting.noZones')}</span>
              )}
            </div>
          </div>
          {site.counties.length > 0 && (
            <div className="muted">
              {t('plan.siting.counties', {
                list: site.counties
                  .slice(0, 6)
                  .map((c) => `${c.name} +${km2(c.gainKm2)}`)
                  .join('、'),
              })}
            </div>
          )}
          {done.ranked.length > 1 && (
            <table className="table planning-table" data-testid="siting-ranked">
              <thead>
                <tr>
                  <th>{t('plan.siting.candidate')}</th>
                  <th className="num">{t('plan.siting.gainCol')}</th>
                  <th className="num">{t('plan.siting.after')}</th>
                </tr>
              </thead>
              <tbody>
                {done.ranked.map((r) => (
                  <tr key={r.location.join(',')}>
                    <td>{r.label ?? `${r.location[0].toFixed(3)}, ${r.location[1].toFixed(3)}`}</td>
                    <td className="num">{km2(r.gainKm2)}</td>
                    <td className="num">{pc(r.coveredFractionAfter)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
