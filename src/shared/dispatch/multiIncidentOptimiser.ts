import {
  levelSeverity,
  type AviationBase,
  type Capability,
  type HazardType,
  type ResponseLevel,
} from '../domain';
import type { Position } from '../geo';
import type { Confidence } from './confidence';
import { solveSparseAssignment } from './lap';
import { filterForSlot, makeContext, topK, type ContextOptions, type RankContext, type Ranked } from './rank';
import type { ScenarioLike } from './recommend';
import { DEFAULT_RUN_CARDS, runCardFor, type RunCardSlot, type RunCardTable } from './runCards';
import { unitIndexFor, type UnitIndex } from './unitIndex';

/**
 * Several simultaneous incidents, one pool of resources: who goes where.
 *
 * Each incident asks for the slots of its run card (or explicit needs); every slot position gets
 * one resource, no resource goes twice. The optimal assignment minimises, in this order, the
 * number of unfilled positions and then the total ETA (objective 'total'), or the worst ETA and
 * then the total (objective 'worst'). It is solved exactly as a min-cost assignment on candidate
 * lists from the spatial index, with an optimality check that widens any list that might be hiding
 * a better resource (docs/dispatch.md). Greedy nearest-first is computed alongside for comparison.
 */

export interface AssignIncident {
  id: string;
  location: Position;
  hazard: HazardType;
  level: ResponseLevel;
  /** Explicit needs; default: the run card for hazard and level. */
  needs?: readonly NeedSpec[];
}

export interface NeedSpec {
  role?: string;
  anyOf: readonly Capability[];
  count: number;
  resource?: 'unit' | 'aircraft' | 'any';
  minBucketLitres?: number;
  /** Only these ground unit kinds / aircraft categories (as a run-card slot may ask). */
  kinds?: RunCardSlot['kinds'];
  categories?: RunCardSlot['categories'];
}

export type AssignObjective = 'total' | 'worst';

export interface AssignOptions extends ContextOptions {
  objective?: AssignObjective;
  runCards?: RunCardTable;
  includeAircraft?: boolean;
  index?: UnitIndex;
}

export interface AssignedResource {
  resource: 'unit' | 'aircraft';
  id: string;
  name: string;
  etaMinutes: number;
  /** The ETA if the unit is at the far edge of where it may be now (its position uncertainty). */
  worstCaseEtaMinutes: number;
  distanceKm: number;
  /** A ground unit's position: how old its fix is and how much to trust it; null for aircraft (at base). */
  fix: { ageMinutes: number; confidence: Confidence; stale: boolean } | null;
}

/** A plan's choice "rests on a stale fix" when the unit's position is older than this. */
export const STALE_FIX_MINUTES = 30;

export interface IncidentAssignment {
  id: string;
  hazard: HazardType;
  level: ResponseLevel;
  location: [number, number];
  slots: {
    role: string;
    anyOf: Capability[];
    needed: number;
    assigned: AssignedResource[];
    missing: number;
  }[];
  /** ETA of the last assigned resource, minutes (null when nothing assigned). */
  lastArrivalMinutes: number | null;
}

export interface AssignTotals {
  positions: number;
  filled: number;
  unfilled: number;
  totalEtaMinutes: number;
  worstEtaMinutes: number | null;
  meanEtaMinutes: number | null;
  /** How many of the plan's choices rest on a fix older than STALE_FIX_MINUTES (or never fixed). */
  onStaleFixes: number;
}

export interface AssignmentPlan {
  incidents: IncidentAssignment[];
  totals: AssignTotals;
}

export interface AssignmentResult {
  objective: AssignObjective;
  /** What the costs are: the ETA, or the worst-case ETA (ETA plus the position uncertainty). */
  rankBy: 'eta' | 'worst_case';
  optimal: AssignmentPlan;
  greedy: AssignmentPlan;
  /** Greedy minus optimal (positive: the optimal plan is better by that much). */
  saved: { totalEtaMinutes: number; worstEtaMinutes: number | null; positionsFilled: number };
  solver: { rounds: number; candidateEdges: number; positions: number };
}

interface Group {
  incident: AssignIncident;
  incidentIdx: number;
  slot: RunCardSlot;
  needed: number;
  /** Candidate list (best first) and whether it holds every qualifying resource. */
  list: Ranked[];
  complete: boolean;
  /** Cost of the best resource NOT in the list (lower bound for all unlisted), seconds. */
  nextS: number;
}

function slotsFor(inc: AssignIncident, table: RunCardTable): { slot: RunCardSlot; needed: number }[] {
  if (inc.needs) {
    return inc.needs
      .filter((n) => n.count > 0)
      .map((n, i) => ({
        slot: {
          role: n.role ?? `need_${i + 1}`,
          anyOf: [...n.anyOf],
          resource: n.resource ?? 'any',
          count: [n.count, n.count, n.count, n.count] as const,
          ...(n.minBucketLitres !== undefined ? { minBucketLitres: n.minBucketLitres } : {}),
          ...(n.kinds ? { kinds: n.kinds } : {}),
          ...(n.categories ? { categories: n.categories } : {}),
        },
        needed: n.count,
      }));
  }
  return runCardFor(inc.hazard, inc.level, table);
}

function fetchList(ctx: RankContext, g: Group, k: number): void {
  const { ranked } = topK(ctx, g.incident.location, filterForSlot(g.slot), k + 1);
  g.complete = ranked.length <= k;
  g.nextS = g.complete ? Infinity : ranked[k]!.keyS;
  g.list = ranked.slice(0, k);
}

/** Cost of one unfilled position: more than any total of real ETAs can reach. */
const UNFILLED_S = 1e9;

export function assign(
  scenario: ScenarioLike,
  incidents: readonly AssignIncident[],
  opts: AssignOptions = {},
): AssignmentResult {
  const index = opts.index ?? unitIndexFor(scenario.units);
  const bases: readonly AviationBase[] = opts.includeAircraft === false ? [] : (scenario.bases ?? []);
  const ctx = makeContext(index, bases, opts);
  const table = opts.runCards ?? DEFAULT_RUN_CARDS;
  const objective = opts.objective ?? 'total';
  const seen = new Set<string>();
  for (const inc of incidents) {
    if (seen.has(inc.id)) throw new RangeError(`incident id "${inc.id}" appears twice`);
    seen.add(inc.id);
  }

  const groups: Group[] = [];
  incidents.forEach((incident, incidentIdx) => {
    for (const { slot, needed } of slotsFor(incident, table)) {
      groups.push({ incident, incidentIdx, slot, needed, list: [], complete: false, nextS: Infinity });
    }
  });
  const positions = groups.reduce((s, g) => s + g.needed, 0);

  // Candidate lists start a little longer than the slot's own need; the optimality check below
  // widens the ones that matter.
  for (const g of groups) fetchList(ctx, g, Math.min(positions, g.needed + 4));

  let rounds = 0;
  let solved: Solved;
  for (;;) {
    rounds++;
    solved = solveGroups(groups, positions, null);
    // Dual check: a position's potential above the cost of the best unlisted resource means
    // that resource might improve the plan; widen that list and solve again.
    let widened = false;
    for (const [gi, g] of groups.entries()) {
      // A list as long as the number of positions is always enough: at most positions − 1 of
      // its resources can be taken elsewhere, so one listed resource at least as fast as any
      // unlisted one is always free.
      if (g.complete || g.list.length >= positions) continue;
      if (solved.maxRowPotByGroup[gi]! > g.nextS + 1e-6) {
        fetchList(ctx, g, Math.min(Math.max(g.list.length * 2, 8), positions));
        widened = true;
      }
    }
    if (!widened) break;
  }

  if (objective === 'worst' && solved.filled > 0) {
    solved = minimiseWorst(ctx, groups, positions, solved);
  }

  const optimal = toPlan(groups, solved.pick);
  const greedy = toPlan(groups, greedyPick(ctx, groups, incidents));
  return {
    objective,
    rankBy: ctx.rankBy,
    optimal,
    greedy,
    saved: {
      totalEtaMinutes: greedy.totals.totalEtaMinutes - optimal.totals.totalEtaMinutes,
      worstEtaMinutes:
        greedy.totals.worstEtaMinutes !== null && optimal.totals.worstEtaMinutes !== null
          ? greedy.totals.worstEtaMinutes - optimal.totals.worstEtaMinutes
          : null,
      positionsFilled: optimal.totals.filled - greedy.totals.filled,
    },
    solver: { rounds, candidateEdges: solved.edges, positions },
  };
}

interface Solved {
  /** For each group, the resources picked (best ETA first). */
  pick: Ranked[][];
  filled: number;
  maxRowPotByGroup: Float64Array;
  edges: number;
}

/** Build the sparse problem from the groups' lists (edges above `capS` left out) and solve it. */
function solveGroups(groups: readonly Group[], positions: number, capS: number | null): Solved {
  // Columns are resources (by id); the same resource has a different ETA for each incident, so
  // each edge keeps its own ranked entry.
  const colOf = new Map<string, number>();
  let real = 0;
  const edgeItem: (Ranked | null)[] = [];
  const rowGroup = new Int32Array(positions);
  const edgeStart = new Int32Array(positions + 1);
  const cols: number[] = [];
  const costs: number[] = [];
  let row = 0;
  for (const [gi, g] of groups.entries()) {
    for (let k = 0; k < g.needed; k++) {
      rowGroup[row] = gi;
      edgeStart[row] = cols.length;
      for (const r of g.list) {
        if (capS !== null && r.keyS > capS) continue;
        let c = colOf.get(r.id);
        if (c === undefined) {
          c = real++;
          colOf.set(r.id, c);
        }
        cols.push(c);
        costs.push(r.keyS);
        edgeItem.push(r);
      }
      cols.push(-1 - row); // the row's private "unfilled" column, numbered below
      costs.push(UNFILLED_S);
      edgeItem.push(null);
      row++;
    }
  }
  edgeStart[positions] = cols.length;
  const edgeCol = Int32Array.from(cols, (c) => (c >= 0 ? c : real + (-1 - c)));
  const sol = solveSparseAssignment({
    rows: positions,
    cols: real + positions,
    edgeStart,
    edgeCol,
    edgeCost: Float64Array.from(costs),
  });
  const pick: Ranked[][] = groups.map(() => []);
  const maxRowPotByGroup = new Float64Array(groups.length).fill(-Infinity);
  let filled = 0;
  for (let r = 0; r < positions; r++) {
    const gi = rowGroup[r]!;
    maxRowPotByGroup[gi] = Math.max(maxRowPotByGroup[gi]!, sol.rowPot[r]!);
    const c = sol.rowCol[r]!;
    if (c < real) {
      for (let e = edgeStart[r]!; e < edgeStart[r + 1]!; e++) {
        if (edgeCol[e] === c) {
          pick[gi]!.push(edgeItem[e]!);
          break;
        }
      }
      filled++;
    }
  }
  for (const p of pick) p.sort((a, b) => a.keyS - b.keyS || (a.id < b.id ? -1 : 1));
  return { pick, filled, maxRowPotByGroup, edges: cols.length };
}

/**
 * Objective 'worst': the smallest cap on any single ETA that still fills as many positions as the
 * total-optimal plan, then the least total under that cap. The cap is found by binary search over
 * the candidate ETAs, with a plain augmenting-path matching as the feasibility test.
 */
function minimiseWorst(ctx: RankContext, groups: Group[], positions: number, solved: Solved): Solved {
  let upper = 0;
  for (const p of solved.pick) for (const r of p) upper = Math.max(upper, r.keyS);
  // Lists must hold every resource within the current worst ETA for the search to be exact.
  for (const g of groups) {
    while (!g.complete && g.nextS <= upper) fetchList(ctx, g, Math.max(g.list.length * 2, 8));
  }
  const etas = [...new Set(groups.flatMap((g) => g.list.map((r) => r.keyS)).filter((e) => e <= upper))].sort(
    (a, b) => a - b,
  );
  let lo = 0;
  let hi = etas.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (maxMatching(groups, positions, etas[mid]!) >= solved.filled) hi = mid;
    else lo = mid + 1;
  }
  const cap = etas[lo] ?? upper;
  const capped = solveGroups(groups, positions, cap);
  return { ...capped, maxRowPotByGroup: solved.maxRowPotByGroup };
}

function maxMatching(groups: readonly Group[], positions: number, capS: number): number {
  const adj: string[][] = [];
  for (const g of groups) {
    const ids = g.list.filter((r) => r.keyS <= capS).map((r) => r.id);
    for (let k = 0; k < g.needed; k++) adj.push(ids);
  }
  const owner = new Map<string, number>();
  let size = 0;
  for (let r = 0; r < positions; r++) {
    const seen = new Set<string>();
    const tryRow = (row: number): boolean => {
      for (const id of adj[row]!) {
        if (seen.has(id)) continue;
        seen.add(id);
        const o = owner.get(id);
        if (o === undefined || tryRow(o)) {
          owner.set(id, row);
          return true;
        }
      }
      return false;
    };
    if (tryRow(r)) size++;
  }
  return size;
}

/**
 * Greedy nearest-first: incidents by severity (level I first) then input order; each slot in run
 * card order takes the best-ETA resources still free. What a dispatcher does by hand.
 */
function greedyPick(
  ctx: RankContext,
  groups: readonly Group[],
  incidents: readonly AssignIncident[],
): Ranked[][] {
  const order = incidents
    .map((inc, i) => ({ i, sev: levelSeverity(inc.level) }))
    .sort((a, b) => b.sev - a.sev || a.i - b.i);
  const used = new Set<string>();
  const pick: Ranked[][] = groups.map(() => []);
  for (const { i } of order) {
    groups.forEach((g, gi) => {
      if (g.incidentIdx !== i) return;
      const { ranked } = topK(ctx, g.incident.location, filterForSlot(g.slot), g.needed, used);
      for (const r of ranked) used.add(r.id);
      pick[gi] = ranked;
    });
  }
  return pick;
}

function toPlan(groups: readonly Group[], pick: readonly Ranked[][]): AssignmentPlan {
  const byIncident = new Map<string, IncidentAssignment>();
  let filled = 0;
  let total = 0;
  let worst = -Infinity;
  let positions = 0;
  let onStale = 0;
  groups.forEach((g, gi) => {
    let ia = byIncident.get(g.incident.id);
    if (!ia) {
      ia = {
        id: g.incident.id,
        hazard: g.incident.hazard,
        level: g.incident.level,
        location: [g.incident.location[0], g.incident.location[1]],
        slots: [],
        lastArrivalMinutes: null,
      };
      byIncident.set(g.incident.id, ia);
    }
    const assigned = pick[gi]!.map((r): AssignedResource => ({
      resource: r.resource,
      id: r.id,
      name: r.resource === 'unit' ? r.unit.name : r.entry.aircraft.callsign,
      etaMinutes: r.etaS / 60,
      worstCaseEtaMinutes: r.etaHighS / 60,
      distanceKm: r.distanceM / 1000,
      fix:
        r.resource === 'unit'
          ? {
              ageMinutes: r.fix.ageS / 60,
              confidence: r.fix.confidence,
              stale: !(r.fix.ageS <= STALE_FIX_MINUTES * 60),
            }
          : null,
    }));
    positions += g.needed;
    for (const a of assigned) {
      filled++;
      if (a.fix?.stale) onStale++;
      total += a.etaMinutes;
      worst = Math.max(worst, a.etaMinutes);
      ia.lastArrivalMinutes =
        ia.lastArrivalMinutes === null ? a.etaMinutes : Math.max(ia.lastArrivalMinutes, a.etaMinutes);
    }
    ia.slots.push({
      role: g.slot.role,
      anyOf: [...g.slot.anyOf],
      needed: g.needed,
      assigned,
      missing: g.needed - assigned.length,
    });
  });
  return {
    incidents: [...byIncident.values()],
    totals: {
      positions,
      filled,
      unfilled: positions - filled,
      totalEtaMinutes: total,
      worstEtaMinutes: filled ? worst : null,
      meanEtaMinutes: filled ? total / filled : null,
      onStaleFixes: onStale,
    },
  };
}
