import { useState } from 'react';
import { INCIDENT_STATUSES, RESPONSE_LEVELS, type Casualties, type Incident } from '../../../shared/domain';
import { DEFAULT_DESK_CONFIG, suggestLevel } from '../../../shared/desk';
import { type MessageKey } from '../../../shared/i18n';
import type { AppError } from '../../../shared/ipc';
import { api } from '../../services/api';
import { useApp, useT } from '../../store';
import { errorText } from '../../ui/errorText';

/** The steps a duty officer takes on an incident (续报, level, status, reports up, notes), one small
 * form at a time; each becomes a timeline entry with who and when. */
type Form = 'followUp' | 'level' | 'status' | 'report' | 'note';

/** The steps on an incident, one small form at a time; each becomes a timeline entry. */
export function Actions({ incident: i, dutyDesk }: { incident: Incident; dutyDesk: boolean }) {
  const t = useT();
  const [form, setForm] = useState<Form | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const cfg = useApp((s) => s.settings.desk) ?? DEFAULT_DESK_CONFIG;
  const forms: Form[] = dutyDesk ? ['followUp', 'level', 'status', 'report', 'note'] : ['followUp', 'note'];
  const done = (r: { ok: true } | { ok: false; error: AppError }) => {
    setResult(r.ok ? { ok: true, text: t('act.done') } : { ok: false, text: errorText(t, r.error) });
    if (r.ok) {
      setForm(null);
      void useApp.getState().loadPicture();
    }
  };
  const suggestion = suggestLevel(i.casualties, cfg.grading);
  return (
    <section className="actions" aria-label={t('act.title')}>
      <div className="action-buttons" role="toolbar">
        {forms.map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={form === f}
            data-testid={`act-${f}`}
            onClick={() => setForm(form === f ? null : f)}
          >
            {t(FORM_LABEL[f])}
          </button>
        ))}
      </div>
      {suggestion.level !== i.level && suggestion.by && (
        <div className="tab-state warn" data-testid="level-suggestion">
          {t('act.suggest', {
            level: suggestion.level,
            by: t(`act.suggestBy.${suggestion.by}`),
            threshold: suggestion.threshold ?? 0,
          })}
        </div>
      )}
      {form === 'followUp' && <FollowUpForm incident={i} onDone={done} />}
      {form === 'level' && <LevelForm incident={i} onDone={done} />}
      {form === 'status' && <StatusForm incident={i} onDone={done} />}
      {form === 'report' && <ReportForm incident={i} onDone={done} />}
      {form === 'note' && <NoteForm incident={i} onDone={done} />}
      {result && (
        <div
          className={result.ok ? 'tab-state' : 'tab-state error'}
          role={result.ok ? 'status' : 'alert'}
          data-testid="act-result"
        >
          {result.text}
        </div>
      )}
    </section>
  );
}

const FORM_LABEL: Record<Form, MessageKey> = {
  followUp: 'act.followUp',
  level: 'act.level',
  status: 'act.status',
  report: 'act.report',
  note: 'act.note',
};

type Done = (r: { ok: true } | { ok: false; error: AppError }) => void;
const asDone = (r: { ok: boolean; error?: AppError }): { ok: true } | { ok: false; error: AppError } =>
  r.ok ? { ok: true } : { ok: false, error: r.error! };

function FollowUpForm({ incident: i, onDone }: { incident: Incident; onDone: Done }) {
  const t = useT();
  const [c, setC] = useState<Casualties>(i.casualties);
  const [affected, setAffected] = useState(i.affected);
  const [text, setText] = useState('');
  const num = (v: string) => (v.trim() === '' ? 0 : Number(v));
  return (
    <form
      className="act-form"
      data-testid="followup-form"
      onSubmit={(e) => {
        e.preventDefault();
        void api
          .invoke('incident:followUp', { id: i.id, casualties: c, affected, text })
          .then((r) => onDone(asDone(r)));
      }}
    >
      {(['dead', 'injured', 'missing', 'trapped'] as const).map((k) => (
        <label key={k}>
          {t(`act.${k}`)}
          <input
            type="number"
            min={0}
            step={1}
            name={k}
            value={c[k]}
            onChange={(e) => setC({ ...c, [k]: num(e.target.value) })}
          />
        </label>
      ))}
      <label>
        {t('act.affected')}
        <input
          type="number"
          min={0}
          step={1}
          name="affected"
          value={affected}
          onChange={(e) => setAffected(num(e.target.value))}
        />
      </label>
      <label className="wide">
        {t('act.text')}
        <textarea name="text" maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {t('act.submitFollowUp')}
      </button>
    </form>
  );
}

function LevelForm({ incident: i, onDone }: { incident: Incident; onDone: Done }) {
  const t = useT();
  const [level, setLevel] = useState(i.level);
  const [reason, setReason] = useState('');
  return (
    <form
      className="act-form"
      data-testid="level-form"
      onSubmit={(e) => {
        e.preventDefault();
        void api.invoke('incident:setLevel', { id: i.id, level, reason }).then((r) => onDone(asDone(r)));
      }}
    >
      <select
        name="level"
        value={level}
        onChange={(e) => setLevel(e.target.value as Incident['level'])}
        aria-label={t('act.level')}
      >
        {RESPONSE_LEVELS.map((l) => (
          <option key={l} value={l}>
            {t('incident.level', { level: l })}
          </option>
        ))}
      </select>
      <label className="wide">
        {t('act.reason')}
        <input name="reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {t('act.submitLevel')}
      </button>
    </form>
  );
}

function StatusForm({ incident: i, onDone }: { incident: Incident; onDone: Done }) {
  const t = useT();
  const ahead = INCIDENT_STATUSES.slice(INCIDENT_STATUSES.indexOf(i.status) + 1);
  const [status, setStatus] = useState(ahead[0] ?? i.status);
  const [note, setNote] = useState('');
  if (ahead.length === 0) return <div className="tab-state">{t('act.closed')}</div>;
  return (
    <form
      className="act-form"
      data-testid="status-form"
      onSubmit={(e) => {
        e.preventDefault();
        void api.invoke('incident:setStatus', { id: i.id, status, note }).then((r) => onDone(asDone(r)));
      }}
    >
      <select
        name="status"
        value={status}
        onChange={(e) => setStatus(e.target.value as Incident['status'])}
        aria-label={t('act.status')}
      >
        {ahead.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
      {status === 'closed' && (
        <label className="wide">
          {t('act.summary')}
          <textarea name="summary" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
      )}
      <button type="submit" className="primary">
        {t('act.submitStatus')}
      </button>
    </form>
  );
}

function ReportForm({ incident: i, onDone }: { incident: Incident; onDone: Done }) {
  const t = useT();
  const [kind, setKind] = useState<'initial' | 'followup' | 'final'>('initial');
  const [to, setTo] = useState<'city' | 'province' | 'ministry'>('province');
  const [text, setText] = useState('');
  return (
    <form
      className="act-form"
      data-testid="report-form"
      onSubmit={(e) => {
        e.preventDefault();
        void api.invoke('incident:report', { id: i.id, kind, to, text }).then((r) => onDone(asDone(r)));
      }}
    >
      <select
        name="kind"
        value={kind}
        onChange={(e) => setKind(e.target.value as typeof kind)}
        aria-label={t('act.report')}
      >
        {(['initial', 'followup', 'final'] as const).map((k) => (
          <option key={k} value={k}>
            {t(`act.reportKind.${k}`)}
          </option>
        ))}
      </select>
      <select
        name="to"
        value={to}
        onChange={(e) => setTo(e.target.value as typeof to)}
        aria-label={t('act.reportTo')}
      >
        {(['city', 'province', 'ministry'] as const).map((k) => (
          <option key={k} value={k}>
            {t(`tl.to.${k}`)}
          </option>
        ))}
      </select>
      <label className="wide">
        {t('act.text')}
        <textarea name="text" maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {t('act.submitReport')}
      </button>
    </form>
  );
}

function NoteForm({ incident: i, onDone }: { incident: Incident; onDone: Done }) {
  const t = useT();
  const [text, setText] = useState('');
  return (
    <form
      className="act-form"
      data-testid="note-form"
      onSubmit={(e) => {
        e.preventDefault();
        void api.invoke('incident:note', { id: i.id, text }).then((r) => onDone(asDone(r)));
      }}
    >
      <label className="wide">
        {t('act.note')}
        <textarea name="text" maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {t('act.submitNote')}
      </button>
    </form>
  );
}
