import { useState } from 'react';
import { DEFAULT_DESK_CONFIG, DeskConfig } from '../../../shared/desk/config';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { ModalForm } from '../../ui/ModalForm';

/** The plain number rules, in the order a duty officer reads them. */
const NUMBERS = [
  'initialReportMinutes',
  'majorReportMinutes',
  'followupHours',
  'finalReportHours',
  'lateReportHours',
  'orderAckMinutes',
  'alertRepeatSeconds',
  'duplicateKm',
  'duplicateHours',
  'runCardTargetMinutes',
] as const;
type NumberKey = (typeof NUMBERS)[number];
const GRADES = ['I', 'II', 'III'] as const;

type Draft = Record<NumberKey, string> & {
  dead: [string, string, string];
  injured: [string, string, string];
};
const toDraft = (c: DeskConfig): Draft => ({
  ...(Object.fromEntries(NUMBERS.map((k) => [k, String(c[k])])) as Record<NumberKey, string>),
  dead: c.grading.dead.map(String) as [string, string, string],
  injured: c.grading.injured.map(String) as [string, string, string],
});

/**
 * 值班规则: the desk's rules (reporting deadlines, alerts, duplicates, the grading thresholds, the
 * run card's on-scene target) on one screen, checked against their limits before they are saved,
 * and recorded with who changed them and when.
 */
export function DeskRules({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const cfg = useApp((s) => s.settings.desk) ?? DEFAULT_DESK_CONFIG;
  const changed = useApp((s) => s.settings.deskChanged);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  if (!open) return null;
  const d = draft ?? toDraft(cfg);
  const label = (k: string) => t(`deskRules.${k}` as MessageKey);

  const save = async (next: unknown) => {
    const parsed = DeskConfig.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const [k, sub, i] = issue.path as [string, string?, number?];
      const field = k === 'grading' ? `${label(`grading.${sub}`)} ${GRADES[i ?? 0]}` : label(k);
      const limits = 'minimum' in issue || 'maximum' in issue ? rangeOf(k) : '';
      return setMsg({ ok: false, text: t('deskRules.bad', { field, limits }) });
    }
    const g = parsed.data.grading;
    if (!(
      g.dead[0] > g.dead[1] &&
      g.dead[1] > g.dead[2] &&
      g.injured[0] > g.injured[1] &&
      g.injured[1] > g.injured[2]
    )) {
      return setMsg({ ok: false, text: t('deskRules.gradingOrder') });
    }
    const r = await api.invoke('settings:update', { desk: parsed.data });
    if (!r.ok) return setMsg({ ok: false, text: errorText(t, r.error) });
    useApp.setState({ settings: r.value });
    setDraft(null);
    setMsg({ ok: true, text: t('deskRules.saved') });
  };
  const num = (v: string) => (v.trim() === '' ? NaN : Number(v));
  const submit = () =>
    void save({
      ...Object.fromEntries(NUMBERS.map((k) => [k, num(d[k])])),
      grading: { dead: d.dead.map(num), injured: d.injured.map(num) },
      // 零报告 cities and due time are kept as they are (edited in settings, not on this screen).
      zeroReport: cfg.zeroReport,
    });

  return (
    <ModalForm
      title={t('deskRules.title')}
      testId="desk-rules"
      className="desk-rules"
      onClose={onClose}
      onSubmit={submit}
    >
      <p className="muted" data-testid="desk-rules-changed">
        {changed
          ? t('deskRules.changedBy', {
              name: changed.by.name,
              org: changed.by.org ? `（${changed.by.org}）` : '',
              time: formatTime(locale, changed.at),
            })
          : t('deskRules.defaults')}
      </p>
      <div className="rules-grid">
        {NUMBERS.map((k) => (
          <label key={k}>
            {label(k)}
            <span className="rule-input">
              <input
                name={k}
                inputMode="decimal"
                value={d[k]}
                onChange={(e) => setDraft({ ...d, [k]: e.target.value })}
              />
              <span className="muted">{rangeOf(k)}</span>
            </span>
          </label>
        ))}
      </div>
      <h3>{t('deskRules.grading')}</h3>
      <table className="rules-grading">
        <thead>
          <tr>
            <th />
            {GRADES.map((g) => (
              <th key={g}>{t('deskRules.atLeast', { level: g })}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(['dead', 'injured'] as const).map((row) => (
            <tr key={row}>
              <th>{label(`grading.${row}`)}</th>
              {GRADES.map((g, i) => (
                <td key={g}>
                  <input
                    name={`${row}-${g}`}
                    inputMode="numeric"
                    value={d[row][i]}
                    onChange={(e) => {
                      const next = [...d[row]] as [string, string, string];
                      next[i] = e.target.value;
                      setDraft({ ...d, [row]: next });
                    }}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {msg && (
        <div
          className={msg.ok ? 'tab-state' : 'tab-state error'}
          role={msg.ok ? 'status' : 'alert'}
          data-testid="desk-rules-msg"
        >
          {msg.text}
        </div>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          data-testid="desk-rules-defaults"
          onClick={() => void save(DEFAULT_DESK_CONFIG)}
        >
          {t('deskRules.restore')}
        </button>
        <button type="submit" className="primary" data-testid="desk-rules-save">
          {t('deskRules.save')}
        </button>
      </div>
    </ModalForm>
  );
}

/** "min–max" of a rule, from the schema itself (so the screen and the check never disagree). */
function rangeOf(key: string): string {
  const shape = DeskConfig.shape as Record<
    string,
    { _def?: { innerType?: { minValue?: number | null; maxValue?: number | null } } }
  >;
  const inner = shape[key]?._def?.innerType;
  if (!inner || inner.minValue == null || inner.maxValue == null) return '';
  return `${inner.minValue}–${inner.maxValue.toLocaleString('en-US')}`;
}
