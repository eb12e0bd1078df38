/**
 * `npm run bench -- consult`: the media server's cost and what each participant receives, for 3, 6
 * and 12 people in one consultation through a real hub and Janus (in its own network namespace,
 * tests/support/janus.ts). Each participant is a blank Chromium page with the fake camera and
 * microphone making a console's three connections (tests/support/consultPeer.ts): its camera in
 * three simulcast layers, its microphone into the AudioBridge, every other camera on one
 * subscription. After a warm-up, over a measured window: Janus's CPU (utime + stime from
 * /proc/<pid>/stat, in % of one core), the browser's CPU (all its processes, the same way), and per
 * participant the bits received a second (the mix and every other camera) and the frames decoded
 * a second. Everything runs on this one machine, browsers included: the figures say what it
 * managed, and the encoders' quality-limitation reasons say when the browser, not Janus, was short.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { BenchRow } from './run';
import { ConsultConfig } from '../../src/hub/consult/config';
import { blankPage, joinPeer, type Peer, type PeerTotals } from '../support/consultPeer';
import { startJanus, type JanusServer } from '../support/janus';
import { launchBrowser } from '../support/web';
import { connectAs, incidentFields, OpMaker, pushOps, startTestHub } from '../integration/hub/support';
import { benchRow } from './measure';

const SIZES = [3, 6, 12];
const WARMUP_MS = 12_000;
const WINDOW_MS = 20_000;
const SETTLE_MS = 90_000;
const MEDIA_FLAGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];
const TICK = 100; // clock ticks a second (getconf CLK_TCK on Linux)

/** CPU seconds used so far by a process (utime + stime). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICK;
}

/** A process and every descendant (the browser's renderers, GPU and network processes). */
function tree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  return out;
}
/** CPU seconds of this process's Chromium descendants (the browser, its renderers, GPU, network). */
const browserCpu = () =>
  tree(process.pid).reduce((sum, p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').startsWith('chrom') ? sum + cpuSeconds(p) : sum;
    } catch {
      return sum;
    }
  }, 0);

const row = (name: string, o: Partial<BenchRow>): BenchRow => benchRow('consult', name, o);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(n: number, janus: JanusServer, browser: Browser, pageUrl: string): Promise<BenchRow> {
  const hub = await startTestHub({
    consult: ConsultConfig.parse({ janus: { apiUrl: janus.apiUrl, adminKey: janus.adminKey } }),
  });
  const peers: Peer[] = [];
  try {
    const duty = await connectAs(hub.url, await hub.token('duty-officer'), 'bench-duty');
    const ops = new OpMaker('bench-duty');
    const at = new Date().toISOString();
    const opener = { name: 'duty-officer-bench', org: '', role: 'duty-officer' };
    await pushOps(
      duty,
      ops.op('incident', 'inc-b', 'upsert', incidentFields('inc-b')),
      ops.op('consultation', 'cs-b', 'upsert', {
        id: 'cs-b',
        incidentId: 'inc-b',
        title: `bench ${n}`,
        status: 'open',
        invitees: [{ kind: 'role', role: 'field-commander' }],
        openedBy: opener,
        openedAt: at,
        endedAt: null,
        by: opener,
        at,
      }),
    );
    duty.disconnect();
    for (let i = 0; i < n; i++)
      peers.push(
        await joinPeer({
          browser,
          pageUrl,
          hubUrl: hub.url,
          token: await hub.token('field-commander', undefined, { name: `参会者${i + 1}` }),
          clientId: `bench-p${i}`,
          consultationId: 'cs-b',
          follow: true,
        }),
      );
    // Each watches every camera Janus has up (re-subscribing as they come); wait for all, a while.
    const settled = Date.now() + SETTLE_MS;
    while (Date.now() < settled) {
      const t = await Promise.all(peers.map((p) => p.totals()));
      if (t.every((x) => x.videoIn === n - 1)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, WARMUP_MS));

    const pid = janus.pid()!;
    const before: PeerTotals[] = await Promise.all(peers.map((p) => p.totals()));
    const j0 = cpuSeconds(pid);
    const b0 = browserCpu();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const after: PeerTotals[] = await Promise.all(peers.map((p) => p.totals()));
    const secs = (performance.now() - t0) / 1000;
    const janusCpu = (100 * (cpuSeconds(pid) - j0)) / secs;
    const chromium = (100 * (browserCpu() - b0)) / secs;
    const kbps = after.map((a, i) => (8 * (a.bytesIn - before[i]!.bytesIn)) / secs / 1000);
    const fps = after.map((a, i) => (a.framesDecoded - before[i]!.framesDecoded) / secs / (n - 1));
    const limited = new Set(after.flatMap((a) => a.limitation).filter((l) => !l.endsWith(':none')));
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const note =
      `Janus ${janusCpu.toFixed(1)} % of a core; browser (all ${n} pages) ${chromium.toFixed(0)} %; ` +
      `received per participant ${median(kbps).toFixed(0)} kbit/s (min ${Math.min(...kbps).toFixed(0)}, ` +
      `max ${Math.max(...kbps).toFixed(0)}) for ${n - 1} cameras and the mix; ` +
      `${median(fps).toFixed(1)} frames/s per camera decoded (min ${Math.min(...fps).toFixed(1)}); ` +
      `video streams in ${after.map((a) => a.videoIn).join('/')}; load average ${load}` +
      (limited.size
        ? `; encoders limited: ${[...new Set([...limited].map((l) => l.split(':')[1]))].join(', ')}`
        : '');
    console.log(`[consult bench] ${n}: ${note}; kbit/s ${kbps.map((k) => k.toFixed(0)).join(' ')}`);
    return row(`${n} participants`, { runs: Math.round(secs), meanMs: null, note });
  } finally {
    for (const p of peers) await p.close().catch(() => undefined);
    await hub.stop();
  }
}

export async function run(): Promise<BenchRow[]> {
  const janus = await startJanus();
  const browser = await launchBrowser(MEDIA_FLAGS);
  const blank = await blankPage();
  const rows: BenchRow[] = [];
  try {
    const wanted = (process.env.CONSULT_BENCH_SIZES ?? '').split(',').map(Number).filter(Boolean);
    for (const n of wanted.length ? wanted : SIZES) rows.push(await measure(n, janus, browser, blank.url));
  } finally {
    await browser.close();
    blank.close();
    await janus.close();
  }
  return rows;
}
