import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { startTestHub, connectAs, expectOk, request, OpMaker } from '../hub/support';
import { startClient, syncAll, type TestClient } from '../sync/support';
import type { Consultation } from '../../../src/shared/consult/record';
import { foldMinutes } from '../../../src/shared/consult/minutes';
import type { TimelineEntry } from '../../../src/shared/domain';
import type { PushReply } from '../../../src/shared/sync/protocol';
import { scenarioRecords } from '../../../src/shared/sync/entities';
import { readScenarioFile } from '../../../src/main/services/scenarioFile';
import { produceReport, storeSource } from '../../../src/main/reports/produce';
import { DEFAULT_DESK_CONFIG } from '../../../src/shared/desk/config';
import { DEMO_SCENARIO, REPO_ROOT, tempDir } from '../../support/tmp';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'minutes');

/** A poppler-utils tool (Debian `poppler-utils`, installed by .ci/run); its output as text. */
const poppler = (tool: 'pdftotext' | 'pdffonts' | 'pdftoppm', args: string[]) =>
  execFileSync(tool, args, { encoding: 'utf8' });

// 会商纪要 through a real hub: the province records a session's decisions and action items; the city
// sees the same minutes and reassigns one; a field commander completes the one it owns (and is
// refused another's; a completion it forces onto the wire changes nothing); the city's situation
// report (PDF read back with pdftotext, and the .docx) carries the minutes with their state.

let hub: Awaited<ReturnType<typeof startTestHub>>;
let province: TestClient;
let city: TestClient;
let field: TestClient;
let session: Consultation;
let fieldToken: string;
const tmp = tempDir('minutes-report');
const HOUR = 3600_000;
const at = (ms: number) => new Date(ms).toISOString();

const minutesOf = async (c: TestClient, now = Date.now()) =>
  foldMinutes(
    (await c.store.call('listTimeline', { incidentId: session.incidentId })) as TimelineEntry[],
    now,
  );

beforeAll(async () => {
  hub = await startTestHub();
  await hub.store.seed(scenarioRecords(readScenarioFile(DEMO_SCENARIO)));
  province = await startClient(
    'prov',
    hub.url,
    await hub.token('duty-officer', undefined, { name: '张伟', org: '省应急指挥中心' }),
  );
  city = await startClient(
    'city',
    hub.url,
    await hub.token('duty-officer', undefined, { name: '王芳', org: '吕梁市应急局' }),
  );
  fieldToken = await hub.token('field-commander', undefined, { name: '李强', org: '吕梁市消防救援支队' });
  field = await startClient('field', hub.url, fieldToken);
  await Promise.all([province.online(), city.online(), field.online()]);
  const incidentId = ((await province.store.call('picture')) as { incidents: { id: string }[] }).incidents[0]!
    .id;
  session = (await province.store.call('openConsultation', {
    incidentId,
    title: '滑坡处置会商',
    invitees: [{ kind: 'role', role: 'field-commander' }],
  })) as Consultation;
  await syncAll([province, city, field]);
}, 90_000);
afterAll(async () => {
  for (const c of [province, city, field]) await c?.close();
  await hub?.stop();
  tmp.cleanup();
});

describe('会商纪要 through a real hub', () => {
  it('decisions and action items recorded at the province reach the city as the same minutes, stamped with who', async () => {
    const c = session.id;
    await province.store.call('recordDecision', { consultationId: c, text: '启动地质灾害Ⅲ级响应' });
    await province.store.call('recordAction', {
      consultationId: c,
      text: '封闭 S218 线',
      owner: { name: '李强', org: '吕梁市消防救援支队' },
      deadline: at(Date.now() + HOUR),
    });
    await province.store.call('recordAction', {
      consultationId: c,
      text: '转移下游 3 个村群众',
      owner: { name: '王芳', org: '吕梁市应急局' },
      deadline: at(Date.now() + 2 * HOUR),
    });
    await province.store.call('recordDecision', { consultationId: c, text: '请省地质勘查局派专家组' });
    // A deadline already gone is refused, naming it.
    await expect(
      province.store.call('recordAction', {
        consultationId: c,
        text: '昨天的事',
        owner: { name: '王芳' },
        deadline: at(Date.now() - HOUR),
      }),
    ).rejects.toMatchObject({ code: 'INVALID', params: { variant: 'deadlinePassed' } });
    await syncAll([province, city, field]);
    const [m] = await minutesOf(city);
    expect(m).toMatchObject({ consultationId: c, session: '滑坡处置会商', incidentId: session.incidentId });
    expect(m!.decisions.map((d) => [d.text, d.by.name, d.by.org])).toEqual([
      ['启动地质灾害Ⅲ级响应', '张伟', '省应急指挥中心'],
      ['请省地质勘查局派专家组', '张伟', '省应急指挥中心'],
    ]);
    expect(m!.actions.map((a) => [a.text, a.owner.name, a.state])).toEqual([
      ['封闭 S218 线', '李强', 'open'],
      ['转移下游 3 个村群众', '王芳', 'open'],
    ]);
    expect(await minutesOf(province)).toEqual(await minutesOf(city));
  });

  it('the city reassigns; the field commander completes its own item, is refused another’s, and a forced completion changes nothing', async () => {
    const [m] = await minutesOf(city);
    const [road, evac] = m!.actions;
    await city.store.call('reassignAction', {
      actionId: evac!.id,
      owner: { name: '刘洋', org: '离石区政府' },
      deadline: at(Date.now() + 3 * HOUR),
      reason: '由属地政府组织',
    });
    await syncAll([city, province, field]);
    await field.store.call('completeAction', { actionId: road!.id, note: '已设卡封闭' });
    await expect(field.store.call('completeAction', { actionId: evac!.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      params: { variant: 'notOwner' },
    });
    await expect(
      field.store.call('recordDecision', { consultationId: session.id, text: '越权决定' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', params: { variant: 'minutesRole' } });
    // A client that skips the desk's check: the hub takes the entry (a field commander may add
    // action_done, stamped with who it is), and every console's fold ignores it.
    const raw = await connectAs(hub.url, fieldToken, 'field-raw');
    const ops = new OpMaker('field-raw');
    const forced = expectOk(
      await request<PushReply>(raw, 'push', {
        ops: [
          ops.op('timeline', 'tl-forced-done', 'upsert', {
            id: 'tl-forced-done',
            incidentId: session.incidentId,
            kind: 'action_done',
            at: at(Date.now()),
            by: { name: '李强', org: '吕梁市消防救援支队', role: 'field-commander' },
            text: '不是我的',
            data: {
              consultationId: session.id,
              session: '滑坡处置会商',
              actionId: evac!.id,
              action: evac!.text,
              owner: { name: '刘洋', org: '离石区政府' },
            },
            corrects: null,
            unitId: null,
          }),
          // Only the duty desk decides: this one is refused outright.
          ops.op('timeline', 'tl-forced-decision', 'upsert', {
            id: 'tl-forced-decision',
            incidentId: session.incidentId,
            kind: 'consult_decision',
            at: at(Date.now()),
            by: { name: '李强', org: '', role: 'field-commander' },
            text: '越权决定',
            data: { consultationId: session.id, session: '滑坡处置会商' },
            corrects: null,
            unitId: null,
          }),
        ],
      }),
    );
    raw.disconnect();
    expect(forced.results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    await syncAll([field, province, city]);
    for (const c of [province, city]) {
      const [s] = await minutesOf(c);
      expect(s!.decisions).toHaveLength(2);
      expect(
        s!.actions.map((a) => [a.text, a.state, a.owner.name, a.doneBy?.name ?? null, a.doneNote]),
      ).toEqual([
        ['封闭 S218 线', 'done', '李强', '李强', '已设卡封闭'],
        ['转移下游 3 个村群众', 'open', '刘洋', null, ''],
      ]);
      expect(s!.actions[1]!.reassignments[0]).toMatchObject({
        by: { name: '王芳' },
        from: { owner: { name: '王芳', org: '吕梁市应急局' } },
        reason: '由属地政府组织',
      });
    }
    // The handover at the city lists the one still open.
    const items = (await city.store.call('handoverItems', { cfg: DEFAULT_DESK_CONFIG })) as {
      actions: { text: string; owner: string; overdue: boolean }[];
    };
    expect(items.actions).toEqual([
      expect.objectContaining({ text: '转移下游 3 个村群众', owner: '刘洋（离石区政府）', overdue: false }),
    ]);
  });

  it('the city’s situation report carries the minutes with their state, in the PDF and the Word file', async () => {
    // Made four hours on: the open item is then past its deadline.
    const now = Date.now() + 4 * HOUR;
    const window = {
      kind: 'custom' as const,
      from: at(Date.now() - 2 * HOUR),
      to: at(now + HOUR),
      incidentId: null,
    };
    const make = (format: 'pdf' | 'docx') =>
      produceReport({
        load: storeSource(city.store),
        window,
        format,
        out: join(tmp.dir, `report.${format}`),
        now,
        desk: DEFAULT_DESK_CONFIG,
      });
    const pdf = await make('pdf');
    expect(pdf.report.minutes[0]!.actions.map((a) => a.state)).toEqual(['done', 'overdue']);
    // Table cells wrap: read the text in content order and without its line breaks.
    const text = poppler('pdftotext', ['-raw', pdf.file, '-']).replace(/\s+/g, '');
    for (const s of [
      '八、会商纪要',
      '“滑坡处置会商”会商，决定2项：',
      '1.启动地质灾害Ⅲ级响应（张伟，',
      '2.请省地质勘查局派专家组',
      '“滑坡处置会商”待办事项（状态截至报告时点）',
      '封闭S218线',
      '李强（吕梁市消防救援支队）',
      '转移下游3个村群众（调整1次）',
      '刘洋（离石区政府）',
      '逾期未完成',
    ])
      expect(text).toContain(s);
    expect(text).toMatch(/已完成（\d{4}-\d{2}-\d{2}\d{2}:\d{2}）/);
    // The CJK font is still the embedded TrueType one.
    const fonts = poppler('pdffonts', [pdf.file]).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/WenQuanYi.*CID TrueType\s+Identity-H\s+yes\s+yes/);
    // Its pages, to look at: test-artifacts/minutes/.
    mkdirSync(ARTIFACTS, { recursive: true });
    poppler('pdftoppm', ['-r', '60', '-png', pdf.file, join(ARTIFACTS, 'report-page')]);
    const docx = await make('docx');
    const xml = strFromU8(unzipSync(readFileSync(docx.file))['word/document.xml']!);
    for (const s of [
      '八、会商纪要',
      '启动地质灾害Ⅲ级响应',
      '封闭 S218 线',
      '逾期未完成',
      '刘洋（离石区政府）',
    ])
      expect(xml).toContain(s);
  }, 120_000);
});
