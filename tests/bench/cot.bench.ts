/**
 * `npm run bench -- cot`: the hub's CoT bridge. How many position reports a second it turns into
 * tracks (XML and TAK protocol protobuf over 4 TCP streams, 100 mapped devices, every report
 * acknowledged by the hub's commit), beside the same tracks pushed by consoles over socket.io in
 * the same run (the ratio is the bridge's rate over that); and the delay from a device's report to
 * a console's fan-out, beside a field commander's push to the same console.
 */
import type { Socket } from 'socket.io-client';
import type { BenchRow } from './run';
import { CotMap, DEFAULT_LIMITS } from '../../src/hub/cot/config';
import { createToken } from '../../src/hub/tokens';
import type { LogEntry } from '../../src/shared/sync/protocol';
import { readScenarioFile } from '../../src/main/services/scenarioFile';
import { DEMO_SCENARIO } from '../support/tmp';
import { connectCotTcp, positionCot, protoStreamMessage, xmlMessage } from '../support/cot';
import { startCotHub, type CotHub } from '../integration/hub/cotSupport';
import { connectAs, OpMaker, request } from '../integration/hub/support';
import { benchRow, mean, quantile } from './measure';

const DEVICES = 100;
const REPORTS = 10_000;
const STREAMS = 4;

const units = () =>
  readScenarioFile(DEMO_SCENARIO)
    .units.slice(0, DEVICES)
    .map((u) => u.id);
const uid = (i: number) => `ANDROID-bench-${i}`;

async function hub(): Promise<CotHub> {
  const map = CotMap.parse({ devices: units().map((unit, i) => ({ uid: uid(i), unit })) });
  return startCotHub({ map, limits: { ...DEFAULT_LIMITS, ratePerSecond: 1e9, burst: 1e9, maxPending: 1e9 } });
}

const row = (name: string, o: Partial<BenchRow>): BenchRow => benchRow('cot', name, o);

/** Reports a second from the first write until the hub has committed every track. */
async function ingestRate(kind: 'xml' | 'proto'): Promise<number> {
  const h = await hub();
  try {
    const base = Date.now() - 60_000;
    const msgs: Buffer[] = [];
    for (let i = 0; i < REPORTS; i++) {
      const cot = await positionCot({
        uid: uid(i % DEVICES),
        lon: 112 + (i % 97) * 0.001,
        lat: 37.5,
        time: base + i,
      });
      msgs.push(kind === 'xml' ? xmlMessage(cot) : await protoStreamMessage(cot));
    }
    const streams = await Promise.all(
      Array.from({ length: STREAMS }, () => connectCotTcp(h.hub.cot!.ports().tcp!)),
    );
    await new Promise((r) => setTimeout(r, 500)); // the picture each stream is sent on connecting
    const t0 = performance.now();
    // Each device on one stream (as a device keeps its connection), so its reports stay in order.
    await Promise.all(
      streams.map(async (st, k) => {
        const mine = msgs.filter((_, i) => (i % DEVICES) % STREAMS === k);
        for (let i = 0; i < mine.length; i += 200) await st.write(Buffer.concat(mine.slice(i, i + 200)));
      }),
    );
    const done = () => {
      const st = h.hub.cot!.stats();
      return st.tracks + st.hubRejected + Object.values(st.refused).reduce((a, b) => a + b, 0);
    };
    while (done() < REPORTS) await new Promise((r) => setTimeout(r, 5));
    const st = h.hub.cot!.stats();
    if (st.tracks !== REPORTS)
      throw new Error(`only ${st.tracks} of ${REPORTS} became tracks: ${JSON.stringify(st)}`);
    const rate = REPORTS / ((performance.now() - t0) / 1000);
    console.error(`[cot bench] ${kind}: ${Math.round(rate)} reports/s`);
    for (const s of streams) s.end();
    return rate;
  } finally {
    await h.stop();
  }
}

/** The same tracks pushed over socket.io by 4 field-commander consoles (the baseline). */
async function pushRate(): Promise<number> {
  const h = await hub();
  try {
    const ids = units();
    const per = REPORTS / STREAMS;
    const socks = await Promise.all(
      Array.from({ length: STREAMS }, async (_, k) => {
        const t = await createToken(h.hub.store.tokens, {
          name: `c${k}`,
          role: 'duty-officer',
          unitId: null,
        });
        return { s: await connectAs(h.hub.url, t.token, `bench-${k}`), m: new OpMaker(`bench-${k}`) };
      }),
    );
    const base = Date.now() - 60_000;
    const t0 = performance.now();
    console.error('[cot bench] socket.io push');
    await Promise.all(
      socks.map(async ({ s, m }, k) => {
        for (let i = 0; i < per; i += 200) {
          const ops = Array.from({ length: 200 }, (_, j) => {
            const n = k * per + i + j;
            const fix = new Date(base + n).toISOString();
            return m.op('unit', ids[n % DEVICES]!, 'track', { position: [112, 37.5], positionFixAt: fix }, 2);
          });
          await request(s, 'push', { ops });
        }
      }),
    );
    const rate = REPORTS / ((performance.now() - t0) / 1000);
    for (const { s } of socks) s.disconnect();
    return rate;
  } finally {
    await h.stop();
  }
}

/** From a report (or a push) until a console connected to the hub receives the track. */
async function delays(via: 'cot' | 'push', n = 200): Promise<number[]> {
  const h = await hub();
  try {
    const viewer = (await createToken(h.hub.store.tokens, { name: 'v', role: 'viewer', unitId: null })).token;
    const console_: Socket = await connectAs(h.hub.url, viewer, 'bench-console');
    let waiting: ((e: LogEntry[]) => void) | null = null;
    console_.on('ops', (m: { entries: LogEntry[] }) => waiting?.(m.entries));
    const unit = units()[0]!;
    const stream = await connectCotTcp(h.hub.cot!.ports().tcp!);
    const fc = await createToken(h.hub.store.tokens, { name: 'fc', role: 'field-commander', unitId: unit });
    const field = await connectAs(h.hub.url, fc.token, 'bench-field');
    const m = new OpMaker('bench-field');
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const time = Date.now();
      const lon = 112 + i * 0.0001;
      const cot = via === 'cot' ? xmlMessage(await positionCot({ uid: uid(0), lon, lat: 37.5, time })) : null;
      const seen = new Promise<void>((resolve) => {
        waiting = (es) => {
          if (es.some((e) => e.op.entityId === unit && (e.op.fields.position as number[])?.[0] === lon))
            resolve();
        };
      });
      const t0 = performance.now();
      if (cot) await stream.write(cot);
      else
        void request(field, 'push', {
          ops: [
            m.op(
              'unit',
              unit,
              'track',
              { position: [lon, 37.5], positionFixAt: new Date(time).toISOString() },
              2,
            ),
          ],
        });
      const ok = await Promise.race([
        seen.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 5000)),
      ]);
      if (!ok) throw new Error(`${via}: report ${i} did not reach the console within 5 s`);
      out.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
    stream.end();
    field.disconnect();
    console_.disconnect();
    return out.sort((a, b) => a - b);
  } finally {
    await h.stop();
  }
}

const q = quantile;

export async function run(): Promise<BenchRow[]> {
  const xml = await ingestRate('xml');
  const proto = await ingestRate('proto');
  const push = await pushRate();
  const note = (r: number) =>
    `${Math.round(r).toLocaleString('en')} reports/s into tracks (${REPORTS} over ${STREAMS} streams, ${DEVICES} devices)`;
  const cot = await delays('cot');
  const direct = await delays('push');
  return [
    row('CoT XML ingest', {
      ratio: xml / push,
      note: `${note(xml)}; ${(xml / push).toFixed(2)}× the socket.io push below`,
    }),
    row('CoT protobuf ingest', {
      ratio: proto / push,
      note: `${note(proto)}; ${(proto / push).toFixed(2)}× the push`,
    }),
    row('socket.io track push (baseline)', {
      note: `${Math.round(push).toLocaleString('en')} tracks/s acknowledged`,
    }),
    row('CoT report → console fan-out', {
      runs: cot.length,
      p50Ms: q(cot, 0.5),
      p99Ms: q(cot, 0.99),
      meanMs: mean(cot),
      ratio: q(direct, 0.5) / q(cot, 0.5),
      note: `one device over TCP; p50 ${(q(cot, 0.5) / q(direct, 0.5)).toFixed(2)}× the push below`,
    }),
    row('field push → console fan-out (baseline)', {
      runs: direct.length,
      p50Ms: q(direct, 0.5),
      p99Ms: q(direct, 0.99),
      meanMs: mean(direct),
    }),
  ];
}
