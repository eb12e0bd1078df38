import { useEffect, useState } from 'react';
import { LINK_LEVELS, type LinkLevel } from '../../../shared/consult/linkPolicy';
import type { MessageKey } from '../../../shared/i18n';
import { useLocale, useT } from '../../store';
import { formatTime } from '../../ui/time';
import type { LinkStep } from './link';
import type { CallView, ConsultCall } from './media';
import './link.css';

type T = ReturnType<typeof useT>;

const levelText = (t: T, l: LinkLevel) => t(`link.level.${l}` as MessageKey);

/** Why a step was taken, with its figures ("丢包 15.2%"). */
export function whyText(t: T, s: Pick<LinkStep, 'reason' | 'rttMs' | 'lossPct'>): string {
  return t(`link.why.${s.reason}` as MessageKey, { loss: s.lossPct, rtt: s.rttMs ?? '—' });
}

/** The call mode, in the call's header: automatic (the default) or a level fixed by hand. */
export function LinkMode({ call, view }: { call: ConsultCall; view: CallView }) {
  const t = useT();
  return (
    <label className="consult-link-mode">
      {t('link.mode')}
      <select
        data-testid="consult-link-mode"
        value={view.link.auto ? 'auto' : view.link.level}
        onChange={(e) => void call.chooseLink(e.target.value as LinkLevel | 'auto')}
      >
        <option value="auto">{t('link.auto')}</option>
        {LINK_LEVELS.map((l) => (
          <option key={l} value={l}>
            {levelText(t, l)}
          </option>
        ))}
      </select>
    </label>
  );
}

const RECOVERED_SHOWN_MS = 15_000;

/**
 * Each step said out loud: a banner with what changed and why (an alert when stepping down, a
 * status when stepping back up, which goes after a while), and the steps of this call with when
 * and how they were taken.
 */
export function LinkNotice({ view }: { view: CallView }) {
  const t = useT();
  const locale = useLocale();
  const { log, level, error } = view.link;
  const last = log.at(-1);
  const [hidden, setHidden] = useState<LinkStep | null>(null);
  useEffect(() => {
    if (last?.to !== 'video' || !last.auto) return;
    const timer = setTimeout(() => setHidden(last), RECOVERED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [last]);
  const me = view.participants.find((p) => p.id === view.me)?.name ?? '';
  const message = (s: LinkStep) =>
    !s.auto
      ? t('link.manual', { level: levelText(t, s.to) })
      : t(
          `link.${s.to === 'video' || (s.to === 'audio' && s.from === 'map') ? 'up' : 'down'}.${s.to}` as MessageKey,
          {
            why: whyText(t, s),
          },
        );
  // A step the policy took down is an alert; a step back up, or one chosen by hand, a status.
  const worse = last?.auto === true && (last.from === 'video' || last.to === 'map');
  return (
    <>
      {last && hidden !== last && (
        <p
          className={`consult-link-banner ${worse ? 'warn' : last.auto ? 'ok' : ''}`}
          role={worse ? 'alert' : 'status'}
          data-testid="consult-link-banner"
          data-level={level}
          data-steps={log.length}
        >
          <span>{message(last)}</span>
          <button type="button" className="link" aria-label="×" onClick={() => setHidden(last)}>
            ×
          </button>
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="consult-link-error">
          {t('link.failed', { message: error })}
        </p>
      )}
      {log.length > 0 && (
        <details className="consult-link-log">
          <summary data-testid="consult-link-log-toggle">
            {t('link.log')} ({log.length})
          </summary>
          <ol data-testid="consult-link-log">
            {log.map((s, i) => (
              <li key={i} data-to={s.to} data-auto={s.auto}>
                {t('link.log.entry', {
                  time: formatTime(locale, s.at),
                  from: levelText(t, s.from),
                  to: levelText(t, s.to),
                  why: whyText(t, s),
                  how: s.auto ? t('link.log.auto') : t('link.log.manual', { by: me }),
                })}
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  );
}
