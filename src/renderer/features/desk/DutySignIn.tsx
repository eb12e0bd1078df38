import { useEffect, useState } from 'react';
import type { Person } from '../../../shared/domain';
import { api } from '../../services/api';
import { useApp, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { useEscape } from '../../ui/useEscape';

/**
 * 值班签到: who is on duty at this desk. Asked at start, in a bar under the title that covers
 * nothing, when nobody is known (nothing is written by nobody), and again on a handover. With a
 * hub, the hub records the token's person, known after the first connection.
 */
export function useDutySignIn(): {
  person: Person | null | undefined;
  form: React.ReactNode;
  openHandover: () => void;
} {
  const t = useT();
  const connected = useApp((s) => s.connected);
  const [person, setPerson] = useState<Person | null | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const [handover, setHandover] = useState(false);
  const [name, setName] = useState('');
  const [org, setOrg] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Asked again once the hub has said whose token this is (its person then acts here).
  const hubPerson = useApp((s) => s.syncStatus?.name ?? null);
  useEffect(() => {
    if (!connected) return;
    void api.invoke('duty:whoami', {}).then((r) => {
      if (!r.ok) return;
      setPerson(r.value);
      setOpen((o) => (r.value ? o && handover : true));
    });
  }, [connected, hubPerson, handover]);
  // A sign-in from another window of this desk (or the API) shows here at once.
  useEffect(
    () =>
      api.on('duty:changed', (p) => {
        setPerson(p);
        setOpen(false);
        setHandover(false);
      }),
    [],
  );
  // Escape closes a handover; the first sign-in stays until someone signs in.
  useEscape(open && !!person, () => {
    setOpen(false);
    setHandover(false);
  });
  const submit = async () => {
    const r = await api.invoke('duty:signIn', { name, org });
    if (!r.ok) return setError(errorText(t, r.error));
    setPerson(r.value);
    setError(null);
    setOpen(false);
    setHandover(false);
  };
  const form = (
    <form
      className="signin-form"
      data-testid="duty-signin"
      aria-labelledby="signin-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <strong id="signin-title">{t('desk.signIn.title')}</strong>
      <span className="signin-intro">{t('desk.signIn.intro')}</span>
      <label>
        {t('desk.signIn.name')}
        <input name="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('desk.signIn.org')}
        <input name="org" maxLength={200} value={org} onChange={(e) => setOrg(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {t('desk.signIn.submit')}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
  return {
    person,
    form: open ? form : null,
    openHandover: () => {
      setHandover(true);
      setOpen(true);
    },
  };
}

/** Who is on duty, in the top bar; a click hands over (a new sign-in). */
export function OnDuty({ person, onClick }: { person: Person | null | undefined; onClick: () => void }) {
  const t = useT();
  return (
    <button
      type="button"
      className="on-duty"
      data-testid="on-duty"
      title={t('desk.signIn.change')}
      onClick={onClick}
    >
      {person
        ? t('desk.onDuty', { name: person.name, org: person.org ? `（${person.org}）` : '' })
        : t('desk.nobody')}
    </button>
  );
}
