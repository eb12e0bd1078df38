import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatHlc, HlcClock } from '../../../../src/shared/sync/hlc';
import {
  isConcurrentOverwrite,
  mergeWrites,
  writesOfOp,
  type EntityState,
} from '../../../../src/shared/sync/merge';
import { forbiddenReason } from '../../../../src/shared/sync/roles';
import type { EntityType, Op } from '../../../../src/shared/sync/ops';

const hlc = (ms: number, c: number, node: string) => formatHlc({ wallMs: ms, counter: c, node });

type W = { kind: 'upsert' | 'track' | 'delete'; fields: Record<string, unknown>; hlc: string };

function fold(entity: EntityType, writes: readonly W[]): EntityState | null {
  let s: EntityState | null = null;
  for (const w of writes) s = mergeWrites(entity, s, writesOfOp(w)).state;
  return s;
}

const node = fc.constantFrom('a', 'b', 'c');
const write = fc.record({
  ms: fc.integer({ min: 1, max: 50 }),
  c: fc.integer({ min: 0, max: 3 }),
  node,
  kind: fc.constantFrom('upsert', 'upsert', 'upsert', 'track', 'delete'),
  title: fc.constantFrom('甲', '乙', '丙'),
  status: fc.constantFrom('reported', 'verified', 'responding', 'contained', 'closed'),
  fix: fc.integer({ min: 0, max: 20 }),
  lng: fc.integer({ min: 100, max: 120 }),
});
// One op per HLC (a replica never has two different ops with the same HLC).
const ops = fc.uniqueArray(write, { selector: (w) => `${w.ms}-${w.c}-${w.node}`, maxLength: 12 }).map((ws) =>
  ws.map((w): W =>
    w.kind === 'delete'
      ? { kind: 'delete', fields: {}, hlc: hlc(w.ms, w.c, w.node) }
      : w.kind === 'track'
        ? {
            kind: 'track',
            fields: { position: [w.lng, 37], positionFixAt: new Date(w.fix * 1000).toISOString() },
            hlc: hlc(w.ms, w.c, w.node),
          }
        : { kind: 'upsert', fields: { title: w.title, status: w.status }, hlc: hlc(w.ms, w.c, w.node) },
  ),
);

describe('merge rules', () => {
  it('are order-independent and idempotent: any order, any repetition, same state', () => {
    fc.assert(
      fc.property(ops, fc.integer(), (ws, seed) => {
        for (const entity of ['incident', 'unit'] as const) {
          const a = fold(entity, ws);
          const shuffled = [...ws].sort(
            (x, y) =>
              ((x.hlc.charCodeAt(20) * 31 + seed) % 7) - ((y.hlc.charCodeAt(20) * 31 + seed) % 7) ||
              (x.hlc < y.hlc ? 1 : -1),
          );
          expect(fold(entity, shuffled)).toEqual(a);
          expect(fold(entity, [...ws, ...ws.slice(0, 3)])).toEqual(a);
        }
      }),
    );
  });

  it('keeps the later writer per field and reports what was overwritten', () => {
    const s1 = mergeWrites(
      'incident',
      null,
      writesOfOp({ kind: 'upsert', fields: { title: 'A', affected: 1 }, hlc: hlc(10, 0, 'a') }),
    ).state;
    const r = mergeWrites(
      'incident',
      s1,
      writesOfOp({ kind: 'upsert', fields: { title: 'B' }, hlc: hlc(20, 0, 'b') }),
    );
    expect(r.state.fields).toEqual({ title: 'B', affected: 1 });
    expect(r.overwritten).toEqual([
      { field: 'title', oldValue: 'A', oldHlc: hlc(10, 0, 'a'), newValue: 'B', newHlc: hlc(20, 0, 'b') },
    ]);
    const late = mergeWrites(
      'incident',
      r.state,
      writesOfOp({ kind: 'upsert', fields: { title: 'C' }, hlc: hlc(15, 0, 'c') }),
    );
    expect(late.state.fields.title).toBe('B');
    expect(late.discarded.map((d) => d.newValue)).toEqual(['C']);
  });

  it('moves incident status only forward, whatever the clocks', () => {
    const s = mergeWrites(
      'incident',
      null,
      writesOfOp({ kind: 'upsert', fields: { status: 'responding' }, hlc: hlc(10, 0, 'a') }),
    ).state;
    const back = mergeWrites(
      'incident',
      s,
      writesOfOp({ kind: 'upsert', fields: { status: 'verified' }, hlc: hlc(99, 0, 'b') }),
    );
    expect(back.state.fields.status).toBe('responding');
  });

  it('keeps the newest position fix, whatever the clocks', () => {
    const fix = (t: number) => new Date(t * 1000).toISOString();
    const s = mergeWrites(
      'unit',
      null,
      writesOfOp({
        kind: 'track',
        fields: { position: [1, 1], positionFixAt: fix(100) },
        hlc: hlc(10, 0, 'a'),
      }),
    ).state;
    const older = mergeWrites(
      'unit',
      s,
      writesOfOp({
        kind: 'track',
        fields: { position: [2, 2], positionFixAt: fix(50) },
        hlc: hlc(99, 0, 'b'),
      }),
    );
    expect(older.state.fields).toEqual({ position: [1, 1], positionFixAt: fix(100) });
  });

  it('a delete is final', () => {
    const s = mergeWrites(
      'incident',
      null,
      writesOfOp({ kind: 'delete', fields: {}, hlc: hlc(10, 0, 'a') }),
    ).state;
    const later = mergeWrites(
      'incident',
      s,
      writesOfOp({ kind: 'upsert', fields: { title: 'x' }, hlc: hlc(99, 0, 'b') }),
    );
    expect(later.state).toEqual({ fields: {}, clocks: {}, deletedHlc: hlc(10, 0, 'a') });
  });
});

describe('conflicts: concurrent vs sequential edits', () => {
  /** `knew`: every write its writer had applied when it wrote (the causal truth, kept beside). */
  type Write = {
    hlc: string;
    value: string;
    seen: Record<string, string> | undefined;
    knew: ReadonlySet<string>;
  };
  /**
   * Two replicas edit one field and deliver to each other in FIFO order, at random moments. Each
   * write carries `seen` (the clock of the value its writer held). Whenever a delivered write
   * replaces the receiver's own value, it is a conflict exactly when its writer had not received
   * that value when it wrote (the causal truth, tracked separately).
   */
  it('a replaced value is reported as a conflict exactly when its replacer had not seen it', () => {
    const step = fc.constantFrom('a-writes', 'b-writes', 'a-receives', 'b-receives');
    let total = 0;
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 30, maxLength: 30 }),
        (steps, gaps) => {
          let now = 1000;
          const replicas = {
            a: {
              clock: new HlcClock('a', () => now),
              state: null as EntityState | null,
              inbox: [] as Write[],
              received: new Set<string>(),
            },
            b: {
              clock: new HlcClock('b', () => now),
              state: null as EntityState | null,
              inbox: [] as Write[],
              received: new Set<string>(),
            },
          };
          let checked = 0;
          let sequential = 0;
          steps.forEach((st, i) => {
            now += gaps[i]!;
            const me = st[0] as 'a' | 'b';
            const r = replicas[me];
            const other = replicas[me === 'a' ? 'b' : 'a'];
            if (st.endsWith('writes')) {
              const had = r.state?.clocks.title;
              const w: Write = {
                hlc: r.clock.tick(),
                value: `${me}${i}`,
                seen: had ? { title: had } : undefined,
                knew: new Set(r.received),
              };
              r.state = mergeWrites(
                'incident',
                r.state,
                writesOfOp({ kind: 'upsert', fields: { title: w.value }, hlc: w.hlc }),
              ).state;
              r.received.add(w.hlc);
              other.inbox.push(w);
              return;
            }
            const w = r.inbox.shift();
            if (!w) return;
            r.clock.receive(w.hlc);
            const m = mergeWrites(
              'incident',
              r.state,
              writesOfOp({ kind: 'upsert', fields: { title: w.value }, hlc: w.hlc }),
            );
            for (const c of m.overwritten) {
              if (!c.oldHlc.endsWith(`-${me}`)) continue; // only our own values can be our conflicts
              expect(isConcurrentOverwrite(c, w.seen)).toBe(!w.knew.has(c.oldHlc));
              checked++;
              if (w.knew.has(c.oldHlc)) sequential++;
            }
            r.state = m.state;
            r.received.add(w.hlc);
          });
          total += sequential;
          return checked >= sequential;
        },
      ),
      { numRuns: 500 },
    );
    // Both kinds were met, many times.
    expect(total).toBeGreaterThan(5);
  });

  it('a write that names no clock for the field (an older client, or one that had no value) is concurrent', () => {
    expect(isConcurrentOverwrite({ field: 'title', oldHlc: hlc(5, 0, 'a') }, undefined)).toBe(true);
    expect(isConcurrentOverwrite({ field: 'title', oldHlc: hlc(5, 0, 'a') }, { level: hlc(5, 0, 'a') })).toBe(
      true,
    );
    expect(isConcurrentOverwrite({ field: 'title', oldHlc: hlc(5, 0, 'a') }, { title: hlc(4, 9, 'b') })).toBe(
      true,
    );
    expect(isConcurrentOverwrite({ field: 'title', oldHlc: hlc(5, 0, 'a') }, { title: hlc(5, 0, 'a') })).toBe(
      false,
    );
  });
});

describe('roles', () => {
  const op = (
    entity: Op['entity'],
    kind: Op['kind'],
    fields: Record<string, unknown> = {},
    entityId = 'x-1',
  ) => ({ entity, entityId, kind, fields });
  it.each([
    ['viewer', op('incident', 'upsert'), false],
    ['viewer', op('assignment', 'receipt'), false],
    ['field-commander', op('incident', 'upsert'), true],
    ['field-commander', op('incident', 'delete'), false],
    ['field-commander', op('depot', 'upsert'), false],
    ['field-commander', op('assignment', 'upsert', { status: 'released' }), false],
    ['duty-officer', op('assignment', 'upsert', { status: 'released' }), true],
    ['duty-officer', op('assignment', 'upsert', { status: 'accepted' }), false],
    ['duty-officer', op('assignment', 'upsert', { note: '改派' }), true],
    ['duty-officer', op('assignment', 'upsert', { rejectionCode: null }), false],
    ['duty-officer', op('assignment', 'upsert', { decidedAt: '2026-11-29T08:00:00Z' }), false],
    ['duty-officer', op('assignment', 'upsert', { resourceId: 'u-9' }), false],
    ['duty-officer', op('assignment', 'delete'), false],
    ['duty-officer', op('base', 'upsert'), true],
    ['duty-officer', op('unit', 'upsert', { name: '改名' }), true],
    // Decisions are the hub's alone, for every role.
    ['admin', op('assignment', 'upsert', { status: 'accepted' }), false],
    ['admin', op('assignment', 'upsert', { decidedAt: '2026-11-29T08:00:00Z' }), false],
    ['admin', op('assignment', 'upsert', { status: 'released' }), true],
    ['admin', op('depot', 'delete'), true],
  ] as const)('%s may %s: %s', (role, o, allowed) => {
    expect(forbiddenReason(role, o) === null).toBe(allowed);
  });

  // A field commander's token is bound to one unit: it changes that unit's status and position only.
  const fc = { role: 'field-commander' as const, unitId: 'u-1' };
  it.each([
    ['reports the status of its own unit', op('unit', 'upsert', { status: 'en_route' }, 'u-1'), true, true],
    [
      'sends a track of its own unit',
      op('unit', 'track', { position: [112, 37], positionFixAt: '2026-12-01T08:00:00Z' }, 'u-1'),
      true,
      true,
    ],
    ['renames its own unit', op('unit', 'upsert', { name: '改名' }, 'u-1'), true, false],
    ['changes another unit', op('unit', 'upsert', { status: 'available' }, 'u-2'), true, false],
    ['creates a unit', op('unit', 'upsert', { id: 'u-1', status: 'available' }, 'u-1'), false, false],
    ['deletes its own unit', op('unit', 'delete', {}, 'u-1'), true, false],
  ] as const)('a field commander %s: %s', (_what, o, exists, allowed) => {
    expect(forbiddenReason(fc, o, exists) === null).toBe(allowed);
  });

  // The duty desk's records: duty officers and admins only; the log and handovers never change.
  it.each([
    ['duty-officer', op('duty_log', 'upsert'), false, true],
    ['duty-officer', op('duty_log', 'upsert'), true, false],
    ['admin', op('duty_log', 'delete'), true, false],
    ['field-commander', op('duty_log', 'upsert'), false, false],
    ['viewer', op('handover', 'upsert'), false, false],
    ['duty-officer', op('handover', 'upsert'), false, true],
    ['duty-officer', op('handover', 'upsert'), true, false],
    ['duty-officer', op('duty_shift', 'upsert'), true, true],
    ['field-commander', op('duty_shift', 'upsert'), false, false],
    ['duty-officer', op('response_plan', 'upsert'), true, true],
    ['field-commander', op('response_plan', 'upsert'), false, false],
    ['admin', op('response_plan', 'delete'), true, true],
  ] as const)('%s writing %j (exists: %s): %s', (role, o, exists, allowed) => {
    expect(forbiddenReason(role, o, exists) === null).toBe(allowed);
  });

  it('a field commander with no unit may not change units', () => {
    expect(
      forbiddenReason(
        { role: 'field-commander', unitId: null },
        op('unit', 'upsert', { status: 'available' }, 'u-1'),
      ),
    ).toMatch(/not bound to a unit/);
  });

  it('an assignment is created only by proposing it', () => {
    expect(
      forbiddenReason('duty-officer', op('assignment', 'upsert', { status: 'released' }), false),
    ).toMatch(/proposing/);
  });
});
