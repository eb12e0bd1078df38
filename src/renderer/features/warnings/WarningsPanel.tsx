import { useRef, useState } from 'react';
import type { Person } from '../../../shared/domain';
import type { MessageKey } from '../../../shared/i18n';
import { samePerson, type WarningView } from '../../../shared/warnings/state';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { WarningForm } from './WarningForm';
import { useWhoAmI } from '../../ui/useWhoAmI';
import './warnings.css';

type Msg = { ok: boolean; text: string } | null;
type Editing = { mode: 'new' | 'edit' | 'update'; view: WarningView | null } | null;

function WarningCard({
  v,
  me,
  onEdit,
  onMessage,
}: {
  v: WarningView;
  me: Person | null;
  onEdit: (e: Editing) => void;
  onMessage: (m: Msg) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [reason, setReason] = useState('');
  const w = v.warning;
  const act = async (action: 'approve' | 'issue' | 'cancel') => {
    const r = await api.invoke('warning:act', { id: w.id, action, ...(reason ? { reason } : {}) });
    onMessage(r.ok ? null : { ok: false, text: errorText(t, r.error) });
  };
  const exportCap = async () => {
    const r = await api.invoke('warning:export', { id: w.id });
    onMessage(
      r.ok
        ? { ok: true, text: t('warn.exported', { type: r.value.msgType, path: r.value.path }) }
        : { ok: false, text: errorText(t, r.error) },
    );
  };
  const drafter = me !== null && samePerson(me, w.by);
  const who = (p: { by: Person; at: string } | null, key: MessageKey) =>
    p && <div className="muted">{t(key, { name: p.by.name, time: formatTime(locale, p.at) })}</div>;
  return (
    <li className={`warning-card state-${v.state}`} data-testid="warning" data-state={v.state} data-id={w.id}>
      <div className="warning-head">
        <span className={`warning-chip c-${w.colour}`}>{t(`warn.colour.${w.colour}` as MessageKey)}</span>
        <strong>{w.headline}</strong>
        <span className="warning-state" data-testid="warning-state">
          {t(`warn.state.${v.state}` as MessageKey)}
        </span>
      </div>
      <div className="muted">
        {t(`hazard.${w.hazard}` as MessageKey)} · {w.area.description} · {formatTime(locale, w.onset)} —{' '}
        {formatTime(locale, w.expires)}
        {w.exercise ? ` · ${t('warn.exercise')}` : ''}
      </div>
      {w.origin === 'imported' ? (
        <div className="muted">
          {t('warn.importedFrom', { sender: w.cap?.sender ?? '', name: w.by.name })}
        </div>
      ) : (
        who({ by: w.by, at: w.at }, 'warn.draftedBy')
      )}
      {who(v.approved, 'warn.approvedBy')}
      {w.origin === 'local' && who(v.issued, 'warn.issuedBy')}
      {v.cancelled && who(v.cancelled, 'warn.cancelledBy')}
      {w.supersedes && <div className="muted">{t('warn.supersedes')}</div>}
      <div className="warning-actions">
        {(v.state === 'draft' || v.state === 'approved') && (
          <button type="button" data-testid="warning-edit" onClick={() => onEdit({ mode: 'edit', view: v })}>
            {t('warn.edit')}
          </button>
        )}
        {v.state === 'draft' && (
          <button
            type="button"
            data-testid="warning-approve"
            disabled={drafter}
            title={drafter ? t('warn.twoPersonHint') : undefined}
            onClick={() => void act('approve')}
          >
            {t('warn.approve')}
          </button>
        )}
        {v.state === 'approved' && (
          <button type="button" data-testid="warning-issue" onClick={() => void act('issue')}>
            {t('warn.issue')}
          </button>
        )}
        {v.issued && w.origin === 'local' && (
          <button type="button" data-testid="warning-export" onClick={() => void exportCap()}>
            {t('warn.export')}
          </button>
        )}
        {v.state === 'issued' && w.origin === 'local' && (
          <>
            <button
              type="button"
              data-testid="warning-update"
              onClick={() => onEdit({ mode: 'update', view: v })}
            >
              {t('warn.update')}
            </button>
            <input
              name="cancelReason"
              maxLength={2000}
              placeholder={t('warn.cancelReason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <button type="button" data-testid="warning-cancel" onClick={() => void act('cancel')}>
              {t('warn.cancel')}
            </button>
          </>
        )}
      </div>
      {v.state === 'draft' && drafter && <div className="muted">{t('warn.twoPersonHint')}</div>}
    </li>
  );
}

/**
 * 预警: the warnings (in force first), each with its state and who drafted, approved and issued it;
 * a draft is approved by a second person, issued, exported as CAP 1.2 (validated), updated or
 * cancelled; another system's CAP file is imported. Those in force are drawn on the map.
 */
export function WarningsPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const me = useWhoAmI();
  const warnings = useApp((s) => s.warnings);
  const [editing, setEditing] = useState<Editing>(null);
  const [all, setAll] = useState(false);
  const [msg, setMsg] = useState<Msg>(null);
  const file = useRef<HTMLInputElement>(null);
  const order = ['issued', 'approved', 'draft', 'updated', 'cancelled', 'expired'];
  const shown = [...warnings]
    .filter((v) => all || ['issued', 'approved', 'draft'].includes(v.state))
    .sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state));
  const importFile = async (f: File) => {
    if (f.size > 1024 * 1024) return setMsg({ ok: false, text: t('warn.tooLarge', { name: f.name }) });
    const r = await api.invoke('warning:import', { text: await f.text() });
    setMsg(
      r.ok
        ? { ok: true, text: t('warn.imported', { headline: r.value.warning.headline }) }
        : { ok: false, text: errorText(t, r.error) },
    );
  };
  return (
    <aside
      className="detail-panel warnings-panel"
      data-testid="warnings-panel"
      data-map-inset="right"
      aria-label={t('warn.title')}
    >
      <header className="detail-head">
        <div className="detail-title">
          <div className="kicker">{t('warn.kicker')}</div>
          <h2>{t('warn.title')}</h2>
        </div>
        <button
          type="button"
          className="close"
          data-testid="warnings-close"
          aria-label={t('card.close')}
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="detail-body">
        {editing ? (
          <WarningForm
            key={`${editing.mode}-${editing.view?.warning.id ?? 'new'}`}
            base={editing.view?.warning ?? null}
            mode={editing.mode}
            onDone={(text) => {
              setEditing(null);
              if (text) setMsg({ ok: true, text });
            }}
          />
        ) : (
          <>
            <div className="warning-tools">
              <button
                type="button"
                className="primary"
                data-testid="warning-new"
                onClick={() => setEditing({ mode: 'new', view: null })}
              >
                {t('warn.new')}
              </button>
              <button type="button" data-testid="warning-import" onClick={() => file.current?.click()}>
                {t('warn.import')}
              </button>
              <input
                ref={file}
                type="file"
                hidden
                accept=".xml,application/xml,text/xml"
                data-testid="warning-file"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (f) void importFile(f);
                }}
              />
              <label className="inline">
                <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
                {t('warn.showAll')}
              </label>
            </div>
            {shown.length === 0 && <p className="muted">{t('warn.none')}</p>}
            <ul className="warning-list" data-testid="warning-list">
              {shown.map((v) => (
                <WarningCard key={v.warning.id} v={v} me={me} onEdit={setEditing} onMessage={setMsg} />
              ))}
            </ul>
          </>
        )}
        {msg && (
          <div
            className={msg.ok ? 'ok' : 'error'}
            role={msg.ok ? 'status' : 'alert'}
            data-testid="warning-msg"
          >
            {msg.text}
          </div>
        )}
      </div>
    </aside>
  );
}
