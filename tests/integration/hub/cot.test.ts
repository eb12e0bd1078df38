import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { LogEntry } from '../../../src/shared/sync/protocol';
import { connectAs, expectOk, OpMaker, request } from './support';
import { createToken } from '../../../src/hub/tokens';
import { DEVICE, startCotHub, UNIT, unitAtHub, WARNING, type CotHub } from './cotSupport';
import {
  connectCotTcp,
  positionCot,
  protoStreamMessage,
  xmlMessage,
  type CotStream,
} from '../../support/cot';

/**
 * The CoT bridge at a real hub on 127.0.0.1 over real sockets: a test client built with node-cot
 * streams a device's position reports (XML and TAK protocol protobuf) and the mapped unit moves
 * through the hub's own push path (a console connected to the hub receives the track ops as from
 * any device); its status follows the configured remarks; what the bridge sends back is CoT that
 * node-cot reads: incidents, the warning's area and the units, with type, how, times and ce/le.
 */
let h: CotHub;
let console_: Socket;
const fanned: LogEntry[] = [];

beforeAll(async () => {
  h = await startCotHub();
  const token = (await createToken(h.hub.store.tokens, { name: '值班员', role: 'viewer', unitId: null }))
    .token;
  console_ = await connectAs(h.hub.url, token, 'console-1');
  console_.on('ops', (m: { entries: LogEntry[] }) => fanned.push(...m.entries));
}, 60_000);

afterAll(async () => {
  console_?.disconnect();
  await h?.stop();
});

const poll = (fn: () => unknown, timeout = 10_000) => expect.poll(fn, { timeout, interval: 50 });

describe('CoT bridge: position reports in', () => {
  it('moves the mapped unit through the hub like its field commander, from XML and from protobuf', async () => {
    const port = h.hub.cot!.ports().tcp!;
    const s = await connectCotTcp(port);
    const t0 = Date.now() - 5_000;
    for (let i = 0; i < 5; i++)
      await s.write(
        xmlMessage(await positionCot({ uid: DEVICE, lon: 112.5 + i * 0.01, lat: 37.8, time: t0 + i * 1000 })),
      );
    await poll(() => unitAtHub(h.hub).position).toEqual([112.54, 37.8]);
    expect(unitAtHub(h.hub).positionFixAt).toBe(new Date(t0 + 4000).toISOString());
    // The console saw the track ops fanned out, as from any device.
    await poll(() => fanned.filter((e) => e.op.entityId === UNIT && e.op.kind === 'track').length).toBe(5);
    const op = fanned.find((e) => e.op.entityId === UNIT)!.op;
    expect(op.clientId).toMatch(/^cot-bridge-/);
    expect(op.priority).toBe(2);
    expect(Object.keys(op.fields).sort()).toEqual(['position', 'positionFixAt']);

    await s.write(await protoStreamMessage(await positionCot({ uid: DEVICE, lon: 112.6, lat: 37.9 })));
    await poll(() => unitAtHub(h.hub).position).toEqual([112.6, 37.9]);
    expect(h.hub.cot!.stats().tracks).toBe(6);
    s.end();
  });

  it('takes the status from the configured remarks, once, and ignores an unmapped device and an old fix', async () => {
    const s = await connectCotTcp(h.hub.cot!.ports().tcp!);
    const before = h.hub.store.head().headSeq;
    await s.write(xmlMessage(await positionCot({ uid: 'ANDROID-stranger', lon: 111, lat: 36 })));
    await s.write(
      xmlMessage(await positionCot({ uid: DEVICE, lon: 111, lat: 36, time: Date.now() - 60_000 })),
    );
    await poll(() => h.hub.cot!.stats().refused['older-fix']).toBe(1);
    expect(h.hub.cot!.stats().refused.unmapped).toBe(1);
    expect(h.hub.store.head().headSeq).toBe(before);
    for (let i = 0; i < 3; i++)
      await s.write(
        xmlMessage(await positionCot({ uid: DEVICE, lon: 112.61, lat: 37.91, remarks: '到达现场' })),
      );
    await poll(() => unitAtHub(h.hub).status).toBe('on_scene');
    expect(h.hub.cot!.stats().statuses).toBe(1);
    s.end();
  });
});

describe('CoT bridge: Jinying out', () => {
  it('sends incidents, the warning area and the units as CoT node-cot reads, and removes a closed incident', async () => {
    const s: CotStream = await connectCotTcp(h.hub.cot!.ports().tcp!);
    await poll(() => s.events().length).toBeGreaterThan(100);
    const byUid = new Map(s.events().map((e) => [e.uid(), e]));
    const inc = byUid.get('jinying.incident.inc-20261129-001')!;
    expect(inc.type()).toBe('a-n-X-i-f-w'); // forest fire
    const a = inc.raw.event._attributes;
    expect(a.how).toBe('h-e');
    expect(Date.parse(a.stale) - Date.parse(a.time)).toBe(300_000);
    expect(Number(inc.raw.event.point._attributes.ce)).toBe(100);
    expect(inc.callsign()).toContain('森林');

    const unit = byUid.get(`jinying.unit.${UNIT}`)!;
    expect(unit.type()).toBe('a-f-G-U-i-f');
    // Its position came from the device: the device's how and ce/le travel with it.
    expect(unit.raw.event._attributes.how).toBe('m-g');
    expect(Number(unit.raw.event.point._attributes.ce)).toBe(8);
    expect(unit.position()).toEqual([112.61, 37.91]);

    const area = byUid.get(`jinying.warning.${WARNING}.0`)!;
    expect(area.type()).toBe('u-d-f');
    const links = area.raw.event.detail!.link as unknown as { _attributes: { point: string } }[];
    expect(links.map((l) => l._attributes.point)).toEqual([
      '37.7,112.4',
      '37.7,112.7',
      '37.95,112.7',
      '37.95,112.4',
      '37.7,112.4',
    ]);
    expect(Date.parse(area.raw.event._attributes.stale)).toBeGreaterThan(Date.now() + 5 * 3600_000);

    // A duty officer closes an incident at the hub: TAK clients are told to delete it.
    const token = (
      await createToken(h.hub.store.tokens, { name: '李强', role: 'duty-officer', unitId: null })
    ).token;
    const duty = await connectAs(h.hub.url, token, 'duty-1');
    const m = new OpMaker('duty-1');
    const r = expectOk(
      await request<{ results: { status: string }[] }>(duty, 'push', {
        ops: [
          m.op('incident', 'inc-20261129-005', 'upsert', { status: 'closed', closingSummary: '已处置' }, 0),
        ],
      }),
    );
    expect(r.results[0]!.status).toBe('accepted');
    await poll(() =>
      s.events().some((e) => e.type() === 't-x-d-d' && e.uid() === 'jinying.incident.inc-20261129-005'),
    ).toBe(true);
    duty.disconnect();
    s.end();
  });
});
