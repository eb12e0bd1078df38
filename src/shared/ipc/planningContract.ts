import * as z from 'zod';
import { HazardType, Id, LngLat, TimelineEntry } from '../domain';
import type { AssignPlanning, Commitment, SupplyPlanning } from '../planning/plans';
import type { MoveUpResult } from '../dispatch/moveUp';
import type { SiteGain } from '../dispatch/coveragePlanning';
import type { WeightedGain } from '../planning/siting';

/** Chosen by the console, to match `planning:progress` pushes and to cancel. */
const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** The long planning steps, in order (pushed as `planning:progress`). */
export const PLANNING_PHASES = ['grid', 'coverage', 'evaluate', 'done'] as const;
export type PlanningPhase = (typeof PLANNING_PHASES)[number];
export interface PlanningProgress {
  jobId: string;
  tool: 'move_up' | 'siting';
  phase: PlanningPhase;
  /** Candidates (siting) or steps (move-up) done, of `total`. */
  done: number;
  total: number;
  /** The whole job, 0–100, never going down. */
  percent: number;
}

/** Where a long step stood: its answer, or that it was cancelled (nothing of it is kept). */
export type PlanningJob<T> = ({ status: 'done' } & T) | { status: 'cancelled' };

export interface MoveUpPlanning {
  nowIso: string;
  /** The hazard whose aircraft count (null: every rescue-capable aircraft). */
  hazard: string | null;
  jobId: string;
  /** The aircraft the move-up counts as committed (the picture's, and the officer's what-ifs). */
  commitments: Commitment[];
  result: MoveUpResult;
  /** Base positions, for the map's arrows. */
  bases: { id: string; name: string; location: [number, number] }[];
}

export interface SitingPlanning {
  nowIso: string;
  /** What was weighed: the one site chosen, the county seats, or a lattice over the province. */
  search: 'site' | 'county_seats' | 'lattice';
  candidates: number;
  minutes: number;
  coveredFractionBefore: number;
  coveredAreaKm2Before: number;
  totalAreaKm2: number;
  /** The chosen site, or the best of the search. */
  site: SiteGain | null;
  /** The next best of a search (at most 10, the best first). */
  ranked: SiteGain[];
  /** Coverage weighted by the pack's hazard zones before and after the site; null without zones. */
  weighted: WeightedGain | null;
  /** The what-if aircraft's reach within the threshold, km (the circle drawn on the map). */
  reachKm: number;
}

/**
 * The planning channels (docs/dispatch.md, "Planning tools"): everything is computed in main over
 * the store's picture and the map pack in use, offline. Supply and assignment answer at once; the
 * move-up and siting are long steps with `planning:progress` and `planning:cancel`. Proposals
 * travel by the dispatch path (`assignment:propose`); what has no such path (a shipment from a
 * depot, an aircraft's reposition) is recorded in the incident's timeline by the signed-in officer.
 */
export const planningChannels = {
  'planning:supply': {
    request: z.object({ incidentId: Id.optional() }).strict(),
    response: z.custom<SupplyPlanning>(),
  },
  'planning:assign': {
    request: z.object({ objective: z.enum(['total', 'worst']).optional() }).strict(),
    response: z.custom<AssignPlanning>(),
  },
  'planning:moveUp': {
    request: z
      .object({
        jobId: JobId,
        /** Aircraft to count as committed besides those the picture commits (what-if). */
        extraCommit: z.array(Id).max(50).optional(),
        /** The officer allows moving forest-aviation station aircraft in the fire season. */
        moveForestAircraft: z.boolean().optional(),
        /** Coverage for this hazard's aircraft (forest fire: bucket helicopters); none: every rescue aircraft. */
        hazard: HazardType.nullable().optional(),
      })
      .strict(),
    response: z.custom<PlanningJob<MoveUpPlanning>>(),
  },
  'planning:siting': {
    request: z
      .object({
        jobId: JobId,
        /** One site to weigh (what-if), or a search. */
        site: LngLat.optional(),
        search: z.enum(['county_seats', 'lattice']).optional(),
        /** Lattice spacing, km (default 10). */
        spacingKm: z.number().min(3).max(100).optional(),
      })
      .strict()
      .refine((r) => (r.site === undefined) !== (r.search === undefined), {
        message: 'give either site or search',
      }),
    response: z.custom<PlanningJob<SitingPlanning>>(),
  },
  'planning:cancel': {
    request: z.object({ jobId: JobId }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  /** Record the supply plan for an incident, as computed now, in its timeline (who and when). */
  'planning:recordSupply': {
    request: z
      .object({
        incidentId: Id,
        text: z.string().max(2000),
        /** The view planned all open incidents together (each draws on what the earlier left). */
        all: z.boolean().optional(),
      })
      .strict(),
    response: z.object({ entry: TimelineEntry }),
  },
  /** Record the moves of a finished move-up (by its job) in the timeline of each incident it serves. */
  'planning:recordMoveUp': {
    request: z.object({ jobId: JobId, text: z.string().max(2000) }).strict(),
    response: z.object({ entries: z.array(TimelineEntry) }),
  },
} as const;
