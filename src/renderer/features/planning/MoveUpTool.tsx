import { useEffect, useState } from 'react';
import type { MessageKey } from '../../../shared/i18n';
import type { HazardType } from '../../../shared/domain';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { usePlanningMap } from '../../map/planningLayers';
import { Explain } from './Explain';
import { OverlayBuilder } from './overlay';
import { JobProgress } from './Progress';
import { usePlanningJob } from './useJob';

const km2 = (x: number) => Math.round(x).toLocaleString();
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/**
 * Aviation move-up after the aircraft committed now (and any the officer adds as a what-if): the
 * 1-hour coverage before, after the commitments and after the proposed repositionings, drawn on the
 * map; "record" writes the moves into the timeline of each incident the committed aircraft serve.
 */
export function MoveUpTool() {
  const t = useT();
  const locale = useLocale();
  const picture = useApp((s) => s.picture);
  const counties = useApp((s) => s.packData?.counties ?? null);
  const job = usePlanningJob('planning:moveUp');
  const [extra, setExtra] = useState<string[]>([]);
  const [forest, setForest] = useState(false);
  // The hazard the committed aircraft were sent to (a forest fire: bucket helicopters count).
  const servedHazard =
    picture?.incidents.find((i) =>
      picture.assignments.some(
        (a) =>
          a.incidentId === i.id &&
          a.resourceKind === 'aircraft' &&
          (a.status === 'accepted' || a.status === 'proposed') &&
          i.status !== 'closed',
      ),
    )?.hazard ?? '';
  const [hazard, setHazard] = useState<string | null>(null);
  const chosenHazard = hazard ?? servedHazard;
  const hazards = [
    ...new Set((picture?.incidents ?? []).filter((i) => i.status !== 'closed').map((i) => i.hazard)),
  ];
  const [recorded, setRecorded] = useState<string | null>(null);
  const [recordError, setRecordError] = useState<string | null>(null);
  useEffect(() => void useApp.getState().ensurePackData(), []);
  const available = (picture?.bases ?? []).flatMap((b) =>
    b.aircraft.filter((a) => a.status === 'available').map((a) => ({ a, b })),
  );
  const done = job.state.phase === 'done' ? job.state.value : null;

  useEffect(() => {
    if (!done) {
      usePlanningMap.getState().setOverlay(null);
      return;
    }
    const r = done.result;
    const at = new Map(done.bases.map((b) => [b.id, b.location]));
    const b = new OverlayBuilder()
      .counties(
        counties,
        r.countiesLosing.map((c) => c.adcode),
        'late',
      )
      .counties(
        counties,
        r.moves.flatMap((m) => m.counties.map((c) => c.adcode)),
        'gain',
      );
    for (const c of done.commitments) {
      const inc = picture?.incidents.find((i) => i.id === c.incidentId);
      const from = at.get(c.baseId);
      if (from && inc) b.line(from, inc.location, 'commit', `c:${c.aircraftId}`);
      if (from) b.point(from, 'commit', `cb:${c.aircraftId}`);
    }
    for (const m of r.moves) {
      const from = at.get(m.fromBaseId);
      const to = at.get(m.toBaseId);
      if (from && to) b.arrow(from, to, 'move', `m:${m.aircraftId}`);
    }
    usePlanningMap.getState().setOverlay(b.build());
  }, [done, counties, picture?.incidents]);

  const run = () => {
    setRecorded(null);
    setRecordError(null);
    void job.start({
      hazard: (chosenHazard || null) as HazardType | null,
      ...(extra.length ? { extraCommit: extra } : {}),
      ...(forest ? { moveForestAircraft: true } : {}),
    });
  };
  const record = async () => {
    if (!done) return;
    const r = done.result;
    const text = t('plan.moveUp.noteText', {
      moves: r.moves.map((m) => `${m.callsign} ${m.fromBaseName}→${m.toBaseName}`).join('；'),
      before: km2(r.coveredAreaKm2Before),
      after: km2(r.coveredAreaKm2AfterMoves),
    });
    const res = await api.invoke('planning:recordMoveUp', { jobId: done.jobId, text });
    if (res.ok) {
      const e = res.value.entries[0]!;
      setRecorded(
        t('plan.recordedN', { n: res.value.entries.length, name: e.by.name, time: formatTime(locale, e.at) }),
      );
    } else setRecordError(errorText(t, res.error));
  };

  const r = done?.result;
  const total = r ? r.coveredAreaKm2Before : 0;
  return (
    <div data-testid="planning-moveup">
      <Explain tool="moveUp" />
      <label className="planning-field">
        {t('plan.moveUp.extra')}
        <select
          multiple
          size={4}
          data-testid="moveup-extra"
          value={extra}
          onChange={(e) => setExtra([...e.target.selectedOptions].map((o) => o.value))}
        >
          {available.map(({ a, b }) => (
            <option key={a.id} value={a.id}>
              {a.callsign}（{b.name}）
            </option>
          ))}
        </select>
      </label>
      <label className="planning-field">
        {t('plan.moveUp.hazard')}
        <select data-testid="moveup-hazard" value={chosenHazard} onChange={(e) => setHazard(e.target.value)}>
          <option value="">{t('plan.moveUp.anyHazard')}</option>
          {hazards.map((h) => (
            <option key={h} value={h}>
              {t(`hazard.${h}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label className="planning-check">
        <input
          type="checkbox"
          data-testid="moveup-forest"
          checked={forest}
          onChange={(e) => setForest(e.target.checked)}
        />{' '}
        {t('plan.moveUp.forest')}
      </label>
      <div className="detail-actions">
        <button
          type="button"
          className="primary"
          data-testid="moveup-run"
          disabled={job.running}
          onClick={run}
        >
          {t('plan.moveUp.run')}
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
      {done && r && (
        <>
          <div className="muted" data-testid="moveup-committed">
            {done.commitments.length
              ? t('plan.moveUp.committed', {
                  list: done.commitments
                    .map(
                      (c) =>
                        `${c.callsign}（${c.baseName}${c.hypothetical ? t('plan.moveUp.hypothetical') : ''}）`,
                    )
                    .join('、'),
                })
              : t('plan.moveUp.noneCommitted')}
          </div>
          <div className="planning-summary" data-testid="moveup-numbers">
            <div data-testid="moveup-before" data-value={r.coveredAreaKm2Before}>
              {t('plan.moveUp.before', { km2: km2(r.coveredAreaKm2Before) })}
            </div>
            <div data-testid="moveup-after-commit" data-value={r.coveredAreaKm2AfterCommit}>
              {t('plan.moveUp.afterCommit', {
                km2: km2(r.coveredAreaKm2AfterCommit),
                lost: km2(r.lostAreaKm2),
              })}
            </div>
            <div
              data-testid="moveup-after-moves"
              data-value={r.coveredAreaKm2AfterMoves}
              className="planning-saved"
            >
              {t('plan.moveUp.afterMoves', {
                km2: km2(r.coveredAreaKm2AfterMoves),
                restored: r.restoredFraction === null ? '–' : Math.round(r.restoredFraction * 100),
                pct: pct(r.coveredAreaKm2AfterMoves, total),
              })}
            </div>
          </div>
          {r.countiesLosing.length > 0 && (
            <div className="muted">
              {t('plan.moveUp.losing', {
                list: r.countiesLosing
                  .slice(0, 6)
                  .map((c) => `${c.name} ${km2(c.lostKm2)}`)
                  .join('、'),
              })}
            </div>
          )}
          {r.moves.length === 0 && (
            <div className="tab-state muted" data-testid="moveup-nomove">
              {t('plan.moveUp.noMove')}
            </div>
          )}
          {r.moves.map((m) => (
            <section
              key={m.aircraftId}
              className="planning-card"
              data-testid="moveup-move"
              data-aircraft={m.aircraftId}
            >
              <h3>
                {m.callsign}：{m.fromBaseName} → {m.toBaseName}
              </h3>
              <div>
                {t('plan.moveUp.move', {
                  gain: km2(m.gainKm2),
                  ferry: m.ferryMinutes.toFixed(0),
                  value: km2(m.valueKm2),
                  role: t(`plan.moveUp.role.${m.role}` as MessageKey),
                })}
              </div>
              {m.counties.length > 0 && (
                <div className="muted">
                  {m.counties.map((c) => `${c.name} +${km2(c.gainKm2)}`).join('、')}
                </div>
              )}
            </section>
          ))}
          {r.bestRejected && (
            <div className="muted" data-testid="moveup-rejected">
              {t('plan.moveUp.rejected', {
                callsign: r.bestRejected.callsign,
                to: r.bestRejected.toBaseName,
                gain: km2(r.bestRejected.gainKm2),
                value: km2(r.bestRejected.valueKm2),
                min: km2(r.minGainKm2),
              })}
            </div>
          )}
          {r.held.some((x) => x.reason === 'fire_season_station') && (
            <div className="muted">
              {t('plan.moveUp.heldForest', {
                list: r.held
                  .filter((x) => x.reason === 'fire_season_station')
                  .map((x) => x.callsign)
                  .join('、'),
              })}
            </div>
          )}
          <div className="detail-actions">
            <button
              type="button"
              className="primary"
              data-testid="moveup-record"
              disabled={r.moves.length === 0 || recorded !== null}
              onClick={() => void record()}
            >
              {t('plan.moveUp.record')}
            </button>
          </div>
          {recorded && (
            <div className="tab-state muted" data-testid="moveup-recorded">
              {recorded}
            </div>
          )}
          {recordError && (
            <div className="tab-state error" role="alert">
              {recordError}
            </div>
          )}
        </>
      )}
    </div>
  );
}
