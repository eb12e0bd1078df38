/**
 * docs/scenario-schema.md stays true to the code: its examples load, and every field and every
 * allowed value of the schemas is documented.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  Aircraft,
  AIRCRAFT_CATEGORIES,
  AIRCRAFT_STATUSES,
  Assignment,
  ASSIGNMENT_STATUSES,
  AviationBase,
  BASE_KINDS,
  CAPABILITIES,
  DEPOT_LEVELS,
  HAZARD_TYPES,
  Incident,
  INCIDENT_STATUSES,
  loadScenarioText,
  RescueUnit,
  RESPONSE_LEVELS,
  Scenario,
  StockItem,
  SUPPLY_ITEMS,
  SupplyDepot,
  UNIT_KINDS,
  UNIT_STATUSES,
} from '../../../../src/shared/domain';
import { REPO_ROOT as ROOT } from '../../../support/tmp';

const DOC = readFileSync(path.join(ROOT, 'docs/scenario-schema.md'), 'utf8');

/** The doc section that starts at heading `## title` / `### title`, up to the next heading. */
function section(title: string): string {
  const start = DOC.search(new RegExp(`^#{2,3} ${title}$`, 'm'));
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const rest = DOC.slice(DOC.indexOf('\n', start) + 1);
  const end = rest.search(/^#{2,3} /m);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('docs/scenario-schema.md', () => {
  it('has examples that load', () => {
    const blocks = [...DOC.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const [i, text] of blocks.entries()) {
      const r = loadScenarioText(text, `example ${i + 1}`);
      expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    }
  });

  it('documents every field of every record, in its own section', () => {
    const sections: [string, z.ZodObject][] = [
      ['Top level — `Scenario`', Scenario as unknown as z.ZodObject],
      ['Incident', Incident],
      ['RescueUnit', RescueUnit],
      ['AviationBase', AviationBase],
      ['Aircraft', Aircraft],
      ['SupplyDepot', SupplyDepot as unknown as z.ZodObject],
      ['StockItem', StockItem],
      ['Assignment', Assignment],
    ];
    for (const [title, schema] of sections) {
      const text = section(title);
      for (const field of Object.keys(schema.shape))
        expect(text, `${title}.${field}`).toMatch(new RegExp(`^\\|\\s*\`${field}\`\\s*\\|`, 'm'));
    }
  });

  it('lists every allowed value of every enum', () => {
    const enums = {
      HAZARD_TYPES,
      RESPONSE_LEVELS,
      INCIDENT_STATUSES,
      UNIT_KINDS,
      CAPABILITIES,
      UNIT_STATUSES,
      AIRCRAFT_CATEGORIES,
      AIRCRAFT_STATUSES,
      BASE_KINDS,
      DEPOT_LEVELS,
      SUPPLY_ITEMS,
      ASSIGNMENT_STATUSES,
    };
    for (const [name, values] of Object.entries(enums)) {
      for (const v of values) expect(DOC, `${name}: ${v}`).toContain(`\`${v}\``);
    }
  });
});
