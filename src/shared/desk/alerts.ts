import type { Assignment, Incident, TimelineEntry } from '../domain';
import type { DeskConfig } from './config';
import { reportingDeadlines, type DeadlineKind } from './deadlines';
import { isOwner, ownerText, pendingActions } from '../consult/minutes';

/**
 * What must alarm a console (docs/duty-desk.md §Alerts): a new or raised level I/II incident, an
 * overdue report, a change the hub refused, an order nobody acknowledged in time, a consultation's
 * action item past its deadline (会商纪要). An alert repeats
 * until a named person acknowledges it; the acknowledgement is an `alert_acknowledged` entry in the
 * incident's timeline (so it is logged, synced, and silences the alert on every console).
 */
export type AlertKind =
  | 'major_incident'
  | 'report_overdue'
  | 'hub_refusal'
  | 'order_unacknowledged'
  | 'consult_invitation'
  | 'action_overdue';

export interface Alert {
  /** Stable: the same situation keeps its id, so an acknowledgement sticks; a new one gets a new id. */
  id: string;
  kind: AlertKind;
  incidentId: string | null;
  /** What the wording needs: level, deadline kind, resource, the refusal code… */
  params: Record<string, string | number>;
  since: string;
}

/** A hub refusal as the sync notices carry it. */
export interface RefusalNotice {
  id: number;
  entity: string | null;
  entityId: string | null;
  code: string | null;
  createdAt: string;
  seenAt: string | null;
}

/** Who is looking: a viewer and a field commander see less than a duty officer. */
export interface Viewer {
  role: string | null;
  unitId: string | null;
  /** The person at this console: a field commander is alerted to the action items it owns. */
  person?: { name: string; org: string } | null;
}

export interface AlertInput {
  incidents: readonly Incident[];
  assignments: readonly Assignment[];
  timeline: readonly TimelineEntry[];
  notices: readonly RefusalNotice[];
  cfg: DeskConfig;
  now: number;
  viewer: Viewer;
  /** 调度会商 sessions inviting this console's person, not yet joined here (docs/consultation.md). */
  invitations?: readonly ConsultInvitationAlert[];
}

export interface ConsultInvitationAlert {
  id: string;
  incidentId: string;
  title: string;
  openedBy: { name: string };
  openedAt: string;
}

const HIGH = new Set(['I', 'II']);

export function activeAlerts(input: AlertInput): Alert[] {
  const { incidents, assignments, timeline, notices, cfg, now, viewer } = input;
  const acked = new Set(
    timeline.filter((e) => e.kind === 'alert_acknowledged').map((e) => String(e.data.alertId)),
  );
  const byIncident = new Map<string, TimelineEntry[]>();
  for (const e of timeline) {
    const list = byIncident.get(e.incidentId);
    if (list) list.push(e);
    else byIncident.set(e.incidentId, [e]);
  }
  const out: Alert[] = [];
  const add = (a: Alert) => {
    if (!acked.has(a.id)) out.push(a);
  };
  const duty = viewer.role === null || viewer.role === 'duty-officer' || viewer.role === 'admin';

  for (const inc of incidents) {
    if (inc.status === 'closed') continue;
    const entries = byIncident.get(inc.id) ?? [];
    if (HIGH.has(inc.level)) {
      // New at I/II, or raised to it: one alert per time it reached that level.
      const raised = [...entries].reverse().find((e) => e.kind === 'level' && e.data.to === inc.level);
      add({
        id: `major:${inc.id}:${inc.level}:${raised?.id ?? 'reported'}`,
        kind: 'major_incident',
        incidentId: inc.id,
        params: { level: inc.level, title: inc.title },
        since: raised?.at ?? inc.reportedAt,
      });
    }
    if (duty) {
      for (const d of reportingDeadlines(inc, entries, cfg, now)) {
        if (!d.overdue) continue;
        add({
          id: `overdue:${inc.id}:${d.kind}:${d.since}`,
          kind: 'report_overdue',
          incidentId: inc.id,
          params: { deadline: d.kind as DeadlineKind, title: inc.title, dueAt: d.dueAt },
          since: d.dueAt,
        });
      }
    }
  }
  // A closed incident still owes its final report.
  if (duty) {
    for (const inc of incidents) {
      if (inc.status !== 'closed') continue;
      const d = reportingDeadlines(inc, byIncident.get(inc.id) ?? [], cfg, now).find(
        (x) => x.kind === 'final',
      );
      if (d?.overdue)
        add({
          id: `overdue:${inc.id}:final:${d.since}`,
          kind: 'report_overdue',
          incidentId: inc.id,
          params: { deadline: 'final', title: inc.title, dueAt: d.dueAt },
          since: d.dueAt,
        });
    }
  }

  for (const a of assignments) {
    if (a.status !== 'accepted' || a.resourceKind !== 'unit' || !a.decidedAt) continue;
    if (!duty && a.resourceId !== viewer.unitId) continue;
    const inc = incidents.find((i) => i.id === a.incidentId);
    if (!inc || inc.status === 'closed') continue;
    const answered = (byIncident.get(a.incidentId) ?? []).some(
      (e) => e.kind === 'order_acknowledged' && e.data.assignmentId === a.id,
    );
    const due = Date.parse(a.decidedAt) + cfg.orderAckMinutes * 60_000;
    if (!answered && now > due) {
      add({
        id: `unacked:${a.id}`,
        kind: 'order_unacknowledged',
        incidentId: a.incidentId,
        params: { resource: a.resourceId, title: inc.title },
        since: new Date(due).toISOString(),
      });
    }
  }

  // 会商纪要: an action item past its deadline, to the duty desk and to its owner in the field. A
  // new deadline (a reassignment) is a new situation, so a new alert.
  for (const a of pendingActions(timeline, now)) {
    if (a.state !== 'overdue') continue;
    const owner = viewer.role === 'field-commander' && !!viewer.person && isOwner(a.owner, viewer.person);
    if (!duty && !owner) continue;
    add({
      id: `action:${a.id}:${a.deadline}`,
      kind: 'action_overdue',
      incidentId: a.incidentId,
      params: { action: a.text.length > 60 ? `${a.text.slice(0, 60)}…` : a.text, owner: ownerText(a.owner) },
      since: a.deadline,
    });
  }

  for (const c of input.invitations ?? []) {
    add({
      id: `consult:${c.id}`,
      kind: 'consult_invitation',
      incidentId: c.incidentId,
      params: { title: c.title, by: c.openedBy.name },
      since: c.openedAt,
    });
  }

  for (const n of notices) {
    if (n.seenAt) continue;
    add({
      id: `refusal:${n.id}`,
      kind: 'hub_refusal',
      incidentId: n.entity === 'incident' ? n.entityId : null,
      params: { code: n.code ?? '', entity: n.entity ?? '', id: n.entityId ?? '' },
      since: n.createdAt,
    });
  }
  return out.sort((x, y) => Date.parse(x.since) - Date.parse(y.since));
}

/** Whether an alert should sound now: at first, then every `alertRepeatSeconds` until acknowledged. */
export function shouldSound(lastSoundedAt: number | null, now: number, cfg: DeskConfig): boolean {
  return lastSoundedAt === null || now - lastSoundedAt >= cfg.alertRepeatSeconds * 1000;
}
