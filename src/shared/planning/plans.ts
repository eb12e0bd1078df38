import { allocateSupplies, type SupplyPlan } from '../dispatch/supply';
import { assign, type AssignmentResult, type AssignObjective } from '../dispatch/multiIncidentOptimiser';
import { levelSeverity, type AviationBase, type HazardType, type ResponseLevel } from '../domain';
import { assignInputs, openIncidents, remainingNeeds, type PlanningPicture } from './committed';

/**
 * The planning tools' inputs and results, from the store's picture (docs/dispatch.md, "Planning
 * tools"). Pure: main computes them over the picture and the renderer only draws and words them.
 */

// ───────────────────────────── supply allocation ─────────────────────────────

export interface IncidentSupply {
  incidentId: string;
  title: string;
  location: [number, number];
  level: ResponseLevel;
  affected: number;
  /** When the incident was reported: the 10-hour relief clock starts there. */
  reportedAt: string;
  plan: SupplyPlan;
}

export interface SupplyPlanning {
  nowIso: string;
  /** One plan per incident, most serious first; each drew on what the earlier ones left in the depots. */
  plans: IncidentSupply[];
  /** Open incidents with no affected people reported: nothing to allocate until a 续报 gives the figure. */
  withoutFigures: { incidentId: string; title: string }[];
}

/**
 * Relief supplies for one open incident, or for every open incident with affected people. With
 * several, the most serious is allocated first (level I first, then the earlier report), and each
 * next one draws only on the stock the earlier plans left, so two plans never count the same tent.
 * The relief clock of each starts at its report (`reportedAt`): the 10-hour check includes the time
 * already gone.
 */
export function supplyPlanning(p: PlanningPicture, now: number, incidentId?: string): SupplyPlanning {
  const open = openIncidents(p)
    .filter((i) => incidentId === undefined || i.id === incidentId)
    .sort(
      (a, b) =>
        levelSeverity(b.level) - levelSeverity(a.level) ||
        a.reportedAt.localeCompare(b.reportedAt) ||
        (a.id < b.id ? -1 : 1),
    );
  // Stock left after the plans already made in this run (depot → item → quantity).
  let depots = p.depots.map((d) => ({ ...d, stock: d.stock.map((s) => ({ ...s })) }));
  const plans: IncidentSupply[] = [];
  const withoutFigures: SupplyPlanning['withoutFigures'] = [];
  for (const inc of open) {
    if (!(inc.affected > 0)) {
      withoutFigures.push({ incidentId: inc.id, title: inc.title });
      continue;
    }
    const plan = allocateSupplies(depots, inc.location, inc.affected, { now, reportedAt: inc.reportedAt });
    plans.push({
      incidentId: inc.id,
      title: inc.title,
      location: [inc.location[0], inc.location[1]],
      level: inc.level,
      affected: inc.affected,
      reportedAt: inc.reportedAt,
      plan,
    });
    const taken = new Map<string, Map<string, number>>();
    for (const s of plan.shipments)
      taken.set(s.depotId, new Map(s.items.map((it) => [it.item, it.quantity] as const)));
    depots = depots.map((d) => {
      const t = taken.get(d.id);
      return t
        ? { ...d, stock: d.stock.map((s) => ({ ...s, quantity: s.quantity - (t.get(s.item) ?? 0) })) }
        : d;
    });
  }
  return { nowIso: new Date(now).toISOString(), plans, withoutFigures };
}

// ───────────────────────────── multi-incident assignment ─────────────────────────────

export interface AssignPlanning {
  nowIso: string;
  objective: AssignObjective;
  /** Every open incident: its run card's positions, how many are already taken, how many short. */
  open: {
    incidentId: string;
    title: string;
    hazard: HazardType;
    level: ResponseLevel;
    location: [number, number];
    positions: number;
    sent: number;
    short: number;
  }[];
  /** Optimal and greedy plans for what is still short; null when nothing is short anywhere. */
  result: AssignmentResult | null;
}

/**
 * Who goes where for all open incidents at once: the run cards less what was already sent, solved
 * optimally (least total ETA, or least worst ETA) beside the greedy one-incident-at-a-time choice.
 * Only resources free now (available, or returning) are planned; aircraft are at their bases.
 */
export function assignmentPlanning(
  p: PlanningPicture,
  now: number,
  objective: AssignObjective = 'total',
): AssignPlanning {
  const open = remainingNeeds(p);
  const inputs = assignInputs(open);
  const result = inputs.length
    ? assign({ units: p.units, bases: p.bases }, inputs, {
        objective,
        now,
      })
    : null;
  return {
    nowIso: new Date(now).toISOString(),
    objective,
    open: open.map((o) => ({
      incidentId: o.incident.id,
      title: o.incident.title,
      hazard: o.incident.hazard,
      level: o.incident.level,
      location: [o.incident.location[0], o.incident.location[1]],
      positions: o.positions,
      sent: o.sent,
      short: o.needs.reduce((s, n) => s + n.count, 0),
    })),
    result,
  };
}

// ───────────────────────────── move-up ─────────────────────────────

export interface Commitment {
  aircraftId: string;
  callsign: string;
  baseId: string;
  baseName: string;
  /** The open incident it is sent to (its live assignment), or null. */
  incidentId: string | null;
  /** Not committed in the picture: the officer asks "what if this one were sent too". */
  hypothetical: boolean;
}

/**
 * The move-up's inputs from the picture: every aircraft committed now (status committed, or with
 * a live assignment to an open incident), put back at its base as available so the engine can
 * measure what committing it costs, plus the aircraft the officer adds as a what-if.
 */
export function moveUpInputs(
  p: PlanningPicture,
  extra: readonly string[] = [],
): { bases: AviationBase[]; commit: string[]; commitments: Commitment[] } {
  const open = new Set(openIncidents(p).map((i) => i.id));
  const liveFor = new Map<string, string>();
  for (const a of p.assignments)
    if (
      a.resourceKind === 'aircraft' &&
      (a.status === 'accepted' || a.status === 'proposed') &&
      open.has(a.incidentId)
    )
      liveFor.set(a.resourceId, a.incidentId);
  const commitments: Commitment[] = [];
  const extraSet = new Set(extra);
  const bases = p.bases.map((b) => ({
    ...b,
    aircraft: b.aircraft.map((ac) => {
      const live = ac.status === 'committed' || liveFor.has(ac.id);
      if (!live && !extraSet.has(ac.id)) return ac;
      commitments.push({
        aircraftId: ac.id,
        callsign: ac.callsign,
        baseId: b.id,
        baseName: b.name,
        incidentId: liveFor.get(ac.id) ?? null,
        hypothetical: !live,
      });
      return live && ac.status === 'committed' ? { ...ac, status: 'available' as const } : ac;
    }),
  }));
  const status = new Map(p.bases.flatMap((b) => b.aircraft.map((a) => [a.id, a.status] as const)));
  for (const id of extraSet) {
    if (!status.has(id)) throw new RangeError(`unknown aircraft id "${id}"`);
    if (status.get(id) !== 'available' && !commitments.some((c) => c.aircraftId === id && !c.hypothetical))
      throw new RangeError(
        `aircraft "${id}" is ${status.get(id)}, not available: committing it changes nothing`,
      );
  }
  return { bases, commit: commitments.map((c) => c.aircraftId).sort(), commitments };
}
