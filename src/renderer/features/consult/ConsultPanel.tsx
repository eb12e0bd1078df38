import { useState } from 'react';
import type { Person } from '../../../shared/domain';
import {
  CONSULT_ROLES,
  isInvited,
  type Consultation,
  type ConsultInvitee,
} from '../../../shared/consult/record';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { ModalForm } from '../../ui/ModalForm';
import { formatTime } from '../../ui/time';
import { ExpertDirectory, useExperts } from './ExpertDirectory';

type Msg = { ok: boolean; text: string } | null;
type ConsultRole = (typeof CONSULT_ROLES)[number];

/** "王芳" or "王芳/吕梁市应急局", one per line. */
export function parsePeople(text: string): ConsultInvitee[] {
  return text
    .split(/\n|，|,|;|；/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [name, org] = l.split('/').map((x) => x.trim());
      return { kind: 'person' as const, name: name!.slice(0, 100), org: (org ?? '').slice(0, 200) };
    });
}

/**
 * The 会商 dialog: the open sessions (join, end) and, for duty officers, a new session on an open
 * incident with invitations by role and by person.
 */
export function ConsultPanel(props: {
  list: Consultation[];
  me: Person | null;
  onJoin: (c: Consultation) => void;
  onClose: () => void;
  reload: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const incidents = useApp((s) => s.picture?.incidents ?? []).filter((i) => i.status !== 'closed');
  const selected = useApp((s) => (s.selection?.kind === 'incident' ? s.selection.id : null));
  const [incidentId, setIncidentId] = useState(selected ?? incidents[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [roles, setRoles] = useState<Set<ConsultRole>>(new Set(['field-commander']));
  const [people, setPeople] = useState('');
  const [msg, setMsg] = useState<Msg>(null);
  const { experts, reload: reloadExperts } = useExperts();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const mayOpen = props.me?.role === 'duty-officer' || props.me?.role === 'admin';
  const standalone = useApp((s) => s.syncStatus?.state === 'disabled');
  const open = props.list.filter((c) => c.status === 'open');
  const incidentTitle = (id: string) => incidents.find((i) => i.id === id)?.title ?? id;

  const submit = async () => {
    const invitees: ConsultInvitee[] = [
      ...[...roles].map((role) => ({ kind: 'role' as const, role })),
      ...parsePeople(people),
      ...experts
        .filter((x) => picked.has(x.id))
        .map((x) => ({ kind: 'person' as const, name: x.name, org: x.org })),
    ];
    if (invitees.length === 0) return setMsg({ ok: false, text: t('consult.needInvitees') });
    const r = await api.invoke('consult:open', {
      incidentId,
      title: title.trim() || t('consult.defaultTitle', { incident: incidentTitle(incidentId) }),
      invitees,
    });
    if (!r.ok) return setMsg({ ok: false, text: errorText(t, r.error) });
    setMsg({ ok: true, text: t('consult.opened', { title: r.value.title }) });
    setTitle('');
    setPeople('');
    setPicked(new Set());
    props.reload();
  };
  const end = async (c: Consultation) => {
    const r = await api.invoke('consult:end', { id: c.id });
    setMsg(
      r.ok
        ? { ok: true, text: t('consult.endedOk', { title: c.title }) }
        : { ok: false, text: errorText(t, r.error) },
    );
    props.reload();
  };
  const inviteeText = (c: Consultation) =>
    c.invitees
      .map((i) =>
        i.kind === 'role'
          ? t(`consult.role.${i.role}` as MessageKey)
          : i.org
            ? `${i.name}（${i.org}）`
            : i.name,
      )
      .join('、');

  return (
    <ModalForm
      title={t('consult.title')}
      testId="consult-panel"
      className="consult-panel"
      onClose={props.onClose}
      onSubmit={() => void submit()}
    >
      {standalone && (
        <p className="warn" data-testid="consult-needs-hub">
          {t('consult.needsHub')}
        </p>
      )}
      <h3>{t('consult.open')}</h3>
      {open.length === 0 && <p className="muted">{t('consult.none')}</p>}
      <ul className="consult-list" data-testid="consult-list">
        {open.map((c) => {
          const invited = props.me ? isInvited(c, props.me) : false;
          return (
            <li key={c.id} data-consult={c.id}>
              <div>
                <strong>{c.title}</strong>
                <div className="muted">
                  {t('consult.meta', {
                    incident: incidentTitle(c.incidentId),
                    by: c.openedBy.name,
                    time: formatTime(locale, c.openedAt),
                  })}
                </div>
                <div className="muted">{t('consult.invitees', { list: inviteeText(c) })}</div>
              </div>
              <div className="consult-actions">
                <button
                  type="button"
                  data-testid="consult-join"
                  disabled={!invited}
                  title={invited ? undefined : t('consult.notInvited')}
                  onClick={() => props.onJoin(c)}
                >
                  {t('consult.join')}
                </button>
                {mayOpen && (
                  <button type="button" data-testid="consult-end" onClick={() => void end(c)}>
                    {t('consult.end')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {mayOpen && (
        <fieldset className="consult-new" data-testid="consult-new">
          <legend>{t('consult.new')}</legend>
          <label>
            {t('consult.incident')}
            <select
              value={incidentId}
              onChange={(e) => setIncidentId(e.target.value)}
              data-testid="consult-incident"
            >
              {incidents.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('consult.titleField')}
            <input
              value={title}
              maxLength={200}
              placeholder={t('consult.defaultTitle', { incident: incidentTitle(incidentId) })}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          <div className="consult-roles">
            {t('consult.byRole')}
            {CONSULT_ROLES.filter((r) => r !== 'admin').map((r) => (
              <label key={r}>
                <input
                  type="checkbox"
                  data-role={r}
                  checked={roles.has(r)}
                  onChange={(e) => {
                    const next = new Set(roles);
                    if (e.target.checked) next.add(r);
                    else next.delete(r);
                    setRoles(next);
                  }}
                />
                {t(`consult.role.${r}` as MessageKey)}
              </label>
            ))}
          </div>
          <label>
            {t('consult.byPerson')}
            <textarea
              rows={2}
              value={people}
              data-testid="consult-people"
              placeholder={t('consult.peopleHint')}
              onChange={(e) => setPeople(e.target.value)}
            />
          </label>
          <div>
            {t('expert.title')}
            <ExpertDirectory
              experts={experts}
              reload={reloadExperts}
              picked={picked}
              onPick={setPicked}
              mayEdit={mayOpen}
            />
          </div>
          <button type="submit" data-testid="consult-submit" disabled={!incidentId}>
            {t('consult.submit')}
          </button>
        </fieldset>
      )}
      {msg && (
        <p className={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'} data-testid="consult-msg">
          {msg.text}
        </p>
      )}
    </ModalForm>
  );
}
