/**
 * 预案 through the app's own handlers over a real store file: the plan library is validated whole
 * (a bad file imports nothing and names the path), the demo set imports marked demo, and an
 * incident's response is started from the plan's row for its level, its checklist owned and
 * completed, adjusted and ended, each step a timeline entry by the person on duty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type AppRuntime } from '../../../src/main/app/compose';
import type { Incident } from '../../../src/shared/domain';
import { DEMO_SCENARIO, REPO_ROOT, tempDir } from '../../support/tmp';

let t: ReturnType<typeof tempDir>;
let app: AppRuntime;
let mine: Incident;
const demo = readFileSync(join(REPO_ROOT, 'assets', 'plans', 'shanxi-demo-plans.json'), 'utf8');

beforeAll(async () => {
  t = tempDir('jinying-plans-');
  app = await startApp({ dataDir: t.dir, mode: 'web', scenarioFile: DEMO_SCENARIO, log: () => undefined });
  await app.handlers['duty:signIn']({ name: '张伟', org: '省应急指挥中心' });
  const picture = await app.handlers['picture:get']({});
  mine = picture.incidents.find((i) => i.hazard === 'mine_accident')!;
}, 60_000);
afterAll(async () => {
  await app?.close();
  t?.cleanup();
});

describe('the plan library', () => {
  it('refuses a file that is not JSON, or breaks the format, naming what is wrong; nothing is imported', async () => {
    await expect(
      app.handlers['plans:import']({ text: '{"format": "jinying-response-plans",' }),
    ).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringMatching(/not JSON/),
    });
    const lib = JSON.parse(demo);
    lib.plans[3].levels[2].tasks[1].id = lib.plans[3].levels[2].tasks[0].id;
    await expect(app.handlers['plans:import']({ text: JSON.stringify(lib) })).rejects.toMatchObject({
      code: 'INVALID',
      params: { field: 'plans.3.levels.2.tasks', variant: 'planLibrary' },
    });
    const proto = JSON.parse(demo);
    proto.plans[0].levels[0].tasks[0] = JSON.parse(
      '{"id":"x","text":"t","owner":"o","__proto__":{"evil":1}}',
    );
    await expect(app.handlers['plans:import']({ text: JSON.stringify(proto) })).rejects.toMatchObject({
      code: 'INVALID',
    });
    expect(await app.handlers['plans:list']({})).toEqual([]);
  });

  it('imports the demo set, marked demo, by the person on duty', async () => {
    const r = await app.handlers['plans:import']({ demo: true });
    expect(r).toMatchObject({ demo: true, library: '山西省突发事件应急预案（演示集）' });
    expect(r.plans).toHaveLength(6);
    const plans = await app.handlers['plans:list']({});
    expect(plans).toHaveLength(6);
    expect(plans.every((p) => p.demo && p.by.name === '张伟')).toBe(true);
  });
});

describe('a response and its checklist', () => {
  it('starts from the plan’s row for the incident’s level, with a reason, once', async () => {
    await expect(
      app.handlers['response:start']({ incidentId: mine.id, planId: 'demo-mine', reason: '  ' }),
    ).rejects.toMatchObject({ code: 'INVALID', params: { variant: 'reasonRequired' } });
    await expect(
      app.handlers['response:start']({ incidentId: mine.id, planId: 'no-such-plan', reason: '启动' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', params: { kind: 'plan' } });
    const s = await app.handlers['response:start']({
      incidentId: mine.id,
      planId: 'demo-mine',
      reason: '9 人被困',
    });
    const row = JSON.parse(demo)
      .plans.find((p: { id: string }) => p.id === 'demo-mine')
      .levels.find((l: { incidentLevel: string }) => l.incidentLevel === mine.level);
    expect(s).toMatchObject({
      active: true,
      planId: 'demo-mine',
      demo: true,
      level: row.responseLevel,
      lead: row.lead,
    });
    expect(s.tasks.map((x) => x.id)).toEqual(row.tasks.map((x: { id: string }) => x.id));
    await expect(
      app.handlers['response:start']({ incidentId: mine.id, planId: 'demo-mine', reason: '再次' }),
    ).rejects.toMatchObject({ code: 'INVALID', params: { variant: 'responseActive' } });
  });

  it('tasks get named owners and are completed once; the level is adjusted and the response ended', async () => {
    const task = (await app.handlers['response:get']({ incidentId: mine.id })).tasks[0]!;
    await expect(
      app.handlers['response:assignTask']({ incidentId: mine.id, taskId: task.id, owner: '' }),
    ).rejects.toMatchObject({ params: { variant: 'ownerRequired' } });
    let s = await app.handlers['response:assignTask']({
      incidentId: mine.id,
      taskId: task.id,
      owner: '李工（救援处）',
    });
    expect(s.tasks[0]).toMatchObject({ owner: '李工（救援处）', assignedBy: { name: '张伟' } });
    s = await app.handlers['response:completeTask']({
      incidentId: mine.id,
      taskId: task.id,
      note: '2 支救护队已入井',
    });
    expect(s.tasks[0]).toMatchObject({ doneBy: { name: '张伟' }, doneNote: '2 支救护队已入井' });
    await expect(
      app.handlers['response:completeTask']({ incidentId: mine.id, taskId: task.id }),
    ).rejects.toMatchObject({ params: { variant: 'taskDone' } });
    await expect(
      app.handlers['response:completeTask']({ incidentId: mine.id, taskId: 'nope' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', params: { kind: 'task' } });

    const before = s.tasks.length;
    s = await app.handlers['response:adjust']({ incidentId: mine.id, level: 'I', reason: '被困人数上升' });
    expect(s.level).toBe('I');
    expect(s.tasks.length).toBeGreaterThan(before);
    expect(s.tasks[0]!.doneAt).not.toBeNull();
    await expect(
      app.handlers['response:adjust']({ incidentId: mine.id, level: 'I', reason: 'x' }),
    ).rejects.toMatchObject({ params: { variant: 'sameLevel' } });
    s = await app.handlers['response:end']({ incidentId: mine.id, reason: '全部获救' });
    expect(s.active).toBe(false);
    await expect(
      app.handlers['response:assignTask']({ incidentId: mine.id, taskId: task.id, owner: '某人' }),
    ).rejects.toMatchObject({ params: { variant: 'noResponse' } });

    const kinds = (await app.handlers['timeline:list']({ incidentId: mine.id }))
      .filter((e) => e.kind.startsWith('response_') || e.kind.startsWith('task_'))
      .map((e) => [e.kind, e.by.name, e.text]);
    expect(kinds).toEqual([
      ['response_started', '张伟', '9 人被困'],
      ['task_assigned', '张伟', ''],
      ['task_done', '张伟', '2 支救护队已入井'],
      ['response_adjusted', '张伟', '被困人数上升'],
      ['response_ended', '张伟', '全部获救'],
    ]);
  });

  it('a closed incident takes no response', async () => {
    const inc = await app.handlers['incident:create']({
      title: '已结束的事件',
      hazard: 'flood',
      level: 'IV',
      location: [112.5, 37.8],
    });
    for (const status of ['verified', 'responding', 'contained'] as const)
      await app.handlers['incident:setStatus']({ id: inc.id, status });
    await app.handlers['incident:setStatus']({ id: inc.id, status: 'closed', note: '已处置完毕' });
    await expect(
      app.handlers['response:start']({ incidentId: inc.id, planId: 'demo-flood', reason: '启动' }),
    ).rejects.toMatchObject({ params: { variant: 'closedNoResponse' } });
  });
});
