import {
  Casualties,
  Incident,
  ResponseLevel,
  type LngLat,
  type RescueUnit,
  type TimelineEntry,
  type UnitStatus,
} from '../../shared/domain';
import { OP_PRIORITY } from '../../shared/sync';
import { recordLocalOp, type StoreContext } from './context';
import { addTimeline, currentPerson, deskNow } from './desk';
import { requireAssignment, requireIncident, requireUnit, setUnitStatus, trackUnit } from './commands';
import { putIncident } from './repositories/incidents';
import { listAssignments } from './repositories/assignments';
import { getIncident } from './repositories/incidents';
import { getTimelineEntry } from './repositories/timeline';
import { CodedError } from '../../shared/ipc/errors';

/**
 * An incident's life after its report (续报 and decisions), and a field commander's answers to an
 * order. Each command changes the record and adds its timeline entry in one transaction.
 */

function need(text: string | undefined, field: string, what: string, max: number): string {
  const t = (text ?? '').trim();
  if (t.length === 0) throw new CodedError('INVALID', `${what} is required.`, { field });
  if (t.length > max)
    throw new CodedError('INVALID', `${what} is ${t.length} characters; the limit is ${max}.`, {
      field,
      limit: max,
    });
  return t;
}

/** Raise or lower an incident's response level, with the reason (定级调整). */
export function setIncidentLevel(ctx: StoreContext, id: string, level: string, reason: string): Incident {
  return ctx.db.transaction(() => {
    const current = requireIncident(ctx, id);
    const to = ResponseLevel.parse(level);
    if (current.level === to) return current;
    const why = need(reason, 'reason', 'The reason for changing the level', 500);
    const next = putIncident(ctx.db, { ...current, level: to, updatedAt: deskNow(ctx) });
    recordLocalOp(
      ctx,
      'incident',
      id,
      'upsert',
      { level: to, updatedAt: next.updatedAt },
      OP_PRIORITY.status,
    );
    addTimeline(ctx, { incidentId: id, kind: 'level', text: why, data: { from: current.level, to } });
    return next;
  })();
}

/** Figures people report and the checks on them: more than this is not a plausible single incident. */
export const MAX_PLAUSIBLE = {
  dead: 10_000,
  injured: 100_000,
  missing: 10_000,
  trapped: 10_000,
  affected: 20_000_000,
} as const;

/**
 * 续报: new casualty and affected figures. The incident carries the latest; every report stays in
 * the timeline with the figures it replaced, so nothing is overwritten silently.
 */
export function followUpIncident(
  ctx: StoreContext,
  id: string,
  input: { casualties?: Partial<Casualties>; affected?: number; text?: string },
): { incident: Incident; entry: TimelineEntry } {
  return ctx.db.transaction(() => {
    const current = requireIncident(ctx, id);
    const casualties = Casualties.parse({ ...current.casualties, ...(input.casualties ?? {}) });
    const affected = input.affected ?? current.affected;
    for (const [k, v] of Object.entries({ ...casualties, affected })) {
      const limit = MAX_PLAUSIBLE[k as keyof typeof MAX_PLAUSIBLE];
      if (!Number.isInteger(v) || v < 0 || v > limit) {
        throw new CodedError(
          'INVALID',
          `${k} must be a whole number from 0 to ${limit.toLocaleString('en')}; check the figure reported.`,
          { field: k, limit },
        );
      }
    }
    const text = (input.text ?? '').trim();
    if (text.length > 2000)
      throw new CodedError('INVALID', `The follow-up text is ${text.length} characters; the limit is 2000.`, {
        field: 'text',
        limit: 2000,
      });
    const next = putIncident(
      ctx.db,
      Incident.parse({ ...current, casualties, affected, updatedAt: deskNow(ctx) }),
    );
    recordLocalOp(
      ctx,
      'incident',
      id,
      'upsert',
      { casualties, affected, updatedAt: next.updatedAt },
      OP_PRIORITY.status,
    );
    const entry = addTimeline(ctx, {
      incidentId: id,
      kind: 'figures',
      text,
      data: { casualties, affected, before: { casualties: current.casualties, affected: current.affected } },
    });
    return { incident: next, entry };
  })();
}

/** A note in the timeline (处置情况), from the desk or the field. */
export function addIncidentNote(ctx: StoreContext, id: string, text: string): TimelineEntry {
  return ctx.db.transaction(() => {
    requireIncident(ctx, id);
    return addTimeline(ctx, { incidentId: id, kind: 'note', text: need(text, 'text', 'The note', 2000) });
  })();
}

/** A correction of an earlier entry: entries are never changed, the correction stands beside it. */
export function correctTimeline(ctx: StoreContext, entryId: string, text: string): TimelineEntry {
  return ctx.db.transaction(() => {
    const e = getTimelineEntry(ctx.db, entryId);
    if (!e)
      throw new CodedError('NOT_FOUND', `No timeline entry "${entryId}". Refresh the timeline.`, {
        kind: 'incident',
        id: entryId,
      });
    return addTimeline(ctx, {
      incidentId: e.incidentId,
      kind: 'correction',
      corrects: e.id,
      text: need(text, 'text', 'The correction', 2000),
    });
  })();
}

/** Whom a report went to: the city, the province, the ministry (应急管理部). */
export type ReportTo = 'city' | 'province' | 'ministry';

export const REPORT_KINDS = {
  initial: 'report_initial',
  followup: 'report_followup',
  final: 'report_final',
} as const;

/** 初报 / 续报 / 终报 sent up the chain (the reporting deadlines count these). */
export function recordReport(
  ctx: StoreContext,
  id: string,
  kind: keyof typeof REPORT_KINDS,
  text: string,
  to: ReportTo = 'province',
): TimelineEntry {
  return ctx.db.transaction(() => {
    const incident = requireIncident(ctx, id);
    if (kind === 'final' && incident.status !== 'closed') {
      throw new CodedError(
        'INVALID',
        'The final report (终报) is sent when the incident is closed; close it first with a closing summary.',
        { field: 'kind' },
      );
    }
    return addTimeline(ctx, {
      incidentId: id,
      kind: REPORT_KINDS[kind],
      text: need(text, 'text', 'The report text', 2000),
      data: { to },
    });
  })();
}

/** The unit's accepted assignment to an open incident, if any (what a field commander answers). */
function activeAssignment(ctx: StoreContext, unitId: string) {
  return listAssignments(ctx.db).find((a) => {
    if (a.resourceKind !== 'unit' || a.resourceId !== unitId || a.status !== 'accepted') return false;
    const inc = getIncident(ctx.db, a.incidentId);
    return inc !== null && inc.status !== 'closed';
  });
}

/** 接令: a person of the assigned unit acknowledges the order (not the device's receipt). */
export function acknowledgeOrder(ctx: StoreContext, assignmentId: string): TimelineEntry {
  return ctx.db.transaction(() => {
    const a = requireAssignment(ctx, assignmentId);
    if (a.status !== 'accepted') {
      throw new CodedError('INVALID', `This order is ${a.status}; only an accepted order is acknowledged.`, {
        field: 'status',
      });
    }
    const person = currentPerson(ctx);
    return addTimeline(ctx, {
      incidentId: a.incidentId,
      kind: 'order_acknowledged',
      unitId: a.resourceKind === 'unit' ? a.resourceId : null,
      data: {
        assignmentId,
        resourceKind: a.resourceKind,
        resourceId: a.resourceId,
        by: person?.name ?? null,
      },
    });
  })();
}

/**
 * A unit's status from its commander (出发 / 到达现场 / 返回 / 待命 / 不可用): the unit's record, and
 * the timeline of the incident it is assigned to.
 */
export function reportUnitStatus(
  ctx: StoreContext,
  unitId: string,
  status: UnitStatus,
  note = '',
): RescueUnit {
  return ctx.db.transaction(() => {
    const before = requireUnit(ctx, unitId);
    const unit = setUnitStatus(ctx, unitId, status);
    const a = activeAssignment(ctx, unitId);
    if (a && before.status !== status) {
      addTimeline(ctx, {
        incidentId: a.incidentId,
        kind: 'unit_status',
        unitId,
        text: note.trim().slice(0, 2000),
        data: { assignmentId: a.id, from: before.status, to: status },
      });
    }
    return unit;
  })();
}

/** A position report by a person (map click, coordinates, or the machine's fix), kept in the timeline. */
export function reportPosition(
  ctx: StoreContext,
  unitId: string,
  position: LngLat,
  fixAt: string,
): RescueUnit {
  return ctx.db.transaction(() => {
    const unit = trackUnit(ctx, unitId, position, fixAt);
    const a = activeAssignment(ctx, unitId);
    if (a)
      addTimeline(ctx, {
        incidentId: a.incidentId,
        kind: 'position',
        unitId,
        data: { assignmentId: a.id, position, fixAt },
      });
    return unit;
  })();
}

/**
 * A named person acknowledges an alert about an incident (the banner and sound stop on every
 * console): logged in the incident's timeline with who and when.
 */
export function acknowledgeAlert(
  ctx: StoreContext,
  incidentId: string,
  alertId: string,
  kind: string,
): TimelineEntry {
  return ctx.db.transaction(() => {
    requireIncident(ctx, incidentId);
    return addTimeline(ctx, { incidentId, kind: 'alert_acknowledged', data: { alertId, alert: kind } });
  })();
}

/** Many alerts acknowledged at once: one entry each, all or none (an unknown incident refuses the lot). */
export function acknowledgeAlerts(
  ctx: StoreContext,
  alerts: readonly { incidentId: string; alertId: string; kind: string }[],
): { acknowledged: number } {
  return ctx.db.transaction(() => {
    for (const a of alerts) {
      requireIncident(ctx, a.incidentId);
      addTimeline(ctx, {
        incidentId: a.incidentId,
        kind: 'alert_acknowledged',
        data: { alertId: a.alertId, alert: a.kind },
      });
    }
    return { acknowledged: alerts.length };
  })();
}
