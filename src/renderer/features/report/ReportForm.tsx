import { useEffect, useState } from 'react';
import { HAZARD_TYPES, RESPONSE_LEVELS, type HazardType, type ResponseLevel } from '../../../shared/domain';
import { api } from '../../services/api';
import { useApp, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { useEscape } from '../../ui/useEscape';

/** Report an incident at the place right-clicked on the map (channel incident:create). */
export function ReportForm() {
  const t = useT();
  const at = useApp((s) => s.reportAt);
  const [title, setTitle] = useState('');
  const [hazard, setHazard] = useState<HazardType>('other');
  const [level, setLevel] = useState<ResponseLevel>('IV');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setTitle('');
    setError(null);
  }, [at]);
  const close = () => useApp.getState().setReportAt(null);
  useEscape(at !== null, close);
  if (!at) return null;
  const submit = async () => {
    setBusy(true);
    const r = await api.invoke('incident:create', { title: title.trim(), hazard, level, location: at });
    setBusy(false);
    if (!r.ok) {
      setError(t('report.failed', { message: errorText(t, r.error) }));
      return;
    }
    close();
    await useApp.getState().loadPicture();
    useApp.getState().select({ kind: 'incident', id: r.value.id });
  };
  return (
    <div className="dialog-backdrop" onClick={close}>
      <form
        className="dialog report"
        role="dialog"
        aria-modal="true"
        aria-label={t('report.title')}
        data-testid="report-form"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="dialog-head">
          <h2>{t('report.title')}</h2>
          <button type="button" className="close" aria-label={t('card.close')} onClick={close}>
            ×
          </button>
        </div>
        <div className="muted">{t('map.coords', { lng: at[0].toFixed(5), lat: at[1].toFixed(5) })}</div>
        <label>
          {t('report.name')}
          <input data-testid="report-title" autoFocus required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          {t('report.hazard')}
          <select data-testid="report-hazard" value={hazard} onChange={(e) => setHazard(e.target.value as HazardType)}>
            {HAZARD_TYPES.map((h) => (
              <option key={h} value={h}>
                {t(`hazard.${h}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('report.level')}
          <select data-testid="report-level" value={level} onChange={(e) => setLevel(e.target.value as ResponseLevel)}>
            {RESPONSE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t('incident.level', { level: l })}
              </option>
            ))}
          </select>
        </label>
        {error && <div className="pack-message error">{error}</div>}
        <button type="submit" data-testid="report-submit" disabled={busy || !title.trim()}>
          {t('report.submit')}
        </button>
      </form>
    </div>
  );
}
