import { CodedError } from '../../shared/ipc/errors';
import type { MoveUpPlanning } from '../../shared/ipc/planningContract';
import type { IncidentSupply } from '../../shared/planning/plans';
import type { PlanningNote } from '../db/planning';

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The timeline note of a supply plan: the shipments (depot, trucks, items, arrival and in people's
 * hands from the report), the 10-hour check, and what is short. Refused when there is nothing to ship.
 */
export function supplyNote(
  incidentId: string,
  text: string,
  nowIso: string,
  s: IncidentSupply | undefined,
): PlanningNote {
  if (!s)
    throw new CodedError(
      'INVALID',
      'No affected people are reported for this incident, so no supplies are planned. Enter the figure in a 续报 first.',
      { variant: 'planning_no_affected' },
    );
  if (!s.plan.shipments.length)
    throw new CodedError(
      'INVALID',
      'No depot holds any of what is needed; nothing to ship. Ask the neighbouring provinces or the ministry.',
      { variant: 'planning_nothing_to_ship' },
    );
  const p = s.plan;
  return {
    incidentId,
    text,
    data: {
      planning: 'supply',
      plannedAt: nowIso,
      affected: p.affected,
      displaced: p.displaced,
      targetMinutes: p.targetMinutes,
      elapsedMinutes: r1(p.elapsedMinutes),
      meetsTarget: p.meetsTarget,
      complete: p.complete,
      lastInHandsMinutes: p.lastInHandsMinutes === null ? null : r1(p.lastInHandsMinutes),
      shipments: p.shipments.map((x) => ({
        depotId: x.depotId,
        depotName: x.depotName,
        trucks: x.trucks,
        arrivesMinutes: r1(x.arrivesMinutes),
        inHandsMinutes: r1(x.inHandsMinutes),
        withinTarget: x.withinTarget,
        items: x.items,
      })),
      shortfalls: p.needs
        .filter((n) => n.shortfall > 0)
        .map((n) => ({ item: n.item, needed: n.needed, shortfall: n.shortfall })),
    },
  };
}

/**
 * The timeline notes of a move-up: one on each open incident the committed aircraft are sent to,
 * naming every move (aircraft, from, to, ferry, gain) and the coverage before and after. Refused
 * when there is no move, or no committed aircraft serves an open incident.
 */
export function moveUpNote(text: string, m: MoveUpPlanning): PlanningNote[] {
  const r = m.result;
  if (!r.moves.length)
    throw new CodedError('INVALID', 'This move-up proposes no move; there is nothing to record.', {
      variant: 'planning_no_moves',
    });
  const incidents = [...new Set(m.commitments.flatMap((c) => (c.incidentId ? [c.incidentId] : [])))];
  if (!incidents.length)
    throw new CodedError(
      'INVALID',
      'None of the committed aircraft is sent to an open incident, and a move-up is recorded in the timeline of the incident it serves. Dispatch the aircraft first.',
      { variant: 'planning_no_incident' },
    );
  const data = {
    planning: 'move_up',
    plannedAt: m.nowIso,
    committed: m.commitments.map((c) => ({
      aircraftId: c.aircraftId,
      callsign: c.callsign,
      incidentId: c.incidentId,
      hypothetical: c.hypothetical,
    })),
    coveredAreaKm2Before: Math.round(r.coveredAreaKm2Before),
    coveredAreaKm2AfterCommit: Math.round(r.coveredAreaKm2AfterCommit),
    coveredAreaKm2AfterMoves: Math.round(r.coveredAreaKm2AfterMoves),
    moves: r.moves.map((x) => ({
      aircraftId: x.aircraftId,
      callsign: x.callsign,
      fromBaseId: x.fromBaseId,
      fromBaseName: x.fromBaseName,
      toBaseId: x.toBaseId,
      toBaseName: x.toBaseName,
      ferryMinutes: r1(x.ferryMinutes),
      gainKm2: Math.round(x.gainKm2),
      valueKm2: Math.round(x.valueKm2),
      role: x.role,
    })),
  };
  return incidents.map((incidentId) => ({ incidentId, text, data }));
}
