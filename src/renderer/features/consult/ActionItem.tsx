import { useState } from 'react';
import type { Person } from '../../../shared/domain';
import { isOwner, mayComplete, ownerText, type MinutesAction } from '../../../shared/consult/minutes';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime, fromCstField, toCstField } from '../../ui/time';
import { ownerField, parseOwner } from './useMinutes';

type Form = 'complete' | 'reassign' | null;

/**
 * One action item of the minutes: what, who owns it and by when, its state (open, overdue, done),
 * and for those who may: mark it done (with a note), or give it another owner or deadline.
 */
export function ActionItem(props: {
  action: MinutesAction;
  me: Person | null;
  /** The datalist of people an action item may be given to. */
  listId: string;
}) {
  const t = useT();
  const locale = useLocale();
  const { action: a, me } = props;
  const [form, setForm] = useState<Form>(null);
  const [note, setNote] = useState('');
  const [owner, setOwner] = useState(ownerField(a.owner));
  const [deadline, setDeadline] = useState(toCstField(a.deadline));
  const [error, setError] = useState<string | null>(null);
  const duty = me?.role === 'duty-officer' || me?.role === 'admin';
  const canComplete = !!me && a.state !== 'done' && mayComplete(a, me);
  const last = a.reassignments.at(-1);

  const submit = async () => {
    if (form === 'complete') {
      const r = await api.invoke('minutes:complete', { actionId: a.id, ...(note.trim() ? { note } : {}) });
      if (!r.ok) return setError(errorText(t, r.error));
    } else if (form === 'reassign') {
      const o = parseOwner(owner);
      if (!o) return setError(t('minutes.needOwner'));
      if (!deadline) return setError(t('minutes.needDeadline'));
      const r = await api.invoke('minutes:reassign', {
        actionId: a.id,
        owner: o,
        deadline: fromCstField(deadline),
        ...(note.trim() ? { reason: note } : {}),
      });
      if (!r.ok) return setError(errorText(t, r.error));
    }
    setError(null);
    setNote('');
    setForm(null);
  };

  return (
    <li
      className={`minutes-action ${a.state}`}
      data-testid="minutes-action"
      data-action={a.id}
      data-state={a.state}
      data-mine={me && isOwner(a.owner, me) ? 'yes' : 'no'}
    >
      <div className="minutes-action-head">
        <span className={`badge action-${a.state}`}>{t(`minutes.state.${a.state}` as MessageKey)}</span>
        <strong>{a.text}</strong>
      </div>
      <div className="muted" data-testid="minutes-action-owner">
        {t('minutes.ownerDeadline', { owner: ownerText(a.owner), deadline: formatTime(locale, a.deadline) })}
        {' · '}
        {t('minutes.recordedBy', { name: a.recordedBy.name, time: formatTime(locale, a.recordedAt) })}
      </div>
      {last && (
        <div className="muted">
          {t('minutes.reassignedFrom', {
            owner: ownerText(last.from.owner),
            deadline: formatTime(locale, last.from.deadline),
            by: last.by.name,
          })}
          {last.reason && ` · ${last.reason}`}
        </div>
      )}
      {a.doneAt && (
        <div className="ok" data-testid="minutes-action-done">
          {t('minutes.doneBy', { name: a.doneBy?.name ?? '', time: formatTime(locale, a.doneAt) })}
          {a.doneNote && ` · ${a.doneNote}`}
        </div>
      )}
      {a.state !== 'done' && (canComplete || duty) && form === null && (
        <div className="minutes-action-buttons">
          {canComplete && (
            <button type="button" data-testid="minutes-complete" onClick={() => setForm('complete')}>
              {t('minutes.complete')}
            </button>
          )}
          {duty && (
            <button
              type="button"
              data-testid="minutes-reassign"
              onClick={() => {
                // From the item as it stands now (another console may have reassigned it).
                setOwner(ownerField(a.owner));
                setDeadline(toCstField(a.deadline));
                setForm('reassign');
              }}
            >
              {t('minutes.reassign')}
            </button>
          )}
        </div>
      )}
      {form && (
        <form
          className="act-form"
          data-testid={`minutes-${form}-form`}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {form === 'reassign' && (
            <>
              <label>
                {t('minutes.owner')}
                <input
                  name="owner"
                  list={props.listId}
                  maxLength={300}
                  value={owner}
                  onChange={(e) => setOwner(e.target.value)}
                />
              </label>
              <label>
                {t('minutes.deadline')}
                <input
                  name="deadline"
                  type="datetime-local"
                  value={deadline}
                  onChange={(e) => setDeadline(e.target.value)}
                />
              </label>
            </>
          )}
          <label className="wide">
            {t(form === 'complete' ? 'minutes.completeNote' : 'minutes.reassignReason')}
            <input name="note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" className="primary" data-testid="minutes-save">
            {form === 'complete' ? t('minutes.complete') : t('minutes.save')}
          </button>
          <button type="button" onClick={() => (setForm(null), setError(null))}>
            {t('minutes.cancel')}
          </button>
        </form>
      )}
      {error && (
        <div className="error" role="alert" data-testid="minutes-action-error">
          {error}
        </div>
      )}
    </li>
  );
}
