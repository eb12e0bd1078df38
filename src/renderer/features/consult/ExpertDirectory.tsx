import { useCallback, useEffect, useState } from 'react';
import { EXPERT_AVAILABILITY, type Expert } from '../../../shared/consult/record';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useT } from '../../store';
import { errorText } from '../../ui/errorText';

type Draft = {
  id?: string;
  name: string;
  speciality: string;
  region: string;
  org: string;
  contact: string;
  availability: Expert['availability'];
  note: string;
};
const EMPTY: Draft = {
  name: '',
  speciality: '',
  region: '',
  org: '',
  contact: '',
  availability: 'available',
  note: '',
};

/** 专家库, reloaded when any console saves an expert. */
export function useExperts(): { experts: Expert[]; reload: () => void } {
  const [experts, setExperts] = useState<Expert[]>([]);
  const reload = useCallback(() => {
    void api.invoke('expert:list', {}).then((r) => r.ok && setExperts(r.value));
  }, []);
  useEffect(() => {
    reload();
    return api.on('picture:changed', (p) => {
      if (p.entities.includes('expert')) reload();
    });
  }, [reload]);
  return { experts, reload };
}

/**
 * The expert directory inside the 会商 dialog: tick experts to invite them (by name and
 * organisation) with the session being opened; duty officers add and edit entries (synced).
 */
export function ExpertDirectory(props: {
  experts: Expert[];
  reload: () => void;
  picked: Set<string>;
  onPick: (ids: Set<string>) => void;
  mayEdit: boolean;
}) {
  const t = useT();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const save = async () => {
    if (!draft) return;
    const { id, ...rest } = draft;
    const r = await api.invoke('expert:save', { ...(id ? { id } : {}), ...rest });
    if (!r.ok) return setMsg(errorText(t, r.error));
    setMsg(null);
    setDraft(null);
    props.reload();
  };
  const field = (k: keyof Omit<Draft, 'id' | 'availability'>, max: number) => (
    <label>
      {t(`expert.${k}` as MessageKey)}
      <input
        data-field={k}
        value={draft![k]}
        maxLength={max}
        onChange={(e) => setDraft({ ...draft!, [k]: e.target.value })}
      />
    </label>
  );
  return (
    <div className="consult-experts" data-testid="expert-directory">
      <table>
        <thead>
          <tr>
            <th>{t('expert.invite')}</th>
            <th>{t('expert.name')}</th>
            <th>{t('expert.speciality')}</th>
            <th>{t('expert.region')}</th>
            <th>{t('expert.org')}</th>
            <th>{t('expert.contact')}</th>
            <th>{t('expert.availability')}</th>
            {props.mayEdit && <th />}
          </tr>
        </thead>
        <tbody>
          {props.experts.map((x) => (
            <tr key={x.id} data-expert={x.id} className={x.availability}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('expert.invite')}
                  checked={props.picked.has(x.id)}
                  onChange={(e) => {
                    const next = new Set(props.picked);
                    if (e.target.checked) next.add(x.id);
                    else next.delete(x.id);
                    props.onPick(next);
                  }}
                />
              </td>
              <td>{x.name}</td>
              <td>{x.speciality}</td>
              <td>{x.region}</td>
              <td>{x.org}</td>
              <td>{x.contact}</td>
              <td>{t(`expert.status.${x.availability}` as MessageKey)}</td>
              {props.mayEdit && (
                <td>
                  <button type="button" onClick={() => setDraft({ ...EMPTY, ...x })}>
                    {t('expert.edit')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {props.experts.length === 0 && <p className="muted">{t('expert.none')}</p>}
      {props.mayEdit && !draft && (
        <button type="button" data-testid="expert-add" onClick={() => setDraft({ ...EMPTY })}>
          {t('expert.add')}
        </button>
      )}
      {draft && (
        <div className="expert-form" data-testid="expert-form">
          {field('name', 100)}
          {field('speciality', 200)}
          {field('region', 100)}
          {field('org', 200)}
          {field('contact', 100)}
          <label>
            {t('expert.availability')}
            <select
              value={draft.availability}
              onChange={(e) => setDraft({ ...draft, availability: e.target.value as Draft['availability'] })}
            >
              {EXPERT_AVAILABILITY.map((a) => (
                <option key={a} value={a}>
                  {t(`expert.status.${a}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {field('note', 500)}
          <div>
            <button type="button" data-testid="expert-save" onClick={() => void save()}>
              {t('expert.save')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              {t('expert.cancel')}
            </button>
          </div>
        </div>
      )}
      {msg && (
        <p className="error" role="alert">
          {msg}
        </p>
      )}
    </div>
  );
}
