import * as z from 'zod';
import { Incident } from './incident';
import { RescueUnit } from './unit';
import { AviationBase } from './aviation';
import { SupplyDepot } from './supply';
import { Assignment } from './assignment';

export const SCENARIO_SCHEMA_VERSION = 1;

/**
 * A scenario: the whole operational picture in one JSON document (docs/scenario-schema.md).
 * Loaded into the store at first start, fed to the dispatch CLI, exchanged between installs.
 */
export const Scenario = z
  .object({
    schemaVersion: z.literal(SCENARIO_SCHEMA_VERSION),
    name: z.string().min(1).max(200),
    description: z.string().max(4000).default(''),
    /** True when the content is invented for demonstration; the UI says so. */
    demo: z.boolean().default(false),
    incidents: z.array(Incident).default([]),
    units: z.array(RescueUnit).default([]),
    bases: z.array(AviationBase).default([]),
    depots: z.array(SupplyDepot).default([]),
    assignments: z.array(Assignment).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    const ids = new Map<string, string>();
    const check = (id: string, path: (string | number)[]) => {
      const prev = ids.get(id);
      if (prev)
        ctx.addIssue({ code: 'custom', path, message: `duplicate id "${id}" (first used at ${prev})` });
      else ids.set(id, path.join('.'));
    };
    s.incidents.forEach((x, i) => check(x.id, ['incidents', i, 'id']));
    s.units.forEach((x, i) => check(x.id, ['units', i, 'id']));
    s.bases.forEach((b, i) => {
      check(b.id, ['bases', i, 'id']);
      b.aircraft.forEach((a, j) => check(a.id, ['bases', i, 'aircraft', j, 'id']));
    });
    s.depots.forEach((x, i) => check(x.id, ['depots', i, 'id']));
    s.assignments.forEach((x, i) => check(x.id, ['assignments', i, 'id']));
    // Assignments must point at records in the same file.
    const incidents = new Set(s.incidents.map((x) => x.id));
    const units = new Set(s.units.map((x) => x.id));
    const aircraft = new Set(s.bases.flatMap((b) => b.aircraft.map((a) => a.id)));
    s.assignments.forEach((a, i) => {
      if (!incidents.has(a.incidentId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['assignments', i, 'incidentId'],
          message: `no incident with id "${a.incidentId}" in this file`,
        });
      }
      const pool = a.resourceKind === 'unit' ? units : aircraft;
      if (!pool.has(a.resourceId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['assignments', i, 'resourceId'],
          message: `no ${a.resourceKind} with id "${a.resourceId}" in this file`,
        });
      }
    });
  });
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
