import { describe, expect, it } from 'vitest';
import { Incident, TimelineEntry, Assignment, type Casualties } from '../../../../src/shared/domain';
import {
  activeAlerts,
  DEFAULT_DESK_CONFIG as cfg,
  isLateReport,
  possibleDuplicates,
  reportingDeadlines,
  shouldSound,
  suggestLevel,
} from '../../../../src/shared/desk';

/** A fake clock: minutes after 2026-12-01 08:00 北京时间 (00:00Z). */
const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

const incident = (extra: Partial<Incident> = {}) =>
  Incident.parse({
    id: 'inc-1',
    title: '吕梁市离石区山体滑坡',
    hazard: 'landslide',
    level: 'III',
    status: 'reported',
    location: [111.13, 37.52],
    reporter: { name: '刘洋' },
    reportedAt: at(0),
    updatedAt: at(0),
    ...extra,
  });
let n = 0;
const entry = (kind: TimelineEntry['kind'], min: number, extra: Partial<TimelineEntry> = {}) =>
  TimelineEntry.parse({
    id: `tl-${++n}`,
    incidentId: 'inc-1',
    kind,
    at: at(min),
    by: { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' },
    ...extra,
  });

describe('the suggested level (national grading; a suggestion, never applied)', () => {
  const c = (x: Partial<Casualties>): Casualties => ({ dead: 0, injured: 0, missing: 0, trapped: 0, ...x });
  it.each([
    [c({}), 'IV', null],
    [c({ dead: 2, injured: 9 }), 'IV', null],
    [c({ dead: 3 }), 'III', 'dead'],
    [c({ injured: 10 }), 'III', 'injured'],
    [c({ dead: 9, injured: 49 }), 'III', 'dead'],
    [c({ dead: 10 }), 'II', 'dead'],
    [c({ dead: 8, missing: 2 }), 'II', 'dead'],
    [c({ injured: 50 }), 'II', 'injured'],
    [c({ dead: 29, injured: 99 }), 'II', 'dead'],
    [c({ dead: 30 }), 'I', 'dead'],
    [c({ injured: 100 }), 'I', 'injured'],
  ] as const)('%o → %s', (cas, level, by) => {
    expect(suggestLevel(cas, cfg.grading)).toMatchObject({ level, by });
  });
  it('follows the configured thresholds', () => {
    expect(suggestLevel(c({ dead: 1 }), { dead: [5, 2, 1], injured: [50, 20, 5] }).level).toBe('III');
  });
});

describe('reporting deadlines (信息报送时限), on a fake clock', () => {
  it('初报 within an hour of 接报: counting down, then overdue, then met by a late report', () => {
    const inc = incident();
    expect(reportingDeadlines(inc, [], cfg, T0 + 30 * 60_000)[0]).toMatchObject({
      kind: 'initial',
      dueAt: at(60),
      overdue: false,
      remainingMs: 30 * 60_000,
    });
    expect(reportingDeadlines(inc, [], cfg, T0 + 61 * 60_000)[0]).toMatchObject({
      kind: 'initial',
      overdue: true,
      remainingMs: -60_000,
    });
    const late = [entry('report_initial', 75)];
    expect(reportingDeadlines(inc, late, cfg, T0 + 80 * 60_000)[0]).toMatchObject({
      kind: 'initial',
      doneAt: at(75),
      overdue: false,
      remainingMs: null,
    });
  });

  it('level I/II: to the province within an hour of being raised to it', () => {
    const inc = incident({ level: 'II' });
    const tl = [entry('report_initial', 20), entry('level', 120, { data: { from: 'III', to: 'II' } })];
    const major = reportingDeadlines(inc, tl, cfg, T0 + 200 * 60_000).find((d) => d.kind === 'major')!;
    expect(major).toMatchObject({ dueAt: at(180), overdue: true });
    const met = reportingDeadlines(
      inc,
      [...tl, entry('report_followup', 150, { data: { to: 'province' } })],
      cfg,
      T0 + 200 * 60_000,
    ).find((d) => d.kind === 'major')!;
    expect(met).toMatchObject({ doneAt: at(150), overdue: false });
    // A report to the city does not count as one to the province.
    const city = reportingDeadlines(
      inc,
      [...tl, entry('report_followup', 150, { data: { to: 'city' } })],
      cfg,
      T0 + 200 * 60_000,
    ).find((d) => d.kind === 'major')!;
    expect(city.overdue).toBe(true);
  });

  it('续报 at least daily while open; 终报 within a day of closing', () => {
    const open = incident({ status: 'responding' });
    const tl = [entry('report_initial', 30)];
    expect(reportingDeadlines(open, tl, cfg, T0).find((d) => d.kind === 'followup')).toMatchObject({
      dueAt: at(30 + 24 * 60),
    });
    expect(
      reportingDeadlines(open, tl, cfg, T0 + (31 + 24 * 60) * 60_000).find((d) => d.kind === 'followup')!
        .overdue,
    ).toBe(true);
    const closed = incident({ status: 'closed' });
    const ctl = [...tl, entry('status', 600, { data: { from: 'contained', to: 'closed' } })];
    expect(reportingDeadlines(closed, ctl, cfg, T0 + 700 * 60_000).map((d) => d.kind)).toEqual([
      'initial',
      'final',
    ]);
    expect(
      reportingDeadlines(closed, ctl, cfg, T0 + (601 + 24 * 60) * 60_000).find((d) => d.kind === 'final')!
        .overdue,
    ).toBe(true);
    expect(
      reportingDeadlines(
        closed,
        [...ctl, entry('report_final', 900)],
        cfg,
        T0 + (601 + 24 * 60) * 60_000,
      ).find((d) => d.kind === 'final')!.overdue,
    ).toBe(false);
  });

  it('marks a report made long after the event as 迟报', () => {
    expect(isLateReport({ occurredAt: at(0), reportedAt: at(121) }, cfg)).toBe(true);
    expect(isLateReport({ occurredAt: at(0), reportedAt: at(119) }, cfg)).toBe(false);
    expect(isLateReport({ occurredAt: null, reportedAt: at(500) }, cfg)).toBe(false);
  });
});

describe('alerts, on a fake clock', () => {
  const duty = { role: 'duty-officer', unitId: null };
  const base = { assignments: [] as Assignment[], notices: [], cfg, viewer: duty };

  it('a new level I/II incident alarms until a named person acknowledges it; raising it again alarms again', () => {
    const inc = incident({ level: 'I' });
    const tl = [entry('report_initial', 5), entry('report_followup', 6, { data: { to: 'province' } })];
    const [a] = activeAlerts({ ...base, incidents: [inc], timeline: tl, now: T0 + 10 * 60_000 });
    expect(a).toMatchObject({ kind: 'major_incident', incidentId: 'inc-1', params: { level: 'I' } });
    const acked = [...tl, entry('alert_acknowledged', 11, { data: { alertId: a!.id } })];
    expect(activeAlerts({ ...base, incidents: [inc], timeline: acked, now: T0 + 12 * 60_000 })).toEqual([]);
    // Lowered to III, then raised to II again: a new alert.
    const raised = [
      ...acked,
      entry('level', 20, { data: { from: 'I', to: 'III' } }),
      entry('level', 30, { data: { from: 'III', to: 'II' } }),
    ];
    const again = activeAlerts({
      ...base,
      incidents: [incident({ level: 'II' })],
      timeline: raised,
      now: T0 + 31 * 60_000,
    });
    expect(again.map((x) => x.kind)).toContain('major_incident');
  });

  it('an overdue report alarms the duty officer, not a field commander', () => {
    const inc = incident();
    expect(
      activeAlerts({ ...base, incidents: [inc], timeline: [], now: T0 + 61 * 60_000 }).map((a) => [
        a.kind,
        a.params.deadline,
      ]),
    ).toEqual([['report_overdue', 'initial']]);
    expect(
      activeAlerts({
        ...base,
        viewer: { role: 'field-commander', unitId: 'u-1' },
        incidents: [inc],
        timeline: [],
        now: T0 + 61 * 60_000,
      }),
    ).toEqual([]);
  });

  it('an acknowledged overdue alert stays acknowledged when the desk tightens its deadlines', () => {
    const inc = incident();
    const [a] = activeAlerts({ ...base, incidents: [inc], timeline: [], now: T0 + 61 * 60_000 });
    const acked = [entry('alert_acknowledged', 62, { data: { alertId: a!.id } })];
    const tighter = { ...base.cfg, initialReportMinutes: 30 };
    expect(
      activeAlerts({ ...base, cfg: tighter, incidents: [inc], timeline: acked, now: T0 + 63 * 60_000 }),
    ).toEqual([]);
    // The deadline itself moved: due at 30 minutes now.
    expect(reportingDeadlines(inc, [], tighter, T0 + 63 * 60_000)[0]).toMatchObject({
      kind: 'initial',
      since: at(0),
      dueAt: at(30),
    });
  });

  it('an order nobody acknowledged in time alarms, on the desk and on the unit’s console; 接令 silences it', () => {
    const inc = incident({ status: 'responding' });
    const a = Assignment.parse({
      id: 'asg-1',
      incidentId: 'inc-1',
      resourceKind: 'unit',
      resourceId: 'u-1',
      status: 'accepted',
      proposedAt: at(0),
      decidedAt: at(1),
    });
    const tl = [entry('report_initial', 5)];
    const input = { ...base, incidents: [inc], assignments: [a], timeline: tl };
    expect(
      activeAlerts({ ...input, now: T0 + 10 * 60_000 }).filter((x) => x.kind === 'order_unacknowledged'),
    ).toEqual([]);
    expect(
      activeAlerts({ ...input, now: T0 + 12 * 60_000 })
        .filter((x) => x.kind === 'order_unacknowledged')
        .map((x) => x.id),
    ).toEqual(['unacked:asg-1']);
    expect(
      activeAlerts({
        ...input,
        viewer: { role: 'field-commander', unitId: 'u-1' },
        now: T0 + 12 * 60_000,
      }).map((x) => x.kind),
    ).toEqual(['order_unacknowledged']);
    expect(
      activeAlerts({ ...input, viewer: { role: 'field-commander', unitId: 'u-9' }, now: T0 + 12 * 60_000 }),
    ).toEqual([]);
    const answered = [
      ...tl,
      entry('order_acknowledged', 11, { unitId: 'u-1', data: { assignmentId: 'asg-1' } }),
    ];
    expect(
      activeAlerts({ ...input, timeline: answered, now: T0 + 12 * 60_000 }).filter(
        (x) => x.kind === 'order_unacknowledged',
      ),
    ).toEqual([]);
  });

  it('a change the hub refused alarms until the notice is seen', () => {
    const notices = [
      { id: 7, entity: 'incident', entityId: 'inc-1', code: 'FORBIDDEN', createdAt: at(3), seenAt: null },
    ];
    const inc = incident({ status: 'verified' });
    const tl = [entry('report_initial', 1)];
    expect(
      activeAlerts({ ...base, incidents: [inc], timeline: tl, notices, now: T0 + 5 * 60_000 }).map(
        (a) => a.id,
      ),
    ).toEqual(['refusal:7']);
    expect(
      activeAlerts({
        ...base,
        incidents: [inc],
        timeline: tl,
        notices: [{ ...notices[0]!, seenAt: at(4) }],
        now: T0 + 5 * 60_000,
      }),
    ).toEqual([]);
  });

  it('sounds at once, then every alertRepeatSeconds', () => {
    expect(shouldSound(null, T0, cfg)).toBe(true);
    expect(shouldSound(T0, T0 + 59_000, cfg)).toBe(false);
    expect(shouldSound(T0, T0 + 60_000, cfg)).toBe(true);
  });
});

describe('possible duplicates (5 km, 2 hours, same hazard, open)', () => {
  it('flags a nearby recent report of the same hazard, nearest first, and nothing else', () => {
    const near = incident({ id: 'near', location: [111.15, 37.53] });
    const far = incident({ id: 'far', location: [111.5, 37.9] });
    const other = incident({ id: 'other', hazard: 'flood' });
    const old = incident({ id: 'old', reportedAt: at(-200) });
    const closed = incident({ id: 'closed', status: 'closed' });
    const r = possibleDuplicates(
      { hazard: 'landslide', location: [111.13, 37.52], at: at(30) },
      [far, other, old, closed, near, incident()],
      cfg,
    );
    expect(r.map((x) => x.incident.id)).toEqual(['inc-1', 'near']);
    expect(r[1]!.distanceKm).toBeGreaterThan(1);
    expect(r[1]!.distanceKm).toBeLessThan(5);
  });
});
