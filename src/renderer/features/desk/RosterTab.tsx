import { useState } from 'react';
import { DEFAULT_DESK_CONFIG, addDays, shiftDateOf, shiftSlot } from '../../../shared/desk';
import type { DutyShift, RosterPerson } from '../../../shared/domain';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { useReloading } from './useShiftData';

const DAYS_SHOWN = 8;

/** "姓名 单位 电话" per line → people; blank lines dropped. */
function parsePeople(text: string): RosterPerson[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [name = '', org = '', phone = ''] = l.split(/\s+/);
      return { name, org, phone };
    });
}
const personLine = (p: RosterPerson) => [p.name, p.org, p.phone].filter(Boolean).join(' ');

function EditDay({ date, shift, onDone }: { date: string; shift: DutyShift | null; onDone: () => void }) {
  const t = useT();
  const [leader, setLeader] = useState(shift ? personLine(shift.leader) : '');
  const [officers, setOfficers] = useState(shift ? shift.officers.map(personLine).join('\n') : '');
  const [note, setNote] = useState(shift?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const lead = parsePeople(leader)[0];
    const people = parsePeople(officers);
    if (!lead || people.length === 0) return setError(t('roster.needPeople'));
    const r = await api.invoke('roster:save', { date, leader: lead, officers: people, note });
    if (!r.ok) return setError(errorText(t, r.error));
    onDone();
  };
  return (
    <form
      className="roster-edit"
      data-testid="roster-edit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        {t('roster.leader')}
        <input name="leader" maxLength={300} value={leader} onChange={(e) => setLeader(e.target.value)} />
      </label>
      <label>
        {t('roster.officersHint')}
        <textarea name="officers" rows={3} value={officers} onChange={(e) => setOfficers(e.target.value)} />
      </label>
      <label>
        {t('roster.note')}
        <input name="note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="row">
        <button type="submit" data-testid="roster-save">
          {t('roster.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('roster.cancel')}
        </button>
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}

/**
 * 值班表: yesterday to a week ahead, each day's leader on duty (带班领导) and officers (值班员), who last
 * edited it and when; a day is edited in place and the change goes to every console.
 */
export function RosterTab() {
  const t = useT();
  const locale = useLocale();
  const cfg = useApp((s) => s.settings.desk) ?? DEFAULT_DESK_CONFIG;
  const today = shiftDateOf(Date.now(), cfg.shiftChange);
  const from = addDays(today, -1);
  const to = addDays(today, DAYS_SHOWN - 2);
  const roster = useReloading(() => api.invoke('roster:list', { from, to }), ['duty_shift', from]);
  const [editing, setEditing] = useState<string | null>(null);
  const days = Array.from({ length: DAYS_SHOWN }, (_, i) => addDays(from, i));
  return (
    <div className="roster" data-testid="roster">
      {roster.error && (
        <div className="error" role="alert">
          {errorText(t, roster.error)}
        </div>
      )}
      <table className="roster-table">
        <thead>
          <tr>
            <th>{t('roster.day')}</th>
            <th>{t('roster.leader')}</th>
            <th>{t('roster.officers')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {days.map((date) => {
            const slot = shiftSlot(date, roster.value ?? [], cfg.shiftChange);
            const s = slot.roster;
            return (
              <tr key={date} data-date={date} className={date === today ? 'today' : undefined}>
                <td>
                  <div>{formatTime(locale, slot.from)}</div>
                  <div className="muted">— {formatTime(locale, slot.to)}</div>
                </td>
                {editing === date ? (
                  <td colSpan={3}>
                    <EditDay date={date} shift={s} onDone={() => setEditing(null)} />
                  </td>
                ) : (
                  <>
                    <td>
                      {s ? personLine(s.leader) : <span className="muted">{t('shift.notRostered')}</span>}
                    </td>
                    <td>
                      {s?.officers.map((o) => (
                        <div key={personLine(o)}>{personLine(o)}</div>
                      ))}
                      {s?.note && <div className="muted">{s.note}</div>}
                      {s && (
                        <div className="muted small">
                          {t('roster.editedBy', { name: s.by.name, time: formatTime(locale, s.at) })}
                        </div>
                      )}
                    </td>
                    <td>
                      <button type="button" data-testid="roster-edit-day" onClick={() => setEditing(date)}>
                        {t('roster.edit')}
                      </button>
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
