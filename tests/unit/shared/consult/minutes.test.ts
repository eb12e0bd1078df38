import { describe, expect, it } from 'vitest';
import { foldMinutes, isOwner, pendingActions, sessionMinutes } from '../../../../src/shared/consult/minutes';
import { TimelineEntry, type Person, type TimelineKind } from '../../../../src/shared/domain';
import { forbiddenReason } from '../../../../src/shared/sync/roles';
import type { Op } from '../../../../src/shared/sync/ops';

// 会商纪要 folded from timeline entries (src/shared/consult/minutes.ts), on a fake clock.

const cst = (s: string) => Date.parse(`${s}+08:00`);
const iso = (s: string) => new Date(cst(s)).toISOString();
const zhang: Person = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' };
const admin: Person = { name: '赵敏', org: '省应急管理厅', role: 'admin' };
const li: Person = { name: '李强', org: '吕梁市消防救援支队', role: 'field-commander' };
const viewer: Person = { name: '观察员', org: '', role: 'viewer' };
const S1 = { consultationId: 'cs-1', session: '滑坡处置会商' };
const S2 = { consultationId: 'cs-2', session: '次生灾害研判' };
const owner = (name: string, org = '') => ({ name, org });

let n = 0;
const entry = (
  kind: TimelineKind,
  at: string,
  data: Record<string, unknown>,
  by: Person = zhang,
  text = '',
) =>
  TimelineEntry.parse({
    id: `tl-${String(++n).padStart(3, '0')}`,
    incidentId: 'inc-1',
    kind,
    at: iso(at),
    by,
    text,
    data,
  });
const decision = (at: string, text: string, s = S1, by = zhang) => entry('consult_decision', at, s, by, text);
const action = (
  at: string,
  text: string,
  o: { name: string; org: string },
  deadline: string,
  s = S1,
  by = zhang,
) => entry('action_item', at, { ...s, owner: o, deadline: iso(deadline) }, by, text);
const reassign = (
  at: string,
  a: TimelineEntry,
  o: { name: string; org: string },
  deadline: string,
  by = zhang,
  reason = '',
) =>
  entry(
    'action_reassigned',
    at,
    {
      ...S1,
      actionId: a.id,
      action: a.text,
      owner: o,
      deadline: iso(deadline),
      from: { owner: a.data.owner, deadline: a.data.deadline },
    },
    by,
    reason,
  );
const done = (at: string, a: TimelineEntry, by: Person = zhang, note = '') =>
  entry('action_done', at, { ...S1, actionId: a.id, action: a.text, owner: a.data.owner }, by, note);

/** A shuffled copy (the fold takes entries in any order). */
const shuffled = <T>(xs: readonly T[]) => [...xs].reverse();

describe('会商纪要 folded from the timeline', () => {
  it('gives each session its decisions in order and its action items open, overdue or done at `now`', () => {
    const evac = action(
      '2026-12-02T10:05:00',
      '转移下游 3 个村群众',
      owner('王芳', '吕梁市应急局'),
      '2026-12-02T12:00:00',
    );
    const road = action('2026-12-02T10:06:00', '封闭 S218 线', owner('李强'), '2026-12-02T11:00:00');
    const log = [
      decision('2026-12-02T10:01:00', '启动地质灾害Ⅲ级响应'),
      decision('2026-12-02T10:03:00', '请省地质勘查局派专家组'),
      evac,
      road,
      decision('2026-12-02T10:30:00', '另一场会商的决定', S2),
      done('2026-12-02T10:50:00', road, zhang, '已设卡'),
    ];
    const [s1, s2] = foldMinutes(shuffled(log), cst('2026-12-02T12:30:00'));
    expect(s1).toMatchObject({ consultationId: 'cs-1', session: '滑坡处置会商', incidentId: 'inc-1' });
    expect(s1!.decisions.map((d) => [d.text, d.by.name])).toEqual([
      ['启动地质灾害Ⅲ级响应', '张伟'],
      ['请省地质勘查局派专家组', '张伟'],
    ]);
    expect(s1!.actions.map((a) => [a.text, a.state, a.doneNote])).toEqual([
      ['转移下游 3 个村群众', 'overdue', ''],
      ['封闭 S218 线', 'done', '已设卡'],
    ]);
    expect(s2!.decisions.map((d) => d.text)).toEqual(['另一场会商的决定']);
    // Before its deadline the same item is open; the clock alone moves it to overdue.
    expect(sessionMinutes(log, 'cs-1', cst('2026-12-02T11:59:00'))!.actions[0]!.state).toBe('open');
    expect(sessionMinutes(log, 'cs-1', cst('2026-12-02T12:00:01'))!.actions[0]!.state).toBe('overdue');
    expect(sessionMinutes(log, 'cs-9', 0)).toBeNull();
  });

  it('a reassignment moves the owner and the deadline, keeping what it replaced, who and why', () => {
    const a = action('2026-12-02T10:05:00', '调运 500 顶帐篷', owner('王芳'), '2026-12-02T11:00:00');
    const log = [
      a,
      reassign(
        '2026-12-02T10:40:00',
        a,
        owner('刘洋', '太原市消防救援支队'),
        '2026-12-02T14:00:00',
        admin,
        '吕梁库存不足',
      ),
    ];
    const [m] = pendingActions(log, cst('2026-12-02T12:00:00'));
    expect(m).toMatchObject({
      owner: { name: '刘洋', org: '太原市消防救援支队' },
      deadline: iso('2026-12-02T14:00:00'),
      // Past the old deadline, not the new one.
      state: 'open',
    });
    expect(m!.reassignments).toEqual([
      {
        at: iso('2026-12-02T10:40:00'),
        by: admin,
        from: { owner: owner('王芳'), deadline: iso('2026-12-02T11:00:00') },
        owner: owner('刘洋', '太原市消防救援支队'),
        deadline: iso('2026-12-02T14:00:00'),
        reason: '吕梁库存不足',
      },
    ]);
  });

  it('done once: a second completion, and a reassignment after it, change nothing; unknown items are ignored', () => {
    const a = action('2026-12-02T10:05:00', '核实失联人数', owner('王芳'), '2026-12-02T11:00:00');
    const log = [
      a,
      done('2026-12-02T10:20:00', a, zhang, '失联 2 人'),
      done('2026-12-02T10:25:00', a, admin, '再次'),
      reassign('2026-12-02T10:30:00', a, owner('刘洋'), '2026-12-02T15:00:00'),
      entry('action_done', '2026-12-02T10:31:00', {
        ...S1,
        actionId: 'tl-nope',
        action: '?',
        owner: owner('x'),
      }),
    ];
    const [m] = foldMinutes(log, cst('2026-12-02T16:00:00'))[0]!.actions;
    expect(m).toMatchObject({ state: 'done', doneBy: zhang, doneNote: '失联 2 人', owner: owner('王芳') });
    expect(m!.reassignments).toEqual([]);
    expect(pendingActions(log, cst('2026-12-02T16:00:00'))).toEqual([]);
  });

  it('a field commander completes only an item it owns; only the duty desk records, reassigns and decides', () => {
    const mine = action(
      '2026-12-02T10:05:00',
      '疏散沿河商户',
      owner('李强', '吕梁市消防救援支队'),
      '2026-12-02T12:00:00',
    );
    const anyOrg = action('2026-12-02T10:06:00', '回报水位', owner('李强'), '2026-12-02T12:00:00');
    const theirs = action('2026-12-02T10:07:00', '清点物资', owner('刘洋'), '2026-12-02T12:00:00');
    const log = [
      mine,
      anyOrg,
      theirs,
      done('2026-12-02T10:30:00', mine, li),
      done('2026-12-02T10:31:00', anyOrg, li),
      done('2026-12-02T10:32:00', theirs, li),
      done('2026-12-02T10:33:00', theirs, viewer),
      decision('2026-12-02T10:34:00', '越权决定', S1, li),
      action('2026-12-02T10:35:00', '越权待办', owner('李强'), '2026-12-02T12:00:00', S1, li),
      reassign('2026-12-02T10:36:00', theirs, owner('李强'), '2026-12-02T13:00:00', li),
    ];
    const [s] = foldMinutes(log, cst('2026-12-02T11:00:00'));
    expect(s!.decisions).toEqual([]);
    expect(s!.actions.map((a) => [a.text, a.state, a.doneBy?.name ?? null, a.owner.name])).toEqual([
      ['疏散沿河商户', 'done', '李强', '李强'],
      ['回报水位', 'done', '李强', '李强'],
      ['清点物资', 'open', null, '刘洋'],
    ]);
    // The same name in another organisation is someone else when the owner names one.
    expect(isOwner(owner('李强', '吕梁市消防救援支队'), { name: '李强', org: '大同市应急局' })).toBe(false);
    expect(isOwner(owner('李强'), { name: '李强', org: '大同市应急局' })).toBe(true);
    // After a reassignment to 李强 by the duty desk, he may complete it.
    const moved = [
      ...log,
      reassign('2026-12-02T10:40:00', theirs, owner('李强'), '2026-12-02T13:00:00'),
      done('2026-12-02T10:45:00', theirs, li),
    ];
    expect(foldMinutes(moved, cst('2026-12-02T11:00:00'))[0]!.actions[2]).toMatchObject({
      state: 'done',
      doneBy: li,
    });
  });
});

describe('会商纪要 entries are checked', () => {
  const base = { id: 'tl-x', incidentId: 'inc-1', at: iso('2026-12-02T10:00:00'), by: zhang };
  it('refuses an action item without an owner, a deadline or its text, naming the field', () => {
    const bad = TimelineEntry.safeParse({
      ...base,
      kind: 'action_item',
      text: '转移群众',
      data: { ...S1, owner: { name: '' }, deadline: 'tomorrow' },
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'data.deadline',
      'data.owner.name',
    ]);
    const empty = TimelineEntry.safeParse({
      ...base,
      kind: 'consult_decision',
      text: '  ',
      data: S1,
    });
    expect(empty.error!.issues.map((i) => i.path.join('.'))).toEqual(['text']);
    expect(
      TimelineEntry.safeParse({
        ...base,
        kind: 'action_done',
        data: { ...S1, action: 'x', owner: owner('王芳') },
      }).error!.issues.map((i) => i.path.join('.')),
    ).toEqual(['data.actionId']);
    // Other kinds keep free details.
    expect(TimelineEntry.safeParse({ ...base, kind: 'note', text: 'x', data: { anything: 1 } }).success).toBe(
      true,
    );
  });
});

describe('who may add minutes at the hub', () => {
  const op = (kind: TimelineKind): Pick<Op, 'entity' | 'entityId' | 'kind' | 'fields'> => ({
    entity: 'timeline',
    entityId: 'tl-new',
    kind: 'upsert',
    fields: { kind, unitId: null },
  });
  it.each([
    ['duty-officer', 'consult_decision', true],
    ['duty-officer', 'action_item', true],
    ['duty-officer', 'action_reassigned', true],
    ['duty-officer', 'action_done', true],
    ['admin', 'action_item', true],
    ['admin', 'action_done', true],
    ['field-commander', 'consult_decision', false],
    ['field-commander', 'action_item', false],
    ['field-commander', 'action_reassigned', false],
    // Its own only: the fold ignores a completion by someone who does not own the item.
    ['field-commander', 'action_done', true],
    ['viewer', 'action_done', false],
    ['viewer', 'consult_decision', false],
  ] as const)('%s adds %s: %s', (role, kind, allowed) => {
    expect(
      forbiddenReason({ role, unitId: role === 'field-commander' ? 'u-1' : null }, op(kind), false) === null,
    ).toBe(allowed);
  });
});
