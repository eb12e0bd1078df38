import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_DESK_CONFIG } from '../../../shared/desk/config';
import { dutyDate, zeroReportBoard } from '../../../shared/desk/zeroReports';
import type { ZeroReport, ZeroReportStatus } from '../../../shared/domain';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { useNow } from '../../ui/useNow';
import { ModalForm } from '../../ui/ModalForm';

/** Today's 零报告, reloaded when any console confirms one (a `zero_report` change). Call once per page. */
export function useZeroReports(): { reports: ZeroReport[]; reload: () => void } {
  const [reports, setReports] = useState<ZeroReport[]>([]);
  const reload = useCallback(() => {
    void api.invoke('zeroReport:list', {}).then((r) => r.ok && setReports(r.value));
  }, []);
  useEffect(() => {
    reload();
    return api.on('picture:changed', (p) => {
      if (p.entities.includes('zero_report')) reload();
    });
  }, [reload]);
  return { reports, reload };
}

/** The top bar's 零报告 button: after the due time, how many cities have not confirmed. */
export function ZeroReportButton({ reports, onClick }: { reports: ZeroReport[]; onClick: () => void }) {
  const t = useT();
  const cfg = (useApp((s) => s.settings.desk) ?? DEFAULT_DESK_CONFIG).zeroReport;
  const now = useNow(30_000);
  const board = zeroReportBoard(reports, cfg, now);
  return (
    <button
      type="button"
      data-testid="zero-open"
      className={board.missing > 0 ? 'warn' : undefined}
      onClick={onClick}
    >
      {board.missing > 0 ? t('zero.openMissing', { n: board.missing }) : t('zero.open')}
    </button>
  );
}

/**
 * 零报告: each configured city confirms today's report (无事件, or 有事件已报); the province sees who
 * has confirmed, by whom and when, and after the due time every city that has not is flagged.
 */
export function ZeroReports({
  open,
  onClose,
  reports,
  reload,
}: {
  open: boolean;
  onClose: () => void;
  /** Today's reports (useZeroReports, loaded once for the button and the board). */
  reports: ZeroReport[];
  reload: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const cfg = (useApp((s) => s.settings.desk) ?? DEFAULT_DESK_CONFIG).zeroReport;
  const now = useNow(30_000);
  const [city, setCity] = useState(cfg.cities[0]?.adcode ?? '');
  const [status, setStatus] = useState<ZeroReportStatus>('no_incident');
  const [note, setNote] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  if (!open) return null;
  const board = zeroReportBoard(reports, cfg, now, dutyDate(now));

  const submit = async () => {
    const r = await api.invoke('zeroReport:confirm', { cityAdcode: city, status, ...(note ? { note } : {}) });
    if (!r.ok) return setMsg({ ok: false, text: errorText(t, r.error) });
    setMsg({ ok: true, text: t('zero.confirmed', { city: r.value.cityName }) });
    setNote('');
    reload();
  };

  return (
    <ModalForm
      title={t('zero.title')}
      testId="zero-reports"
      className="zero-reports"
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <p className="muted" data-testid="zero-summary">
        {t('zero.summary', {
          date: board.date,
          due: formatTime(locale, board.dueAt),
          confirmed: board.confirmed,
          total: board.rows.length,
        })}
      </p>
      <table className="zero-table" data-testid="zero-table">
        <tbody>
          {board.rows.map((row) => (
            <tr key={row.adcode} data-city={row.adcode} className={row.missing ? 'missing' : undefined}>
              <th>{row.name}</th>
              <td>
                {row.report
                  ? t(`zero.status.${row.report.status}`)
                  : row.missing
                    ? t('zero.missing')
                    : t('zero.pending')}
              </td>
              <td className="muted">
                {row.report &&
                  t('zero.by', {
                    name: row.report.by.name,
                    time: formatTime(locale, row.report.at),
                  })}
                {row.report?.note ? ` · ${row.report.note}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('zero.confirm')}</h3>
      <div className="zero-form">
        <label>
          {t('zero.city')}
          <select name="city" value={city} onChange={(e) => setCity(e.target.value)}>
            {cfg.cities.map((c) => (
              <option key={c.adcode} value={c.adcode}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('zero.statusLabel')}
          <select
            name="status"
            value={status}
            onChange={(e) => setStatus(e.target.value as ZeroReportStatus)}
          >
            <option value="no_incident">{t('zero.status.no_incident')}</option>
            <option value="reported">{t('zero.status.reported')}</option>
          </select>
        </label>
        <label>
          {t('zero.note')}
          <input name="note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" data-testid="zero-submit">
          {t('zero.submit')}
        </button>
      </div>
      {msg && (
        <div className={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'} data-testid="zero-msg">
          {msg.text}
        </div>
      )}
    </ModalForm>
  );
}
