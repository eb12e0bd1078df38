import { useState, type KeyboardEvent } from 'react';
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../../store';
import { useEscape } from '../../ui/useEscape';
import { useFocusTrap } from '../../ui/useFocusTrap';
import { HandoverTab } from './HandoverTab';
import { DutyLogTab } from './DutyLogTab';
import { RosterTab } from './RosterTab';
import './shift.css';

const TABS = ['handover', 'log', 'roster'] as const;
type Tab = (typeof TABS)[number];

/**
 * 值班台: the duty shift's desk, opened from who is on duty in the top bar. The handover (交接班)
 * first, since it is what a shift ends with; the duty log (值班日志) and the roster (值班表) beside it.
 * Changing who is signed in at this desk (换人签到) is here too.
 */
export function DutyDesk({
  open,
  onClose,
  onChangePerson,
}: {
  open: boolean;
  onClose: () => void;
  /** Ask for a new sign-in at this desk (the incoming officer, on the same console). */
  onChangePerson: () => void;
}) {
  const t = useT();
  const [tab, setTab] = useState<Tab>('handover');
  const trap = useFocusTrap<HTMLDivElement>(open);
  useEscape(open, onClose);
  if (!open) return null;
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? TABS[(i + 1) % TABS.length]
        : e.key === 'ArrowLeft'
          ? TABS[(i + TABS.length - 1) % TABS.length]
          : null;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    e.currentTarget.querySelector<HTMLButtonElement>(`[data-tab="${next}"]`)?.focus();
  };
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        ref={trap}
        className="dialog duty-desk"
        role="dialog"
        aria-modal="true"
        aria-label={t('shift.title')}
        data-testid="duty-desk"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="dialog-head">
          <h2>{t('shift.title')}</h2>
          <button
            type="button"
            data-testid="duty-change-person"
            onClick={() => {
              onClose();
              onChangePerson();
            }}
          >
            {t('shift.changePerson')}
          </button>
          <button type="button" className="close" aria-label={t('card.close')} onClick={onClose}>
            ×
          </button>
        </div>
        <div className="detail-tabs" role="tablist" aria-label={t('shift.title')} onKeyDown={onTabKey}>
          {TABS.map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              data-tab={k}
              data-testid={`shift-tab-${k}`}
              aria-selected={tab === k}
              tabIndex={tab === k ? 0 : -1}
              className={tab === k ? 'active' : ''}
              onClick={() => setTab(k)}
            >
              {t(`shift.tab.${k}` as MessageKey)}
            </button>
          ))}
        </div>
        <div className="duty-body" role="tabpanel">
          {tab === 'handover' && <HandoverTab />}
          {tab === 'log' && <DutyLogTab />}
          {tab === 'roster' && <RosterTab />}
        </div>
      </div>
    </div>
  );
}
