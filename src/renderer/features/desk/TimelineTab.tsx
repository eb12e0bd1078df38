import { useMemo, useState } from 'react';
import { type Casualties, type Incident, type TimelineEntry } from '../../../shared/domain';
import { DEFAULT_DESK_CONFIG, isLateReport, reportingDeadlines, type Deadline } from '../../../shared/desk';
import { catalogues, type MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useApp, useLocale, useT, type T } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatRelative, formatTime, formatTimeAgo } from '../../ui/time';
import { useNow } from '../../ui/useNow';
import { resourceName } from '../../model/names';
import { describeMinutes } from '../../model/minutes';
import { useTimeline } from '../../ui/useTimeline';
import { Actions } from './TimelineActions';

/**
 * 处置日志: the incident's reporting deadlines, the steps a duty officer takes on it (续报, level,
 * status, reports up, notes), and everything that happened, newest first, each with who and when
 * (北京时间). A dispatch opens what the recommender showed when it was made.
 */
export function TimelineTab({ incident }: { incident: Incident }) {
  const t = useT();
  const { entries, error } = useTimeline(incident.id);
  const cfg = useApp((s) => s.settings.desk) ?? DEFAULT_DESK_CONFIG;
  const role = useApp((s) => s.syncRole);
  const now = useNow(15_000);
  const deadlines = useMemo(
    () => (entries ? reportingDeadlines(incident, entries, cfg, now) : []),
    [incident, entries, cfg, now],
  );
  const dutyDesk = role === null || role === 'duty-officer' || role === 'admin';
  return (
    <div className="timeline-tab" data-testid="timeline-tab">
      {dutyDesk && <Deadlines deadlines={deadlines} late={isLateReport(incident, cfg)} />}
      {role !== 'viewer' && <Actions incident={incident} dutyDesk={dutyDesk} />}
      {error && (
        <div className="tab-state error" role="alert">
          {error}
        </div>
      )}
      {!entries ? (
        <div className="tab-state">{t('tl.loading')}</div>
      ) : entries.length === 0 ? (
        <div className="tab-state">{t('tl.empty')}</div>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {[...entries].reverse().map((e) => (
            <Entry key={e.id} e={e} all={entries} canCorrect={role !== 'viewer' && e.by.role !== 'hub'} />
          ))}
        </ol>
      )}
    </div>
  );
}

function Deadlines({ deadlines, late }: { deadlines: Deadline[]; late: boolean }) {
  const t = useT();
  const locale = useLocale();
  const now = useNow(15_000);
  return (
    <section className="deadlines" aria-label={t('deadline.title')} data-testid="deadlines">
      {late && <span className="badge warn">{t('deadline.late')}</span>}
      {deadlines.map((d) => (
        <div
          key={d.kind}
          className={d.overdue ? 'deadline overdue' : d.doneAt ? 'deadline done' : 'deadline'}
          data-testid={`deadline-${d.kind}`}
          data-overdue={d.overdue}
        >
          <strong>{t(`deadline.${d.kind}` as MessageKey)}</strong>{' '}
          {d.doneAt
            ? t('deadline.done', { time: formatTime(locale, d.doneAt) })
            : d.overdue
              ? t('deadline.overdue', {
                  age: formatRelative(locale, d.dueAt, now).replace(/前$| ago$/, ''),
                  time: formatTime(locale, d.dueAt),
                })
              : t('deadline.left', {
                  time: formatTime(locale, d.dueAt),
                  age: formatRelative(locale, d.dueAt, now).replace(/后$|^in /, ''),
                })}
        </div>
      ))}
    </section>
  );
}

function Entry({ e, all, canCorrect }: { e: TimelineEntry; all: TimelineEntry[]; canCorrect: boolean }) {
  const t = useT();
  const locale = useLocale();
  const now = useNow();
  const picture = useApp((s) => s.picture);
  const detail = [e.by.org, e.by.role === 'hub' ? '' : t(`syncRole.${e.by.role}` as MessageKey)]
    .filter(Boolean)
    .join(' · ');
  const corrected = all.find((x) => x.id === e.corrects);
  return (
    <li className={`tl-entry tl-${e.kind}`} data-kind={e.kind} data-testid="timeline-entry">
      <div className="tl-head">
        <strong>{t(`tl.kind.${e.kind}` as MessageKey)}</strong>
        <span className="tl-who" data-testid="timeline-by">
          {detail ? t('tl.by', { name: e.by.name, detail }) : e.by.name}
        </span>
        <time dateTime={e.at} data-testid="timeline-at">
          {formatTimeAgo(locale, e.at, now)}
        </time>
      </div>
      <div className="tl-body">{describe(t, e, picture)}</div>
      {e.text && <div className="tl-text">{e.text}</div>}
      {corrected && <div className="tl-corrects">{t('tl.corrects')}</div>}
      {canCorrect && <Correct e={e} />}
      {e.kind === 'dispatch_proposed' && <Why e={e} />}
    </li>
  );
}

/** The entry's details in words: statuses, levels and figures named as people say them. */
function describe(t: T, e: TimelineEntry, picture: ReturnType<typeof useApp.getState>['picture']): string {
  const d = e.data as Record<string, unknown>;
  const res = () =>
    resourceName(
      picture,
      String(d.resourceKind ?? 'unit') as 'unit' | 'aircraft',
      String(d.resourceId ?? ''),
    );
  switch (e.kind) {
    case 'status':
      return t('tl.fromTo', {
        from: t(`status.${String(d.from)}` as MessageKey),
        to: t(`status.${String(d.to)}` as MessageKey),
      });
    case 'level':
      return t('tl.fromTo', {
        from: t('incident.level', { level: String(d.from) }),
        to: t('incident.level', { level: String(d.to) }),
      });
    case 'unit_status':
      return `${resourceName(picture, 'unit', e.unitId ?? '')}：${t('tl.fromTo', { from: t(`unitStatus.${String(d.from)}` as MessageKey), to: t(`unitStatus.${String(d.to)}` as MessageKey) })}`;
    case 'figures': {
      const c = d.casualties as Casualties;
      const b = d.before as { casualties: Casualties; affected: number } | undefined;
      const now = t('tl.figures', { ...c, affected: Number(d.affected) });
      return b ? `${now} ${t('tl.figuresBefore', { ...b.casualties, affected: b.affected })}` : now;
    }
    case 'reported': {
      const c = d.casualties as Casualties | undefined;
      return c ? t('tl.figures', { ...c, affected: Number(d.affected ?? 0) }) : '';
    }
    case 'dispatch_proposed':
      return [
        t('tl.resource', { resource: res() }),
        d.rendezvous ? t('tl.rendezvous', { place: String(d.rendezvous) }) : '',
        d.contact ? t('tl.contact', { contact: String(d.contact) }) : '',
      ]
        .filter(Boolean)
        .join('；');
    case 'dispatch_decided':
      return d.status === 'accepted'
        ? t('tl.decided.accepted', { resource: res() })
        : t('tl.decided.rejected', { resource: res(), reason: String(d.reason ?? '') });
    case 'dispatch_released':
    case 'order_acknowledged':
    case 'device_received':
      return res();
    case 'report_initial':
    case 'report_followup':
    case 'report_final':
      return t(`tl.to.${String(d.to ?? 'province')}` as MessageKey);
    case 'edited':
      return t('tl.edited', {
        fields: (d.fields as string[] | undefined)?.map((f) => fieldLabel(t, f)).join('、') ?? '',
      });
    case 'response_started':
      return t('tl.responseStarted', {
        plan: String(d.planName ?? ''),
        level: String(d.level ?? ''),
        lead: String(d.lead ?? ''),
      });
    case 'response_adjusted':
      return t('tl.responseAdjusted', { from: String(d.from ?? ''), to: String(d.to ?? '') });
    case 'response_ended':
      return t('tl.responseEnded', { level: String(d.level ?? ''), open: Number(d.openTasks ?? 0) });
    case 'task_assigned':
      return t('tl.taskAssigned', { task: String(d.task ?? d.taskId ?? ''), owner: String(d.owner ?? '') });
    case 'task_done':
      return t('tl.taskDone', { task: String(d.task ?? d.taskId ?? '') });
    case 'position':
      return `${resourceName(picture, 'unit', e.unitId ?? '')}：${(d.position as number[] | undefined)?.map((x) => x.toFixed(4)).join(', ') ?? ''}`;
    default:
      // 会商纪要: decisions and action items.
      return describeMinutes(t, e) ?? '';
  }
}

const known = (key: string): key is MessageKey => key in catalogues['zh-CN'];

function fieldLabel(t: T, f: string): string {
  const key = `field.${f}`;
  return known(key) ? t(key) : f;
}

/** What the recommender showed when this dispatch was made. */
function Why({ e }: { e: TimelineEntry }) {
  const t = useT();
  const snap = (e.data as { snapshot?: { chosen?: string; candidates?: Record<string, unknown>[] } | null })
    .snapshot;
  if (!snap?.candidates?.length) return null;
  return (
    <details className="tl-why" data-testid="timeline-why">
      <summary>{t('tl.why')}</summary>
      <ol>
        {snap.candidates.map((c) => (
          <li key={String(c.id)}>
            {t('tl.whyRow', {
              rank: Number(c.rank),
              name: String(c.name),
              eta: Number(c.etaMinutes),
              low: Number((c.etaRangeMinutes as number[] | undefined)?.[0] ?? c.etaMinutes),
              high: Number((c.etaRangeMinutes as number[] | undefined)?.[1] ?? c.etaMinutes),
              km: Number(c.distanceKm),
              age:
                c.fixAgeMinutes === null || c.fixAgeMinutes === undefined
                  ? t('tl.whyNoFix')
                  : t('tl.whyAge', { n: Number(c.fixAgeMinutes) }),
            })}
            {c.id === snap.chosen && ` ${t('tl.whyChosen')}`}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** A correction: a new entry beside this one (the entry itself never changes). */
function Correct({ e }: { e: TimelineEntry }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="link" data-testid="timeline-correct" onClick={() => setOpen(true)}>
        {t('tl.correct')}
      </button>
    );
  }
  return (
    <form
      className="act-form"
      onSubmit={(ev) => {
        ev.preventDefault();
        void api.invoke('timeline:correct', { entryId: e.id, text }).then((r) => {
          if (r.ok) setOpen(false);
          else setError(errorText(t, r.error));
        });
      }}
    >
      <label className="wide">
        {t('tl.correctPrompt')}
        <textarea
          name="correction"
          maxLength={2000}
          value={text}
          onChange={(ev) => setText(ev.target.value)}
        />
      </label>
      <button type="submit">{t('tl.correct')}</button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
