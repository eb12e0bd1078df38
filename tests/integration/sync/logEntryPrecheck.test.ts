import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isLogEntry } from '../../../src/shared/sync/logEntryPrecheck';
import { LogEntry } from '../../../src/shared/sync/protocol';
import { parseFields } from '../../../src/shared/sync/records';
import { Incident } from '../../../src/shared/domain';

/**
 * The client's hand-written log-entry check must be sound against the zod schema: it may refuse
 * what zod accepts (zod then decides), never accept what zod refuses.
 */
const good = {
  seq: 7,
  at: '2026-11-29T10:00:00.000Z',
  op: {
    opId: 'c1:3',
    clientId: 'c1',
    seq: 3,
    hlc: '001764410000000-000001-c1',
    entity: 'incident',
    entityId: 'inc-1',
    kind: 'upsert',
    fields: { affected: 3, description: 'x' },
    priority: 1,
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutating test fixtures freely
type Loose = any;
const mutations: [string, (e: Loose) => void][] = [
  ['extra entry key', (e) => (e.extra = 1)],
  ['missing at', (e) => delete e.at],
  ['seq 0', (e) => (e.seq = 0)],
  ['seq fraction', (e) => (e.seq = 1.5)],
  ['seq string', (e) => (e.seq = '7')],
  ['at too long', (e) => (e.at = 'x'.repeat(41))],
  ['op null', (e) => (e.op = null)],
  ['op array', (e) => (e.op = [])],
  ['extra op key', (e) => (e.op.x = 1)],
  ['missing priority', (e) => delete e.op.priority],
  ['priority 4', (e) => (e.op.priority = 4)],
  ['bad hlc', (e) => (e.op.hlc = '1-2-c1')],
  ['bad entity', (e) => (e.op.entity = 'user')],
  ['bad kind', (e) => (e.op.kind = 'drop')],
  ['bad entity id', (e) => (e.op.entityId = '-x')],
  ['empty client id', (e) => (e.op.clientId = '')],
  ['opId mismatch', (e) => (e.op.opId = 'c1:4')],
  ['fields array', (e) => (e.op.fields = [1])],
  ['fields null', (e) => (e.op.fields = null)],
  ['long field name', (e) => (e.op.fields = { ['f'.repeat(65)]: 1 })],
  ['opId too short', (e) => (e.op.opId = 'c1')],
];

describe('isLogEntry (fast check of log entries)', () => {
  it('accepts a valid entry, and agrees with zod on it', () => {
    expect(isLogEntry(good)).toBe(true);
    expect(LogEntry.safeParse(good).success).toBe(true);
  });

  it.each(mutations)('refuses: %s (and zod refuses it too)', (_name, mutate) => {
    const e = structuredClone(good);
    mutate(e);
    expect(isLogEntry(e)).toBe(false);
    expect(LogEntry.safeParse(e).success).toBe(false);
  });

  it('never accepts what zod refuses (random entries)', () => {
    const id = fc.oneof(
      fc.constantFrom('c1', 'inc-1', 'a.b:c_d', '', '-x', 'x'.repeat(65)),
      fc.string({ maxLength: 5 }),
    );
    const entry = fc.record({
      seq: fc.oneof(fc.integer({ min: -2, max: 10 }), fc.double(), fc.constant('1')),
      at: fc.string({ maxLength: 45 }),
      op: fc.record({
        opId: fc.oneof(fc.constant('c1:3'), fc.string({ maxLength: 6 })),
        clientId: id,
        seq: fc.oneof(fc.constant(3), fc.integer({ min: -1, max: 4 })),
        hlc: fc.constantFrom('001764410000000-000001-c1', '1-1-c1', ''),
        entity: fc.constantFrom('incident', 'unit', 'user'),
        entityId: id,
        kind: fc.constantFrom('upsert', 'track', 'nope'),
        fields: fc.oneof(
          fc.dictionary(fc.string({ maxLength: 70 }), fc.jsonValue(), { maxKeys: 3 }),
          fc.constant(null),
          fc.array(fc.integer()),
        ),
        priority: fc.integer({ min: -1, max: 4 }),
      }),
    });
    fc.assert(
      fc.property(entry, (e) => {
        if (isLogEntry(e)) expect(LogEntry.safeParse(e).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseFields (changes to a stored record, validated field by field)', () => {
  const incident = Incident.parse({
    id: 'inc-1',
    title: '事故',
    hazard: 'fire',
    level: 'IV',
    status: 'reported',
    location: [112.5, 37.8],
    reporter: { name: '值班员' },
    reportedAt: '2026-11-29T10:00:00.000Z',
    updatedAt: '2026-11-29T10:00:00.000Z',
  }) as Record<string, unknown>;

  it('gives the same record as a whole-record parse (defaults filled)', () => {
    const changed = { ...incident, affected: 12, casualties: { dead: 1 } };
    const parsed = parseFields('incident', changed, ['affected', 'casualties']);
    expect({ ...changed, ...parsed }).toEqual(Incident.parse(changed));
  });

  it('says null (validate whole) for an invalid or unknown field, and for depots', () => {
    expect(parseFields('incident', { ...incident, affected: -1 }, ['affected'])).toBeNull();
    expect(parseFields('incident', { ...incident, bogus: 1 }, ['bogus'])).toBeNull();
    expect(parseFields('incident', { ...incident }, ['__proto__'])).toBeNull();
    expect(parseFields('depot', { id: 'd' }, ['id'])).toBeNull();
  });
});
