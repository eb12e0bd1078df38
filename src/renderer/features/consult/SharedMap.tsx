import { useEffect, useState } from 'react';
import type { Consultation } from '../../../shared/consult/record';
import { membersElsewhere, type ShareMember } from '../../../shared/consult/share';
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { ShareSession, type ShareState } from './share';
import './share.css';

/** The shared map's session for as long as this is shown (joined on mount, left on unmount). */
function useShare(consultationId: string): { session: ShareSession | null; state: ShareState | null } {
  const [session, setSession] = useState<ShareSession | null>(null);
  const [state, setState] = useState<ShareState | null>(null);
  useEffect(() => {
    const s = new ShareSession(consultationId, setState);
    setSession(s);
    setState(s.state);
    void s.start();
    // Web mode: main (and its link to the hub) outlives the page, so a closed page leaves itself.
    const leave = () => void s.leave();
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [consultationId]);
  return { session, state };
}

const opener = (c: Consultation, m: ShareMember) =>
  c.openedBy.name === m.name && (c.openedBy.org === '' || c.openedBy.org === m.org);

/**
 * 共享地图 in the session (over the map's left edge, right under the call's controls): what this
 * map is doing (presenting, following the presenter, paused because the user moved it, or not
 * following), the follow toggle (恢复跟随 when paused), present / take over / stop, ask for the floor,
 * and who is here: who presents, who follows, who browses, who asks, with 交给TA for the presenter.
 */
export function SharedMap({ consultation }: { consultation: Consultation }) {
  const t = useT();
  const { session, state } = useShare(consultation.id);
  if (!session || !state) return null;
  const p = state.presence;
  const me = p?.members.find((m) => m.key === state.me) ?? null;
  const presenter = p?.members.find((m) => m.key === p.presenter) ?? null;
  const presenting = state.mode === 'present';
  const mayOverrule = !!me && (me.role === 'duty-officer' || me.role === 'admin' || opener(consultation, me));
  const mayTake = !presenting && (!presenter || mayOverrule);
  const mayGive = presenting || mayOverrule;
  const others = p?.members.filter((m) => m.key !== state.me).length ?? 0;
  // Connected through another hub node: the map is shared, the call is not (its rooms are per node).
  const elsewhere = membersElsewhere(p ?? null, state.me);
  const badge = (m: ShareMember): MessageKey =>
    m.key === p?.presenter
      ? 'share.badge.presenting'
      : m.following
        ? 'share.badge.following'
        : 'share.badge.free';
  const status = presenting
    ? t('share.status.presenting', { n: others })
    : !presenter
      ? t('share.nobody')
      : state.mode === 'follow'
        ? t('share.status.following', { name: presenter.name })
        : state.mode === 'paused'
          ? t('share.status.paused', { name: presenter.name })
          : t('share.status.free', { name: presenter.name });

  return (
    <section
      className="consult-share"
      data-testid="share"
      data-mode={state.mode}
      data-presenter={p?.presenter ?? ''}
      data-me={state.me ?? ''}
    >
      <div className="consult-share-head">
        <strong>{t('share.title')}</strong>
        <span
          className="consult-share-status"
          data-testid="share-status"
          data-mode={state.mode}
          role="status"
        >
          {status}
        </span>
        {!presenting && presenter && (
          <button
            type="button"
            className={state.mode === 'follow' ? undefined : 'resume'}
            data-testid={state.mode === 'follow' ? 'share-follow' : 'share-resume'}
            aria-pressed={state.mode === 'follow'}
            onClick={() => void session.follow(state.mode !== 'follow')}
          >
            {state.mode === 'follow'
              ? t('share.unfollow')
              : state.mode === 'paused'
                ? t('share.resume')
                : t('share.follow')}
          </button>
        )}
        <div className="spacer" />
        {mayTake && (
          <button type="button" data-testid="share-take" onClick={() => void session.take()}>
            {presenter ? t('share.takeOver') : t('share.take')}
          </button>
        )}
        {!presenting && presenter && !mayOverrule && (
          <button
            type="button"
            data-testid="share-request"
            aria-pressed={me?.requesting ?? false}
            onClick={() => void session.request(!me?.requesting)}
          >
            {me?.requesting ? t('share.requestCancel') : t('share.request')}
          </button>
        )}
        {presenting && (
          <button type="button" data-testid="share-stop" onClick={() => void session.stopPresenting()}>
            {t('share.stop')}
          </button>
        )}
      </div>
      <ul className="consult-share-people" data-testid="share-people">
        {p?.members.map((m) => (
          <li
            key={m.key}
            data-key={m.key}
            data-presenting={m.key === p.presenter}
            data-following={m.following}
            data-requesting={m.requesting}
            className={m.requesting && m.key !== p.presenter ? 'requesting' : undefined}
          >
            <span>
              {m.name}
              {m.key === state.me ? ` (${t('consult.me')})` : ''}
            </span>
            <span className={`badge ${m.key === p.presenter ? 'presenting' : ''}`}>{t(badge(m))}</span>
            {m.requesting && m.key !== p.presenter && (
              <span className="badge asks">{t('share.badge.asks')}</span>
            )}
            {mayGive && m.key !== p.presenter && (
              <button
                type="button"
                className="link"
                data-testid="share-give"
                title={t('share.giveTo', { name: m.name })}
                onClick={() => void session.give(m.key)}
              >
                {t('share.give')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {elsewhere.length > 0 && (
        <p className="warn" role="status" data-testid="share-elsewhere">
          {t('share.elsewhere', { names: elsewhere.map((m) => m.name).join('、') })}
        </p>
      )}
      {state.error && (
        <p className="error" role="alert" data-testid="share-error">
          {errorText(t, state.error)}
        </p>
      )}
    </section>
  );
}
