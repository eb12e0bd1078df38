import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { openDatabase, type Db } from '../../../../src/main/db/open';
import * as cmd from '../../../../src/main/db/commands';
import * as life from '../../../../src/main/db/incidentLife';
import { currentPerson, listTimeline, rememberHubPerson, signIn } from '../../../../src/main/db/desk';
import { listOutbox } from '../../../../src/main/db/repositories/outbox';
import { getIncident } from '../../../../src/main/db/repositories/incidents';
import { Scenario } from '../../../../src/shared/domain';
import { DEMO_SCENARIO, tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir>;
let db: Db;
let ctx: cmd.StoreContext;

beforeEach(() => {
  t = tempDir();
  db = openDatabase(join(t.dir, 's.sqlite'));
  ctx = cmd.createContext(db);
});
afterEach(() => {
  db.close();
  t.cleanup();
});

const report = {
  title: '吕梁市离石区山体滑坡',
  hazard: 'landslide' as const,
  level: 'III' as const,
  location: [111.13, 37.52] as [number, number],
};
const kinds = (id: string) => listTimeline(db, id).map((e) => e.kind);

describe('people on the desk', () => {
  it('nothing is written by nobody: a change before 值班签到 is refused, and says what to do', () => {
    expect(() => cmd.createIncident(ctx, report)).toThrow(/Sign in for the shift/);
    expect(listOutbox(db, 10)).toEqual([]);
  });

  it('the person who signed in is on every entry; the hub’s person for the token takes over once known', () => {
    signIn(ctx, { name: ' 张伟 ', org: '省应急指挥中心' });
    const inc = cmd.createIncident(ctx, report);
    expect(listTimeline(db, inc.id)[0]).toMatchObject({
      kind: 'reported',
      by: { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' },
    });
    // The caller defaults to the person taking the report, never an anonymous "值班员".
    expect(inc.reporter).toEqual({ name: '张伟', org: '省应急指挥中心' });
    rememberHubPerson(ctx, { name: '王芳', org: '太原市应急管理局', role: 'duty-officer' });
    expect(currentPerson(ctx)).toEqual({ name: '王芳', org: '太原市应急管理局', role: 'duty-officer' });
    life.addIncidentNote(ctx, inc.id, '已联系属地');
    expect(listTimeline(db, inc.id).at(-1)!.by.name).toBe('王芳');
  });

  it('a sign-in with no name is refused, naming the field', () => {
    expect(() => signIn(ctx, { name: '  ' })).toThrow(/name/);
  });
});

describe('an incident’s whole life, each step in its timeline', () => {
  beforeEach(() => {
    signIn(ctx, { name: '张伟', org: '省应急指挥中心' });
  });

  it('接报 → 续报 → 定级 → 响应 → 结案, every step kept, nothing overwritten silently', () => {
    const inc = cmd.createIncident(ctx, {
      ...report,
      occurredAt: '2026-12-01T01:10:00Z',
      source: 'lower_level',
      reporter: { name: '刘洋', org: '离石区应急局', phone: '0358-1234567' },
    });
    expect(getIncident(db, inc.id)).toMatchObject({
      occurredAt: '2026-12-01T01:10:00Z',
      source: 'lower_level',
      reporter: { name: '刘洋' },
    });

    // 续报 twice: the incident has the latest figures, the timeline both reports with what they replaced.
    life.followUpIncident(ctx, inc.id, { casualties: { trapped: 5 }, affected: 300, text: '5 人被困' });
    life.followUpIncident(ctx, inc.id, {
      casualties: { trapped: 2, dead: 1, injured: 4 },
      text: '救出 3 人',
    });
    expect(getIncident(db, inc.id)).toMatchObject({
      casualties: { dead: 1, injured: 4, missing: 0, trapped: 2 },
      affected: 300,
    });
    const figures = listTimeline(db, inc.id).filter((e) => e.kind === 'figures');
    expect(
      figures.map((e) => [
        e.text,
        (e.data.casualties as { trapped: number }).trapped,
        (e.data.before as { casualties: { trapped: number } }).casualties.trapped,
      ]),
    ).toEqual([
      ['5 人被困', 5, 0],
      ['救出 3 人', 2, 5],
    ]);
    expect(() => life.followUpIncident(ctx, inc.id, { casualties: { dead: -1 } })).toThrow();
    expect(() => life.followUpIncident(ctx, inc.id, { affected: 50_000_000 })).toThrow(
      /affected must be a whole number from 0 to 20,000,000/,
    );

    // The level moves with a reason, never without.
    expect(() => life.setIncidentLevel(ctx, inc.id, 'II', ' ')).toThrow(/reason/);
    life.setIncidentLevel(ctx, inc.id, 'II', '死亡人数上升，研判升级');
    expect(listTimeline(db, inc.id).find((e) => e.kind === 'level')).toMatchObject({
      text: '死亡人数上升，研判升级',
      data: { from: 'III', to: 'II' },
    });

    cmd.setIncidentStatus(ctx, inc.id, 'verified');
    cmd.setIncidentStatus(ctx, inc.id, 'responding');
    life.recordReport(ctx, inc.id, 'initial', '初报：离石区滑坡，1 死 4 伤 2 被困');
    expect(() => life.recordReport(ctx, inc.id, 'final', '终报')).toThrow(/close it first/);
    // Closing needs a summary; a closed incident takes no dispatch.
    expect(() => cmd.setIncidentStatus(ctx, inc.id, 'closed')).toThrow(/closing summary/);
    cmd.setIncidentStatus(ctx, inc.id, 'closed', '被困人员全部救出，现场移交属地');
    expect(getIncident(db, inc.id)!.closingSummary).toBe('被困人员全部救出，现场移交属地');
    life.recordReport(ctx, inc.id, 'final', '终报：处置完毕');
    expect(() =>
      cmd.proposeAssignment(ctx, { incidentId: inc.id, resourceKind: 'unit', resourceId: 'u-x' }),
    ).toThrow(/closed/);

    expect(kinds(inc.id)).toEqual([
      'reported',
      'figures',
      'figures',
      'level',
      'status',
      'status',
      'report_initial',
      'status',
      'report_final',
    ]);
    // Every entry travels to the hub, in the same transaction as its change.
    const sent = listOutbox(db, 100).filter((o) => o.entity === 'timeline');
    expect(sent.map((o) => o.entityId).sort()).toEqual(
      listTimeline(db, inc.id)
        .map((e) => e.id)
        .sort(),
    );
  });

  it('a correction stands beside the entry it corrects; the entry itself never changes', () => {
    const inc = cmd.createIncident(ctx, report);
    const note = life.addIncidentNote(ctx, inc.id, '现场 3 人被困');
    const fix = life.correctTimeline(ctx, note.id, '更正：现场 2 人被困');
    expect(listTimeline(db, inc.id).find((e) => e.id === note.id)!.text).toBe('现场 3 人被困');
    expect(fix).toMatchObject({ kind: 'correction', corrects: note.id, text: '更正：现场 2 人被困' });
    expect(() => life.addIncidentNote(ctx, inc.id, 'x'.repeat(2001))).toThrow(/limit is 2000/);
  });

  it('acknowledging many alerts at once logs one entry each, by name, or none when one names no incident', () => {
    const a = cmd.createIncident(ctx, report);
    const b = cmd.createIncident(ctx, { ...report, title: '太原市小店区火灾', hazard: 'fire' as const });
    const out = life.acknowledgeAlerts(ctx, [
      { incidentId: a.id, alertId: `overdue:${a.id}:initial:x`, kind: 'report_overdue' },
      { incidentId: a.id, alertId: `major:${a.id}:II:reported`, kind: 'major_incident' },
      { incidentId: b.id, alertId: 'unacked:asg-1', kind: 'order_unacknowledged' },
    ]);
    expect(out).toEqual({ acknowledged: 3 });
    const acks = [...listTimeline(db, a.id), ...listTimeline(db, b.id)].filter(
      (e) => e.kind === 'alert_acknowledged',
    );
    expect(acks.map((e) => e.data.alertId).sort()).toEqual(
      [`major:${a.id}:II:reported`, `overdue:${a.id}:initial:x`, 'unacked:asg-1'].sort(),
    );
    expect(acks.every((e) => e.by.name === '张伟')).toBe(true);
    const outbox = listOutbox(db, 1000).length;
    expect(() =>
      life.acknowledgeAlerts(ctx, [
        { incidentId: a.id, alertId: 'x:1', kind: 'report_overdue' },
        { incidentId: 'inc-nope', alertId: 'x:2', kind: 'report_overdue' },
      ]),
    ).toThrow(/inc-nope/);
    expect(listTimeline(db, a.id).filter((e) => e.kind === 'alert_acknowledged')).toHaveLength(2);
    expect(listOutbox(db, 1000).length).toBe(outbox);
  });

  it('a dispatch keeps its order and what the recommender saw; the unit’s answers land in the incident’s timeline', () => {
    const s = Scenario.parse(JSON.parse(readFileSync(DEMO_SCENARIO, 'utf8')));
    cmd.importScenario(ctx, s);
    const inc = cmd.createIncident(ctx, report);
    const unit = s.units.find((u) => u.status === 'available')!;
    const snapshot = {
      at: '2026-12-01T02:00:00Z',
      chosen: unit.id,
      candidates: [{ rank: 1, id: unit.id, etaMinutes: 23.5, fixAgeMinutes: 4 }],
    };
    const a = cmd.proposeAssignment(ctx, {
      incidentId: inc.id,
      resourceKind: 'unit',
      resourceId: unit.id,
      task: '搜救被困人员',
      rendezvous: '信义镇政府',
      contact: '刘洋 0358-1234567',
      snapshot,
    });
    expect(a).toMatchObject({
      task: '搜救被困人员',
      rendezvous: '信义镇政府',
      contact: '刘洋 0358-1234567',
      proposedBy: '张伟',
    });
    cmd.decideAssignmentLocally(ctx, a.id);
    life.acknowledgeOrder(ctx, a.id);
    life.reportUnitStatus(ctx, unit.id, 'en_route');
    life.reportUnitStatus(ctx, unit.id, 'on_scene', '已到达信义镇');
    life.reportPosition(ctx, unit.id, [111.14, 37.53], new Date().toISOString());
    cmd.releaseAssignment(ctx, a.id, '任务完成');
    const tl = listTimeline(db, inc.id);
    expect(tl.map((e) => e.kind)).toEqual([
      'reported',
      'dispatch_proposed',
      'dispatch_decided',
      'order_acknowledged',
      'unit_status',
      'unit_status',
      'position',
      'dispatch_released',
    ]);
    expect(tl[1]!.data).toMatchObject({ assignmentId: a.id, snapshot });
    expect(tl[5]).toMatchObject({
      unitId: unit.id,
      text: '已到达信义镇',
      data: { from: 'en_route', to: 'on_scene' },
    });
    expect(tl.at(-1)).toMatchObject({ text: '任务完成' });
  });
});
