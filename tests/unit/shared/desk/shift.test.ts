import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_DESK_CONFIG } from '../../../../src/shared/desk/config';
import {
  currentAndNextShift,
  gatherHandoverItems,
  handoverView,
  shiftDateOf,
} from '../../../../src/shared/desk/shift';
import {
  Assignment,
  DutyLogEntry,
  DutyShift,
  Handover,
  Incident,
  SupplyDepot,
  TimelineEntry,
  type Person,
} from '../../../../src/shared/domain';
import { loadScenarioText } from '../../../../src/shared/domain/scenarioLoader';
import { DEMO_SCENARIO } from '../../../support/tmp';

const cst = (s: string) => Date.parse(`${s}+08:00`);
const iso = (s: string) => new Date(cst(s)).toISOString();
const zhang: Person = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' };
const wang: Person = { name: '王芳', org: '省应急指挥中心', role: 'duty-officer' };

const shift = (date: string, officer: string) =>
  DutyShift.parse({
    id: `shift-${date}`,
    date,
    start: iso(`${date}T08:00:00`),
    end: new Date(cst(`${date}T08:00:00`) + 86_400_000).toISOString(),
    leader: { name: '李强', org: '省应急管理厅' },
    officers: [{ name: officer, org: '省应急指挥中心' }],
    by: zhang,
    at: iso('2026-11-30T10:00:00'),
  });

describe('the duty shift (fake clock)', () => {
  it('a shift runs from the change time (08:00 CST) to the next day’s; before 08:00 it is still yesterday’s', () => {
    expect(shiftDateOf(cst('2026-12-02T07:59:00'), '08:00')).toBe('2026-12-01');
    expect(shiftDateOf(cst('2026-12-02T08:00:00'), '08:00')).toBe('2026-12-02');
    expect(shiftDateOf(cst('2026-12-02T23:59:00'), '08:00')).toBe('2026-12-02');
    expect(shiftDateOf(cst('2026-12-03T00:30:00'), '00:00')).toBe('2026-12-03');
  });

  it('takes the roster’s people and times for the current and next shift, the configured 24 h otherwise', () => {
    const roster = [shift('2026-12-02', '张伟')];
    const { current, next } = currentAndNextShift(cst('2026-12-02T20:00:00'), roster, '08:00');
    expect(current.roster?.officers[0]?.name).toBe('张伟');
    expect(current.from).toBe(iso('2026-12-02T08:00:00'));
    expect(next).toEqual({
      date: '2026-12-03',
      from: iso('2026-12-03T08:00:00'),
      to: iso('2026-12-04T08:00:00'),
      roster: null,
    });
  });

  it('a roster shift must end after it starts, and its id names its day', () => {
    const s = shift('2026-12-02', '张伟');
    expect(DutyShift.safeParse({ ...s, end: s.start }).success).toBe(false);
    expect(DutyShift.safeParse({ ...s, id: 'shift-2026-12-03' }).success).toBe(false);
    expect(DutyShift.safeParse({ ...s, officers: [] }).success).toBe(false);
  });
});

describe('what a shift hands over', () => {
  const loaded = loadScenarioText(readFileSync(DEMO_SCENARIO, 'utf8'), DEMO_SCENARIO);
  if (!loaded.ok) throw new Error(loaded.error.message);
  const scenario = loaded.value;
  // Half an hour after the latest report: some 初报 are overdue, the latest is not yet.
  const now = Math.max(...scenario.incidents.map((i) => Date.parse(i.reportedAt))) + 30 * 60_000;

  it('lists every open incident with its next unmet reporting deadline, and no closed one', () => {
    const items = gatherHandoverItems({
      ...scenario,
      timeline: [],
      notices: [],
      cfg: DEFAULT_DESK_CONFIG,
      now,
    });
    const open = scenario.incidents.filter((i) => i.status !== 'closed');
    expect(items.incidents.map((i) => i.id).sort()).toEqual(open.map((i) => i.id).sort());
    // No report yet: the 初报 is the next deadline of each, and overdue an hour after 接报.
    for (const row of items.incidents) {
      const inc = open.find((i) => i.id === row.id)!;
      expect(row.nextDeadline?.kind).toBe('initial');
      expect(row.nextDeadline?.overdue).toBe(now > Date.parse(inc.reportedAt) + 60 * 60_000);
    }
    // Overdue reports and level I/II incidents are alerts nobody has acknowledged.
    expect(items.alerts.length).toBeGreaterThan(0);
    const kinds = ['major_incident', 'report_overdue', 'order_unacknowledged'];
    expect(items.alerts.filter((a) => !kinds.includes(a.kind))).toEqual([]);
    expect(items.alerts.some((a) => a.kind === 'report_overdue')).toBe(true);
  });

  it('a report meets the 初报 (the next deadline becomes the 续报); an acknowledged alert is not handed over', () => {
    const inc = Incident.parse({ ...scenario.incidents.find((i) => i.status !== 'closed')!, level: 'IV' });
    const at = new Date(now - 10 * 60_000).toISOString();
    const report = TimelineEntry.parse({
      id: 'tl-r',
      incidentId: inc.id,
      kind: 'report_initial',
      at,
      by: zhang,
    });
    const base = {
      incidents: [inc],
      units: [],
      depots: [],
      assignments: [],
      notices: [],
      cfg: DEFAULT_DESK_CONFIG,
      now,
    };
    const items = gatherHandoverItems({ ...base, timeline: [report] });
    expect(items.incidents[0]?.nextDeadline?.kind).toBe('followup');
    expect(items.alerts).toEqual([]);
  });

  it('lists proposals awaiting the hub and accepted orders without 接令, and depots under their minimum', () => {
    const inc = scenario.incidents.find((i) => i.status !== 'closed')!;
    const unit = scenario.units[0]!;
    const a = (id: string, status: 'proposed' | 'accepted' | 'released', extra = {}) =>
      Assignment.parse({
        id,
        incidentId: inc.id,
        resourceKind: 'unit',
        resourceId: unit.id,
        status,
        proposedAt: new Date(now - 60 * 60_000).toISOString(),
        decidedAt: status === 'proposed' ? null : new Date(now - 59 * 60_000).toISOString(),
        ...extra,
      });
    const acked = TimelineEntry.parse({
      id: 'tl-ack',
      incidentId: inc.id,
      kind: 'order_acknowledged',
      at: new Date(now - 55 * 60_000).toISOString(),
      by: wang,
      data: { assignmentId: 'as-acked' },
    });
    const depot = SupplyDepot.parse({
      ...scenario.depots[0]!,
      stock: [
        { item: 'tent', quantity: 3, unit: '顶', minimum: 10 },
        { item: 'drinking_water', quantity: 500, unit: '箱', minimum: 100 },
      ],
    });
    const items = gatherHandoverItems({
      incidents: [inc],
      units: [unit],
      depots: [depot],
      assignments: [
        a('as-p', 'proposed'),
        a('as-acked', 'accepted'),
        a('as-open', 'accepted'),
        a('as-r', 'released'),
      ],
      timeline: [acked],
      notices: [],
      cfg: DEFAULT_DESK_CONFIG,
      now,
    });
    expect(items.dispatches.map((d) => [d.assignmentId, d.state, d.resource])).toEqual([
      ['as-p', 'proposed', unit.name],
      ['as-open', 'unacknowledged', unit.name],
    ]);
    expect(items.depots).toEqual([
      { depotId: depot.id, depotName: depot.name, item: 'tent', quantity: 3, minimum: 10, unit: '顶' },
    ]);
  });
});

describe('a handover’s acceptance', () => {
  const handover = Handover.parse({
    id: 'ho-1',
    shiftId: null,
    from: iso('2026-12-02T08:00:00'),
    to: iso('2026-12-03T08:00:00'),
    items: { incidents: [], alerts: [], dispatches: [], depots: [] },
    by: zhang,
    at: iso('2026-12-03T07:50:00'),
  });
  const sig = (id: string, who: Person, at: string) =>
    DutyLogEntry.parse({ id, kind: 'handover_accepted', at: iso(at), by: who, handoverId: 'ho-1' });

  it('is the first acceptance by someone other than the outgoing officer', () => {
    expect(handoverView(handover, []).accepted).toBeNull();
    const self = sig('dl-1', zhang, '2026-12-03T07:51:00');
    expect(handoverView(handover, [self]).accepted).toBeNull();
    const w = sig('dl-2', wang, '2026-12-03T07:55:00');
    const later = sig('dl-3', { ...wang, name: '赵磊' }, '2026-12-03T07:58:00');
    expect(handoverView(handover, [later, self, w]).accepted?.id).toBe('dl-2');
  });

  it('a handover entry must name its handover, and a correction the entry it corrects', () => {
    expect(
      DutyLogEntry.safeParse({ id: 'x', kind: 'handover_accepted', at: iso('2026-12-03T07:55:00'), by: wang })
        .success,
    ).toBe(false);
    expect(
      DutyLogEntry.safeParse({ id: 'x', kind: 'correction', at: iso('2026-12-03T07:55:00'), by: wang })
        .success,
    ).toBe(false);
    expect(
      DutyLogEntry.safeParse({ id: 'x', kind: 'note', at: iso('2026-12-03T07:55:00'), by: wang, text: 'ok' })
        .success,
    ).toBe(true);
  });
});
