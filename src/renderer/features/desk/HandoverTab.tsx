import { useState } from 'react';
import type { HandoverView, ShiftSlot } from '../../../shared/desk';
import type { HandoverItems, Person } from '../../../shared/domain';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { useReloading } from './useShiftData';
import { useWhoAmI } from '../../ui/useWhoAmI';

/** What changes the handover's items or list: any of these on any console reloads it. */
const WATCH = ['incident', 'timeline', 'assignment', 'depot', 'handover', 'duty_log', 'duty_shift'];

type T = ReturnType<typeof useT>;

const samePerson = (a: Pick<Person, 'name' | 'org'>, b: Pick<Person, 'name' | 'org'>) =>
  a.name.trim() === b.name.trim() && a.org.trim() === b.org.trim();

function ShiftLine({ label, slot, testId }: { label: string; slot: ShiftSlot; testId: string }) {
  const t = useT();
  const locale = useLocale();
  const r = slot.roster;
  return (
    <div className="shift-line" data-testid={testId}>
      <strong>{label}</strong> {formatTime(locale, slot.from)} — {formatTime(locale, slot.to)}
      {r ? (
        <span>
          {' · '}
          {t('shift.leader', { name: r.leader.name })}
          {' · '}
          {t('shift.officers', { names: r.officers.map((o) => o.name).join('、') })}
        </span>
      ) : (
        <span className="muted"> · {t('shift.notRostered')}</span>
      )}
    </div>
  );
}

/** The items a shift hands over, in five lists with their counts. */
export function HandoverItemsView({ items, testId }: { items: HandoverItems; testId: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="handover-items" data-testid={testId}>
      <h4>{t('handover.incidents', { n: items.incidents.length })}</h4>
      <ul>
        {items.incidents.map((i) => (
          <li key={i.id} data-testid="handover-incident">
            {i.title} · {t('incident.level', { level: i.level })} · {t(`status.${i.status}` as MessageKey)}
            {i.nextDeadline && (
              <span className={i.nextDeadline.overdue ? 'overdue' : 'muted'}>
                {' · '}
                {t(i.nextDeadline.overdue ? 'handover.deadlineOverdue' : 'handover.deadline', {
                  kind: t(`deadline.${i.nextDeadline.kind}` as MessageKey),
                  due: formatTime(locale, i.nextDeadline.dueAt),
                })}
              </span>
            )}
            {i.response && <span className="muted"> · {i.response}</span>}
          </li>
        ))}
      </ul>
      <h4>{t('handover.alerts', { n: items.alerts.length })}</h4>
      <ul>
        {items.alerts.map((a) => (
          <li key={a.id}>
            {t(`handover.alert.${a.kind}` as MessageKey)}：{a.title}{' '}
            <span className="muted">{formatTime(locale, a.since)}</span>
          </li>
        ))}
      </ul>
      <h4>{t('handover.dispatches', { n: items.dispatches.length })}</h4>
      <ul>
        {items.dispatches.map((d) => (
          <li key={d.assignmentId}>
            {d.resource} → {d.incidentTitle} · {t(`handover.dispatch.${d.state}` as MessageKey)}{' '}
            <span className="muted">{formatTime(locale, d.since)}</span>
          </li>
        ))}
      </ul>
      <h4>{t('handover.depots', { n: items.depots.length })}</h4>
      <ul>
        {items.depots.map((d) => (
          <li key={`${d.depotId}-${d.item}`}>
            {d.depotName} · {t(`supply.${d.item}` as MessageKey)}：
            {t('handover.stock', { have: d.quantity, min: d.minimum, unit: d.unit })}
          </li>
        ))}
      </ul>
      <h4>{t('handover.actions', { n: items.actions.length })}</h4>
      <ul>
        {items.actions.map((a) => (
          <li key={a.actionId} data-testid="handover-action" className={a.overdue ? 'overdue' : undefined}>
            {a.text} · {a.incidentTitle}
            <span className={a.overdue ? 'overdue' : 'muted'}>
              {' · '}
              {t(a.overdue ? 'handover.actionOverdue' : 'handover.actionDue', {
                owner: a.owner,
                deadline: formatTime(locale, a.deadline),
              })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function SignedHandover({ view, me, t }: { view: HandoverView; me: Person | null; t: T }) {
  const locale = useLocale();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const h = view.handover;
  const own = me !== null && samePerson(me, h.by);
  const accept = async () => {
    const r = await api.invoke('handover:accept', { handoverId: h.id, ...(text ? { text } : {}) });
    setError(r.ok ? null : errorText(t, r.error));
  };
  const n = h.items;
  return (
    <li className="handover" data-testid="handover" data-accepted={view.accepted ? 'yes' : 'no'}>
      <div data-testid="handover-out">
        {t('handover.signedOut', {
          name: h.by.name,
          org: h.by.org ? `（${h.by.org}）` : '',
          time: formatTime(locale, h.at),
        })}
        {h.toName && <span className="muted"> · {t('handover.toName', { name: h.toName })}</span>}
      </div>
      <div className="muted">
        {t('handover.counts', {
          incidents: n.incidents.length,
          alerts: n.alerts.length,
          dispatches: n.dispatches.length,
          depots: n.depots.length,
        })}
      </div>
      {h.remarks && <div className="handover-remarks">{h.remarks}</div>}
      <details>
        <summary>{t('handover.showItems')}</summary>
        <HandoverItemsView items={h.items} testId="handover-signed-items" />
      </details>
      {view.accepted ? (
        <div className="ok" data-testid="handover-in">
          {t('handover.signedIn', {
            name: view.accepted.by.name,
            org: view.accepted.by.org ? `（${view.accepted.by.org}）` : '',
            time: formatTime(locale, view.accepted.at),
          })}
          {view.accepted.text && ` · ${view.accepted.text}`}
        </div>
      ) : (
        <form
          className="handover-accept"
          onSubmit={(e) => {
            e.preventDefault();
            void accept();
          }}
        >
          <input
            name="acceptText"
            maxLength={2000}
            placeholder={t('handover.acceptNote')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            disabled={own}
          />
          <button type="submit" data-testid="handover-accept" disabled={own}>
            {t('handover.accept')}
          </button>
          {own && <span className="muted">{t('handover.ownHint')}</span>}
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
 * 交接班: this shift and the next from the roster, what the shift leaves open (gathered live), the
 * outgoing officer's remarks and signature; and the signed handovers, each awaiting or showing the
 * incoming officer's signature.
 */
export function HandoverTab() {
  const t = useT();
  const me = useWhoAmI();
  const prep = useReloading(() => api.invoke('handover:prepare', {}), WATCH);
  const list = useReloading(() => api.invoke('handover:list', { limit: 10 }), WATCH);
  const [toName, setToName] = useState<string | null>(null);
  const [remarks, setRemarks] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const p = prep.value;
  const incoming = toName ?? p?.next.roster?.officers[0]?.name ?? '';

  const sign = async () => {
    const r = await api.invoke('handover:sign', { toName: incoming, remarks });
    if (!r.ok) return setMsg({ ok: false, text: errorText(t, r.error) });
    setRemarks('');
    setMsg({ ok: true, text: t('handover.signedMsg') });
  };

  return (
    <div className="handover-tab" data-testid="handover-tab">
      {prep.error && (
        <div className="error" role="alert">
          {errorText(t, prep.error)}
        </div>
      )}
      {p && (
        <>
          <ShiftLine label={t('shift.current')} slot={p.shift} testId="shift-current" />
          <ShiftLine label={t('shift.next')} slot={p.next} testId="shift-next" />
          <HandoverItemsView items={p.items} testId="handover-items" />
          <form
            className="handover-sign"
            onSubmit={(e) => {
              e.preventDefault();
              void sign();
            }}
          >
            <label>
              {t('handover.to')}
              <input
                name="toName"
                maxLength={100}
                value={incoming}
                onChange={(e) => setToName(e.target.value)}
              />
            </label>
            <label>
              {t('handover.remarks')}
              <textarea
                name="remarks"
                maxLength={2000}
                rows={3}
                value={remarks}
                onChange={(e) => setRemarks(e.target.value)}
              />
            </label>
            <button type="submit" data-testid="handover-sign">
              {t('handover.sign', { name: me?.name ?? '' })}
            </button>
          </form>
        </>
      )}
      {msg && (
        <div
          className={msg.ok ? 'ok' : 'error'}
          role={msg.ok ? 'status' : 'alert'}
          data-testid="handover-msg"
        >
          {msg.text}
        </div>
      )}
      <h3>{t('handover.signedList')}</h3>
      {list.value && list.value.length === 0 && <p className="muted">{t('handover.none')}</p>}
      <ul className="handover-list" data-testid="handover-list">
        {list.value?.map((v) => (
          <SignedHandover key={v.handover.id} view={v} me={me} t={t} />
        ))}
      </ul>
    </div>
  );
}
