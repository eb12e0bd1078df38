import { useEffect, useMemo, useState } from 'react';
import {
  HAZARD_TYPES,
  INCIDENT_SOURCES,
  RESPONSE_LEVELS,
  type HazardType,
  type IncidentSource,
  type ResponseLevel,
} from '../../../shared/domain';
import { DEFAULT_DESK_CONFIG, possibleDuplicates } from '../../../shared/desk';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime, toCstField, fromCstField } from '../../ui/time';
import { ModalForm } from '../../ui/ModalForm';

const BLANK = {
  title: '',
  hazard: 'other' as HazardType,
  level: 'IV' as ResponseLevel,
  occurred: '',
  source: 'phone' as IncidentSource,
  dead: '',
  injured: '',
  missing: '',
  trapped: '',
  affected: '',
  description: '',
  rName: '',
  rOrg: '',
  rPhone: '',
};

/** Figures people report: whole numbers within what one incident can plausibly hold. */
const LIMITS = {
  dead: 10_000,
  injured: 100_000,
  missing: 10_000,
  trapped: 10_000,
  affected: 20_000_000,
} as const;

/**
 * 接报: the full report at the place right-clicked on the map. Each report starts blank. The county
 * is found from the map pack; a place outside the province needs the officer's confirmation
 * (跨省支援); a report close in place and time to an open incident of the same hazard is flagged as a
 * possible duplicate before it is saved.
 */
export function ReportForm() {
  const t = useT();
  const locale = useLocale();
  const at = useApp((s) => s.reportAt);
  const incidents = useApp((s) => s.picture?.incidents ?? null);
  const cfg = useApp((s) => s.settings.desk) ?? DEFAULT_DESK_CONFIG;
  const [f, setF] = useState(BLANK);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [needsCross, setNeedsCross] = useState(false);
  const [cross, setCross] = useState(false);
  const [dupOk, setDupOk] = useState(false);
  useEffect(() => {
    setF(BLANK);
    setError(null);
    setNeedsCross(false);
    setCross(false);
    setDupOk(false);
  }, [at]);
  const close = () => useApp.getState().setReportAt(null);
  const occurredAt = fromCstField(f.occurred) || null;
  const duplicates = useMemo(
    () =>
      at && incidents
        ? possibleDuplicates(
            { hazard: f.hazard, location: at, at: occurredAt ?? new Date().toISOString() },
            incidents,
            cfg,
          )
        : [],
    [at, incidents, f.hazard, occurredAt, cfg],
  );
  if (!at) return null;
  const set = (k: keyof typeof BLANK) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });

  /** A figure as entered: empty is 0; anything else must be a whole number within its limit. */
  const figure = (k: keyof typeof LIMITS): number | string => {
    const v = f[k].trim();
    if (v === '') return 0;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > LIMITS[k])
      return t('intake.badFigure', { field: t(`intake.${k}`), limit: LIMITS[k] });
    return n;
  };
  const submit = async () => {
    const figures = {
      dead: figure('dead'),
      injured: figure('injured'),
      missing: figure('missing'),
      trapped: figure('trapped'),
      affected: figure('affected'),
    };
    const bad = Object.values(figures).find((x) => typeof x === 'string');
    if (bad) return setError(String(bad));
    if (occurredAt && Date.parse(occurredAt) > Date.now() + 5 * 60_000)
      return setError(t('intake.occurredFuture'));
    if (duplicates.length > 0 && !dupOk) return setError(t('intake.confirmDuplicate'));
    setBusy(true);
    const r = await api.invoke('incident:create', {
      title: f.title.trim(),
      hazard: f.hazard,
      level: f.level,
      location: at,
      occurredAt,
      source: f.source,
      casualties: {
        dead: figures.dead as number,
        injured: figures.injured as number,
        missing: figures.missing as number,
        trapped: figures.trapped as number,
      },
      affected: figures.affected as number,
      description: f.description.trim(),
      ...(f.rName.trim()
        ? {
            reporter: {
              name: f.rName.trim(),
              ...(f.rOrg.trim() ? { org: f.rOrg.trim() } : {}),
              ...(f.rPhone.trim() ? { phone: f.rPhone.trim() } : {}),
            },
          }
        : {}),
      ...(cross ? { crossProvince: true } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      if (r.error.code === 'OUTSIDE_PROVINCE') setNeedsCross(true);
      setError(t('report.failed', { message: errorText(t, r.error) }));
      return;
    }
    close();
    await useApp.getState().loadPicture();
    useApp.getState().select({ kind: 'incident', id: r.value.id });
  };
  const num = (k: keyof typeof LIMITS) => (
    <label key={k} className="narrow">
      {t(`intake.${k}`)}
      <input name={k} inputMode="numeric" value={f[k]} onChange={set(k)} />
    </label>
  );
  return (
    <ModalForm
      title={t('report.title')}
      testId="report-form"
      className="report intake"
      onClose={close}
      onSubmit={() => void submit()}
    >
      <div className="muted">{t('map.coords', { lng: at[0].toFixed(5), lat: at[1].toFixed(5) })}</div>
      <label className="wide">
        {t('report.name')}
        <input
          data-testid="report-title"
          autoFocus
          required
          maxLength={200}
          value={f.title}
          onChange={set('title')}
        />
      </label>
      <label>
        {t('report.hazard')}
        <select data-testid="report-hazard" value={f.hazard} onChange={set('hazard')}>
          {HAZARD_TYPES.map((h) => (
            <option key={h} value={h}>
              {t(`hazard.${h}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('report.level')}
        <select data-testid="report-level" value={f.level} onChange={set('level')}>
          {RESPONSE_LEVELS.map((l) => (
            <option key={l} value={l}>
              {t('incident.level', { level: l })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('intake.occurred')}
        <input
          type="datetime-local"
          name="occurred"
          max={toCstField(Date.now() + 60_000)}
          value={f.occurred}
          onChange={set('occurred')}
        />
      </label>
      <label>
        {t('intake.source')}
        <select name="source" value={f.source} onChange={set('source')}>
          {INCIDENT_SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`intake.source.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="figures">
        {(['dead', 'injured', 'missing', 'trapped', 'affected'] as const).map(num)}
      </div>
      <label className="wide">
        {t('intake.description')}
        <textarea name="description" maxLength={4000} value={f.description} onChange={set('description')} />
      </label>
      <fieldset className="reporter">
        <legend>{t('intake.reporter')}</legend>
        <input
          name="rName"
          placeholder={t('intake.rName')}
          aria-label={t('intake.rName')}
          maxLength={100}
          value={f.rName}
          onChange={set('rName')}
        />
        <input
          name="rOrg"
          placeholder={t('intake.rOrg')}
          aria-label={t('intake.rOrg')}
          maxLength={200}
          value={f.rOrg}
          onChange={set('rOrg')}
        />
        <input
          name="rPhone"
          placeholder={t('intake.rPhone')}
          aria-label={t('intake.rPhone')}
          maxLength={40}
          value={f.rPhone}
          onChange={set('rPhone')}
        />
      </fieldset>
      {duplicates.length > 0 && (
        <div className="tab-state warn" data-testid="report-duplicates">
          <span>
            {t('intake.duplicates', { n: duplicates.length })}
            {duplicates.slice(0, 3).map((d) => (
              <span key={d.incident.id} className="dup">
                {t('intake.duplicate', {
                  title: d.incident.title,
                  km: d.distanceKm,
                  time: formatTime(locale, d.incident.occurredAt ?? d.incident.reportedAt),
                })}
              </span>
            ))}
          </span>
          <label>
            <input
              type="checkbox"
              name="dupOk"
              checked={dupOk}
              onChange={(e) => setDupOk(e.target.checked)}
            />
            {t('intake.notDuplicate')}
          </label>
        </div>
      )}
      {needsCross && (
        <label className="tab-state warn" data-testid="report-cross">
          <input type="checkbox" name="cross" checked={cross} onChange={(e) => setCross(e.target.checked)} />
          {t('intake.crossProvince')}
        </label>
      )}
      {error && (
        <div className="pack-message error" role="alert" data-testid="report-error">
          {error}
        </div>
      )}
      <button type="submit" data-testid="report-submit" disabled={busy || !f.title.trim()}>
        {t('report.submit')}
      </button>
    </ModalForm>
  );
}
