import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Person } from '../../../shared/domain';
import type { Consultation } from '../../../shared/consult/record';
import { sessionMinutes, type SessionMinutes } from '../../../shared/consult/minutes';
import { useLocale, useT } from '../../store';
import { api } from '../../services/api';
import { errorText } from '../../ui/errorText';
import { formatTime, fromCstField, toCstField } from '../../ui/time';
import { useNow } from '../../ui/useNow';
import { useWhoAmI } from '../../ui/useWhoAmI';
import { ActionItem } from './ActionItem';
import { useTimeline } from '../../ui/useTimeline';
import { parseOwner, useOwnerSuggestions } from './useMinutes';
import './minutes.css';

type Kind = 'decision' | 'action';

/** Record a decision or an action item (owner, deadline) of the session: the duty desk only. */
function RecordForm({ consultation: c, listId }: { consultation: Consultation; listId: string }) {
  const t = useT();
  const [kind, setKind] = useState<Kind>('decision');
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [deadline, setDeadline] = useState(() => toCstField(Date.now() + 2 * 3600_000));
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async () => {
    let r;
    if (kind === 'decision') r = await api.invoke('minutes:decide', { consultationId: c.id, text });
    else {
      const o = parseOwner(owner);
      if (!o) return setMsg({ ok: false, text: t('minutes.needOwner') });
      if (!deadline) return setMsg({ ok: false, text: t('minutes.needDeadline') });
      r = await api.invoke('minutes:action', {
        consultationId: c.id,
        text,
        owner: o,
        deadline: fromCstField(deadline),
      });
    }
    if (!r.ok) return setMsg({ ok: false, text: errorText(t, r.error) });
    setMsg({ ok: true, text: t('minutes.recorded') });
    setText('');
    if (kind === 'action') setOwner('');
  };
  return (
    <form
      className="act-form minutes-record"
      data-testid="minutes-record"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="minutes-kind" role="radiogroup" aria-label={t('minutes.title')}>
        {(['decision', 'action'] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name="minutes-kind"
              value={k}
              data-testid={`minutes-kind-${k}`}
              checked={kind === k}
              onChange={() => setKind(k)}
            />
            {t(`minutes.kind.${k}`)}
          </label>
        ))}
      </div>
      <label className="wide">
        {t(kind === 'decision' ? 'minutes.text.decision' : 'minutes.text.action')}
        <textarea
          name="text"
          required
          maxLength={2000}
          value={text}
          data-testid="minutes-text"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {kind === 'action' && (
        <>
          <label>
            {t('minutes.owner')}
            <input
              name="owner"
              list={listId}
              maxLength={300}
              placeholder={t('minutes.ownerHint')}
              value={owner}
              data-testid="minutes-owner"
              onChange={(e) => setOwner(e.target.value)}
            />
          </label>
          <label>
            {t('minutes.deadline')}
            <input
              name="deadline"
              type="datetime-local"
              value={deadline}
              data-testid="minutes-deadline"
              onChange={(e) => setDeadline(e.target.value)}
            />
          </label>
        </>
      )}
      <button type="submit" className="primary" data-testid="minutes-submit">
        {t('minutes.record')}
      </button>
      {msg && (
        <span
          className={msg.ok ? 'ok' : 'error'}
          role={msg.ok ? 'status' : 'alert'}
          data-testid="minutes-msg"
        >
          {msg.text}
        </span>
      )}
    </form>
  );
}

/**
 * One session's minutes: its decisions in order, its action items with their state, and (for the
 * duty desk, while the session's record is on this console) the form that records more. `minutes`
 * is the fold of the incident's timeline; `consultation` null: an older session, read only.
 */
export function SessionMinutesView(props: {
  consultationId: string;
  consultation: Consultation | null;
  minutes: SessionMinutes | null;
  me: Person | null;
  participants?: readonly { name: string; org: string }[];
}) {
  const t = useT();
  const locale = useLocale();
  const listId = useId();
  const suggestions = useOwnerSuggestions(props.consultation, props.participants);
  const m = props.minutes;
  const duty = props.me?.role === 'duty-officer' || props.me?.role === 'admin';
  return (
    <div className="minutes" data-testid="minutes" data-consult={props.consultationId}>
      <h4>{t('minutes.decisions', { n: m?.decisions.length ?? 0 })}</h4>
      {!m?.decisions.length ? (
        <p className="muted">{t('minutes.noDecisions')}</p>
      ) : (
        <ol className="minutes-decisions">
          {m.decisions.map((d) => (
            <li key={d.id} data-testid="minutes-decision">
              {d.text}{' '}
              <span className="muted">
                {t('minutes.recordedBy', { name: d.by.name, time: formatTime(locale, d.at) })}
              </span>
            </li>
          ))}
        </ol>
      )}
      <h4>{t('minutes.actions', { n: m?.actions.length ?? 0 })}</h4>
      {!m?.actions.length ? (
        <p className="muted">{t('minutes.noActions')}</p>
      ) : (
        <ul className="minutes-actions">
          {m.actions.map((a) => (
            <ActionItem key={a.id} action={a} me={props.me} listId={listId} />
          ))}
        </ul>
      )}
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {duty && props.consultation ? (
        <RecordForm consultation={props.consultation} listId={listId} />
      ) : (
        !duty && <p className="muted">{t('minutes.readOnly')}</p>
      )}
    </div>
  );
}

/** 纪要 in the call screen: the session's minutes, recorded while people talk. */
export function MinutesPane(props: {
  consultation: Consultation;
  participants?: readonly { name: string; org: string }[];
}) {
  const t = useT();
  const { entries, error } = useTimeline(props.consultation.incidentId);
  const now = useNow(15_000);
  const me = useWhoAmI();
  const minutes = useMemo(
    () => (entries ? sessionMinutes(entries, props.consultation.id, now) : null),
    [entries, props.consultation.id, now],
  );
  // Opened under the call's video: bring it into view in the call's scrolling box.
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = ref.current;
    const box = el?.closest('.consult-call');
    // Only the call's own box scrolls (scrollIntoView would also move the map area under it).
    if (el && box instanceof HTMLElement) box.scrollTop = el.offsetTop - 8;
  }, []);
  return (
    <section ref={ref} className="minutes-pane" data-testid="minutes-pane" aria-label={t('minutes.title')}>
      <strong>{t('minutes.title')}</strong>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <SessionMinutesView
        consultationId={props.consultation.id}
        consultation={props.consultation}
        minutes={minutes}
        me={me}
        participants={props.participants}
      />
    </section>
  );
}
