import type { Incident, TimelineEntry } from '../domain';
import type { DeskConfig } from './config';

/**
 * Reporting deadlines (信息报送时限) of one incident, from its record and timeline:
 * - `initial` (初报): a first written report within `initialReportMinutes` of 接报;
 * - `major`: once the incident is level I or II, a report to the province or higher within
 *   `majorReportMinutes` of the moment it became I/II;
 * - `followup` (续报): while open, a report at least every `followupHours` after the last one;
 * - `final` (终报): within `finalReportHours` of closing.
 * A deadline is met by a report entry (report_initial / report_followup / report_final) made in time
 * or later (late, but done); it is overdue when its time has passed and no report met it.
 */
export type DeadlineKind = 'initial' | 'major' | 'followup' | 'final';

export interface Deadline {
  kind: DeadlineKind;
  /**
   * What the deadline runs from (接报, the raise to I/II, the last report, closing): with the kind it
   * names the deadline whatever the configured time limit, so changing the rules does not turn an
   * acknowledged overdue alert into a new one.
   */
  since: string;
  dueAt: string;
  /** When a report met it; null while open. */
  doneAt: string | null;
  overdue: boolean;
  /** Milliseconds left (negative: overdue by), for the countdown; null when done. */
  remainingMs: number | null;
}

const REPORTS = new Set(['report_initial', 'report_followup', 'report_final']);
const HIGH_LEVELS = new Set(['I', 'II']);
const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

export function reportingDeadlines(
  incident: Incident,
  timeline: readonly TimelineEntry[],
  cfg: DeskConfig,
  now: number,
): Deadline[] {
  const entries = timeline.filter((e) => e.incidentId === incident.id).sort((a, b) => ms(a.at) - ms(b.at));
  const reports = entries.filter((e) => REPORTS.has(e.kind));
  const make = (
    kind: DeadlineKind,
    since: number,
    due: number,
    done: TimelineEntry | undefined,
  ): Deadline => ({
    kind,
    since: iso(since),
    dueAt: iso(due),
    doneAt: done?.at ?? null,
    overdue: !done && now > due,
    remainingMs: done ? null : due - now,
  });
  const out: Deadline[] = [];
  const received = ms(incident.reportedAt);
  out.push(make('initial', received, received + cfg.initialReportMinutes * 60_000, reports[0]));

  // When it became level I/II: reported so, or the level entry that raised it.
  if (HIGH_LEVELS.has(incident.level)) {
    const raised = [...entries]
      .reverse()
      .find(
        (e) =>
          e.kind === 'level' && HIGH_LEVELS.has(String(e.data.to)) && !HIGH_LEVELS.has(String(e.data.from)),
      );
    const since = raised ? ms(raised.at) : received;
    const upward = reports.find(
      (e) => ms(e.at) >= since && ['province', 'ministry'].includes(String(e.data.to ?? 'province')),
    );
    out.push(make('major', since, since + cfg.majorReportMinutes * 60_000, upward));
  }

  const closed =
    incident.status === 'closed'
      ? [...entries].reverse().find((e) => e.kind === 'status' && e.data.to === 'closed')
      : undefined;
  if (incident.status !== 'closed') {
    const last = reports.at(-1);
    const from = last ? ms(last.at) : received;
    out.push(make('followup', from, from + cfg.followupHours * 3_600_000, undefined));
  } else {
    const closedAt = closed ? ms(closed.at) : ms(incident.updatedAt);
    out.push(
      make(
        'final',
        closedAt,
        closedAt + cfg.finalReportHours * 3_600_000,
        reports.find((e) => e.kind === 'report_final'),
      ),
    );
  }
  return out;
}

/** True when the report came in more than `lateReportHours` after the event (迟报). */
export function isLateReport(
  incident: Pick<Incident, 'occurredAt' | 'reportedAt'>,
  cfg: DeskConfig,
): boolean {
  if (!incident.occurredAt) return false;
  return ms(incident.reportedAt) - ms(incident.occurredAt) > cfg.lateReportHours * 3_600_000;
}
