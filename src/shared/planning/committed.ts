import { fitsSlot, type CommittedResource } from '../dispatch/recommend';
import { DEFAULT_RUN_CARDS, runCardFor, type RunCardTable } from '../dispatch/runCards';
import type { AssignIncident, NeedSpec } from '../dispatch/multiIncidentOptimiser';
import type { Assignment, AviationBase, Incident, RescueUnit, SupplyDepot } from '../domain';

/** What the planning tools read of the store's picture (the contract's `Picture` fits). */
export interface PlanningPicture {
  incidents: readonly Incident[];
  units: readonly RescueUnit[];
  bases: readonly AviationBase[];
  depots: readonly SupplyDepot[];
  assignments: readonly Assignment[];
}

/** Incidents still being handled (not closed), in the picture's order. */
export function openIncidents(p: Pick<PlanningPicture, 'incidents'>): Incident[] {
  return p.incidents.filter((i) => i.status !== 'closed');
}

/**
 * Resources already sent to an incident (its proposed and accepted assignments), as the run card
 * counts them: the dispatch tab's recommendation and the planning tools read the same list.
 */
export function committedTo(p: PlanningPicture, incidentId: string): CommittedResource[] {
  const out: CommittedResource[] = [];
  for (const a of p.assignments) {
    if (a.incidentId !== incidentId || (a.status !== 'proposed' && a.status !== 'accepted')) continue;
    const arrivesAt =
      a.etaMinutes === null ? null : new Date(Date.parse(a.proposedAt) + a.etaMinutes * 60_000).toISOString();
    if (a.resourceKind === 'unit') {
      const u = p.units.find((x) => x.id === a.resourceId);
      if (u)
        out.push({
          resource: 'unit',
          id: u.id,
          name: u.name,
          capabilities: u.capabilities,
          kind: u.kind,
          arrivesAt,
        });
    } else {
      const ac = p.bases.flatMap((b) => b.aircraft).find((x) => x.id === a.resourceId);
      if (ac)
        out.push({
          resource: 'aircraft',
          id: ac.id,
          name: ac.callsign,
          capabilities: ac.capabilities,
          kind: ac.category,
          bucketLitres: ac.bucketLitres,
          arrivesAt,
        });
    }
  }
  return out;
}

/** An open incident as the multi-incident optimiser sees it: what its run card still lacks. */
export interface OpenNeeds {
  incident: Incident;
  /** Positions of the run card already taken by what was sent. */
  sent: number;
  /** Positions of the run card in all. */
  positions: number;
  /** The slots still short, as needs for `assign` (empty: the card is filled by what was sent). */
  needs: NeedSpec[];
}

/**
 * For each open incident, its run card less what was already sent to it: a resource sent fills
 * the first slot it fits, as in the dispatch tab's run card (fillRunCard), so the optimiser only
 * plans what is still missing and never a second team for a place already filled.
 */
export function remainingNeeds(p: PlanningPicture, table: RunCardTable = DEFAULT_RUN_CARDS): OpenNeeds[] {
  return openIncidents(p).map((incident) => {
    const committed = committedTo(p, incident.id);
    const placed = new Set<string>();
    const needs: NeedSpec[] = [];
    let sent = 0;
    let positions = 0;
    for (const { slot, needed } of runCardFor(incident.hazard, incident.level, table)) {
      positions += needed;
      let filled = 0;
      for (const c of committed) {
        if (filled >= needed || placed.has(c.id) || !fitsSlot(c, slot)) continue;
        placed.add(c.id);
        filled++;
      }
      sent += filled;
      if (needed - filled > 0)
        needs.push({
          role: slot.role,
          anyOf: slot.anyOf,
          count: needed - filled,
          resource: slot.resource,
          ...(slot.minBucketLitres !== undefined ? { minBucketLitres: slot.minBucketLitres } : {}),
          ...(slot.kinds ? { kinds: slot.kinds } : {}),
          ...(slot.categories ? { categories: slot.categories } : {}),
        });
    }
    return { incident, sent, positions, needs };
  });
}

/** The optimiser's input: the open incidents whose run card still lacks something. */
export function assignInputs(open: readonly OpenNeeds[]): AssignIncident[] {
  return open
    .filter((o) => o.needs.length > 0)
    .map((o) => ({
      id: o.incident.id,
      location: o.incident.location,
      hazard: o.incident.hazard,
      level: o.incident.level,
      needs: o.needs,
    }));
}
