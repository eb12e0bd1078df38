import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlanLibrary, planLevelFor, HAZARD_TYPES } from '../../../../src/shared/domain';
import { REPO_ROOT } from '../../../support/tmp';

const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'assets', 'plans', 'shanxi-demo-plans.json'), 'utf8'));

describe('the response-plan library format', () => {
  it('the shipped demo set validates, is marked demo, and gives every plan all four incident levels', () => {
    const lib = PlanLibrary.parse(demo);
    expect(lib.demo).toBe(true);
    expect(lib.name).toMatch(/演示/);
    expect(lib.plans.length).toBeGreaterThanOrEqual(6);
    for (const p of lib.plans)
      expect(p.levels.map((l) => l.incidentLevel).sort()).toEqual(['I', 'II', 'III', 'IV']);
    const covered = new Set(lib.plans.flatMap((p) => p.hazards));
    for (const h of ['flood', 'landslide', 'earthquake', 'forest_fire', 'mine_accident', 'hazmat'] as const)
      expect(covered.has(h)).toBe(true);
    expect(HAZARD_TYPES.length).toBeGreaterThan(covered.size);
  });

  it('refuses a bad library naming the path: a duplicate task id, an unknown hazard, a repeated level', () => {
    const bad = (mutate: (l: typeof demo) => void) => {
      const copy = structuredClone(demo);
      mutate(copy);
      const r = PlanLibrary.safeParse(copy);
      expect(r.success).toBe(false);
      return r.error!.issues[0]!;
    };
    expect(bad((l) => (l.plans[0].levels[0].tasks[1].id = l.plans[0].levels[0].tasks[0].id)).path).toEqual([
      'plans',
      0,
      'levels',
      0,
      'tasks',
    ]);
    expect(bad((l) => (l.plans[1].hazards = ['tsunami'])).path).toEqual(['plans', 1, 'hazards', 0]);
    expect(bad((l) => (l.plans[2].levels[1].incidentLevel = 'I')).path).toEqual(['plans', 2, 'levels']);
    expect(bad((l) => (l.format = 'other')).path).toEqual(['format']);
    expect(bad((l) => (l.plans[0].__proto__extra = 1)).message).toMatch(/Unrecognized key/);
  });

  it('picks the incident level’s row, else the nearest (the less severe on a tie)', () => {
    const plan = PlanLibrary.parse(demo).plans[0]!;
    expect(planLevelFor(plan, 'II').incidentLevel).toBe('II');
    const partial = {
      levels: plan.levels.filter((l) => l.incidentLevel === 'I' || l.incidentLevel === 'III'),
    };
    expect(planLevelFor(partial, 'II').incidentLevel).toBe('III');
    expect(planLevelFor(partial, 'IV').incidentLevel).toBe('III');
  });
});
