import { useRef, useState } from 'react';
import type { ResponseState, ResponseTask } from '../../../shared/desk';
import {
  RESPONSE_LEVELS,
  planLevelFor,
  type Incident,
  type ResponseLevel,
  type ResponsePlan,
} from '../../../shared/domain';
import type { AppError } from '../../../shared/ipc';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { useReloading } from './useShiftData';

type T = ReturnType<typeof useT>;
type Outcome = { ok: true } | { ok: false; error: AppError };
const done = (r: { ok: boolean; error?: AppError }): Outcome =>
  r.ok ? { ok: true } : { ok: false, error: r.error! };

/** Import the plan library: the shipped demo set, or a JSON file chosen here. */
function ImportPlans({ t, onMessage }: { t: T; onMessage: (ok: boolean, text: string) => void }) {
  const file = useRef<HTMLInputElement>(null);
  const report = (r: Awaited<ReturnType<typeof api.invoke<'plans:import'>>>) =>
    r.ok
      ? onMessage(true, t('plans.imported', { n: r.value.plans.length, name: r.value.library }))
      : onMessage(false, errorText(t, r.error));
  return (
    <div className="plans-import">
      <button
        type="button"
        data-testid="plans-import-demo"
        onClick={() => void api.invoke('plans:import', { demo: true }).then(report)}
      >
        {t('plans.importDemo')}
      </button>
      <button type="button" onClick={() => file.current?.click()}>
        {t('plans.importFile')}
      </button>
      <input
        ref={file}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="plans-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          if (f.size > 2_000_000) return onMessage(false, t('plans.tooLarge', { name: f.name }));
          void f.text().then((text) => api.invoke('plans:import', { text }).then(report));
        }}
      />
    </div>
  );
}

/** Before a response: choose the plan (those for the incident's hazard first), see what it starts, start it. */
function StartForm({
  incident,
  plans,
  t,
  onDone,
}: {
  incident: Incident;
  plans: ResponsePlan[];
  t: T;
  onDone: (o: Outcome) => void;
}) {
  const sorted = [...plans].sort(
    (a, b) => Number(b.hazards.includes(incident.hazard)) - Number(a.hazards.includes(incident.hazard)),
  );
  const [planId, setPlanId] = useState(sorted[0]?.id ?? '');
  const [level, setLevel] = useState<ResponseLevel | ''>('');
  const [reason, setReason] = useState('');
  const plan = sorted.find((p) => p.id === planId);
  const row = plan ? planLevelFor(plan, incident.level) : null;
  return (
    <form
      className="response-start"
      data-testid="response-start"
      onSubmit={(e) => {
        e.preventDefault();
        void api
          .invoke('response:start', { incidentId: incident.id, planId, reason, ...(level ? { level } : {}) })
          .then((r) => onDone(done(r)));
      }}
    >
      <label>
        {t('response.plan')}
        <select name="plan" value={planId} onChange={(e) => setPlanId(e.target.value)}>
          {sorted.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.hazards.includes(incident.hazard) ? '' : ` ${t('response.otherHazard')}`}
            </option>
          ))}
        </select>
      </label>
      {plan && row && (
        <div className="response-preview" data-testid="response-preview">
          <div>
            {t('response.planSays', {
              incident: t('response.incidentLevel', { level: incident.level }),
              response: t('response.level', { level: row.responseLevel }),
            })}
            {plan.demo && <span className="badge demo"> {t('plans.demo')}</span>}
          </div>
          <div className="muted">{t('response.lead', { lead: row.lead })}</div>
          {row.members.length > 0 && (
            <div className="muted">{t('response.members', { members: row.members.join('、') })}</div>
          )}
          <ol className="muted">
            {row.tasks.map((task) => (
              <li key={task.id}>
                {task.text}（{task.owner}）
              </li>
            ))}
          </ol>
        </div>
      )}
      <label>
        {t('response.levelOverride')}
        <select name="level" value={level} onChange={(e) => setLevel(e.target.value as ResponseLevel | '')}>
          <option value="">{t('response.asPlan')}</option>
          {RESPONSE_LEVELS.map((l) => (
            <option key={l} value={l}>
              {t('response.level', { level: l })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('response.reason')}
        <input name="reason" maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="primary" data-testid="response-start-submit" disabled={!planId}>
        {t('response.start')}
      </button>
    </form>
  );
}

function TaskRow({
  incidentId,
  task,
  t,
  onDone,
}: {
  incidentId: string;
  task: ResponseTask;
  t: T;
  onDone: (o: Outcome) => void;
}) {
  const locale = useLocale();
  const [owner, setOwner] = useState('');
  const [note, setNote] = useState('');
  return (
    <li className={task.doneAt ? 'task done' : 'task'} data-testid="response-task" data-task={task.id}>
      <div>
        <strong>{task.text}</strong> <span className="muted">（{task.planOwner}）</span>
      </div>
      {task.owner ? (
        <div className="muted" data-testid="task-owner">
          {t('response.owner', {
            owner: task.owner,
            by: task.assignedBy?.name ?? '',
            time: formatTime(locale, task.assignedAt ?? ''),
          })}
        </div>
      ) : null}
      {task.doneAt ? (
        <div className="ok" data-testid="task-done">
          {t('response.done', { name: task.doneBy?.name ?? '', time: formatTime(locale, task.doneAt) })}
          {task.doneNote && task.doneNote !== task.text ? ` · ${task.doneNote}` : ''}
        </div>
      ) : (
        <div className="task-actions">
          <input
            name="owner"
            maxLength={100}
            placeholder={t('response.ownerPlaceholder')}
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
          />
          <button
            type="button"
            data-testid="task-assign"
            onClick={() =>
              void api.invoke('response:assignTask', { incidentId, taskId: task.id, owner }).then((r) => {
                if (r.ok) setOwner('');
                onDone(done(r));
              })
            }
          >
            {t('response.assign')}
          </button>
          <input
            name="note"
            maxLength={2000}
            placeholder={t('response.notePlaceholder')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <button
            type="button"
            data-testid="task-complete"
            onClick={() =>
              void api
                .invoke('response:completeTask', { incidentId, taskId: task.id, ...(note ? { note } : {}) })
                .then((r) => onDone(done(r)))
            }
          >
            {t('response.complete')}
          </button>
        </div>
      )}
    </li>
  );
}

/** The response under way: its level, organisations, checklist with owners, and adjust / end. */
function ActiveResponse({
  incident,
  state,
  t,
  onDone,
}: {
  incident: Incident;
  state: ResponseState;
  t: T;
  onDone: (o: Outcome) => void;
}) {
  const [level, setLevel] = useState<ResponseLevel>(state.level ?? 'IV');
  const [reason, setReason] = useState('');
  const open = state.tasks.filter((x) => !x.doneAt).length;
  return (
    <div className="response-active" data-testid="response-active">
      <div className="response-head">
        <strong data-testid="response-level">{t('response.level', { level: state.level ?? '' })}</strong> ·{' '}
        {state.planName}
        {state.demo && <span className="badge demo"> {t('plans.demo')}</span>}
      </div>
      <div className="muted">{t('response.lead', { lead: state.lead })}</div>
      <div className="muted">
        {t('response.progress', { done: state.tasks.length - open, total: state.tasks.length })}
      </div>
      <ol className="response-tasks">
        {state.tasks.map((task) => (
          <TaskRow key={task.id} incidentId={incident.id} task={task} t={t} onDone={onDone} />
        ))}
      </ol>
      <div className="response-change">
        <select
          name="adjustLevel"
          aria-label={t('response.adjustTo')}
          value={level}
          onChange={(e) => setLevel(e.target.value as ResponseLevel)}
        >
          {RESPONSE_LEVELS.map((l) => (
            <option key={l} value={l}>
              {t('response.level', { level: l })}
            </option>
          ))}
        </select>
        <input
          name="changeReason"
          maxLength={2000}
          placeholder={t('response.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <button
          type="button"
          data-testid="response-adjust"
          onClick={() =>
            void api
              .invoke('response:adjust', { incidentId: incident.id, level, reason })
              .then((r) => onDone(done(r)))
          }
        >
          {t('response.adjust')}
        </button>
        <button
          type="button"
          data-testid="response-end"
          onClick={() =>
            void api.invoke('response:end', { incidentId: incident.id, reason }).then((r) => onDone(done(r)))
          }
        >
          {t('response.end')}
        </button>
      </div>
    </div>
  );
}

/**
 * 应急响应: start a response on the incident from the plan library (预案), work its checklist with
 * named owners, adjust its level, end it. Every step is an entry in the incident's timeline, by the
 * person on duty; this tab shows the state every console folds from it.
 */
export function ResponseTab({ incident }: { incident: Incident }) {
  const t = useT();
  const locale = useLocale();
  const state = useReloading(
    () => api.invoke('response:get', { incidentId: incident.id }),
    ['timeline', `incident:${incident.id}`],
  );
  const plans = useReloading(() => api.invoke('plans:list', {}), ['response_plan']);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const onDone = (o: Outcome) => setMsg(o.ok ? null : { ok: false, text: errorText(t, o.error) });
  const s = state.value;
  const library = plans.value ?? [];
  return (
    <div className="response-tab" data-testid="response-tab">
      {s?.active ? (
        <ActiveResponse key={s.level} incident={incident} state={s} t={t} onDone={onDone} />
      ) : incident.status === 'closed' ? (
        <p className="muted">{t('response.closed')}</p>
      ) : library.length === 0 ? (
        <p className="muted">{t('plans.empty')}</p>
      ) : (
        <StartForm incident={incident} plans={library} t={t} onDone={onDone} />
      )}
      {msg && (
        <div
          className={msg.ok ? 'ok' : 'error'}
          role={msg.ok ? 'status' : 'alert'}
          data-testid="response-msg"
        >
          {msg.text}
        </div>
      )}
      {s && s.steps.length > 0 && (
        <>
          <h4>{t('response.history')}</h4>
          <ul className="response-steps" data-testid="response-steps">
            {s.steps.map((step) => (
              <li key={`${step.kind}-${step.at}`}>
                {t(`response.step.${step.kind}` as MessageKey, {
                  level: step.level,
                  from: step.from ?? '',
                })}{' '}
                · {step.by.name} · {formatTime(locale, step.at)}
                {step.reason && ` · ${step.reason}`}
              </li>
            ))}
          </ul>
        </>
      )}
      <details className="plans-library" open={library.length === 0}>
        <summary>{t('plans.library', { n: library.length })}</summary>
        <ul>
          {library.map((p) => (
            <li key={p.id}>
              {p.name} {p.demo && <span className="badge demo">{t('plans.demo')}</span>}
              <span className="muted">
                {' '}
                · {p.library} · {t('plans.importedBy', { name: p.by.name, time: formatTime(locale, p.at) })}
              </span>
            </li>
          ))}
        </ul>
        <ImportPlans t={t} onMessage={(ok, text) => setMsg({ ok, text })} />
      </details>
    </div>
  );
}
