/**
 * 调度会商 at the hub with a real Janus (in its own namespace) and coturn: only the invited join,
 * the hub opens the VideoRoom and AudioBridge rooms on the first join and tears them down when the
 * session ends, each participant gets their own TURN REST credential, a viewer may not publish a
 * camera, and without Janus the session runs peer to peer for at most four.
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../src/hub/server';
import { ConsultConfig } from '../../../src/hub/consult/config';
import { createToken } from '../../../src/hub/tokens';
import type { ConsultEvent, ConsultJoinReply } from '../../../src/shared/consult/protocol';
import type { Reply } from '../../../src/shared/sync/protocol';
import type { Role } from '../../../src/shared/sync/roles';
import { startTurn, type TurnServer } from '../../support/coturn';
import { startJanus, type JanusServer } from '../../support/janus';
import { tempDir } from '../../support/tmp';
import { connectAs, incidentFields, OpMaker, pushOps, request } from '../hub/support';

const person = (name: string, org: string, role: string) => ({ name, org, role });
const consultation = (id: string, invitees: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  incidentId: 'inc-1',
  title: '会商：燃气爆炸',
  status: 'open',
  invitees,
  openedBy: person('张伟', '省应急指挥中心', 'duty-officer'),
  openedAt: new Date().toISOString(),
  endedAt: null,
  by: person('张伟', '省应急指挥中心', 'duty-officer'),
  at: new Date().toISOString(),
  ...extra,
});

describe('consultations at the hub', () => {
  let janus: JanusServer;
  let turn: TurnServer;
  let hub: Hub;
  let t: ReturnType<typeof tempDir>;
  const lines: string[] = [];
  const sockets: Socket[] = [];
  const events = new Map<Socket, ConsultEvent[]>();
  let ops: OpMaker;
  let duty: Socket;

  const connect = async (role: Role, name: string, org = '') => {
    const { token } = await createToken(hub.store.tokens, { name, org, role, unitId: null });
    const s = await connectAs(hub.url, token, `c-${sockets.length}-${role}`);
    sockets.push(s);
    events.set(s, []);
    s.on('consult:event', (ev: ConsultEvent) => events.get(s)!.push(ev));
    return s;
  };
  const joinAs = (s: Socket, consultationId: string) =>
    request<ConsultJoinReply>(s, 'consult:join', { consultationId });
  const janusRequest = async (plugin: string, body: object) => {
    const post = async (url: string, b: object) =>
      (await (
        await fetch(url, { method: 'POST', body: JSON.stringify({ transaction: 'x', ...b }) })
      ).json()) as {
        data: { id: number };
        plugindata: { data: Record<string, unknown> };
      };
    const session = (await post(janus.apiUrl, { janus: 'create' })).data.id;
    const handle = (await post(`${janus.apiUrl}/${session}`, { janus: 'attach', plugin })).data.id;
    const r = await post(`${janus.apiUrl}/${session}/${handle}`, { janus: 'message', body });
    await post(`${janus.apiUrl}/${session}`, { janus: 'destroy' });
    return r.plugindata.data;
  };
  const roomsCreated = () =>
    lines
      .map((l) => /rooms (\d+) \(video\) and (\d+) \(audio\) created/.exec(l))
      .filter((m) => m !== null)
      .map((m) => ({ video: Number(m[1]), audio: Number(m[2]) }));

  beforeAll(async () => {
    t = tempDir('jinying-consult-hub-');
    janus = await startJanus();
    turn = await startTurn(janus.net.hostIp);
    const consult = ConsultConfig.parse({
      janus: { apiUrl: janus.apiUrl, adminKey: janus.adminKey },
      turn: { urls: [turn.url], secret: turn.secret, ttlSeconds: 600 },
    });
    hub = await startHub({
      store: { sqlite: join(t.dir, 'hub.sqlite') },
      port: 0,
      consult,
      log: (l) => lines.push(l),
    });
    duty = await connect('duty-officer', '张伟', '省应急指挥中心');
    ops = new OpMaker('c-0-duty-officer');
    const opened = await pushOps(
      duty,
      ops.op('incident', 'inc-1', 'upsert', incidentFields('inc-1')),
      ops.op(
        'consultation',
        'cs-1',
        'upsert',
        consultation('cs-1', [
          { kind: 'person', name: '李强' },
          { kind: 'role', role: 'viewer' },
        ]),
      ),
    );
    expect(opened.map((r) => r.status)).toEqual(['accepted', 'accepted']);
  }, 60_000);
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await hub?.close();
    await turn?.close();
    await janus?.close();
    t?.cleanup();
  });

  it('lets only duty officers open a consultation', async () => {
    const fc = await connect('field-commander', '李强', '太原市消防救援支队');
    const [r] = await pushOps(
      fc,
      new OpMaker(`c-${sockets.length - 1}-field-commander`).op(
        'consultation',
        'cs-x',
        'upsert',
        consultation('cs-x', [{ kind: 'role', role: 'viewer' }]),
      ),
    );
    expect(r).toMatchObject({
      status: 'rejected',
      code: 'FORBIDDEN',
      reason: 'field-commander may not open or end consultations.',
    });
  });

  it('refuses the uninvited, naming why, and opens no room for them', async () => {
    const outsider = await connect('duty-officer', '王五', '大同市应急局');
    const r = await joinAs(outsider, 'cs-1');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^NOT_INVITED: 王五/),
    });
    expect(roomsCreated()).toEqual([]);
    const unknown = await joinAs(outsider, 'cs-nope');
    expect(!unknown.ok && unknown.error.message).toMatch(/^NOT_OPEN/);
  });

  it('opens both Janus rooms on the first join and hands each participant their own TURN credential', async () => {
    const li = sockets.find(
      (s) => s.auth && (s.auth as { clientId: string }).clientId.endsWith('field-commander'),
    )!;
    const r = await joinAs(li, 'cs-1');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.mode).toBe('janus');
    expect(r.value.mayPublishVideo).toBe(true);
    expect(r.value.participants).toEqual([
      {
        id: r.value.participantId,
        name: '李强',
        org: '太原市消防救援支队',
        role: 'field-commander',
        link: 'video',
      },
    ]);
    expect(r.value.link?.video).toEqual({ maxRttMs: 400, maxLossPct: 8 }); // the thresholds' defaults
    const ice = r.value.iceServers.find((s) => s.username)!;
    expect(ice.urls).toEqual([turn.url]);
    expect(ice.credential).toBe(createHmac('sha1', turn.secret).update(ice.username!).digest('base64'));
    const expiry = Number(ice.username!.split(':')[0]) * 1000;
    expect(expiry - Date.now()).toBeGreaterThan(590_000);
    expect(expiry - Date.now()).toBeLessThanOrEqual(600_000);
    const [rooms] = roomsCreated();
    expect(rooms).toBeDefined();
    expect(
      await janusRequest('janus.plugin.videoroom', { request: 'exists', room: rooms!.video }),
    ).toMatchObject({ exists: true });
    expect(
      await janusRequest('janus.plugin.audiobridge', { request: 'exists', room: rooms!.audio }),
    ).toMatchObject({ exists: true });
    // Janus has him in the room, joined by the hub with the room's pin (which never leaves the hub).
    const inRoom = await janusRequest('janus.plugin.videoroom', {
      request: 'listparticipants',
      room: rooms!.video,
    });
    expect(inRoom.participants).toEqual([
      expect.objectContaining({ id: r.value.participantId, display: '李强' }),
    ]);

    const viewer = await connect('viewer', '赵敏', '省政府办公厅');
    const v = await joinAs(viewer, 'cs-1');
    if (!v.ok) throw new Error(v.error.message);
    expect(v.value.mayPublishVideo).toBe(false);
    expect(v.value.participants.map((p) => p.name)).toEqual(['李强', '赵敏']);
    await expect
      .poll(() =>
        events
          .get(li)!
          .filter((e) => e.type === 'participants')
          .at(-1),
      )
      .toMatchObject({
        participants: [{ name: '李强' }, { name: '赵敏' }],
      });
    const publish = await request(viewer, 'consult:signal', {
      consultationId: 'cs-1',
      target: 'publish',
      jsep: { type: 'offer', sdp: 'v=0\r\n' },
    });
    expect(!publish.ok && publish.error.message).toMatch(/^NOT_ALLOWED: a viewer/);
    const badSignal = (await request(viewer, 'consult:signal', {
      consultationId: 'cs-1',
      target: 'elsewhere',
    })) as Reply<unknown>;
    expect(!badSignal.ok && badSignal.error.code).toBe('INVALID_MESSAGE');

    // A link step (docs/consultation.md §Link quality) is logged with who and why, and everyone
    // is told the level; a step without its level is refused.
    const step = await request(viewer, 'consult:signal', {
      consultationId: 'cs-1',
      target: 'link',
      link: { level: 'audio', auto: true, reason: 'loss', rttMs: 40, lossPct: 12.5 },
    });
    expect(step.ok).toBe(true);
    expect(lines.join('\n')).toMatch(
      /赵敏 \(\d+\) link video → audio, automatic: loss \(round trip 40 ms, loss 12.5 %\)/,
    );
    await expect
      .poll(() =>
        events
          .get(li)!
          .filter((e) => e.type === 'participants')
          .at(-1),
      )
      .toMatchObject({
        participants: [
          { name: '李强', link: 'video' },
          { name: '赵敏', link: 'audio' },
        ],
      });
    const noLevel = await request(viewer, 'consult:signal', { consultationId: 'cs-1', target: 'link' });
    expect(!noLevel.ok && noLevel.error.message).toMatch(/^INVALID: a link step needs its level/);
  });

  it('tears the rooms down when the session ends, tells everyone, and refuses joins after', async () => {
    const [rooms] = roomsCreated();
    await pushOps(
      duty,
      ops.op('consultation', 'cs-1', 'upsert', { status: 'ended', endedAt: new Date().toISOString() }),
    );
    for (const s of sockets.filter((x) => events.get(x)!.some((e) => e.type === 'participants')))
      await expect.poll(() => events.get(s)!.at(-1)).toMatchObject({ type: 'ended', reason: 'ended' });
    await expect
      .poll(() => janusRequest('janus.plugin.videoroom', { request: 'exists', room: rooms!.video }))
      .toMatchObject({ exists: false });
    expect(
      await janusRequest('janus.plugin.audiobridge', { request: 'exists', room: rooms!.audio }),
    ).toMatchObject({
      exists: false,
    });
    const again = await joinAs(sockets[1]!, 'cs-1');
    expect(!again.ok && again.error.message).toMatch(/^NOT_OPEN: consultation cs-1 has ended/);
  });

  it('without Janus, runs peer to peer for at most four, relaying the signalling', async () => {
    await janus.stop();
    await pushOps(
      duty,
      ops.op(
        'consultation',
        'cs-2',
        'upsert',
        consultation('cs-2', [{ kind: 'role', role: 'field-commander' }]),
      ),
    );
    const fcs: Socket[] = [];
    for (let i = 0; i < 5; i++) fcs.push(await connect('field-commander', `队长${i}`));
    const joined: ConsultJoinReply[] = [];
    for (const s of fcs.slice(0, 4)) {
      const r = await joinAs(s, 'cs-2');
      if (!r.ok) throw new Error(r.error.message);
      joined.push(r.value);
    }
    expect(joined.map((j) => j.mode)).toEqual(['p2p', 'p2p', 'p2p', 'p2p']);
    const fifth = await joinAs(fcs[4]!, 'cs-2');
    expect(!fifth.ok && fifth.error.message).toMatch(
      /^FULL: without the media server a consultation takes at most 4/,
    );
    const sent = await request(fcs[3]!, 'consult:signal', {
      consultationId: 'cs-2',
      target: 'p2p',
      to: joined[0]!.participantId,
      jsep: { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n' },
    });
    expect(sent.ok).toBe(true);
    await expect
      .poll(() => events.get(fcs[0]!)!.find((e) => e.type === 'p2p'))
      .toMatchObject({ from: joined[3]!.participantId, jsep: { type: 'offer' } });
    // Someone who left is gone for the others; the last one out closes the session's room.
    expect((await request(fcs[3]!, 'consult:leave', { consultationId: 'cs-2' })).ok).toBe(true);
    await expect
      .poll(() =>
        events
          .get(fcs[0]!)!
          .filter((e) => e.type === 'participants')
          .at(-1),
      )
      .toMatchObject({
        participants: [{ name: '队长0' }, { name: '队长1' }, { name: '队长2' }],
      });
  });
});
