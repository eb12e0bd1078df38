import { describe, expect, it } from 'vitest';
import { activeAlerts } from '../../../../src/shared/desk/alerts';
import { DEFAULT_DESK_CONFIG } from '../../../../src/shared/desk/config';
import { gatherHandoverItems } from '../../../../src/shared/desk/shift';
import { buildSituationReport, reportDocument, type ReportWindow } from '../../../../src/shared/reports';
import { Incident, TimelineEntry, type Person, type TimelineKind } from '../../../../src/shared/domain';

// 会商纪要 tracked until done (fake clock): overdue action items alert the duty desk and their owner,
// the handover lists those not done, and a situation report carries the minutes as they stood.

const cst = (s: string) => Date.parse(`${s}+08:00`);
const iso = (s: string) => new Date(cst(s)).toISOString();
const zhang: Person = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' };
const li: Person = { name: '李强', org: '吕梁市消防救援支队', role: 'field-commander' };
const S = { consultationId: 'cs-1', session: '滑坡处置会商' };

const incident = (id: string, status: Incident['status'] = 'responding') =>
  Incident.parse({
    id,
    title: `离石区滑坡${id}`,
    hazard: 'landslide',
    level: 'III',
    status,
    location: [111.13, 37.52],
    countyAdcode: '141102',
    reporter: { name: '报告人' },
    reportedAt: iso('2026-12-02T08:00:00'),
    updatedAt: iso('2026-12-02T08:00:00'),
  });

let n = 0;
const entry = (
  kind: TimelineKind,
  at: string,
  data: Record<string, unknown>,
  text = '',
  by = zhang,
  inc = 'inc-1',
) => TimelineEntry.parse({ id: `tl-${++n}`, incidentId: inc, kind, at: iso(at), by, text, data });
const item = (at: string, text: string, name: string, deadline: string, inc = 'inc-1') =>
  entry('action_item', at, { ...S, owner: { name, org: '' }, deadline: iso(deadline) }, text, zhang, inc);
const done = (at: string, a: TimelineEntry) =>
  entry('action_done', at, { ...S, actionId: a.id, action: a.text, owner: a.data.owner });

const evac = item('2026-12-02T10:05:00', '转移下游 3 个村群众', '王芳', '2026-12-02T11:00:00');
const road = item('2026-12-02T10:06:00', '封闭 S218 线', '李强', '2026-12-02T11:30:00');
const tents = item('2026-12-02T10:07:00', '调运帐篷', '李强', '2026-12-02T18:00:00');
const timeline = [
  entry('consult_decision', '2026-12-02T10:01:00', S, '启动地质灾害Ⅲ级响应'),
  evac,
  road,
  tents,
  done('2026-12-02T10:40:00', evac),
];
const base = { incidents: [incident('inc-1')], assignments: [], notices: [], cfg: DEFAULT_DESK_CONFIG };

describe('overdue action items alert', () => {
  const now = cst('2026-12-02T12:00:00');
  const alerts = (viewer: Parameters<typeof activeAlerts>[0]['viewer'], tl = timeline) =>
    activeAlerts({ ...base, timeline: tl, now, viewer }).filter((a) => a.kind === 'action_overdue');

  it('the duty desk: one per item past its deadline and not done, from its deadline', () => {
    expect(alerts({ role: 'duty-officer', unitId: null })).toEqual([
      {
        id: `action:${road.id}:${iso('2026-12-02T11:30:00')}`,
        kind: 'action_overdue',
        incidentId: 'inc-1',
        params: { action: '封闭 S218 线', owner: '李强' },
        since: iso('2026-12-02T11:30:00'),
      },
    ]);
  });

  it('its owner in the field, and nobody else there; an acknowledgement silences it, a new deadline raises a new one', () => {
    expect(
      alerts({ role: 'field-commander', unitId: 'u-1', person: li }).map((a) => a.params.action),
    ).toEqual(['封闭 S218 线']);
    expect(alerts({ role: 'field-commander', unitId: 'u-2', person: { name: '刘洋', org: '' } })).toEqual([]);
    expect(alerts({ role: 'viewer', unitId: null, person: li })).toEqual([]);
    const [a] = alerts({ role: 'duty-officer', unitId: null });
    const ack = entry('alert_acknowledged', '2026-12-02T11:45:00', {
      alertId: a!.id,
      alert: 'action_overdue',
    });
    expect(alerts({ role: 'duty-officer', unitId: null }, [...timeline, ack])).toEqual([]);
    const later = entry(
      'action_reassigned',
      '2026-12-02T11:50:00',
      {
        ...S,
        actionId: road.id,
        action: road.text,
        owner: { name: '李强', org: '' },
        deadline: iso('2026-12-02T11:55:00'),
        from: { owner: road.data.owner, deadline: road.data.deadline },
      },
      '延长',
    );
    expect(
      alerts({ role: 'duty-officer', unitId: null }, [...timeline, ack, later]).map((x) => x.id),
    ).toEqual([`action:${road.id}:${iso('2026-12-02T11:55:00')}`]);
  });
});

describe('the handover lists action items not done', () => {
  it('soonest deadline first, overdue marked, done ones left out, whatever became of the incident', () => {
    const closedOne = item('2026-12-02T10:08:00', '提交调查报告', '王芳', '2026-12-05T18:00:00', 'inc-2');
    const items = gatherHandoverItems({
      ...base,
      incidents: [incident('inc-1'), incident('inc-2', 'closed')],
      units: [],
      depots: [],
      timeline: [...timeline, closedOne],
      now: cst('2026-12-02T12:00:00'),
    });
    expect(items.actions.map((a) => [a.text, a.owner, a.overdue, a.incidentTitle])).toEqual([
      ['封闭 S218 线', '李强', true, '离石区滑坡inc-1'],
      ['调运帐篷', '李强', false, '离石区滑坡inc-1'],
      ['提交调查报告', '王芳', false, '离石区滑坡inc-2'],
    ]);
    expect(items.alerts.find((a) => a.kind === 'action_overdue')?.title).toBe(
      '封闭 S218 线（李强） · 离石区滑坡inc-1',
    );
  });
});

describe('a situation report carries the minutes', () => {
  const window: ReportWindow = {
    kind: 'day',
    from: iso('2026-12-02T00:00:00'),
    to: iso('2026-12-03T00:00:00'),
    incidentId: null,
  };
  const report = (now: string) =>
    buildSituationReport(
      { ...base, units: [], bases: [], depots: [], timeline },
      { window, now: cst(now), desk: DEFAULT_DESK_CONFIG },
    );

  it('as they stood at the report’s instant: later entries are not in it', () => {
    const early = report('2026-12-02T10:30:00');
    expect(early.minutes).toHaveLength(1);
    expect(early.minutes[0]!.actions.map((a) => [a.text, a.state])).toEqual([
      ['转移下游 3 个村群众', 'open'],
      ['封闭 S218 线', 'open'],
      ['调运帐篷', 'open'],
    ]);
    const noon = report('2026-12-02T12:00:00');
    expect(noon.minutes[0]).toMatchObject({ incidentTitle: '离石区滑坡inc-1', session: '滑坡处置会商' });
    expect(noon.minutes[0]!.decisions).toEqual([
      { at: iso('2026-12-02T10:01:00'), by: '张伟', text: '启动地质灾害Ⅲ级响应' },
    ]);
    expect(noon.minutes[0]!.actions.map((a) => a.state)).toEqual(['done', 'overdue', 'open']);
  });

  it('in the document: section 八 with the decisions and the action items’ state; none without minutes', () => {
    const doc = reportDocument(report('2026-12-02T12:00:00'));
    const at = doc.blocks.findIndex((b) => b.kind === 'heading' && b.text === '八、会商纪要');
    expect(at).toBeGreaterThan(0);
    const section = doc.blocks.slice(at);
    expect(
      section.filter((b) => b.kind === 'paragraph').map((b) => b.kind === 'paragraph' && b.text),
    ).toEqual([
      '1次调度会商形成决定1项、待办事项3项；截至报告时点，待办已完成1项、逾期未完成1项、未到期1项。',
      '（一）离石区滑坡inc-1“滑坡处置会商”会商，决定1项：',
      '1. 启动地质灾害Ⅲ级响应（张伟，2026-12-02 10:01记录）',
    ]);
    const tables = section.filter((b) => b.kind === 'table');
    expect(tables.map((b) => b.kind === 'table' && b.caption)).toEqual([
      '表8  “滑坡处置会商”待办事项（状态截至报告时点）',
    ]);
    const rows = tables[0]!.kind === 'table' ? tables[0]!.rows : [];
    expect(rows.map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['1', '转移下游 3 个村群众', '王芳', '已完成（2026-12-02 10:40）'],
      ['2', '封闭 S218 线', '李强', '逾期未完成'],
      ['3', '调运帐篷', '李强', '未完成'],
    ]);
    const none = reportDocument(
      buildSituationReport(
        { ...base, units: [], bases: [], depots: [], timeline: [] },
        { window, now: cst('2026-12-02T12:00:00'), desk: DEFAULT_DESK_CONFIG },
      ),
    );
    expect(none.blocks.some((b) => b.kind === 'heading' && b.text.includes('会商纪要'))).toBe(false);
  });
});
