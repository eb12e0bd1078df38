import { describe, expect, it } from 'vitest';
import { Incident, RescueUnit, TimelineEntry, Assignment } from '../../../../src/shared/domain';
import { DEFAULT_DESK_CONFIG } from '../../../../src/shared/desk/config';
import {
  buildSituationReport,
  cityOf,
  cstDateTime,
  dayWindow,
  reportDocument,
  shiftWindow,
  type ReportWindow,
} from '../../../../src/shared/reports';

const T = (cst: string) => new Date(`${cst}+08:00`).toISOString();
const by = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' as const };

const incident = (id: string, over: Partial<Incident> = {}): Incident =>
  Incident.parse({
    id,
    title: `事件${id}`,
    hazard: 'flood',
    level: 'IV',
    status: 'responding',
    location: [112.5, 37.8],
    countyAdcode: '140105',
    reporter: { name: '报告人' },
    reportedAt: T('2026-11-29T09:00:00'),
    updatedAt: T('2026-11-29T09:00:00'),
    ...over,
  });
let seq = 0;
const entry = (
  incidentId: string,
  kind: TimelineEntry['kind'],
  at: string,
  data: Record<string, unknown>,
  unitId: string | null = null,
) => TimelineEntry.parse({ id: `tl-${++seq}`, incidentId, kind, at: T(at), by, data, unitId });

const unit = RescueUnit.parse({
  id: 'u1',
  name: '太原市消防救援支队一中队',
  kind: 'fire_rescue',
  capabilities: ['firefighting'],
  headcount: 24,
  status: 'on_scene',
  homeBase: { name: '站', location: [112.5, 37.8] },
  position: [112.5, 37.8],
  positionFixAt: T('2026-11-29T09:00:00'),
});
const dispatch = Assignment.parse({
  id: 'a1',
  incidentId: 'late',
  resourceKind: 'unit',
  resourceId: 'u1',
  status: 'accepted',
  proposedAt: T('2026-11-29T10:00:00'),
  decidedAt: T('2026-11-29T10:01:00'),
});

const day: ReportWindow = {
  kind: 'day',
  from: T('2026-11-29T00:00:00'),
  to: T('2026-11-30T00:00:00'),
  incidentId: null,
};

describe('situation report aggregation', () => {
  it('covers incidents open at some time in the window, each as it stood at the window end', () => {
    // Raised to II and figures revised during the day, closed the next day: the day's report shows
    // it open, at II, with the day's figures; the record (as it is now) says closed, I, more dead.
    const late = incident('late', {
      level: 'I',
      status: 'closed',
      casualties: { dead: 9, injured: 0, missing: 0, trapped: 0 },
      affected: 900,
    });
    const timeline = [
      entry('late', 'level', '2026-11-29T10:00:00', { from: 'IV', to: 'II' }),
      entry('late', 'figures', '2026-11-29T11:00:00', {
        casualties: { dead: 2, injured: 5, missing: 1, trapped: 0 },
        affected: 300,
      }),
      entry('late', 'level', '2026-11-30T02:00:00', { from: 'II', to: 'I' }),
      entry('late', 'figures', '2026-11-30T03:00:00', {
        casualties: { dead: 9, injured: 0, missing: 0, trapped: 0 },
        affected: 900,
        before: {},
      }),
      entry('late', 'status', '2026-11-30T08:00:00', { from: 'responding', to: 'closed' }),
      entry('late', 'unit_status', '2026-11-29T10:30:00', { from: 'en_route', to: 'on_scene' }, 'u1'),
    ];
    const src = {
      incidents: [
        late,
        incident('before', {
          status: 'closed',
          reportedAt: T('2026-11-27T09:00:00'),
          updatedAt: T('2026-11-28T09:00:00'),
        }),
        incident('after', { reportedAt: T('2026-11-30T09:00:00') }),
        incident('closedToday', {
          status: 'closed',
          countyAdcode: '140311',
          casualties: { dead: 1, injured: 0, missing: 0, trapped: 0 },
          updatedAt: T('2026-11-29T15:00:00'),
        }),
      ],
      units: [unit],
      bases: [],
      depots: [],
      assignments: [dispatch],
      timeline,
    };
    const places = new Map([
      ['140100', '太原市'],
      ['140105', '小店区'],
      ['140300', '阳泉市'],
    ]);
    const r = buildSituationReport(src, {
      window: day,
      now: Date.parse(T('2026-12-05T00:00:00')),
      desk: DEFAULT_DESK_CONFIG,
      places,
    });
    // Oldest report first (ties by id).
    expect(r.incidents.map((i) => i.id)).toEqual(['closedToday', 'late']);
    const l = r.incidents[1]!;
    expect([l.status, l.level, l.open, l.affected]).toEqual(['responding', 'II', true, 300]);
    expect(l.casualties).toEqual({ dead: 2, injured: 5, missing: 1, trapped: 0 });
    expect(l.place).toBe('太原市小店区');
    expect(r.incidents[0]!.closedInWindow).toBe(true);
    // An adcode without a name in the pack is shown as the adcode.
    expect(r.incidents[0]!.place).toBe('阳泉市140311');
    expect(r.totals).toMatchObject({ incidents: 2, open: 1, closed: 1, affected: 300 + 0 });
    expect(r.totals.casualties.dead).toBe(3);
    expect(r.byLevel.map((x) => [x.level, x.open, x.closed])).toEqual([
      ['II', 1, 0],
      ['IV', 0, 1],
    ]);
    expect(r.byPlace.map((c) => [c.adcode, c.name, c.incidents, c.casualties.dead])).toEqual([
      ['140100', '太原市', 1, 2],
      ['140300', '阳泉市', 1, 1],
    ]);
    // The unit was on scene by the window's end (its status entry, not its status now).
    expect(r.forces).toMatchObject({ units: 1, headcount: 24, onSceneUnits: 1, onSceneHeadcount: 24 });
    // Level II since 10:00 with no report: the initial and the major report are overdue at the end.
    expect(
      r.overdue
        .filter((o) => o.incidentId === 'late')
        .map((o) => o.kind)
        .sort(),
    ).toEqual(['initial', 'major']);
    // Nothing records shipments: the document says so instead of a number.
    const doc = reportDocument(r);
    expect(doc.blocks.some((b) => b.kind === 'paragraph' && b.text.includes('尚未记录物资调运'))).toBe(true);
  });

  it('counts a unit as on scene only if it was by the window end', () => {
    const src = {
      incidents: [incident('late')],
      units: [unit],
      bases: [],
      depots: [],
      assignments: [dispatch],
      timeline: [
        entry('late', 'unit_status', '2026-11-30T01:00:00', { from: 'en_route', to: 'on_scene' }, 'u1'),
      ],
    };
    const r = buildSituationReport(src, {
      window: day,
      now: Date.parse(T('2026-12-05T00:00:00')),
      desk: DEFAULT_DESK_CONFIG,
    });
    expect(r.forces).toMatchObject({ units: 1, onSceneUnits: 0 });
    expect(cityOf('140105')).toBe('140100');
  });

  it('days and shifts are Beijing-time days and 08:00 shifts, whatever the instant', () => {
    // 2026-11-29 23:30 UTC is 07:30 on the 30th in Beijing: that day, and the shift that began on the 29th at 08:00.
    const at = Date.parse('2026-11-29T23:30:00Z');
    expect(dayWindow(at)).toMatchObject({ from: T('2026-11-30T00:00:00'), to: T('2026-12-01T00:00:00') });
    expect(shiftWindow(at)).toMatchObject({ from: T('2026-11-29T08:00:00'), to: T('2026-11-30T08:00:00') });
    expect(shiftWindow(Date.parse(T('2026-11-30T08:00:00')))).toMatchObject({
      from: T('2026-11-30T08:00:00'),
    });
    // A desk whose shift changes at 07:00 (settings.desk.shiftChange): 07:30 is already the new shift.
    expect(shiftWindow(at, '07:00')).toMatchObject({
      from: T('2026-11-30T07:00:00'),
      to: T('2026-12-01T07:00:00'),
    });
    expect(cstDateTime('2026-11-29T23:30:00Z')).toBe('2026年11月30日 07:30');
  });
});
