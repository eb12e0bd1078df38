import * as z from 'zod';
import { HazardType, RESPONSE_LEVELS, ResponseLevel } from './hazard';
import { Id, Instant } from './primitives';
import { Person } from './timeline';

/**
 * 预案 (response plans, docs/duty-desk.md §Response plans): for a hazard and an incident level, the
 * response level to start (I–IV), the lead organisation, the member organisations and the task
 * checklist. A plan library is data: a JSON file (`jinying-response-plans`, version 1), validated
 * and imported; each plan becomes a synced `response_plan` record, so every console uses the same.
 */

const Org = z.string().trim().min(1).max(100);

export const PlanTask = z
  .object({
    /** Stable within the plan: a started response tracks its tasks by it. */
    id: z
      .string()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a task id may hold only letters, digits, "-", "_", "."'),
    text: z.string().trim().min(1).max(300),
    /** The organisation the plan gives it to (责任单位). */
    owner: Org,
  })
  .strict();
export type PlanTask = z.infer<typeof PlanTask>;

/** One row of a plan: what an incident of this level starts. */
export const PlanLevel = z
  .object({
    incidentLevel: ResponseLevel,
    responseLevel: ResponseLevel,
    /** 牵头单位. */
    lead: Org,
    /** 成员单位. */
    members: z.array(Org).max(60).default([]),
    tasks: z
      .array(PlanTask)
      .min(1)
      .max(100)
      .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, 'task ids must be unique in a level'),
  })
  .strict();
export type PlanLevel = z.infer<typeof PlanLevel>;

/** A plan as the library file writes it. */
export const ResponsePlanInput = z
  .object({
    id: Id,
    name: z.string().trim().min(1).max(200),
    hazards: z.array(HazardType).min(1).max(20),
    /** Who issued it (发布单位) and its version or date, as printed on the plan. */
    issuer: z.string().trim().max(200).default(''),
    version: z.string().trim().max(40).default(''),
    levels: z
      .array(PlanLevel)
      .min(1)
      .max(4)
      .refine(
        (ls) => new Set(ls.map((l) => l.incidentLevel)).size === ls.length,
        'each incident level appears at most once in a plan',
      ),
  })
  .strict();
export type ResponsePlanInput = z.infer<typeof ResponsePlanInput>;

export const PLAN_LIBRARY_FORMAT = 'jinying-response-plans';

/** A plan library file. `demo: true` marks illustrative plans that are not a province's real ones. */
export const PlanLibrary = z
  .object({
    format: z.literal(PLAN_LIBRARY_FORMAT),
    version: z.literal(1),
    name: z.string().trim().min(1).max(200),
    demo: z.boolean(),
    plans: z
      .array(ResponsePlanInput)
      .min(1)
      .max(200)
      .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'plan ids must be unique'),
  })
  .strict();
export type PlanLibrary = z.infer<typeof PlanLibrary>;

/** A plan as it replicates: the file's plan, its library's name and demo mark, who imported it and when. */
export const ResponsePlan = ResponsePlanInput.extend({
  library: z.string().trim().min(1).max(200),
  demo: z.boolean(),
  by: Person,
  at: Instant,
}).strict();
export type ResponsePlan = z.infer<typeof ResponsePlan>;

/**
 * The plan's row for an incident level: that level's, else the nearest level's (on a tie, the less
 * severe one: a duty officer raises a response, the plan does not do it for them).
 */
export function planLevelFor(plan: Pick<ResponsePlan, 'levels'>, incidentLevel: ResponseLevel): PlanLevel {
  const rank = (l: ResponseLevel) => RESPONSE_LEVELS.indexOf(l);
  const want = rank(incidentLevel);
  const distance = (l: PlanLevel) => Math.abs(rank(l.incidentLevel) - want);
  return [...plan.levels].sort(
    (a, b) => distance(a) - distance(b) || rank(b.incidentLevel) - rank(a.incidentLevel),
  )[0]!;
}
