/**
 * The consultation's shared map at the hub (docs/consultation.md, "The shared map"), with raw
 * socket.io clients: only the invited join, while the session is open; payloads are validated and
 * a refusal names the field; the opener presents on arrival, hands over, and gets presenting back
 * when the presenter leaves; a presenter's views reach the participants (and never the op log) at
 * most ten a second, the excess coalesced so the last one arrives; an ended session closes it.
 * Then two hub nodes on one PostgreSQL database: a presenter on node A and a follower on node B.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../src/hub/server';
import { createToken } from '../../../src/hub/tokens';
import {
  membersElsewhere,
  type ConsultShareReply,
  type ShareEvent,
  type SharePresence,
  type SharedView,
} from '../../../src/shared/consult/share';
import type { Reply } from '../../../src/shared/sync/protocol';
import type { Role } from '../../../src/shared/sync/roles';
import {
  connectAs,
  incidentFields,
  newStoreLocation,
  OpMaker,
  pushOps,
  request,
  storeQuery,
  tempDir,
} from '../hub/support';

const ORG = '省应急指挥中心';
const person = (name: string, role: string) => ({ name, org: ORG, role });
const consultation = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  incidentId: 'inc-1',
  title: '会商：燃气爆炸',
  status: 'open',
  invitees: [
    { kind: 'person', name: '李强' },
    { kind: 'role', role: 'viewer' },
  ],
  openedBy: person('张伟', 'duty-officer'),
  openedAt: new Date().toISOString(),
  endedAt: null,
  by: person('张伟', 'duty-officer'),
  at: new Date().toISOString(),
  ...extra,
});

const view = (i: number, extra: Partial<SharedView> = {}): SharedView => ({
  center: [112.5 + i / 1000, 37.8],
  zoom: 9,
  bearing: 0,
  pitch: 0,
  layers: ['incidents', 'units'],
  selection: { kind: 'incident', id: 'inc-1' },
  ...extra,
});

interface Person_ {
  socket: Socket;
  key: string;
  events: ShareEvent[];
  views: () => Extract<ShareEvent, { type: 'view' }>[];
  presence: () => SharePresence | undefined;
  share: (action: string, extra?: Record<string, unknown>) => Promise<Reply<ConsultShareReply>>;
  view: (v: SharedView, id?: string) => Promise<Reply<{ forwarded: boolean }>>;
}

const sockets: Socket[] = [];
let n = 0;
async function participant(hub: Hub, role: Role, name: string, id = 'cs-1'): Promise<Person_> {
  const { token } = await createToken(hub.store.tokens, { name, org: ORG, role, unitId: null });
  const key = `share-${++n}-${role}`;
  const socket = await connectAs(hub.url, token, key);
  sockets.push(socket);
  const events: ShareEvent[] = [];
  socket.on('consult:shared', (ev: ShareEvent) => events.push(ev));
  return {
    socket,
    key,
    events,
    views: () => events.filter((e) => e.type === 'view'),
    // The newest stamp wins, as consoles keep it.
    presence: () =>
      events
        .filter((e): e is SharePresence => e.type === 'presence')
        .reduce<SharePresence | undefined>((a, b) => (!a || b.at >= a.at ? b : a), undefined),
    share: (action, extra = {}) => request(socket, 'consult:share', { consultationId: id, action, ...extra }),
    view: (v, cid = id) => request(socket, 'consult:view', { consultationId: cid, view: v }),
  };
}
const ok = <T>(r: Reply<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const refused = (r: Reply<unknown>) => (r.ok ? 'accepted' : `${r.error.code} ${r.error.message}`);
const who = (p: Person_) => ({
  presenter: p.presence()?.presenter,
  members: p.presence()?.members.map((m) => m.name),
});

afterAll(() => sockets.forEach((s) => s.disconnect()));

async function open(hub: Hub, id: string) {
  const duty = await participant(hub, 'duty-officer', '张伟', id);
  const ops = new OpMaker(duty.key);
  const r = await pushOps(
    duty.socket,
    ops.op('incident', 'inc-1', 'upsert', incidentFields('inc-1')),
    ops.op('consultation', id, 'upsert', consultation(id)),
  );
  expect(r.map((x) => x.status)).toEqual(['accepted', 'accepted']);
  return { duty, ops };
}

describe('the shared map at one hub', () => {
  let hub: Hub;
  let t: ReturnType<typeof tempDir>;
  let zhang: Person_;
  let li: Person_;
  let zhao: Person_;
  let ops: OpMaker;
  beforeAll(async () => {
    t = tempDir('consult-share');
    hub = await startHub({ store: await newStoreLocation('sqlite', t.dir), port: 0, log: () => undefined });
    ({ duty: zhang, ops } = await open(hub, 'cs-1'));
    li = await participant(hub, 'field-commander', '李强');
    zhao = await participant(hub, 'viewer', '赵敏');
  });
  afterAll(async () => {
    await hub?.close();
    t?.cleanup();
  });

  it('admits only the invited, to an open session, and refuses bad payloads naming the field', async () => {
    const outsider = await participant(hub, 'duty-officer', '王五');
    expect(refused(await outsider.share('join', { following: true }))).toMatch(
      /^FORBIDDEN NOT_INVITED: 王五/,
    );
    const elsewhere = await participant(hub, 'duty-officer', '张伟', 'cs-nope');
    expect(refused(await elsewhere.share('join', { following: true }))).toMatch(/^FORBIDDEN NOT_OPEN/);
    expect(refused(await li.view(view(0)))).toMatch(/^FORBIDDEN NOT_JOINED/);
    expect(refused(await li.share('take'))).toMatch(/^FORBIDDEN NOT_JOINED/);
    expect(refused(await zhang.view(view(0, { zoom: 99 })))).toMatch(
      /^INVALID_MESSAGE INVALID: invalid consult:view at view\.zoom/,
    );
    expect(refused(await zhang.view({ ...view(0), center: [200, 37] }))).toMatch(/at view\.center\.0/);
    expect(refused(await zhang.share('wave'))).toMatch(
      /^INVALID_MESSAGE INVALID: invalid consult:share at action/,
    );
    expect(refused(await zhang.share('join', { following: 'yes' }))).toMatch(/at following/);
  });

  it('the opener presents on arrival; followers get the views; a newcomer asks for the current one', async () => {
    const z = ok(await zhang.share('join', { following: false }));
    expect(z.me).toBe(zhang.key);
    expect(z.presence).toMatchObject({ presenter: zhang.key, members: [{ name: '张伟', following: false }] });
    expect(ok(await li.share('join', { following: true })).presence?.presenter).toBe(zhang.key);
    // The presenter is told to send its view again for the newcomer.
    await expect.poll(() => zhang.events.some((e) => e.type === 'resend')).toBe(true);
    expect(ok(await zhang.view(view(1))).forwarded).toBe(true);
    await expect.poll(() => li.views().at(-1)?.view).toEqual(view(1));
    expect(li.views().at(-1)?.from).toBe(zhang.key);
    expect(zhang.views()).toEqual([]); // not echoed to the sender
    expect(refused(await li.view(view(2)))).toMatch(/^FORBIDDEN NOT_PRESENTER: 李强/);
    await expect.poll(() => who(zhang)).toEqual({ presenter: zhang.key, members: ['张伟', '李强'] });
    expect(zhang.presence()?.members.find((m) => m.name === '李强')?.following).toBe(true);
    ok(await li.share('follow', { following: false }));
    await expect.poll(() => zhang.presence()?.members.find((m) => m.name === '李强')?.following).toBe(false);
  });

  it('hands over on request, refuses a take-over by a field commander, and gives presenting back to the opener', async () => {
    ok(await li.share('request', { requesting: true }));
    await expect.poll(() => zhang.presence()?.members.find((m) => m.key === li.key)?.requesting).toBe(true);
    expect(refused(await li.share('take'))).toMatch(/^FORBIDDEN PRESENTING: 张伟 presents/);
    expect(refused(await li.share('give', { to: zhang.key }))).toMatch(/^FORBIDDEN NOT_PRESENTER/);
    expect(refused(await zhang.share('give', { to: 'nobody-here' }))).toMatch(/^FORBIDDEN NOT_JOINED/);
    ok(await zhang.share('give', { to: li.key }));
    await expect.poll(() => li.presence()?.presenter).toBe(li.key);
    expect(li.presence()?.members.find((m) => m.key === li.key)?.requesting).toBe(false);
    expect(refused(await zhang.view(view(3)))).toMatch(/NOT_PRESENTER/);
    ok(await li.view(view(4)));
    await expect.poll(() => zhang.views().at(-1)?.view).toEqual(view(4));
    // The presenter's console goes away: the opener presents again.
    li.socket.disconnect();
    await expect.poll(() => who(zhang)).toEqual({ presenter: zhang.key, members: ['张伟'] });
    // Stopping leaves nobody presenting; then anyone admitted may take, a viewer too.
    ok(await zhang.share('stop'));
    ok(await zhao.share('join', { following: true }));
    await expect.poll(() => zhao.presence()?.presenter).toBe(null);
    expect(ok(await zhao.share('take')).presence?.presenter).toBe(zhao.key);
    // A duty officer (or the opener) may take over from a presenter.
    expect(ok(await zhang.share('take')).presence?.presenter).toBe(zhang.key);
  });

  it('forwards at most ten views a second per presenter, coalescing the excess so the last one arrives', async () => {
    const before = zhao.views().length;
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => zhang.view(view(100 + i))));
    const forwarded = replies.filter((r) => ok(r).forwarded).length;
    expect(forwarded).toBeGreaterThan(0);
    expect(forwarded).toBeLessThan(40);
    await expect.poll(() => zhao.views().at(-1)?.view, { timeout: 5000 }).toEqual(view(139));
    const got = zhao.views().slice(before);
    // The forwarded ones and, each time the window opened, the newest waiting one; in order.
    expect(got.length).toBeGreaterThanOrEqual(forwarded);
    expect(got.length).toBeLessThan(40);
    const order = got.map((e) => e.view.center[0]);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The hub's own stamps: never more than ten within a second.
    const at = got.map((e) => e.at);
    for (let i = 10; i < at.length; i++) expect(at[i]! - at[i - 10]!).toBeGreaterThanOrEqual(999);
  });

  it('writes nothing to the op log, and an ended session closes the shared map', async () => {
    const log = await storeQuery({ sqlite: `${t.dir}/hub.sqlite` }, 'SELECT op FROM log');
    expect(log.map((r) => (JSON.parse(String(r.op)) as { entity: string }).entity)).toEqual([
      'incident',
      'consultation',
    ]);
    const ended = consultation('cs-1', { status: 'ended', endedAt: new Date().toISOString() });
    expect((await pushOps(zhang.socket, ops.op('consultation', 'cs-1', 'upsert', ended)))[0]?.status).toBe(
      'accepted',
    );
    await expect.poll(() => zhao.events.some((e) => e.type === 'closed')).toBe(true);
    expect(refused(await zhang.view(view(200)))).toMatch(/NOT_JOINED/);
    expect(refused(await zhao.share('join', { following: true }))).toMatch(
      /NOT_OPEN: consultation cs-1 has ended/,
    );
  });
});

describe('the shared map across two hub nodes on one PostgreSQL database', () => {
  const nodes: Hub[] = [];
  let t: ReturnType<typeof tempDir>;
  afterAll(async () => {
    for (const h of nodes) await h.close();
    t?.cleanup();
  });

  it('a presenter on node A and a follower on node B: presence, views and the hand-over cross', async () => {
    t = tempDir('consult-share-pg');
    const at = await newStoreLocation('postgres', t.dir);
    for (let i = 0; i < 2; i++) nodes.push(await startHub({ store: at, port: 0, log: () => undefined }));
    const [a, b] = nodes as [Hub, Hub];
    const { duty: zhang } = await open(a, 'cs-2');
    // Node B has the session from the shared log (its catch-up), and admits the invited.
    const li = await participant(b, 'field-commander', '李强', 'cs-2');
    await expect
      .poll(async () => refused(await li.share('join', { following: true })), { timeout: 10_000 })
      .toBe('accepted');
    ok(await zhang.share('join', { following: false }));
    // Each node's presence has both: node A asked node B for its members, and the other way round.
    await expect.poll(() => who(li)).toEqual({ presenter: zhang.key, members: ['李强', '张伟'] });
    await expect.poll(() => who(zhang)).toEqual({ presenter: zhang.key, members: ['李强', '张伟'] });
    ok(await zhang.view(view(1, { bearing: 30, pitch: 20 })));
    await expect.poll(() => li.views().at(-1)?.view).toEqual(view(1, { bearing: 30, pitch: 20 }));
    // Hand-over from A to B: node B learns the presenter and forwards B's views to A.
    ok(await zhang.share('give', { to: li.key }));
    await expect.poll(async () => refused(await li.view(view(2)))).toBe('accepted');
    await expect.poll(() => zhang.views().at(-1)?.view).toEqual(view(2));
    expect(refused(await zhang.view(view(3)))).toMatch(/NOT_PRESENTER/);
    // The presenter on B leaves: presenting goes back to the opener on A, and both nodes agree.
    ok(await li.share('leave'));
    await expect.poll(() => who(zhang)).toEqual({ presenter: zhang.key, members: ['张伟'] });
    ok(await zhang.view(view(4)));
    const newcomer = await participant(b, 'viewer', '赵敏', 'cs-2');
    const arrived = ok(await newcomer.share('join', { following: true })).presence;
    expect(arrived).toMatchObject({
      presenter: zhang.key,
      members: [
        { name: '张伟', node: `127.0.0.1:${a.port}` },
        { name: '赵敏', node: `127.0.0.1:${b.port}` },
      ],
    });
    // Each console can tell who is connected through another node (whose call is that node's).
    expect(membersElsewhere(arrived, newcomer.key).map((m) => m.name)).toEqual(['张伟']);
    expect(membersElsewhere(arrived, zhang.key).map((m) => m.name)).toEqual(['赵敏']);
    // The newcomer's arrival asks the presenter on A to send its view again.
    await expect.poll(() => zhang.events.filter((e) => e.type === 'resend').length).toBeGreaterThan(0);
  }, 60_000);
});
