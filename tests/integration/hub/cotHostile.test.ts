import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoTParser } from '@tak-ps/node-cot';
import { DEFAULT_LIMITS } from '../../../src/hub/cot/config';
import { DEVICE, startCotHub, unitAtHub, type CotHub } from './cotSupport';
import { connectCotTcp, positionCot, protoStreamMessage, xmlMessage } from '../../support/cot';

/**
 * 10,000 generated malformed or hostile CoT messages at a real hub's bridge: every one is refused
 * with a reason (counted once each), the bridge keeps running, and nothing is stored (the hub's
 * log head does not move). Then the rate limit, with the default limits.
 */
let h: CotHub;
const lines: string[] = [];

beforeAll(async () => {
  h = await startCotHub({ limits: { ...DEFAULT_LIMITS, ratePerSecond: 1e9, burst: 1e9 } }, (l) =>
    lines.push(l),
  );
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

/** A small seeded PRNG: the same 10,000 messages every run. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const ev = (o: {
  uid?: string;
  type?: string;
  time?: string;
  stale?: string;
  point?: string;
  detail?: string;
  pre?: string;
}) => {
  const now = Date.now();
  return (
    (o.pre ?? '') +
    `<event version="2.0" uid="${o.uid ?? DEVICE}" type="${o.type ?? 'a-f-G-U-C'}" how="m-g" time="${o.time ?? iso(now)}" start="${o.time ?? iso(now)}" stale="${o.stale ?? iso(now + 60_000)}">` +
    (o.point ?? '<point lat="37.8" lon="112.5" hae="0" ce="5" le="5"/>') +
    `<detail>${o.detail ?? ''}</detail></event>`
  );
};

/** Well-framed hostile messages (the stream stays open): each generator makes one, varied by r. */
const FRAMED: ((r: () => number) => Buffer | string)[] = [
  () =>
    ev({
      pre: '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
      detail: '<remarks>&lol2;</remarks>',
    }),
  () =>
    ev({ pre: '<!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>', detail: '<remarks>&x;</remarks>' }),
  (r) => ev({ detail: `<remarks>${'<a>'.repeat(1 + Math.floor(r() * 50))}</remarks>` }),
  () => `<event uid="x" <point lat="1"/></event>`,
  () => ev({ point: '' }),
  (r) => ev({ point: `<point lat="${90 + 1 + r() * 1000}" lon="112" hae="0" ce="5" le="5"/>` }),
  () => ev({ point: '<point lat="NaN" lon="112" hae="0" ce="5" le="5"/>' }),
  () => ev({ point: '<point lat="37" lon="1e309" hae="0" ce="5" le="5"/>' }),
  () => ev({ point: '<point lat="37" lon="112" hae="0" ce="-1" le="5"/>' }),
  (r) => ev({ time: iso(Date.now() + 3600_000 * (1 + r() * 48)) }),
  () => ev({ time: iso(Date.now() - 7200_000), stale: iso(Date.now() - 3600_000) }),
  () => ev({ time: 'yesterday' }),
  () => ev({ uid: 'ANDROID-\u0001\u0002' }),
  () => ev({ uid: 'x'.repeat(5000) }),
  () => ev({ detail: '<x/>'.repeat(2500) }),
  () => ev({ detail: `${'<n>'.repeat(1500)}${'</n>'.repeat(1500)}` }),
  () =>
    ev({
      uid: 'ANDROID-unmapped',
      detail: '<__proto__ polluted="yes"/><constructor><prototype x="1"/></constructor>',
    }),
  (r) => ev({ uid: `ANDROID-${Math.floor(r() * 1e9).toString(16)}` }),
  () => ev({ type: 'a-f"><x' }),
  () => ev({ type: 'b-t-f', detail: '<remarks>chat from a mapped device</remarks>' }),
  () => ev({ point: '<point lat="37.8" lon="112.5" hae="0" ce="9999999" le="9999999"/>' }),
  () =>
    Buffer.concat([
      Buffer.from(ev({}).slice(0, 40)),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from(ev({}).slice(40)),
    ]),
  (r) => {
    const junk = Buffer.from(Array.from({ length: 5 + Math.floor(r() * 200) }, () => Math.floor(r() * 256)));
    return Buffer.concat([Buffer.from([0xbf]), varint(junk.length), junk]);
  },
  () => `<event></event>`,
  () => `<?xml version="1.0"?><notcot><x/></event>`,
];

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

/** Messages that break the stream itself (each on a connection of its own, which is closed). */
const FATAL: ((r: () => number) => Buffer)[] = [
  (r) => Buffer.from(Array.from({ length: 64 }, () => 1 + Math.floor(r() * 0x3a))), // starts with no message
  () => Buffer.from(`<event uid="x">${'A'.repeat(70_000)}`), // no </event> within 64 KiB
  () => Buffer.from([0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), // a varint that never ends
  () => Buffer.concat([Buffer.from([0xbf]), varint(1_000_000)]), // a protobuf longer than the limit
];

describe('CoT bridge under hostile input', () => {
  it('refuses 10,000 malformed or hostile messages with a reason each, stores nothing and keeps running', async () => {
    const port = h.hub.cot!.ports().tcp!;
    const head = h.hub.store.head().headSeq;
    const unitBefore = unitAtHub(h.hub);
    const r = rng(14);
    const N = 10_000;
    const fatal = 200;
    let sent = 0;
    // Framed messages over a few long connections, in chunks.
    const streams = await Promise.all([0, 1, 2, 3].map(() => connectCotTcp(port)));
    for (let i = 0; sent < N - fatal; i++) {
      const chunk: Buffer[] = [];
      for (let k = 0; k < 50 && sent < N - fatal; k++, sent++)
        chunk.push(Buffer.from(FRAMED[Math.floor(r() * FRAMED.length)]!(r)));
      await streams[i % 4]!.write(Buffer.concat(chunk));
    }
    for (let i = 0; i < fatal; i++, sent++) {
      const s = await connectCotTcp(port);
      await s.write(FATAL[i % FATAL.length]!(r)).catch(() => undefined);
      await s.closed; // the bridge closes it
    }
    expect(sent).toBe(N);
    const refusedTotal = () => Object.values(h.hub.cot!.stats().refused).reduce((a, b) => a + b, 0);
    await expect.poll(refusedTotal, { timeout: 60_000, interval: 200 }).toBe(N);
    const stats = h.hub.cot!.stats();
    expect(stats.tracks + stats.statuses + stats.hubRejected).toBe(0);
    for (const code of [
      'declaration',
      'unreadable',
      'malformed',
      'clock-ahead',
      'stale',
      'unmapped',
      'not-utf8',
      'too-many-elements',
      'framing',
      'too-large',
      'no-fix',
      'not-position',
    ])
      expect(stats.refused[code], code).toBeGreaterThan(0);
    // Nothing stored: the log's head and the unit are as they were.
    expect(h.hub.store.head().headSeq).toBe(head);
    expect(unitAtHub(h.hub)).toEqual(unitBefore);
    // Logged with reasons, without flooding: the first few of each reason, then every thousandth.
    expect(lines.some((l) => /refused \(declaration, 1 so far\).*DOCTYPE/.test(l))).toBe(true);
    expect(lines.length).toBeLessThan(300);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Still running: the framed streams are open, and a good report on one of them moves the unit.
    await streams[0]!.write(
      await protoStreamMessage(await positionCot({ uid: DEVICE, lon: 112.33, lat: 37.44 })),
    );
    await expect.poll(() => unitAtHub(h.hub).position, { timeout: 10_000 }).toEqual([112.33, 37.44]);
    for (const s of streams) s.end();
  }, 240_000);

  it('drops what a connection sends above its rate (the default 50 a second, 200 at once)', async () => {
    const slow = await startCotHub();
    try {
      const s = await connectCotTcp(slow.hub.cot!.ports().tcp!);
      const cot = await positionCot({ uid: 'ANDROID-unmapped', lon: 112, lat: 37 });
      await s.write(Buffer.concat(Array.from({ length: 400 }, () => xmlMessage(cot))));
      await expect
        .poll(() => slow.hub.cot!.stats().refused.rate ?? 0, { timeout: 10_000 })
        .toBeGreaterThan(150);
      const st = slow.hub.cot!.stats();
      expect(st.refused.rate! + st.refused.unmapped!).toBe(400);
      s.end();
    } finally {
      await slow.stop();
    }
    expect(CoTParser).toBeDefined();
  }, 60_000);
});
