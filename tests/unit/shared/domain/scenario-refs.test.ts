import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenarioText } from '../../../../src/shared/domain';
import { DEMO_SCENARIO } from '../../../support/tmp';

describe('scenario references', () => {
  it('refuses an assignment to an incident or resource that is not in the file, naming where', () => {
    const doc = JSON.parse(readFileSync(DEMO_SCENARIO, 'utf8'));
    doc.assignments[0].incidentId = 'inc-nowhere';
    doc.assignments[1].resourceId = 'unit-nowhere';
    const r = loadScenarioText(JSON.stringify(doc, null, 2), 'x.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.problems.map((p) => p.path)).toEqual([
      'assignments[0].incidentId',
      'assignments[1].resourceId',
    ]);
    expect(r.error.message).toMatch(/no incident with id "inc-nowhere"/);
    expect(r.error.problems[0]!.line).toBeGreaterThan(1);
  });
});
