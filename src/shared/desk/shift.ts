import type {
  Assignment,
  DutyLogEntry,
  DutyShift,
  Handover,
  HandoverItems,
  Incident,
  Person,
  RescueUnit,
  SupplyDepot,
  TimelineEntry,
} from '../domain';
import { activeAlerts, type RefusalNotice } from './alerts';
import type { DeskConfig } from './config';
import { reportingDeadlines } from './deadlines';
import { responseState } from './response';
import { ownerText, pendingActions } from '../consult/minutes';

/**
 * The duty shift (docs/duty-desk.md §Duty shift): which shift holds an instant, who the roster puts
 * on it, what the shift leaves open for the next one, and whether a handover has been accepted.
 * Pure functions of the records and a clock; the store and the console both use them.
 */

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

/** When a duty day's shift starts: `shiftChange` (HH:MM, China Standard Time) of that day. */
export function shiftStart(date: string, shiftChange: string): number {
  return Date.parse(`${date}T${shiftChange}:00+08:00`);
}

/** The duty day (CST) whose shift holds `now`: before the change time it is still yesterday's. */
export function shiftDateOf(now: number, shiftChange: string): string {
  const [h, m] = shiftChange.split(':').map(Number) as [number, number];
  return new Date(now + CST_MS - (h * 60 + m) * 60_000).toISOString().slice(0, 10);
}

/** The date `days` after a duty day (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export interface ShiftSlot {
  date: string;
  from: string;
  to: string;
  /** The roster's record for the day, or null when nobody is rostered. */
  roster: DutyShift | null;
}

/** The shift of a duty day: the roster's times when it has the day, else the configured 24 hours. */
export function shiftSlot(date: string, shifts: readonly DutyShift[], shiftChange: string): ShiftSlot {
  const roster = shifts.find((s) => s.date === date) ?? null;
  const start = shiftStart(date, shiftChange);
  return {
    date,
    from: roster?.start ?? new Date(start).toISOString(),
    to: roster?.end ?? new Date(start + DAY_MS).toISOString(),
    roster,
  };
}

/** The shift holding `now`, and the next one (whom the handover goes to). */
export function currentAndNextShift(
  now: number,
  shifts: readonly DutyShift[],
  shiftChange: string,
): { current: ShiftSlot; next: ShiftSlot } {
  const date = shiftDateOf(now, shiftChange);
  return {
    current: shiftSlot(date, shifts, shiftChange),
    next: shiftSlot(addDays(date, 1), shifts, shiftChange),
  };
}

export interface HandoverInput {
  incidents: readonly Incident[];
  units: readonly RescueUnit[];
  depots: readonly SupplyDepot[];
  assignments: readonly Assignment[];
  /**
   * Every entry of the open incidents (deadlines, alerts, acknowledgements, responses), and the
   * minutes' entries of the others (an action item is open until done, whatever its incident).
   */
  timeline: readonly TimelineEntry[];
  notices: readonly RefusalNotice[];
  cfg: DeskConfig;
  now: number;
}

const FIELD_LIMIT = 200;
const clip = (s: string, n = FIELD_LIMIT) => (s.length > n ? s.slice(0, n) : s);

/**
 * What a shift leaves open for the next (交接班事项): open incidents with their next reporting
 * deadline and response, alerts nobody has acknowledged, dispatches awaiting a decision or a 接令,
 * depots below their minimum stock, and consultations' action items not done (soonest deadline
 * first). Oldest first within the other lists.
 */
export function gatherHandoverItems(input: HandoverInput): HandoverItems {
  const { incidents, units, depots, assignments, timeline, cfg, now } = input;
  const byIncident = new Map<string, TimelineEntry[]>();
  for (const e of timeline) {
    const list = byIncident.get(e.incidentId);
    if (list) list.push(e);
    else byIncident.set(e.incidentId, [e]);
  }
  const open = incidents
    .filter((i) => i.status !== 'closed')
    .sort((a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt));
  const title = new Map(incidents.map((i) => [i.id, i.title]));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const out: HandoverItems = { incidents: [], alerts: [], dispatches: [], depots: [], actions: [] };

  for (const inc of open) {
    const entries = byIncident.get(inc.id) ?? [];
    const pending = reportingDeadlines(inc, entries, cfg, now)
      .filter((d) => d.doneAt === null)
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
    const response = responseState(entries);
    out.incidents.push({
      id: inc.id,
      title: clip(inc.title),
      level: inc.level,
      status: inc.status,
      nextDeadline: pending ? { kind: pending.kind, dueAt: pending.dueAt, overdue: pending.overdue } : null,
      response: response.active ? clip(`${response.level}级响应 · ${response.planName}`) : null,
    });
  }

  for (const a of activeAlerts({
    incidents,
    assignments,
    timeline,
    notices: input.notices,
    cfg,
    now,
    viewer: { role: 'duty-officer', unitId: null },
  })) {
    const incident = a.incidentId ? (title.get(a.incidentId) ?? a.incidentId) : '';
    const about =
      a.kind === 'order_unacknowledged'
        ? `${unitName.get(String(a.params.resource)) ?? String(a.params.resource)} → ${incident}`
        : a.kind === 'hub_refusal'
          ? `${String(a.params.code)} ${String(a.params.entity)} ${String(a.params.id)}`
          : a.kind === 'action_overdue'
            ? `${String(a.params.action)}（${String(a.params.owner)}） · ${incident}`
            : incident;
    out.alerts.push({
      id: clip(a.id),
      kind: a.kind,
      incidentId: a.incidentId,
      title: clip(String(about), 300),
      since: a.since,
    });
  }

  for (const a of assignments) {
    const inc = incidents.find((i) => i.id === a.incidentId);
    if (!inc || inc.status === 'closed') continue;
    let state: 'proposed' | 'unacknowledged' | null = null;
    if (a.status === 'proposed') state = 'proposed';
    else if (a.status === 'accepted' && a.resourceKind === 'unit') {
      const answered = (byIncident.get(a.incidentId) ?? []).some(
        (e) => e.kind === 'order_acknowledged' && e.data.assignmentId === a.id,
      );
      if (!answered) state = 'unacknowledged';
    }
    if (!state) continue;
    out.dispatches.push({
      assignmentId: a.id,
      incidentId: a.incidentId,
      incidentTitle: clip(inc.title),
      resource: clip(unitName.get(a.resourceId) ?? a.resourceId),
      state,
      since: (state === 'proposed' ? a.proposedAt : a.decidedAt) ?? a.proposedAt,
    });
  }
  out.dispatches.sort((x, y) => Date.parse(x.since) - Date.parse(y.since));

  for (const d of depots) {
    for (const s of d.stock) {
      if (s.quantity >= s.minimum) continue;
      out.depots.push({
        depotId: d.id,
        depotName: clip(d.name),
        item: s.item,
        quantity: s.quantity,
        minimum: s.minimum,
        unit: s.unit,
      });
    }
  }
  for (const a of pendingActions(timeline, now)) {
    out.actions.push({
      actionId: a.id,
      incidentId: a.incidentId,
      incidentTitle: clip(title.get(a.incidentId) ?? a.incidentId),
      text: clip(a.text, 300),
      owner: clip(ownerText(a.owner), 300),
      deadline: a.deadline,
      overdue: a.state === 'overdue',
    });
  }
  return out;
}

const samePerson = (a: Pick<Person, 'name' | 'org'>, b: Pick<Person, 'name' | 'org'>) =>
  a.name.trim() === b.name.trim() && a.org.trim() === b.org.trim();

export interface HandoverView {
  handover: Handover;
  /** The incoming officer's acceptance (接班签字), or null while it awaits one. */
  accepted: DutyLogEntry | null;
}

/**
 * A handover and its acceptance: the first `handover_accepted` entry by someone other than the
 * outgoing officer (an acceptance by the outgoing officer themself signs nothing and is ignored).
 */
export function handoverView(handover: Handover, signatures: readonly DutyLogEntry[]): HandoverView {
  const accepted =
    [...signatures]
      .filter((e) => e.kind === 'handover_accepted' && e.handoverId === handover.id)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id))
      .find((e) => !samePerson(e.by, handover.by)) ?? null;
  return { handover, accepted };
}

export { samePerson };
