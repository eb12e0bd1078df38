import { useMemo, useState } from 'react';
import { DEFAULT_DESK_CONFIG, addDays, shiftDateOf, shiftSlot } from '../../../shared/desk';
import { WRITABLE_DUTY_LOG_KINDS, type DutyLogEntry } from '../../../shared/domain';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { useReloading } from './useShiftData';

type Span = 'current' | 'previous' | 'week';
type WritableKind = (typeof WRITABLE_DUTY_LOG_KINDS)[number];

function Entry({ e, all }: { e: DutyLogEntry; all: DutyLogEntry[] }) {
  const t = useT();
  const locale = useLocale();
  const title = useApp((s) =>
    e.incidentId ? s.picture?.incidents.find((i) => i.id === e.incidentId)?.title : null,
  );
  const [correcting, setCorrecting] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const corrected = e.corrects ? all.find((x) => x.id === e.corrects) : undefined;
  const save = async () => {
    const r = await api.invoke('dutyLog:correct', { entryId: e.id, text });
    if (!r.ok) return setError(errorText(t, r.error));
    setCorrecting(false);
    setText('');
  };
  return (
    <li className={`duty-entry dl-${e.kind}`} data-testid="duty-entry" data-kind={e.kind}>
      <div className="tl-head">
        <strong>{t(`dutyLog.kind.${e.kind}` as MessageKey)}</strong>
        <span className="tl-who">
          {e.by.name}
          {e.by.org ? `（${e.by.org}）` : ''}
        </span>
        <time dateTime={e.at}>{formatTime(locale, e.at)}</time>
      </div>
      {title && <div className="muted">{t('dutyLog.about', { title })}</div>}
      {corrected && (
        <div className="muted">{t('dutyLog.corrects', { time: formatTime(locale, corrected.at) })}</div>
      )}
      <div className="tl-text">{e.text}</div>
      {!correcting ? (
        <button type="button" className="link" onClick={() => setCorrecting(true)}>
          {t('tl.correct')}
        </button>
      ) : (
        <form
          className="act-form"
          onSubmit={(ev) => {
            ev.preventDefault();
            void save();
          }}
        >
          <input
            name="correction"
            maxLength={2000}
            placeholder={t('tl.correctPrompt')}
            value={text}
            onChange={(ev) => setText(ev.target.value)}
          />
          <button type="submit">{t('dutyLog.saveCorrection')}</button>
        </form>
      )}
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </li>
  );
}

/**
 * 值班日志: the shift's log, oldest first, by named people; a form to record a note, a call or an
 * instruction (optionally about an incident). Entries never change: a correction is a new entry.
 */
export function DutyLogTab() {
  const t = useT();
  const cfg = useApp((s) => s.settings.desk) ?? DEFAULT_DESK_CONFIG;
  const incidents = useApp((s) => s.picture?.incidents ?? []);
  const [span, setSpan] = useState<Span>('current');
  const win = useMemo(() => {
    const today = shiftDateOf(Date.now(), cfg.shiftChange);
    const cur = shiftSlot(today, [], cfg.shiftChange);
    if (span === 'current') return { from: cur.from, to: cur.to };
    if (span === 'previous') return shiftSlot(addDays(today, -1), [], cfg.shiftChange);
    return { from: shiftSlot(addDays(today, -6), [], cfg.shiftChange).from, to: cur.to };
  }, [span, cfg.shiftChange]);
  const log = useReloading(
    () => api.invoke('dutyLog:list', { from: win.from, to: win.to }),
    ['duty_log', `span:${win.from}`],
  );
  const [kind, setKind] = useState<WritableKind>('note');
  const [incidentId, setIncidentId] = useState('');
  const [text, setText] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const add = async () => {
    const r = await api.invoke('dutyLog:add', { kind, text, incidentId: incidentId || null });
    if (!r.ok) return setMsg({ ok: false, text: errorText(t, r.error) });
    setText('');
    setMsg({ ok: true, text: t('dutyLog.added') });
  };
  const entries = log.value ?? [];
  return (
    <div className="duty-log" data-testid="duty-log">
      <div className="duty-span" role="radiogroup" aria-label={t('dutyLog.span')}>
        {(['current', 'previous', 'week'] as const).map((s) => (
          <label key={s} className="inline">
            <input type="radio" name="span" checked={span === s} onChange={() => setSpan(s)} />
            {t(`dutyLog.span.${s}` as MessageKey)}
          </label>
        ))}
      </div>
      {entries.length === 0 && <p className="muted">{t('dutyLog.empty')}</p>}
      <ol className="duty-entries" data-testid="duty-entries">
        {entries.map((e) => (
          <Entry key={e.id} e={e} all={entries} />
        ))}
      </ol>
      <form
        className="duty-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <div className="row">
          <label>
            {t('dutyLog.kindLabel')}
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as WritableKind)}>
              {WRITABLE_DUTY_LOG_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`dutyLog.kind.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('dutyLog.incident')}
            <select name="incident" value={incidentId} onChange={(e) => setIncidentId(e.target.value)}>
              <option value="">{t('dutyLog.noIncident')}</option>
              {incidents
                .filter((i) => i.status !== 'closed')
                .map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.title}
                  </option>
                ))}
            </select>
          </label>
        </div>
        <label>
          {t('dutyLog.text')}
          <textarea
            name="text"
            rows={2}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="duty-log-add">
          {t('dutyLog.add')}
        </button>
      </form>
      {msg && (
        <div
          className={msg.ok ? 'ok' : 'error'}
          role={msg.ok ? 'status' : 'alert'}
          data-testid="duty-log-msg"
        >
          {msg.text}
        </div>
      )}
    </div>
  );
}
