import { randomUUID } from 'node:crypto';
import {
  Assignment,
  canMoveIncidentStatus,
  Incident,
  LngLat,
  type AircraftStatus,
  type AviationBase,
  type IncidentStatus,
  type RescueUnit,
  type Scenario,
  type SupplyDepot,
  type UnitStatus,
} from '../../shared/domain';
import { OP_PRIORITY, scenarioRecords, type EntityRecord, type EntityType } from '../../shared/sync';
import {
  decideProposal,
  decisionFields,
  resourceStatusOnAccept,
  resourceStatusOnRelease,
} from '../../shared/sync/decide';
import type { EntityState } from '../../shared/sync/merge';
import { schemaVersion } from './open';
import { getIncident, listIncidents, putIncident } from './repositories/incidents';
import { getUnit, listUnits, putUnit } from './repositories/units';
import { getAircraft, listBases, putAircraft } from './repositories/bases';
import { listDepots } from './repositories/depots';
import { getAssignment, listAssignments, putAssignment } from './repositories/assignments';
import { getMeta, setMeta } from './repositories/meta';
import { countOutbox } from './repositories/outbox';
import { countRecords, putRecord } from './repositories/records';
import { tableOf } from './repositories/tables';
import { incidentTable } from './repositories/incidents';
import { unitTable } from './repositories/units';
import { baseTable, aircraftTable } from './repositories/bases';
import { depotTable } from './repositories/depots';
import { assignmentTable } from './repositories/assignments';
import { listConflicts, markConflictsSeen } from './repositories/conflicts';

import { recordLocalOp, type StoreContext } from './context';
import { addTimeline, currentPerson, deskNow } from './desk';
import { CodedError } from '../../shared/ipc/errors';

export { createContext, recordLocalOp, type StoreContext } from './context';

const nowIso = () => new Date().toISOString();

export interface ImportCounts {
  incidents: number;
  units: number;
  bases: number;
  aircraft: number;
  depots: number;
  assignments: number;
}

/**
 * Load a validated scenario in one transaction: all of it or none of it.
 * With `replicate`, every record is also queued for the hub (bulk priority).
 */
export function importScenario(
  ctx: StoreContext,
  scenario: Scenario,
  opts: { replicate?: boolean } = {},
): ImportCounts {
  const { db } = ctx;
  db.transaction(() => {
    for (const r of scenarioRecords(scenario)) {
      const stored = putRecord(db, tableOf(r.entity), r.fields as EntityRecord<EntityType>);
      if (opts.replicate) recordLocalOp(ctx, r.entity, r.id, 'upsert', { ...stored }, OP_PRIORITY.bulk);
    }
    setMeta(db, 'scenario_name', scenario.name);
  })();
  return {
    incidents: scenario.incidents.length,
    units: scenario.units.length,
    bases: scenario.bases.length,
    aircraft: scenario.bases.reduce((n, b) => n + b.aircraft.length, 0),
    depots: scenario.depots.length,
    assignments: scenario.assignments.length,
  };
}

export interface Picture {
  incidents: Incident[];
  units: RescueUnit[];
  bases: AviationBase[];
  depots: SupplyDepot[];
  assignments: Assignment[];
}

/** The whole operational picture, as the renderer and the dispatch engine see it. */
export function getPicture(ctx: StoreContext): Picture {
  const { db } = ctx;
  return db.transaction(() => ({
    incidents: listIncidents(db),
    units: listUnits(db),
    bases: listBases(db),
    depots: listDepots(db),
    assignments: listAssignments(db),
  }))();
}

export interface StoreStatus {
  clientId: string;
  schemaVersion: number;
  scenarioName: string | null;
  counts: ImportCounts;
  pendingOps: number;
}

export function getStoreStatus(ctx: StoreContext): StoreStatus {
  const { db } = ctx;
  return {
    clientId: ctx.clientId,
    schemaVersion: schemaVersion(db),
    scenarioName: getMeta(db, 'scenario_name'),
    counts: {
      incidents: countRecords(db, incidentTable),
      units: countRecords(db, unitTable),
      bases: countRecords(db, baseTable),
      aircraft: countRecords(db, aircraftTable),
      depots: countRecords(db, depotTable),
      assignments: countRecords(db, assignmentTable),
    },
    pendingOps: countOutbox(db),
  };
}

export function isEmpty(ctx: StoreContext): boolean {
  const c = getStoreStatus(ctx).counts;
  return c.incidents + c.units + c.bases + c.depots === 0;
}

/** Fields a user may report for a new incident (接报); the rest is filled in here. */
export type NewIncident = Pick<Incident, 'title' | 'hazard' | 'level' | 'location'> &
  Partial<
    Pick<
      Incident,
      | 'countyAdcode'
      | 'casualties'
      | 'affected'
      | 'description'
      | 'reporter'
      | 'occurredAt'
      | 'reportedAt'
      | 'source'
    >
  > & {
    /** Outside the province, confirmed by the officer (跨省支援): kept in the report's entry. */
    crossProvince?: boolean;
  };

/**
 * 接报: a new incident, and the first entry of its timeline, by the person on duty. Without a
 * named caller the person taking the report is the reporter.
 */
export function createIncident(ctx: StoreContext, { crossProvince, ...input }: NewIncident): Incident {
  return ctx.db.transaction(() => {
    const now = deskNow(ctx);
    const person = currentPerson(ctx);
    const incident = Incident.parse({
      reporter: { name: person?.name ?? '未署名', ...(person?.org ? { org: person.org } : {}) },
      reportedAt: now,
      ...input,
      id: `inc-${randomUUID()}`,
      status: 'reported',
      updatedAt: now,
    });
    putIncident(ctx.db, incident);
    recordLocalOp(ctx, 'incident', incident.id, 'upsert', { ...incident }, OP_PRIORITY.order);
    addTimeline(ctx, {
      incidentId: incident.id,
      kind: 'reported',
      text: incident.description,
      data: {
        title: incident.title,
        hazard: incident.hazard,
        level: incident.level,
        location: incident.location,
        source: incident.source,
        reporter: incident.reporter,
        occurredAt: incident.occurredAt,
        reportedAt: incident.reportedAt,
        casualties: incident.casualties,
        affected: incident.affected,
        ...(crossProvince ? { crossProvince: true } : {}),
      },
    });
    return incident;
  })();
}

/**
 * Editable descriptive fields of an incident. Status, level and the figures also have their own
 * commands (forward only; with a reason; as follow-up reports); every change is in the timeline.
 */
export type IncidentPatch = Partial<
  Pick<
    Incident,
    | 'title'
    | 'hazard'
    | 'level'
    | 'location'
    | 'countyAdcode'
    | 'casualties'
    | 'affected'
    | 'description'
    | 'occurredAt'
    | 'source'
    | 'reporter'
  >
>;

export function updateIncident(ctx: StoreContext, id: string, patch: IncidentPatch): Incident {
  return ctx.db.transaction(() => {
    const current = requireIncident(ctx, id);
    const next = putIncident(ctx.db, Incident.parse({ ...current, ...patch, updatedAt: deskNow(ctx) }));
    const changed = Object.keys(patch).filter(
      (k) => JSON.stringify(current[k as keyof Incident]) !== JSON.stringify(next[k as keyof Incident]),
    );
    if (changed.length === 0) return current;
    const fields = Object.fromEntries(changed.map((k) => [k, next[k as keyof Incident]]));
    recordLocalOp(
      ctx,
      'incident',
      id,
      'upsert',
      { ...fields, updatedAt: next.updatedAt },
      OP_PRIORITY.descriptive,
    );
    const before = Object.fromEntries(changed.map((k) => [k, current[k as keyof Incident]]));
    addTimeline(ctx, { incidentId: id, kind: 'edited', data: { fields: changed, before, after: fields } });
    return next;
  })();
}

export function setIncidentStatus(
  ctx: StoreContext,
  id: string,
  status: IncidentStatus,
  note = '',
): Incident {
  return ctx.db.transaction(() => {
    const current = requireIncident(ctx, id);
    if (current.status === status) return current;
    if (!canMoveIncidentStatus(current.status, status)) {
      throw new CodedError(
        'STATUS_BACKWARDS',
        `Incident status only moves forward: it is "${current.status}" and cannot go back to "${status}". ` +
          'Report a new incident if the situation has flared up again.',
        { from: current.status, to: status },
      );
    }
    const summary = note.trim();
    if (status === 'closed' && summary.length === 0) {
      throw new CodedError(
        'INVALID',
        'Closing an incident needs a short closing summary (结案小结): what happened, what was done, what remains.',
        {
          field: 'closingSummary',
        },
      );
    }
    const closing = status === 'closed' ? { closingSummary: summary.slice(0, 2000) } : {};
    const next = putIncident(ctx.db, { ...current, status, ...closing, updatedAt: deskNow(ctx) });
    recordLocalOp(
      ctx,
      'incident',
      id,
      'upsert',
      { status, ...closing, updatedAt: next.updatedAt },
      OP_PRIORITY.status,
    );
    addTimeline(ctx, {
      incidentId: id,
      kind: 'status',
      text: summary,
      data: { from: current.status, to: status },
    });
    return next;
  })();
}

export function acknowledgeIncident(ctx: StoreContext, id: string): Incident {
  return ctx.db.transaction(() => {
    const current = requireIncident(ctx, id);
    if (current.acknowledgedAt) return current;
    const next = putIncident(ctx.db, { ...current, acknowledgedAt: nowIso() });
    recordLocalOp(ctx, 'incident', id, 'upsert', { acknowledgedAt: next.acknowledgedAt }, OP_PRIORITY.status);
    return next;
  })();
}

export function setUnitStatus(ctx: StoreContext, id: string, status: UnitStatus): RescueUnit {
  return ctx.db.transaction(() => {
    const current = requireUnit(ctx, id);
    const next = putUnit(ctx.db, { ...current, status });
    recordLocalOp(ctx, 'unit', id, 'upsert', { status }, OP_PRIORITY.status);
    return next;
  })();
}

/** A position fix. Tracks are ephemeral: an older fix than the one stored is ignored. */
/** A fix dated further ahead than this is refused: stored, it would block every genuine later fix. */
export const MAX_FIX_AHEAD_MS = 2 * 60 * 1000;

export function trackUnit(
  ctx: StoreContext,
  id: string,
  position: LngLat,
  fixAt: string,
  now = Date.now(),
): RescueUnit {
  const pos = LngLat.parse(position);
  if (Date.parse(fixAt) - now > MAX_FIX_AHEAD_MS) {
    throw new CodedError(
      'FIX_IN_FUTURE',
      `The position fix for ${id} is dated ${fixAt}, ahead of this machine's clock. Check the clock of the device that sent it.`,
      { id, fixAt },
    );
  }
  return ctx.db.transaction(() => {
    const current = requireUnit(ctx, id);
    if (Date.parse(fixAt) <= Date.parse(current.positionFixAt)) return current;
    const next = putUnit(ctx.db, { ...current, position: pos, positionFixAt: fixAt });
    recordLocalOp(ctx, 'unit', id, 'track', { position: pos, positionFixAt: fixAt }, OP_PRIORITY.track);
    return next;
  })();
}

export interface NewAssignment {
  incidentId: string;
  resourceKind: 'unit' | 'aircraft';
  resourceId: string;
  etaMinutes?: number | null;
  note?: string;
  /** The order for the unit: its task, where to report, whom to contact. */
  task?: string;
  rendezvous?: string;
  contact?: string;
  /** What the recommender showed when the dispatch was made (kept in the timeline). */
  snapshot?: Record<string, unknown> | null;
}

/** Propose sending a unit or aircraft; the hub decides (DESIGN.md §2). */
export function proposeAssignment(ctx: StoreContext, input: NewAssignment): Assignment {
  return ctx.db.transaction(() => {
    const incident = requireIncident(ctx, input.incidentId);
    if (incident.status === 'closed') {
      throw new CodedError(
        'INVALID',
        `Incident "${incident.title}" is closed; nothing more is dispatched to it.`,
        { field: 'incidentId' },
      );
    }
    const { snapshot, ...fields } = input;
    const assignment = Assignment.parse({
      ...fields,
      id: `asg-${randomUUID()}`,
      status: 'proposed',
      proposedAt: deskNow(ctx),
      proposedBy: currentPerson(ctx)?.name ?? '',
    });
    putAssignment(ctx.db, assignment);
    recordLocalOp(ctx, 'assignment', assignment.id, 'propose', { ...assignment }, OP_PRIORITY.order);
    addTimeline(ctx, {
      incidentId: assignment.incidentId,
      kind: 'dispatch_proposed',
      text: assignment.task,
      unitId: assignment.resourceKind === 'unit' ? assignment.resourceId : null,
      data: {
        assignmentId: assignment.id,
        resourceKind: assignment.resourceKind,
        resourceId: assignment.resourceId,
        etaMinutes: assignment.etaMinutes,
        rendezvous: assignment.rendezvous,
        contact: assignment.contact,
        snapshot: snapshot ?? null,
      },
    });
    return assignment;
  })();
}

/**
 * Standalone mode (no hub configured): decide a proposal here, with the hub's own rules
 * (src/shared/sync/decide.ts), so a duty officer working alone still dispatches. On acceptance
 * the resource is marked dispatched (unit) or committed (aircraft) in the same transaction.
 */
export function decideAssignmentLocally(ctx: StoreContext, id: string): Assignment {
  const { db } = ctx;
  return db.transaction(() => {
    const a = requireAssignment(ctx, id);
    if (a.status !== 'proposed') return a;
    const state = (fields: object | null): EntityState | null =>
      fields ? { fields: fields as Record<string, unknown>, clocks: {}, deletedHlc: null } : null;
    const decision = decideProposal('duty-officer', a, {
      get: (entity, rid) =>
        state(
          entity === 'incident'
            ? getIncident(db, rid)
            : entity === 'unit'
              ? getUnit(db, rid)
              : getAircraft(db, rid),
        ),
      assignments: () => listAssignments(db).map((x) => state(x)!),
    });
    const decided = decisionFields(decision, deskNow(ctx));
    const next = putAssignment(db, { ...a, ...decided });
    recordLocalOp(ctx, 'assignment', id, 'upsert', decided, OP_PRIORITY.status);
    addTimeline(ctx, {
      incidentId: a.incidentId,
      kind: 'dispatch_decided',
      unitId: a.resourceKind === 'unit' ? a.resourceId : null,
      data: {
        assignmentId: id,
        resourceKind: a.resourceKind,
        resourceId: a.resourceId,
        status: decision.status,
        code: decision.code,
        params: decision.params,
        reason: decision.reason,
      },
    });
    // The same consequence the hub logs when it accepts (src/shared/sync/decide.ts).
    if (decision.status === 'accepted') moveResource(ctx, a, resourceStatusOnAccept);
    return next;
  })();
}

/**
 * Release an accepted assignment (the duty officer calls a resource back or the task is done):
 * the assignment becomes `released` and its resource available again, or returning if it was
 * already on the road. With a hub, both travel as ops (a duty officer may release; DESIGN.md §2).
 */
export function releaseAssignment(ctx: StoreContext, id: string, reason = ''): Assignment {
  const { db } = ctx;
  return db.transaction(() => {
    const a = requireAssignment(ctx, id);
    if (a.status === 'released') return a;
    if (a.status !== 'accepted') {
      throw new CodedError(
        'NOT_RELEASABLE',
        a.status === 'proposed'
          ? 'This proposal has not been decided yet; wait for the hub, then release it.'
          : 'A rejected proposal sent nothing; there is nothing to release.',
        { variant: a.status },
      );
    }
    const next = putAssignment(db, { ...a, status: 'released' });
    recordLocalOp(ctx, 'assignment', id, 'upsert', { status: 'released' }, OP_PRIORITY.order);
    moveResource(ctx, a, resourceStatusOnRelease);
    addTimeline(ctx, {
      incidentId: a.incidentId,
      kind: 'dispatch_released',
      text: reason.trim(),
      unitId: a.resourceKind === 'unit' ? a.resourceId : null,
      data: { assignmentId: id, resourceKind: a.resourceKind, resourceId: a.resourceId },
    });
    return next;
  })();
}

/**
 * Change the status of an assignment's resource as `rule` says (null: leave it), recording the op.
 * Runs inside the caller's transaction.
 */
function moveResource(
  ctx: StoreContext,
  a: Pick<Assignment, 'resourceKind' | 'resourceId'>,
  rule: {
    (kind: 'unit', status: unknown): UnitStatus | null;
    (kind: 'aircraft', status: unknown): AircraftStatus | null;
  },
): void {
  const { db } = ctx;
  if (a.resourceKind === 'unit') {
    const unit = getUnit(db, a.resourceId);
    const status = unit && rule('unit', unit.status);
    if (!unit || !status) return;
    putUnit(db, { ...unit, status });
    recordLocalOp(ctx, 'unit', unit.id, 'upsert', { status }, OP_PRIORITY.status);
  } else {
    const aircraft = getAircraft(db, a.resourceId);
    const status = aircraft && rule('aircraft', aircraft.status);
    if (!aircraft || !status) return;
    putAircraft(db, { ...aircraft, status });
    recordLocalOp(ctx, 'aircraft', aircraft.id, 'upsert', { status }, OP_PRIORITY.status);
  }
}

export { listConflicts, markConflictsSeen };

export function requireIncident(ctx: StoreContext, id: string): Incident {
  const r = getIncident(ctx.db, id);
  if (!r)
    throw new CodedError(
      'NOT_FOUND',
      `No incident with id "${id}". Refresh the list; it may have been removed.`,
      { kind: 'incident', id },
    );
  return r;
}

export function requireAssignment(ctx: StoreContext, id: string): Assignment {
  const r = getAssignment(ctx.db, id);
  if (!r)
    throw new CodedError('NOT_FOUND', `No assignment with id "${id}". Refresh the view and try again.`, {
      kind: 'assignment',
      id,
    });
  return r;
}

export function requireUnit(ctx: StoreContext, id: string): RescueUnit {
  const r = getUnit(ctx.db, id);
  if (!r)
    throw new CodedError(
      'NOT_FOUND',
      `No rescue unit with id "${id}". Refresh the list; it may have been removed.`,
      { kind: 'unit', id },
    );
  return r;
}
