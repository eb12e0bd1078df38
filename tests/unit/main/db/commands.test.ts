import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { openDatabase, type Db } from '../../../../src/main/db/open';
import * as cmd from '../../../../src/main/db/commands';
import { signIn } from '../../../../src/main/db/desk';
import { listOutbox, countOutbox } from '../../../../src/main/db/repositories/outbox';
import { getFieldClock } from '../../../../src/main/db/repositories/fieldClocks';
import { getIncident, listIncidents } from '../../../../src/main/db/repositories/incidents';
import { getUnit, listUnitsWithin } from '../../../../src/main/db/repositories/units';
import { getBase } from '../../../../src/main/db/repositories/bases';
import { loadScenarioText, type Scenario } from '../../../../src/shared/domain';
import { DEMO_SCENARIO, tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir>;
let db: Db;
let ctx: cmd.StoreContext;
const demo = (): Scenario => {
  const r = loadScenarioText(readFileSync(DEMO_SCENARIO, 'utf8'));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

beforeEach(() => {
  t = tempDir();
  db = openDatabase(join(t.dir, 's.sqlite'));
  ctx = cmd.createContext(db);
  signIn(ctx, { name: '张伟', org: '省应急指挥中心' });
});
afterEach(() => {
  db.close();
  t.cleanup();
});

describe('importScenario', () => {
  it('stores every record and reads them back equal', () => {
    const s = demo();
    const counts = cmd.importScenario(ctx, s);
    expect(counts.units).toBe(s.units.length);
    const p = cmd.getPicture(ctx);
    expect(p.units).toHaveLength(s.units.length);
    expect(p.incidents).toHaveLength(s.incidents.length);
    const u = s.units[0]!;
    expect(getUnit(db, u.id)).toEqual(u);
    const b = s.bases.find((x) => x.aircraft.length > 0)!;
    expect(getBase(db, b.id)).toEqual(b);
    expect(countOutbox(db)).toBe(0); // a local seed is not replicated unless asked
  });

  it('is all-or-nothing: a bad record leaves the store as it was', () => {
    const s = demo();
    const bad = structuredClone(s);
    (bad.units[5] as { headcount: number }).headcount = -3;
    expect(() => cmd.importScenario(ctx, bad)).toThrow();
    expect(cmd.getStoreStatus(ctx).counts.units).toBe(0);
    expect(cmd.getStoreStatus(ctx).counts.incidents).toBe(0);
  });

  it('with replicate, queues one op per record at bulk priority', () => {
    const s = demo();
    const c = cmd.importScenario(ctx, s, { replicate: true });
    expect(countOutbox(db)).toBe(c.incidents + c.units + c.bases + c.aircraft + c.depots + c.assignments);
    expect(listOutbox(db, 1)[0]!.priority).toBe(3);
  });
});

describe('commands write the table and the outbox in one transaction', () => {
  const newIncident = {
    title: '测试洪涝',
    hazard: 'flood' as const,
    level: 'III' as const,
    location: [111.5, 36.1] as [number, number],
  };

  it('createIncident: record, field clocks, and an op', () => {
    const inc = cmd.createIncident(ctx, newIncident);
    expect(getIncident(db, inc.id)).toEqual(inc);
    const [op] = listOutbox(db, 10);
    expect(op).toMatchObject({
      entity: 'incident',
      entityId: inc.id,
      kind: 'upsert',
      seq: 1,
      opId: `${ctx.clientId}:1`,
      priority: 0,
    });
    expect(getFieldClock(db, 'incident', inc.id, 'title')).toBe(op!.hlc);
  });

  it('updateIncident sends only the changed fields; HLCs increase', () => {
    const inc = cmd.createIncident(ctx, newIncident);
    cmd.updateIncident(ctx, inc.id, { affected: 1200 });
    const ops = listOutbox(db, 10)
      .filter((o) => o.entity === 'incident')
      .sort((a, b) => a.seq - b.seq);
    expect(Object.keys(ops[1]!.fields).sort()).toEqual(['affected', 'updatedAt']);
    expect(ops[1]!.hlc > ops[0]!.hlc).toBe(true);
    expect(getIncident(db, inc.id)!.affected).toBe(1200);
  });

  it('incident status only moves forward; a refused move changes nothing', () => {
    const inc = cmd.createIncident(ctx, newIncident);
    cmd.setIncidentStatus(ctx, inc.id, 'responding');
    const before = countOutbox(db);
    expect(() => cmd.setIncidentStatus(ctx, inc.id, 'verified')).toThrow(/only moves forward/);
    expect(getIncident(db, inc.id)!.status).toBe('responding');
    expect(countOutbox(db)).toBe(before);
  });

  it('an invalid patch is refused without a trace', () => {
    const inc = cmd.createIncident(ctx, newIncident);
    const before = countOutbox(db);
    expect(() => cmd.updateIncident(ctx, inc.id, { location: [200, 95] })).toThrow();
    expect(getIncident(db, inc.id)!.location).toEqual([111.5, 36.1]);
    expect(countOutbox(db)).toBe(before);
  });

  it('trackUnit keeps the newest fix and ignores an older one', () => {
    const s = demo();
    cmd.importScenario(ctx, s);
    const u = s.units[0]!;
    const later = new Date(Date.parse(u.positionFixAt) + 60_000).toISOString();
    cmd.trackUnit(ctx, u.id, [112.0, 37.0], later);
    cmd.trackUnit(ctx, u.id, [113.0, 38.0], u.positionFixAt);
    expect(getUnit(db, u.id)!.position).toEqual([112.0, 37.0]);
    expect(listOutbox(db, 10).filter((o) => o.kind === 'track')).toHaveLength(1);
    expect(listOutbox(db, 10)[0]!.priority).toBe(2);
  });

  it('trackUnit refuses a fix dated ahead of the clock, which would block later fixes', () => {
    const s = demo();
    cmd.importScenario(ctx, s);
    const u = s.units[0]!;
    const future = new Date(Date.now() + 60 * 60_000).toISOString();
    expect(() => cmd.trackUnit(ctx, u.id, [112, 37], future)).toThrow(/ahead of this machine's clock/);
    expect(getUnit(db, u.id)!.positionFixAt).toBe(u.positionFixAt);
    const soon = new Date(Date.now() + 30_000).toISOString(); // small skew is fine
    expect(cmd.trackUnit(ctx, u.id, [112, 37], soon).positionFixAt).toBe(soon);
  });

  it('proposeAssignment records a proposal for the hub to decide', () => {
    const s = demo();
    cmd.importScenario(ctx, s);
    const inc = s.incidents[0]!;
    const a = cmd.proposeAssignment(ctx, {
      incidentId: inc.id,
      resourceKind: 'unit',
      resourceId: s.units[1]!.id,
      etaMinutes: 42,
    });
    expect(a.status).toBe('proposed');
    expect(listOutbox(db, 10)[0]).toMatchObject({ kind: 'propose', entity: 'assignment', priority: 0 });
    expect(() =>
      cmd.proposeAssignment(ctx, { incidentId: 'nope', resourceKind: 'unit', resourceId: 'x' }),
    ).toThrow(/No incident/);
  });

  it('standalone: a proposal is decided here with the hub rules; the unit becomes dispatched', () => {
    const s = demo();
    cmd.importScenario(ctx, s);
    const [inc1, inc2] = s.incidents.filter((i) => i.status !== 'closed');
    const unit = s.units.find((u) => u.status === 'available')!;
    const a = cmd.proposeAssignment(ctx, { incidentId: inc1!.id, resourceKind: 'unit', resourceId: unit.id });
    const decided = cmd.decideAssignmentLocally(ctx, a.id);
    expect(decided).toMatchObject({ status: 'accepted', rejectionReason: null });
    expect(decided.decidedAt).not.toBeNull();
    expect(getUnit(db, unit.id)!.status).toBe('dispatched');
    // The same unit for another open incident: refused, with the reason, and the unit is unchanged.
    const b = cmd.proposeAssignment(ctx, { incidentId: inc2!.id, resourceKind: 'unit', resourceId: unit.id });
    const refused = cmd.decideAssignmentLocally(ctx, b.id);
    expect(refused.status).toBe('rejected');
    expect(refused.rejectionReason).toMatch(/already assigned to open incident/);
    expect(refused.rejectionCode).toBe('already_assigned_elsewhere');
    expect(refused.rejectionParams).toMatchObject({ incident: a.incidentId, assignment: a.id });
    // Deciding again changes nothing.
    expect(cmd.decideAssignmentLocally(ctx, b.id)).toEqual(refused);
    // An out-of-service unit is refused.
    const oos = s.units.find((u) => u.status === 'out_of_service')!;
    const c = cmd.proposeAssignment(ctx, { incidentId: inc1!.id, resourceKind: 'unit', resourceId: oos.id });
    expect(cmd.decideAssignmentLocally(ctx, c.id).rejectionReason).toMatch(/out of service/);
    // An accepted aircraft is committed.
    const ac = s.bases.flatMap((x) => x.aircraft).find((x) => x.status === 'available')!;
    const d = cmd.proposeAssignment(ctx, {
      incidentId: inc1!.id,
      resourceKind: 'aircraft',
      resourceId: ac.id,
    });
    expect(cmd.decideAssignmentLocally(ctx, d.id).status).toBe('accepted');
    expect(
      cmd
        .getPicture(ctx)
        .bases.flatMap((x) => x.aircraft)
        .find((x) => x.id === ac.id)!.status,
    ).toBe('committed');
  });

  it('releasing an accepted assignment frees its resource, and travels as ops', () => {
    const s = demo();
    cmd.importScenario(ctx, s);
    const inc = s.incidents.find((i) => i.status !== 'closed')!;
    const [u1, u2] = s.units.filter((u) => u.status === 'available');
    const a1 = cmd.decideAssignmentLocally(
      ctx,
      cmd.proposeAssignment(ctx, { incidentId: inc.id, resourceKind: 'unit', resourceId: u1!.id }).id,
    );
    const a2 = cmd.decideAssignmentLocally(
      ctx,
      cmd.proposeAssignment(ctx, { incidentId: inc.id, resourceKind: 'unit', resourceId: u2!.id }).id,
    );
    expect(getUnit(db, u1!.id)!.status).toBe('dispatched');
    // Not yet left: available again. Already on the road: returning.
    cmd.setUnitStatus(ctx, u2!.id, 'en_route');
    const before = listOutbox(db, 1000).length;
    expect(cmd.releaseAssignment(ctx, a1.id).status).toBe('released');
    expect(cmd.releaseAssignment(ctx, a2.id).status).toBe('released');
    expect(getUnit(db, u1!.id)!.status).toBe('available');
    expect(getUnit(db, u2!.id)!.status).toBe('returning');
    // Two assignment ops, two unit ops and two timeline entries for the hub.
    expect(listOutbox(db, 1000).length).toBe(before + 6);
    // Releasing twice changes nothing; a released unit can be sent again.
    expect(cmd.releaseAssignment(ctx, a1.id).status).toBe('released');
    expect(listOutbox(db, 1000).length).toBe(before + 6);
    const again = cmd.decideAssignmentLocally(
      ctx,
      cmd.proposeAssignment(ctx, { incidentId: inc.id, resourceKind: 'unit', resourceId: u1!.id }).id,
    );
    expect(again.status).toBe('accepted');
    // Only an accepted assignment can be released; the reason says what to do.
    const pending = cmd.proposeAssignment(ctx, {
      incidentId: inc.id,
      resourceKind: 'unit',
      resourceId: u2!.id,
    });
    expect(() => cmd.releaseAssignment(ctx, pending.id)).toThrow(/not been decided yet; wait for the hub/);
    // A committed aircraft is available again.
    const ac = s.bases.flatMap((x) => x.aircraft).find((x) => x.status === 'available')!;
    const d = cmd.decideAssignmentLocally(
      ctx,
      cmd.proposeAssignment(ctx, { incidentId: inc.id, resourceKind: 'aircraft', resourceId: ac.id }).id,
    );
    cmd.releaseAssignment(ctx, d.id);
    expect(
      cmd
        .getPicture(ctx)
        .bases.flatMap((x) => x.aircraft)
        .find((x) => x.id === ac.id)!.status,
    ).toBe('available');
  });

  it('the outbox drains by priority, then in order made', () => {
    const s = demo();
    cmd.importScenario(ctx, s);
    const u = s.units[0]!;
    cmd.trackUnit(ctx, u.id, [112, 37], new Date(Date.parse(u.positionFixAt) + 1000).toISOString());
    const inc = cmd.createIncident(ctx, newIncident);
    cmd.updateIncident(ctx, inc.id, { description: 'x' });
    // The incident's report (and its timeline entry) first, then the edit (and its entry), then the track.
    expect(listOutbox(db, 10).map((o) => `${o.entity}:${o.kind}`)).toEqual([
      'incident:upsert',
      'timeline:upsert',
      'incident:upsert',
      'timeline:upsert',
      'unit:track',
    ]);
    expect(listOutbox(db, 10).map((o) => o.priority)).toEqual([0, 0, 1, 1, 2]);
  });

  it('the client id and op sequence survive a reopen', () => {
    cmd.createIncident(ctx, newIncident);
    const id = ctx.clientId;
    db.close();
    db = openDatabase(join(t.dir, 's.sqlite'));
    ctx = cmd.createContext(db);
    expect(ctx.clientId).toBe(id);
    cmd.createIncident(ctx, newIncident);
    expect(
      listOutbox(db, 10)
        .map((o) => o.seq)
        .sort(),
    ).toEqual([1, 2, 3, 4]);
  });
});

describe('repository queries', () => {
  it('listUnitsWithin returns exactly the units in the box', () => {
    const s = demo();
    cmd.importScenario(ctx, s);
    const box: [number, number, number, number] = [112.3, 37.6, 112.9, 38.0];
    const expected = s.units
      .filter(
        (u) =>
          u.position[0] >= 112.3 && u.position[0] <= 112.9 && u.position[1] >= 37.6 && u.position[1] <= 38.0,
      )
      .map((u) => u.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(listUnitsWithin(db, box).map((u) => u.id)).toEqual(expected);
  });

  it('listIncidents filters by status', () => {
    const s = demo();
    cmd.importScenario(ctx, s);
    const responding = s.incidents.filter((i) => i.status === 'responding').length;
    expect(listIncidents(db, { statuses: ['responding'] })).toHaveLength(responding);
  });
});
