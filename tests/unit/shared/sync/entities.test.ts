import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { openDatabase, type Db } from '../../../../src/main/db/open';
import { ENTITY_TABLES, tableOf } from '../../../../src/main/db/repositories/tables';
import { getRecord, putRecord } from '../../../../src/main/db/repositories/records';
import {
  ENTITIES,
  ENTITY_TYPES,
  scenarioRecords,
  type EntityRecord,
  type EntityType,
} from '../../../../src/shared/sync/entities';
import { isTrackField } from '../../../../src/shared/sync/merge';
import { fieldsProblem, recordProblem, validatesByField } from '../../../../src/shared/sync/records';
import { EntityType as EntityTypeSchema } from '../../../../src/shared/sync/ops';
import { loadScenarioText, type Scenario } from '../../../../src/shared/domain';
import { DEMO_SCENARIO, tempDir } from '../../../support/tmp';

const demo = (): Scenario => {
  const r = loadScenarioText(readFileSync(DEMO_SCENARIO, 'utf8'));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

let t: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  t = tempDir();
  db = openDatabase(join(t.dir, 's.sqlite'));
});
afterEach(() => {
  db.close();
  t.cleanup();
});

describe('the entity registry', () => {
  it('names every type once, and the wire schema accepts exactly those', () => {
    expect(new Set(ENTITY_TYPES).size).toBe(ENTITY_TYPES.length);
    expect(Object.keys(ENTITIES).sort()).toEqual([...ENTITY_TYPES].sort());
    for (const e of ENTITY_TYPES) expect(EntityTypeSchema.safeParse(e).success).toBe(true);
    expect(EntityTypeSchema.safeParse('person').success).toBe(false);
  });

  it('gives every type a table that the migrations created, holding records of that type', () => {
    expect(Object.keys(ENTITY_TABLES).sort()).toEqual([...ENTITY_TYPES].sort());
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    for (const e of ENTITY_TYPES) {
      expect(tableOf(e).entity, e).toBe(e);
      expect(tables.has(tableOf(e).table), `${e} → table ${tableOf(e).table}`).toBe(true);
    }
  });

  it('turns a scenario into records that the registry validates and the store keeps as given', () => {
    const s = demo();
    const records = scenarioRecords(s);
    const count = (e: EntityType) => records.filter((r) => r.entity === e).length;
    expect(count('incident')).toBe(s.incidents.length);
    expect(count('unit')).toBe(s.units.length);
    expect(count('base')).toBe(s.bases.length);
    expect(count('aircraft')).toBe(s.bases.reduce((n, b) => n + b.aircraft.length, 0));
    expect(count('depot')).toBe(s.depots.length);
    expect(count('assignment')).toBe(s.assignments.length);
    for (const r of records) {
      expect(recordProblem(r.entity, r.fields), `${r.entity} ${r.id}`).toBeNull();
      const stored = putRecord(db, tableOf(r.entity), r.fields as EntityRecord<EntityType>);
      expect(getRecord(db, tableOf(r.entity), r.id)).toEqual(stored);
    }
    // A base travels without its aircraft; each aircraft names its base.
    const base = records.find((r) => r.entity === 'base')!;
    expect(base.fields).not.toHaveProperty('aircraft');
    const aircraft = records.find((r) => r.entity === 'aircraft')!;
    expect(s.bases.find((b) => b.id === aircraft.fields.baseId)).toBeDefined();
  });

  it('refuses a record of the wrong shape with a message naming the field, and stores nothing', () => {
    const unit = scenarioRecords(demo()).find((r) => r.entity === 'unit')!;
    const bad = { ...unit.fields, headcount: -3 };
    expect(recordProblem('unit', bad)).toMatch(/^unit field headcount: /);
    expect(() => putRecord(db, tableOf('unit'), bad as EntityRecord<'unit'>)).toThrow(/headcount/);
    expect(getRecord(db, tableOf('unit'), unit.id)).toBeNull();
  });

  it('validates by field only the types without rules across fields', () => {
    expect(validatesByField('unit')).toBe(true);
    expect(validatesByField('depot')).toBe(false);
    expect(validatesByField('timeline')).toBe(false);
    expect(fieldsProblem('unit', { nonsense: 1 })).toBe('unit has no field "nonsense"');
    // A depot change is checked whole (no item twice), so the per-field check has nothing to say.
    expect(fieldsProblem('depot', { nonsense: 1 })).toBeNull();
  });

  it('marks track fields per type: a unit position is a fix, an incident location is not', () => {
    expect(isTrackField('unit', 'position')).toBe(true);
    expect(isTrackField('unit', 'positionFixAt')).toBe(true);
    expect(isTrackField('unit', 'status')).toBe(false);
    expect(isTrackField('incident', 'location')).toBe(false);
    expect(isTrackField('aircraft', 'position')).toBe(false);
  });
});
