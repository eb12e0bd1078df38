import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub } from '../hub/support';
import { startClient, syncAll, type TestClient } from '../sync/support';
import { DEFAULT_DESK_CONFIG, dutyDate } from '../../../src/shared/desk';
import type { HandoverView } from '../../../src/shared/desk';
import type { DutyLogEntry, DutyShift } from '../../../src/shared/domain';

// The duty shift through a real hub: the roster and the duty log replicate; the outgoing officer
// signs a handover on one console and the incoming officer accepts it on another, each stamped by
// the hub with their token's person; nobody accepts their own handover or one already accepted.

let hub: Awaited<ReturnType<typeof startTestHub>>;
let outgoing: TestClient;
let incoming: TestClient;
let viewer: TestClient;
const cfg = DEFAULT_DESK_CONFIG;
const today = dutyDate(Date.now());
const DAY = 86_400_000;

beforeAll(async () => {
  hub = await startTestHub();
  outgoing = await startClient(
    'out',
    hub.url,
    await hub.token('duty-officer', undefined, { name: '张伟', org: '省应急指挥中心' }),
  );
  incoming = await startClient(
    'in',
    hub.url,
    await hub.token('duty-officer', undefined, { name: '王芳', org: '省应急指挥中心' }),
  );
  viewer = await startClient('viewer', hub.url, await hub.token('viewer'));
  await Promise.all([outgoing.online(), incoming.online(), viewer.online()]);
}, 60_000);
afterAll(async () => {
  for (const c of [outgoing, incoming, viewer]) await c?.close();
  await hub?.stop();
});

describe('the duty shift through a real hub', () => {
  it('the roster replicates, by the person who edited it; editing a day replaces it', async () => {
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    await outgoing.store.call('saveDutyShift', {
      shift: {
        date: today,
        leader: { name: '李强', org: '省应急管理厅', phone: '' },
        officers: [{ name: '张伟', org: '', phone: '' }],
      },
      shiftChange: '08:00',
    });
    await outgoing.store.call('saveDutyShift', {
      shift: {
        date: tomorrow,
        leader: { name: '李强', org: '省应急管理厅', phone: '' },
        officers: [{ name: '赵磊', org: '', phone: '' }],
      },
      shiftChange: '08:00',
    });
    await outgoing.store.call('saveDutyShift', {
      shift: {
        date: tomorrow,
        leader: { name: '刘洋', org: '省应急管理厅', phone: '' },
        officers: [{ name: '王芳', org: '', phone: '' }],
      },
      shiftChange: '08:00',
    });
    await syncAll([outgoing, incoming]);
    const roster = (await incoming.store.call('listRoster', { from: today, to: tomorrow })) as DutyShift[];
    expect(roster.map((s) => [s.date, s.leader.name, s.officers[0]!.name])).toEqual([
      [today, '李强', '张伟'],
      [tomorrow, '刘洋', '王芳'],
    ]);
    expect(roster[0]!.start).toBe(new Date(Date.parse(`${today}T08:00:00+08:00`)).toISOString());
    expect(roster[1]!.by).toMatchObject({ name: '张伟', role: 'duty-officer' });
  });

  it('a handover signed by the outgoing officer is accepted by the incoming one on another console', async () => {
    const inc = await outgoing.store.call('createIncident', {
      title: '汾河决口',
      hazard: 'flood',
      level: 'II',
      location: [112.55, 37.87],
    });
    await outgoing.store.call('addDutyLog', {
      kind: 'call_in',
      text: '太原市报汾河水位超警',
      incidentId: inc.id,
    });
    const preview = await outgoing.store.call('handoverItems', { cfg });
    expect(preview.incidents.map((i) => i.id)).toContain(inc.id);
    const signed = await outgoing.store.call('signHandover', {
      handover: {
        shiftId: `shift-${today}`,
        from: new Date(Date.now() - DAY).toISOString(),
        to: new Date().toISOString(),
        toName: '王芳',
        remarks: '汾河段需每小时续报',
      },
      cfg,
    });
    const row = signed.handover.items.incidents.find((i) => i.id === inc.id)!;
    expect(row).toMatchObject({ title: '汾河决口', level: 'II', status: 'reported' });
    expect(row.nextDeadline?.kind).toBe('initial');
    expect(
      signed.handover.items.alerts.some((a) => a.kind === 'major_incident' && a.incidentId === inc.id),
    ).toBe(true);

    // The outgoing officer cannot also accept it.
    await expect(
      outgoing.store.call('acceptHandover', { handoverId: signed.handover.id }),
    ).rejects.toMatchObject({ code: 'INVALID' });

    await syncAll([outgoing, incoming]);
    const seen = (await incoming.store.call('listHandovers', {})) as HandoverView[];
    expect(seen).toHaveLength(1);
    expect(seen[0]!.handover).toMatchObject({
      id: signed.handover.id,
      remarks: '汾河段需每小时续报',
      toName: '王芳',
    });
    expect(seen[0]!.handover.by).toMatchObject({ name: '张伟', org: '省应急指挥中心' });
    expect(seen[0]!.accepted).toBeNull();

    const accepted = await incoming.store.call('acceptHandover', {
      handoverId: signed.handover.id,
      text: '已接班，清楚',
    });
    expect(accepted.accepted?.by.name).toBe('王芳');
    await expect(
      incoming.store.call('acceptHandover', { handoverId: signed.handover.id }),
    ).rejects.toMatchObject({ code: 'ALREADY_ACCEPTED' });

    await syncAll([incoming, outgoing]);
    const back = (await outgoing.store.call('listHandovers', {})) as HandoverView[];
    expect(back[0]!.accepted).toMatchObject({
      kind: 'handover_accepted',
      text: '已接班，清楚',
      handoverId: signed.handover.id,
    });
    expect(back[0]!.accepted!.by).toMatchObject({
      name: '王芳',
      org: '省应急指挥中心',
      role: 'duty-officer',
    });

    // Both signatures are in the duty log, with the call, on both consoles.
    const log = (await incoming.store.call('listDutyLog', {
      from: new Date(Date.now() - DAY).toISOString(),
      to: new Date(Date.now() + DAY).toISOString(),
    })) as DutyLogEntry[];
    expect(log.map((e) => [e.kind, e.by.name])).toEqual([
      ['call_in', '张伟'],
      ['handover_signed', '张伟'],
      ['handover_accepted', '王芳'],
    ]);
  });

  it('a correction is a new entry; the original stays as written', async () => {
    const from = new Date(Date.now() - DAY).toISOString();
    const to = new Date(Date.now() + DAY).toISOString();
    const log = (await incoming.store.call('listDutyLog', { from, to })) as DutyLogEntry[];
    const call = log.find((e) => e.kind === 'call_in')!;
    await incoming.store.call('correctDutyLog', { entryId: call.id, text: '应为：晋中市报汾河水位超警' });
    await syncAll([incoming, outgoing]);
    const after = (await outgoing.store.call('listDutyLog', { from, to })) as DutyLogEntry[];
    expect(after.find((e) => e.id === call.id)!.text).toBe('太原市报汾河水位超警');
    expect(after.find((e) => e.kind === 'correction')).toMatchObject({
      corrects: call.id,
      by: { name: '王芳' },
    });
  });

  it('a viewer’s duty-log entry is refused by the hub and never reaches the others', async () => {
    await viewer.store.call('addDutyLog', { kind: 'note', text: '我不是值班员' });
    await syncAll([viewer, outgoing]);
    const log = (await outgoing.store.call('listDutyLog', {
      from: new Date(Date.now() - DAY).toISOString(),
      to: new Date(Date.now() + DAY).toISOString(),
    })) as DutyLogEntry[];
    expect(log.some((e) => e.text === '我不是值班员')).toBe(false);
    const notices = (await viewer.store.call('syncNotices', {})) as {
      entity: string | null;
      message: string;
    }[];
    expect(notices.find((n) => n.entity === 'duty_log')?.message).toMatch(/viewer/);
  });

  it('bad input names the field and stores nothing', async () => {
    await expect(outgoing.store.call('addDutyLog', { kind: 'note', text: '   ' })).rejects.toMatchObject({
      code: 'INVALID',
      params: { field: 'text' },
    });
    await expect(
      outgoing.store.call('saveDutyShift', {
        shift: {
          date: today,
          leader: { name: '', org: '', phone: '' },
          officers: [{ name: '张伟', org: '', phone: '' }],
        },
        shiftChange: '08:00',
      }),
    ).rejects.toMatchObject({ code: 'INVALID', params: { field: 'leader.name' } });
    await expect(outgoing.store.call('acceptHandover', { handoverId: 'ho-nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const roster = (await outgoing.store.call('listRoster', { from: today, to: today })) as DutyShift[];
    expect(roster[0]!.leader.name).toBe('李强');
  });
});
