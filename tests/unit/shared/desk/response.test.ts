import { describe, expect, it } from 'vitest';
import { openTasks, responseState } from '../../../../src/shared/desk/response';
import { TimelineEntry, type Person, type TimelineKind } from '../../../../src/shared/domain';

const zhang: Person = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' };
const wang: Person = { name: '王芳', org: '省应急指挥中心', role: 'duty-officer' };
let n = 0;
const entry = (kind: TimelineKind, minute: number, data: Record<string, unknown>, by = zhang, text = '') =>
  TimelineEntry.parse({
    id: `tl-${String(++n).padStart(3, '0')}`,
    incidentId: 'inc-1',
    kind,
    at: new Date(Date.parse('2026-12-02T02:00:00Z') + minute * 60_000).toISOString(),
    by,
    text,
    data,
  });
const tasks = [
  { id: 'consult', text: '会商研判', owner: '省水利厅' },
  { id: 'evacuate', text: '转移群众', owner: '县政府' },
];

describe('an incident’s response, folded from its timeline', () => {
  it('is not started on an empty timeline', () => {
    expect(responseState([])).toMatchObject({ active: false, started: false, level: null, tasks: [] });
  });

  it('start, owners, completion, adjustment and end: who and when for each, whatever the order given', () => {
    const log = [
      entry(
        'response_started',
        0,
        { planId: 'p', planName: '防汛预案', demo: true, level: 'III', lead: 'A', members: ['B'], tasks },
        zhang,
        '暴雨',
      ),
      entry('task_assigned', 2, { taskId: 'consult', owner: '李工（省水利厅）' }),
      entry('task_done', 5, { taskId: 'consult' }, wang, '已会商'),
      entry('task_done', 6, { taskId: 'consult' }, zhang, 'twice'),
      entry('task_assigned', 7, { taskId: 'nope', owner: 'x' }),
      entry(
        'response_adjusted',
        10,
        {
          from: 'III',
          to: 'II',
          lead: 'A2',
          tasks: [...tasks, { id: 'rescue', text: '抢险', owner: '消防' }],
        },
        zhang,
        '水位上涨',
      ),
    ];
    const s = responseState([...log].reverse());
    expect(s).toMatchObject({
      active: true,
      started: true,
      planId: 'p',
      planName: '防汛预案',
      demo: true,
      level: 'II',
      lead: 'A2',
      members: ['B'],
    });
    expect(s.tasks.map((t) => t.id)).toEqual(['consult', 'evacuate', 'rescue']);
    expect(s.tasks[0]).toMatchObject({
      owner: '李工（省水利厅）',
      assignedBy: zhang,
      doneBy: wang,
      doneNote: '已会商',
    });
    expect(openTasks(s).map((t) => t.id)).toEqual(['evacuate', 'rescue']);
    expect(s.steps.map((x) => [x.kind, x.from, x.level, x.reason])).toEqual([
      ['started', null, 'III', '暴雨'],
      ['adjusted', 'III', 'II', '水位上涨'],
    ]);

    const ended = responseState([...log, entry('response_ended', 20, { level: 'II' }, wang, '险情解除')]);
    expect(ended.active).toBe(false);
    expect(ended.started).toBe(true);
    expect(openTasks(ended)).toEqual([]);
    expect(ended.steps.at(-1)).toMatchObject({ kind: 'ended', by: wang, level: 'II', reason: '险情解除' });
  });

  it('a response started again after it ended brings a fresh checklist', () => {
    const s = responseState([
      entry('response_started', 0, { planId: 'p', planName: 'P', level: 'IV', tasks }),
      entry('task_done', 1, { taskId: 'consult' }),
      entry('response_ended', 2, {}),
      entry('response_started', 3, { planId: 'p', planName: 'P', level: 'III', tasks }),
    ]);
    expect(s.active).toBe(true);
    expect(s.tasks.every((t) => t.doneAt === null)).toBe(true);
  });
});
