import { useEffect, useRef, useState } from 'react';
import {
  dayWindow,
  REPORT_FORMATS,
  REPORT_WINDOW_KINDS,
  shiftWindow,
  type ReportFormat,
  type ReportPhase,
  type ReportWindowKind,
  type ReportWritten,
} from '../../../shared/reports';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatCount } from '../../ui/numbers';
import { formatTime, toCstField, fromCstField } from '../../ui/time';
import { useEscape } from '../../ui/useEscape';
import { useFocusTrap } from '../../ui/useFocusTrap';

/** A report over a month of data may take a while; the websocket's default 30 s is too short. */
const REPORT_TIMEOUT_MS = 10 * 60_000;

type Outcome =
  { kind: 'written'; value: ReportWritten } | { kind: 'cancelled' } | { kind: 'failed'; text: string };

/**
 * 态势报告: choose the window (this shift, today, one incident, or from–to, in Beijing time) and the
 * format; main makes the report into the data folder's reports/ folder, with progress and cancel,
 * and says where it wrote it (in a browser it can also be downloaded).
 */
export function ReportsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const incidents = useApp((s) => s.picture?.incidents);
  const shiftChange = useApp((s) => s.settings.desk?.shiftChange ?? '08:00');
  const selected = useApp((s) => (s.selection?.kind === 'incident' ? s.selection.id : null));
  const [kind, setKind] = useState<ReportWindowKind>('shift');
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [incidentId, setIncidentId] = useState('');
  const [from, setFrom] = useState(() => toCstField(dayWindow(Date.now()).from));
  const [to, setTo] = useState(() => toCstField(dayWindow(Date.now()).to));
  const [progress, setProgress] = useState<{ phase: ReportPhase; percent: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const job = useRef<string | null>(null);
  useEscape(open && !progress, onClose);
  const trap = useFocusTrap<HTMLDivElement>(open);

  useEffect(
    () =>
      api.on('report:progress', (p) => {
        if (p.id === job.current) setProgress({ phase: p.phase, percent: p.percent });
      }),
    [],
  );
  useEffect(() => {
    if (open && selected) setIncidentId(selected);
  }, [open, selected]);
  if (!open) return null;

  const now = Date.now();
  const window =
    kind === 'shift'
      ? shiftWindow(now, shiftChange)
      : kind === 'day'
        ? dayWindow(now)
        : kind === 'custom'
          ? { from: fromCstField(from), to: fromCstField(to) }
          : null;
  const chosenIncident = incidentId || incidents?.[0]?.id || '';
  const badRange = kind === 'custom' && !(window!.from && window!.to && window!.from < window!.to);

  const make = async () => {
    const id = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    job.current = id;
    setOutcome(null);
    setProgress({ phase: 'load', percent: 0 });
    const r = await api.invoke(
      'report:create',
      kind === 'incident'
        ? { id, kind, incidentId: chosenIncident, format }
        : { id, kind, from: window!.from, to: window!.to, format },
      { timeoutMs: REPORT_TIMEOUT_MS },
    );
    job.current = null;
    setProgress(null);
    if (!r.ok) setOutcome({ kind: 'failed', text: errorText(t, r.error) });
    else if (r.value.status === 'cancelled') setOutcome({ kind: 'cancelled' });
    else setOutcome({ kind: 'written', value: r.value });
  };
  const cancel = () => {
    if (job.current) void api.invoke('report:cancel', { id: job.current });
  };
  const download = async (w: ReportWritten) => {
    const r = await api.invoke('report:read', { fileName: w.fileName }, { timeoutMs: REPORT_TIMEOUT_MS });
    if (!r.ok) {
      setOutcome({ kind: 'failed', text: errorText(t, r.error) });
      return;
    }
    const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: r.value.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="dialog-backdrop" onClick={() => !progress && onClose()}>
      <div
        ref={trap}
        className="dialog"
        data-testid="reports-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('reports.title')}
        onClick={(e) => e.stopPropagation()}
      >
        <div className="dialog-head">
          <h2>{t('reports.title')}</h2>
          <button
            className="close"
            data-testid="reports-close"
            aria-label={t('card.close')}
            disabled={progress !== null}
            onClick={onClose}
          >
            ×
          </button>
        </div>
        <p className="muted">{t('reports.explain')}</p>
        <label>
          {t('reports.window')}
          <select
            data-testid="reports-window"
            value={kind}
            disabled={progress !== null}
            onChange={(e) => setKind(e.target.value as ReportWindowKind)}
          >
            {REPORT_WINDOW_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`reports.window.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'incident' && (
          <label>
            {t('reports.incident')}
            <select
              data-testid="reports-incident"
              value={chosenIncident}
              disabled={progress !== null}
              onChange={(e) => setIncidentId(e.target.value)}
            >
              {(incidents ?? []).map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'custom' && (
          <div className="report-range">
            <label>
              {t('reports.from')}
              <input
                data-testid="reports-from"
                type="datetime-local"
                value={from}
                disabled={progress !== null}
                onChange={(e) => setFrom(e.target.value)}
              />
            </label>
            <label>
              {t('reports.to')}
              <input
                data-testid="reports-to"
                type="datetime-local"
                value={to}
                disabled={progress !== null}
                onChange={(e) => setTo(e.target.value)}
              />
            </label>
          </div>
        )}
        {window && !badRange && (
          <div className="muted" data-testid="reports-range">
            {t('reports.range', { from: formatTime(locale, window.from), to: formatTime(locale, window.to) })}
          </div>
        )}
        {badRange && (
          <div className="error" role="alert">
            {t('reports.badRange')}
          </div>
        )}
        <label>
          {t('reports.format')}
          <select
            data-testid="reports-format"
            value={format}
            disabled={progress !== null}
            onChange={(e) => setFormat(e.target.value as ReportFormat)}
          >
            {REPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`reports.format.${f}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {progress ? (
          <div data-testid="reports-progress">
            <progress max={100} value={progress.percent} />{' '}
            {t('reports.progress', {
              phase: t(`reports.phase.${progress.phase}` as MessageKey),
              percent: progress.percent,
            })}{' '}
            <button type="button" data-testid="reports-cancel" onClick={cancel}>
              {t('reports.cancel')}
            </button>
          </div>
        ) : (
          <button
            type="submit"
            data-testid="reports-make"
            disabled={badRange || (kind === 'incident' && !chosenIncident)}
            onClick={() => void make()}
          >
            {t('reports.make')}
          </button>
        )}
        {outcome?.kind === 'written' && (
          <div className="ok" role="status" data-testid="reports-written">
            <div>
              {t('reports.written', {
                n: formatCount(locale, outcome.value.incidents),
                size: formatCount(locale, Math.max(1, Math.round(outcome.value.bytes / 1024))),
              })}
            </div>
            <code data-testid="reports-file">{outcome.value.file}</code>
            {api.transport === 'web' && (
              <div>
                <button
                  type="button"
                  data-testid="reports-download"
                  onClick={() => void download(outcome.value)}
                >
                  {t('reports.download')}
                </button>
              </div>
            )}
          </div>
        )}
        {outcome?.kind === 'cancelled' && (
          <div className="muted" role="status" data-testid="reports-cancelled">
            {t('reports.cancelled')}
          </div>
        )}
        {outcome?.kind === 'failed' && (
          <div className="error" role="alert" data-testid="reports-failed">
            {t('reports.failed', { message: outcome.text })}
          </div>
        )}
      </div>
    </div>
  );
}
