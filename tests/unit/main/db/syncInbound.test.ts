import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../../src/main/db/open';
import {
  createContext,
  createIncident,
  updateIncident,
  type StoreContext,
} from '../../../../src/main/db/commands';
import { syncStoreApi } from '../../../../src/main/db/syncStore';
import { signIn } from '../../../../src/main/db/desk';
import { listNotices, listOutboxBatch } from '../../../../src/main/db/repositories/syncState';
import { parseHlc } from '../../../../src/shared/sync/hlc';
import { applyAcks, applyEntries } from '../../../../src/main/db/syncInbound';
import { getFieldClock } from '../../../../src/main/db/repositories/fieldClocks';
import { getIncident, incidentTable, listIncidents } from '../../../../src/main/db/repositories/incidents';
import { updateRecordRow, writeRecordRow } from '../../../../src/main/db/repositories/records';
import type { LogEntry } from '../../../../src/shared/sync/protocol';
import { tempDir } from '../../../support/tmp';
import { incidentFields, OpMaker } from '../../../integration/hub/support';

let t: ReturnType<typeof tempDir>;
let db: Db;
let ctx: StoreContext;
let seq = 0;
let remote: OpMaker;

/** The hub's next log entry: an upsert of an incident by another client. */
function entry(entityId: string, fields: Record<string, unknown>): LogEntry {
  return { seq: ++seq, at: new Date().toISOString(), op: remote.op('incident', entityId, 'upsert', fields) };
}

const incident = (id: string) => incidentFields(id, { location: [112.5, 37.8] });

/** The query columns of a stored incident, as SQL sees them. */
const columns = (id: string) =>
  db.prepare('SELECT status, lng, lat, updated_at FROM incidents WHERE id = ?').get(id);

beforeEach(() => {
  t = tempDir();
  db = openDatabase(join(t.dir, 's.sqlite'));
  ctx = createContext(db);
  signIn(ctx, { name: '张伟', org: '省应急指挥中心' });
  seq = 0;
  remote = new OpMaker('remote');
  applyEntries(ctx, [entry('inc-1', incident('inc-1')), entry('inc-2', incident('inc-2'))]);
});
afterEach(() => {
  db.close();
  t.cleanup();
});

describe('applying the hub’s entries (one at a time, as live fan-out arrives)', () => {
  it('rewrites the query columns that changed, and only those, in step with the record', () => {
    const before = db.prepare("SELECT status, reported_at FROM incidents WHERE id = 'inc-1'").get();
    const r = applyEntries(ctx, [entry('inc-1', { affected: 12, updatedAt: '2026-12-01T08:05:00.000Z' })]);
    expect(r).toMatchObject({ cursor: 3, applied: 1, gap: false, entities: ['incident'] });
    expect(getIncident(db, 'inc-1')).toMatchObject({
      affected: 12,
      updatedAt: '2026-12-01T08:05:00.000Z',
      status: 'reported',
    });
    expect(columns('inc-1')).toEqual({
      status: 'reported',
      lng: 112.5,
      lat: 37.8,
      updated_at: '2026-12-01T08:05:00.000Z',
    });
    expect(db.prepare("SELECT status, reported_at FROM incidents WHERE id = 'inc-1'").get()).toEqual(before);

    applyEntries(ctx, [entry('inc-1', { status: 'responding', location: [113.1, 36.2] })]);
    expect(columns('inc-1')).toMatchObject({ status: 'responding', lng: 113.1, lat: 36.2 });
    // The status index answers from the new value: the column really moved.
    expect(listIncidents(db, { statuses: ['responding'] }).map((i) => i.id)).toEqual(['inc-1']);
    expect(listIncidents(db, { statuses: ['reported'] }).map((i) => i.id)).toEqual(['inc-2']);
    expect(getFieldClock(db, 'incident', 'inc-1', 'status')).toMatch(/-remote$/);
  });

  it('several ops on one record in one page are merged in order, beside an op on another record', () => {
    applyEntries(ctx, [
      entry('inc-2', { affected: 1 }),
      entry('inc-2', { affected: 2, casualties: { dead: 0, injured: 3, missing: 0 } }),
      entry('inc-1', { affected: 7 }),
    ]);
    expect(getIncident(db, 'inc-2')).toMatchObject({
      affected: 2,
      casualties: { dead: 0, injured: 3, missing: 0 },
    });
    expect(getIncident(db, 'inc-1')).toMatchObject({ affected: 7 });
  });

  it('an invalid field from the hub is refused with a notice; the stored record and the cursor stay consistent', () => {
    applyEntries(ctx, [entry('inc-1', { affected: -5 })]);
    expect(getIncident(db, 'inc-1')!.affected).toBe(0); // as seeded (the schema's default)
    const notice = db.prepare("SELECT kind, entity_id FROM sync_notices WHERE kind = 'record_invalid'").get();
    expect(notice).toEqual({ kind: 'record_invalid', entity_id: 'inc-1' });
    expect(
      Number(
        (db.prepare("SELECT value FROM meta WHERE key = 'sync_cursor'").get() as { value: string }).value,
      ),
    ).toBe(3);
  });

  it('a gap stops the page at the cursor: nothing after the gap is applied', () => {
    const next = entry('inc-1', { affected: 1 });
    seq++; // the hub's entry seq + 1 never arrives here
    const after = entry('inc-1', { affected: 2 });
    const r = applyEntries(ctx, [next, after]);
    expect(r).toMatchObject({ cursor: 3, applied: 1, gap: true });
    expect(getIncident(db, 'inc-1')!.affected).toBe(1);
  });
});

describe('record rows', () => {
  it('refuses a table spec whose columns change from record to record (the cached upsert binds by position)', () => {
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, a INTEGER, b TEXT, data TEXT NOT NULL) STRICT');
    let n = 0;
    const shifty = {
      table: 't',
      columns: (r: { id: string }) => (++n > 1 ? { b: r.id, a: 1 } : { a: 1, b: r.id }),
    } as never;
    writeRecordRow(db, shifty, { id: 'y' } as never);
    expect(db.prepare("SELECT a, b FROM t WHERE id = 'y'").get()).toEqual({ a: 1, b: 'y' });
    expect(() => writeRecordRow(db, shifty, { id: 'z' } as never)).toThrow(
      /columns\(\) returned b,a, not a,b/,
    );
  });

  it('refuses to update a row that is not stored (the caller read it in the same transaction)', () => {
    const ghost = { ...incident('ghost'), location: [112, 37] as [number, number] } as never;
    expect(() => updateRecordRow(db, incidentTable, ghost, ghost)).toThrow(/not stored/);
  });
});

describe('a clock ahead of the hub’s', () => {
  it('keeps ops the hub turned away for now (CLOCK_AHEAD) queued, undone nowhere, and says when to resend', () => {
    updateIncident(ctx, 'inc-1', { title: '本机时钟偏快' });
    const ops = listOutboxBatch(db, 10, 1 << 20).map((x) => JSON.parse(x) as { opId: string });
    const r = applyAcks(
      ctx,
      ops.map((op) => ({
        opId: op.opId,
        status: 'rejected' as const,
        code: 'CLOCK_AHEAD',
        reason: 'ahead',
        current: null,
        retryAfterMs: 42_000,
      })),
    );
    expect(r).toMatchObject({ removed: 0, rejected: 0, retryAfterMs: 42_000 });
    expect(listOutboxBatch(db, 10, 1 << 20)).toHaveLength(ops.length);
    expect(getIncident(db, 'inc-1')?.title).toBe('本机时钟偏快');
    expect(listNotices(db)).toEqual([]);
  });

  it('stamps new ops in the hub’s time once the session measured this clock ahead, and remembers it', () => {
    // A machine whose clock is an hour fast, on a fresh store (its HLC has not run ahead yet).
    const fast = () => Date.now() + 3_600_000;
    const db2 = openDatabase(join(t.dir, 'fast.sqlite'));
    try {
      const ctx2 = createContext(db2, fast);
      signIn(ctx2, { name: '李强', org: '吕梁市应急管理局' });
      syncStoreApi.syncBeginSession(ctx2, {
        hubId: 'hub-x',
        unitId: null,
        role: 'duty-officer',
        clockOffsetMs: -3_600_000,
      });
      createIncident(ctx2, {
        title: '按省级中心时间',
        hazard: 'flood',
        level: 'IV',
        location: [112.4, 37.7],
      });
      const wall = (x: string) => parseHlc((JSON.parse(x) as { hlc: string }).hlc).wallMs;
      expect(Math.abs(wall(listOutboxBatch(db2, 10, 1 << 20).at(-1)!) - Date.now())).toBeLessThan(5_000);
      // Remembered across a restart of the store.
      expect(createContext(db2, fast).clockOffset.ms).toBe(-3_600_000);
      // A small difference (under a second) is left alone.
      syncStoreApi.syncBeginSession(ctx2, {
        hubId: 'hub-x',
        unitId: null,
        role: 'duty-officer',
        clockOffsetMs: -300,
      });
      expect(ctx2.clockOffset.ms).toBe(0);
      expect(createContext(db2).clockOffset.ms).toBe(0);
    } finally {
      db2.close();
    }
  });

  it('an upsert names the clock of each value it replaces (seen); a new field has none', () => {
    const had = getFieldClock(db, 'incident', 'inc-1', 'title');
    updateIncident(ctx, 'inc-1', { title: '新标题', description: '第一次写说明' });
    const op = listOutboxBatch(db, 10, 1 << 20)
      .map((x) => JSON.parse(x) as { entity: string; seen?: Record<string, string> })
      .find((o) => o.entity === 'incident')!;
    expect(op.seen?.title).toBe(had);
    expect(op.seen && 'description' in op.seen).toBe(incident('inc-1').description !== undefined);
  });
});
