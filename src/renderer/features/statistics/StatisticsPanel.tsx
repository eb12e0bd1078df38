import { useEffect, useMemo, useRef, useState } from 'react';
import {
  classBreaks,
  dayWindow,
  lastDaysWindow,
  shiftWindow,
  STAT_LEVELS,
  STAT_MEASURES,
  tableRows,
  type StatLevel,
  type StatMeasure,
} from '../../../shared/reports';
import {
  STATISTICS_WINDOW_KINDS,
  type StatisticsExported,
  type StatisticsPhase,
  type StatisticsResult,
  type StatisticsWindowKind,
} from '../../../shared/ipc/statisticsContract';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatCount } from '../../ui/numbers';
import { formatTime, toCstField, fromCstField } from '../../ui/time';
import { StatisticsTable, type Sort } from './StatisticsTable';
import { StatisticsLegend } from './StatisticsLegend';
import { downloadReportFile } from './download';
import './statistics.css';

/** A year of incidents may take a while to read; the websocket's default 30 s is too short. */
const COMPUTE_TIMEOUT_MS = 10 * 60_000;
const YEAR_MS = 366 * 86_400_000;

function windowOf(kind: StatisticsWindowKind, from: string, to: string, now: number) {
  if (kind === 'shift') return shiftWindow(now);
  if (kind === 'day') return dayWindow(now);
  if (kind === 'week') return lastDaysWindow(now, 7);
  return { from: fromCstField(from), to: fromCstField(to) };
}

type Outcome = { kind: 'cancelled' } | { kind: 'failed'; text: string };

/**
 * 分区统计 (issue #10 item 5): incidents, casualties and affected people by city or county for a
 * window, counted by the situation report's own aggregation in main. A sortable table with the
 * totals, a choropleth of the chosen measure on the map pack's areas with its class breaks and
 * counts in the legend, a click on an area fits the map to it, and the table exported as CSV.
 * Standing over the map's left edge (`data-map-inset="left"`), so the map keeps what it shows clear.
 */
export function StatisticsPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const [kind, setKind] = useState<StatisticsWindowKind>('day');
  const [from, setFrom] = useState(() => toCstField(lastDaysWindow(Date.now(), 7).from));
  const [to, setTo] = useState(() => toCstField(dayWindow(Date.now()).to));
  const [measure, setMeasure] = useState<StatMeasure>('incidents');
  const [level, setLevel] = useState<StatLevel>('county');
  const [sort, setSort] = useState<Sort>({ by: 'incidents', dir: 'desc' });
  const [includeEmpty, setIncludeEmpty] = useState(false);
  const [result, setResult] = useState<StatisticsResult | null>(null);
  const [progress, setProgress] = useState<{ phase: StatisticsPhase; percent: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [exported, setExported] = useState<StatisticsExported | null>(null);
  const job = useRef<string | null>(null);

  useEffect(
    () =>
      api.on('statistics:progress', (p) => {
        if (p.id === job.current) setProgress({ phase: p.phase, percent: p.percent });
      }),
    [],
  );

  const w = windowOf(kind, from, to, Date.now());
  const badRange = !w.from || !w.to || w.from >= w.to || Date.parse(w.to) - Date.parse(w.from) > YEAR_MS;

  const compute = async () => {
    if (badRange || job.current) return;
    const id = `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    job.current = id;
    setOutcome(null);
    setExported(null);
    setProgress({ phase: 'load', percent: 0 });
    const r = await api.invoke(
      'statistics:compute',
      { id, kind, from: w.from, to: w.to },
      { timeoutMs: COMPUTE_TIMEOUT_MS },
    );
    job.current = null;
    setProgress(null);
    if (!r.ok) setOutcome({ kind: 'failed', text: errorText(t, r.error) });
    else if (r.value.status === 'cancelled') setOutcome({ kind: 'cancelled' });
    else setResult(r.value);
  };
  const cancel = () => {
    if (job.current) void api.invoke('statistics:cancel', { id: job.current });
  };
  // A fixed window is computed as soon as it is chosen; a custom one on the button.
  useEffect(() => {
    if (kind !== 'custom') void compute();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind]);

  const areas = useMemo(
    () => (result ? (level === 'city' ? result.cities : result.counties) : []),
    [result, level],
  );
  const onPack = useMemo(() => areas.filter((a) => a.inPack), [areas]);
  const classes = useMemo(() => classBreaks(onPack.map((a) => a[measure])), [onPack, measure]);
  const rows = useMemo(
    () => tableRows(areas, { sortBy: sort.by, sortDir: sort.dir, includeEmpty }),
    [areas, sort, includeEmpty],
  );
  const hidden = areas.length - rows.length;

  // The map draws the chosen measure over the pack's areas while the view is open.
  useEffect(() => {
    const { setChoropleth } = useApp.getState();
    if (!result) return;
    const values: Record<string, number> = {};
    for (const a of onPack) values[a.adcode!] = a[measure];
    setChoropleth({ level, values, classes });
  }, [result, level, measure, onPack, classes]);
  useEffect(() => () => useApp.getState().setChoropleth(null), []);
  useEffect(() => {
    useApp.getState().focusArea(null);
    setExported(null);
  }, [level]);

  const exportCsv = async () => {
    if (!result) return;
    setExported(null);
    const r = await api.invoke('statistics:export', {
      id: result.id,
      level,
      sortBy: sort.by,
      sortDir: sort.dir,
      includeEmpty,
      locale,
    });
    if (!r.ok) setOutcome({ kind: 'failed', text: errorText(t, r.error) });
    else setExported(r.value);
  };

  const total = result ? result.totals[measure] : 0;
  const shown = onPack.reduce((s, a) => s + a[measure], 0);
  const busy = progress !== null;

  return (
    <section
      className="stats-panel"
      data-testid="stats-panel"
      data-map-inset="left"
      aria-label={t('stats.title')}
    >
      <div className="stats-head">
        <h2>{t('stats.title')}</h2>
        <button
          type="button"
          className="close"
          data-testid="stats-close"
          aria-label={t('stats.close')}
          disabled={busy}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <div className="stats-controls">
        <label>
          {t('stats.window')}
          <select
            data-testid="stats-window"
            value={kind}
            disabled={busy}
            onChange={(e) => setKind(e.target.value as StatisticsWindowKind)}
          >
            {STATISTICS_WINDOW_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`stats.window.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('stats.measure')}
          <select
            data-testid="stats-measure"
            value={measure}
            onChange={(e) => {
              const m = e.target.value as StatMeasure;
              setMeasure(m);
              setSort({ by: m, dir: 'desc' });
            }}
          >
            {STAT_MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`stats.m.${m}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="stats-level">
          <legend>{t('stats.level')}</legend>
          {STAT_LEVELS.map((l) => (
            <label key={l}>
              <input
                type="radio"
                name="stats-level"
                data-testid={`stats-level-${l}`}
                checked={level === l}
                onChange={() => setLevel(l)}
              />
              {t(`stats.level.${l}` as MessageKey)}
            </label>
          ))}
        </fieldset>
      </div>
      {kind === 'custom' && (
        <div className="stats-range-fields">
          <label>
            {t('stats.from')}
            <input
              data-testid="stats-from"
              type="datetime-local"
              value={from}
              disabled={busy}
              onChange={(e) => setFrom(e.target.value)}
            />
          </label>
          <label>
            {t('stats.to')}
            <input
              data-testid="stats-to"
              type="datetime-local"
              value={to}
              disabled={busy}
              onChange={(e) => setTo(e.target.value)}
            />
          </label>
        </div>
      )}
      <div className="stats-range muted" data-testid="stats-range">
        {badRange
          ? null
          : t('stats.range', { from: formatTime(locale, w.from), to: formatTime(locale, w.to) })}
      </div>
      {badRange && (
        <div className="error" role="alert">
          {t('stats.badRange')}
        </div>
      )}
      {busy ? (
        <div className="stats-progress" data-testid="stats-progress">
          <progress max={100} value={progress.percent} />{' '}
          {t('stats.progress', {
            phase: t(`stats.phase.${progress.phase}` as MessageKey),
            percent: progress.percent,
          })}{' '}
          <button type="button" data-testid="stats-cancel" onClick={cancel}>
            {t('stats.cancel')}
          </button>
        </div>
      ) : (
        <div className="stats-actions">
          <button
            type="button"
            data-testid="stats-compute"
            disabled={badRange}
            onClick={() => void compute()}
          >
            {result ? t('stats.recompute') : t('stats.compute')}
          </button>
          {result && (
            <button type="button" data-testid="stats-export" onClick={() => void exportCsv()}>
              {t('stats.export')}
            </button>
          )}
        </div>
      )}
      {outcome?.kind === 'cancelled' && (
        <div className="muted" role="status" data-testid="stats-cancelled">
          {t('stats.cancelled')}
        </div>
      )}
      {outcome?.kind === 'failed' && (
        <div className="error" role="alert" data-testid="stats-failed">
          {t('stats.failed', { message: outcome.text })}
        </div>
      )}
      {exported && (
        <div className="ok" role="status" data-testid="stats-exported">
          {t('stats.exported', { rows: formatCount(locale, exported.rows) })}{' '}
          <code data-testid="stats-file">{exported.file}</code>
          {api.transport === 'web' && (
            <button
              type="button"
              data-testid="stats-download"
              onClick={() =>
                void downloadReportFile(exported.fileName).then(
                  (e) => e && setOutcome({ kind: 'failed', text: errorText(t, e) }),
                )
              }
            >
              {t('stats.download')}
            </button>
          )}
        </div>
      )}
      {result && (
        <div className="stats-body">
          <div className="muted" data-testid="stats-asof">
            {t('stats.asOf', { time: formatTime(locale, result.asOf) })}
          </div>
          {result.packId === null ? (
            <div className="muted" data-testid="stats-no-pack">
              {t('stats.noPack')}
            </div>
          ) : (
            <StatisticsLegend
              classes={classes}
              measure={measure}
              level={level}
              total={total}
              unplaced={total - shown}
            />
          )}
          <label className="stats-empty-toggle">
            <input
              type="checkbox"
              data-testid="stats-include-empty"
              checked={includeEmpty}
              onChange={(e) => setIncludeEmpty(e.target.checked)}
            />{' '}
            {t('stats.includeEmpty')}
          </label>
          <div className="stats-table-wrap">
            <StatisticsTable
              rows={rows}
              totals={result.totals}
              level={level}
              measure={measure}
              sort={sort}
              onSort={setSort}
            />
          </div>
          {result.totals.incidents === 0 && <div className="muted">{t('stats.empty')}</div>}
          {hidden > 0 && (
            <div className="muted" data-testid="stats-hidden">
              {t('stats.hidden', { n: formatCount(locale, hidden) })}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
