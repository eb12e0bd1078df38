/**
 * Sync benchmarks (issue 4), all on loopback with real stores:
 * - durable hub ingest: ops/s acknowledged after their commit (group commit), 8 pushing sockets;
 * - propagation: one client's committed write → applied in the stores of 50 other clients;
 * - catch-up: a fresh client pulls and applies 100,000 ops, with progress.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { Server as IoServer } from 'socket.io';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { startHub, type Hub } from '../../src/hub/server';
import { createToken } from '../../src/hub/tokens';
import { openHubStore, type HubStoreLocation } from '../../src/hub/store';
import { openHubDb } from '../../src/hub/store/sqliteSchema';
import { StoreClient } from '../../src/main/db/client';
import { SyncEngine } from '../../src/main/sync/engine';
import type { Op } from '../../src/shared/sync/ops';
import type { PushReply, Reply } from '../../src/shared/sync/protocol';
import { connectAs, incidentFields, OpMaker } from '../integration/hub/support';
import { startPgCluster } from '../support/postgres';
import type { BenchRow } from './run';
import { benchRow, mean, quantile } from './measure';
import { crossNode, failover, fleet } from './syncCluster';

const GROUP = 'sync';

const row = ({ name, ...o }: Partial<BenchRow> & { name: string }): BenchRow => benchRow(GROUP, name, o);

async function seed(hub: Hub, n: number): Promise<void> {
  await hub.store.seed(
    Array.from({ length: n }, (_, i) => ({
      entity: 'incident' as const,
      id: `inc-${i}`,
      fields: incidentFields(`inc-${i}`),
    })),
  );
}

/** Incident upserts from one client id, with a real clock (as a client's outbox holds them). */
class Maker extends OpMaker {
  upsert(entityId: string, fields: Record<string, unknown>): Op {
    return this.op('incident', entityId, 'upsert', fields);
  }
}

/**
 * The pushing clients of the ingest bench: this file forked with SYNC_SENDERS set. They run in a
 * process of their own (as consoles do, on their own machines), so the figure is what the hub does,
 * not the hub and eight clients' socket.io encoding and deflate sharing one event loop.
 */
async function sendersMain(cfg: { url: string; tokens: string[]; perSender: number; batch: number }) {
  const sockets = await Promise.all(cfg.tokens.map((t, i) => connectAs(cfg.url, t, `bench-s${i}`)));
  // Prepare every op up front: we measure the hub, not the op factory.
  const batches = sockets.map((_, i) => {
    const m = new Maker(`bench-s${i}`);
    return Array.from({ length: cfg.perSender / cfg.batch }, (_, b) =>
      Array.from({ length: cfg.batch }, (_, j) =>
        m.upsert(`inc-${(b * cfg.batch + j) % 1000}`, { affected: j, description: `s${i} b${b}` }),
      ),
    );
  });
  process.send!({ ready: true });
  await new Promise((r) => process.once('message', r));
  let acked = 0;
  const t0 = performance.now();
  await Promise.all(
    sockets.map(async (s, i) => {
      // Two pushes in flight per socket, as a client with a deep outbox would pipeline.
      const queue = batches[i]!;
      let next = 0;
      const lane = async () => {
        while (next < queue.length) {
          const ops = queue[next++]!;
          const r = (await s.timeout(60_000).emitWithAck('push', { ops })) as Reply<PushReply>;
          if (!r.ok) throw new Error(r.error.message);
          acked += r.value.results.filter((x) => x.status === 'accepted').length;
        }
      };
      await Promise.all([lane(), lane()]);
    }),
  );
  const ms = performance.now() - t0;
  sockets.forEach((s) => s.disconnect());
  process.send!({ acked, ms });
}
if (process.env.SYNC_SENDERS)
  void sendersMain(JSON.parse(process.env.SYNC_SENDERS) as Parameters<typeof sendersMain>[0]);

/**
 * Durable ingest, on either store: PostgreSQL in a throw-away cluster of its own with its durable
 * defaults (fsync on, synchronous_commit on), so an acknowledged op is on disk there too. The
 * hub runs here; the eight pushing sockets in a child process.
 */
async function ingest(dir: string, kind: 'sqlite' | 'postgres' = 'sqlite'): Promise<BenchRow[]> {
  const cluster = kind === 'postgres' ? await startPgCluster({ durable: true }) : null;
  const store: HubStoreLocation = cluster
    ? { postgres: await cluster.createDatabase('ingest') }
    : { sqlite: join(dir, 'ingest.sqlite') };
  const hub = await startHub({ store, port: 0, log: () => undefined });
  let child: ChildProcess | null = null;
  try {
    await seed(hub, 1000);
    const senders = 8;
    const perSender = 25_000;
    const tokens = await Promise.all(
      Array.from({ length: senders }, (_, i) =>
        createToken(hub.store.tokens, { name: `s${i}`, role: 'duty-officer' }).then((t) => t.token),
      ),
    );
    child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        SYNC_SENDERS: JSON.stringify({ url: hub.url, tokens, perSender, batch: 500 }),
      },
    });
    const msg = <T>() =>
      new Promise<T>((resolve, reject) => {
        child!.once('message', (m) => resolve(m as T));
        child!.once('exit', (c) => reject(new Error(`the senders' process exited ${c}`)));
      });
    await msg<{ ready: true }>();
    const cpu0 = process.cpuUsage();
    const done = msg<{ acked: number; ms: number }>();
    child.send('go');
    const { acked, ms } = await done;
    const cpu = process.cpuUsage(cpu0);
    const secs = ms / 1000;
    const rate = acked / secs;
    const how = cluster
      ? `PostgreSQL ${cluster.version}, fsync on, synchronous_commit on; ${commits(hub)} commits`
      : `SQLite WAL, synchronous=FULL; ${commits(hub)} commits`;
    const cpuPerOp = ((cpu.user + cpu.system) / acked).toFixed(1);
    return [
      row({
        name: `durable hub ingest (${kind}), ${senders} sockets × ${perSender} ops`,
        target: '≥ 20,000 ops/s',
        pass: rate >= 20_000,
        note: `${Math.round(rate).toLocaleString('en')} ops/s acknowledged after commit (${acked} ops in ${secs.toFixed(2)} s; ${how}); hub process CPU ${cpuPerOp} µs/op; senders in a child process`,
      }),
    ];
  } finally {
    child?.kill();
    await hub.close();
    cluster?.stop();
  }
}

/** How many group commits the hub made (its store counts them). */
const commits = (hub: Hub) => hub.store.stats().commits.toLocaleString('en');

/**
 * Wait until this process is quiet: after 51 store workers start, each isolate compiles, then
 * V8's memory reducer runs full collections in each for several seconds. Measured straight after
 * start-up, that is a third of the CPU of a write (25 against 15 ms with no store work at all):
 * start-up, not propagation. Returns the seconds waited (reported with the figure).
 */
async function quiet(maxMs = 30_000): Promise<number> {
  const t0 = performance.now();
  let calm = 0;
  while (performance.now() - t0 < maxMs && calm < 2) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, 500));
    const c = process.cpuUsage(c0);
    calm = (c.user + c.system) / 1000 / (performance.now() - w0) < 0.1 ? calm + 1 : 0;
  }
  return (performance.now() - t0) / 1000;
}

/** The outcome a store would return for a page it applied, computed without a store. */
const ECHO_WORKER = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => { const e = m.args.entries; parentPort.postMessage({ id: m.id, ok: true,
  value: { cursor: e[e.length - 1].seq, applied: e.length, gap: false, entities: ['incident'], queued: 0 } }); });`;

/**
 * A receiver's store for the "no store work" floor: every call goes to its real store except the
 * live apply, which makes the same worker round trip to a worker that applies nothing.
 */
function echoingStore(store: StoreClient): { call: StoreClient['call']; close: () => Promise<void> } {
  const worker = new Worker(ECHO_WORKER, { eval: true });
  const waiting = new Map<number, (v: unknown) => void>();
  let next = 0;
  worker.on('message', (m: { id: number; value: unknown }) => {
    waiting.get(m.id)?.(m.value);
    waiting.delete(m.id);
  });
  const call = ((op: string, args?: unknown) => {
    if (op !== 'syncApplyEntries')
      return (store.call as (o: string, a?: unknown) => Promise<unknown>)(op, args);
    const id = ++next;
    return new Promise<unknown>((resolve) => {
      waiting.set(id, resolve);
      worker.postMessage({ id, op, args });
    });
  }) as StoreClient['call'];
  return { call, close: () => worker.terminate().then(() => undefined) };
}

interface PropagationRun {
  all: number[];
  writes: number;
  cpuPerWrite: number;
  settledS: number;
}

/**
 * One client writes; `receivers` other clients, each a SyncEngine with its own store worker and
 * SQLite file, connected to the hub over loopback, apply it. Measured: local commit in the
 * sender's store → each receiver's store has applied it (the engine's onChange after the store
 * call returned). `echo`: the receivers' live apply goes to a worker that applies nothing (the
 * floor of this process model: sockets, engines and one worker round trip per receiver).
 */
async function propagationRun(
  dir: string,
  receivers: number,
  opts: { echo?: boolean; writes?: number } = {},
): Promise<PropagationRun> {
  const tag = `${receivers}${opts.echo ? 'e' : ''}`;
  const hub = await startHub({
    store: { sqlite: join(dir, `prop-${tag}.sqlite`) },
    port: 0,
    log: () => undefined,
  });
  const clients: { store: StoreClient; engine: SyncEngine; close?: () => Promise<void> }[] = [];
  try {
    await seed(hub, 20);
    const token = (await createToken(hub.store.tokens, { name: 'bench', role: 'duty-officer' })).token;
    const pending = new Map<number, (t: number) => void>();
    let current = -1;
    for (let i = 0; i <= receivers; i++) {
      const store = await StoreClient.open(join(dir, `c${tag}-${i}.sqlite`));
      const idx = i;
      const echo = opts.echo && i > 0 ? echoingStore(store) : null;
      const engine = new SyncEngine({
        store: echo ?? store,
        hubUrl: hub.url,
        token,
        pollMs: 60_000,
        onChange: () => {
          if (idx === 0 || current < 0) return;
          const t = performance.now();
          pending.get(idx)?.(t);
        },
      });
      await engine.start();
      clients.push({ store, engine, close: echo?.close });
    }
    for (const c of clients) await c.engine.syncNow(60_000);
    const settledS = await quiet();
    const [sender, ...rest] = clients;
    const writes = opts.writes ?? 100;
    const warmUp = 5;
    const arrivals: number[][] = [];
    let cpu: NodeJS.CpuUsage | null = null;
    for (let w = 0; w < writes + warmUp; w++) {
      if (w === warmUp) cpu = process.cpuUsage();
      current = w;
      const got = rest.map((_, k) => new Promise<number>((resolve) => pending.set(k + 1, resolve)));
      await sender!.store.call('updateIncident', { id: `inc-${w % 20}`, patch: { affected: w + 1 } });
      const t0 = performance.now(); // committed locally
      sender!.engine.kick();
      const times = await Promise.all(got);
      if (w >= warmUp) arrivals.push(times.map((t) => t - t0));
      await new Promise((r) => setTimeout(r, 30));
    }
    // All threads of this process (hub, engines, store workers) per write; the timed gaps cost nothing.
    const used = process.cpuUsage(cpu ?? undefined);
    return { all: arrivals.flat(), writes, cpuPerWrite: (used.user + used.system) / 1000 / writes, settledS };
  } finally {
    for (const c of clients) await c.engine.stop();
    for (const c of clients) {
      await c.close?.();
      await c.store.close();
    }
    await hub.close();
  }
}

async function propagation(
  dir: string,
  receivers: number,
  opts: { echo?: boolean } = {},
): Promise<BenchRow[]> {
  const r = await propagationRun(dir, receivers, opts);
  const p99 = quantile(r.all, 0.99);
  // #12: the 50-receiver row is a cost figure now (51 full clients on one 2-core machine), not a
  // latency target; what one console sees is the fleet row (syncCluster.ts).
  return [
    row({
      name: opts.echo
        ? `floor: 1 → ${receivers} clients whose live apply goes to a worker that applies nothing`
        : `propagation 1 → ${receivers} clients (applied in their stores)`,
      runs: r.all.length,
      p50Ms: quantile(r.all, 0.5),
      p99Ms: p99,
      meanMs: mean(r.all),
      note:
        `cost figure; ${r.writes} writes × ${receivers} receivers; local commit → each receiver's apply; ${receivers + 1} clients (each with its store worker) + hub in one process, ` +
        `${os()} cores, ${r.cpuPerWrite.toFixed(1)} ms CPU per write, measured after ${r.settledS.toFixed(0)} s quiet`,
    }),
  ];
}

/**
 * What one client sees while the hub serves 50: the hub fans each write out to 49 plain sockets
 * (which only read it) and to one full client (engine + store worker), whose apply is timed. On
 * separate machines every receiver is in this one's position; here the 49 others cost only their
 * socket reads, not 49 store workers.
 */
async function oneAmongMany(dir: string, connected: number): Promise<BenchRow[]> {
  const hub = await startHub({
    store: { sqlite: join(dir, `prop-one-${connected}.sqlite`) },
    port: 0,
    log: () => undefined,
  });
  const clients: { store: StoreClient; engine: SyncEngine }[] = [];
  const sockets: Socket[] = [];
  try {
    await seed(hub, 20);
    const token = (await createToken(hub.store.tokens, { name: 'bench', role: 'duty-officer' })).token;
    for (let i = 1; i < connected; i++) sockets.push(await connectAs(hub.url, token, `bench-plain-${i}`));
    let applied: ((t: number) => void) | null = null;
    for (const role of ['sender', 'receiver'] as const) {
      const store = await StoreClient.open(join(dir, `one-${connected}-${role}.sqlite`));
      const engine = new SyncEngine({
        store,
        hubUrl: hub.url,
        token,
        pollMs: 60_000,
        onChange: role === 'receiver' ? () => applied?.(performance.now()) : undefined,
      });
      await engine.start();
      await engine.syncNow(60_000);
      clients.push({ store, engine });
    }
    await quiet();
    const [sender] = clients;
    const all: number[] = [];
    const writes = 200;
    for (let w = 0; w < writes + 5; w++) {
      const got = new Promise<number>((r) => (applied = r));
      await sender!.store.call('updateIncident', { id: `inc-${w % 20}`, patch: { affected: w + 1 } });
      const t0 = performance.now();
      sender!.engine.kick();
      const t = await got;
      if (w >= 5) all.push(t - t0);
      await new Promise((r) => setTimeout(r, 30));
    }
    return [
      row({
        name: `propagation to one client among ${connected} connected (${connected - 1} plain sockets)`,
        runs: all.length,
        p50Ms: quantile(all, 0.5),
        p99Ms: quantile(all, 0.99),
        meanMs: mean(all),
        note: `${writes} writes; local commit → applied in that client's store, while the hub fans each write out to all ${connected}`,
      }),
    ];
  } finally {
    for (const s of sockets) s.disconnect();
    for (const c of clients) await c.engine.stop();
    for (const c of clients) await c.store.close();
    await hub.close();
  }
}

/**
 * The issue's yardstick, measured in the same run: one socket.io server broadcasts a live-op-sized
 * event to `receivers` plain socket.io clients in this thread (no hub logic, no engines, no stores).
 */
async function bareFanOut(receivers: number): Promise<BenchRow[]> {
  const http = createServer();
  const server = new IoServer(http, { transports: ['websocket'], serveClient: false });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];
  try {
    let arrive: number[] = [];
    let done: (() => void) | null = null;
    for (let i = 0; i < receivers; i++) {
      const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      s.on('ops', () => {
        arrive.push(performance.now());
        if (arrive.length === receivers) done?.();
      });
      sockets.push(s);
    }
    await quiet();
    const m = new Maker('bare');
    const all: number[] = [];
    const writes = 100;
    let cpu: NodeJS.CpuUsage | null = null;
    for (let w = 0; w < writes + 5; w++) {
      if (w === 5) cpu = process.cpuUsage();
      arrive = [];
      const got = new Promise<void>((r) => (done = r));
      const t0 = performance.now();
      server.to([...server.of('/').sockets.keys()]).emit('ops', {
        entries: [{ seq: w + 1, at: new Date().toISOString(), op: m.upsert('inc-1', { affected: w }) }],
        headSeq: w + 1,
      });
      await got;
      if (w >= 5) all.push(...arrive.map((t) => t - t0));
      await new Promise((r) => setTimeout(r, 30));
    }
    const used = process.cpuUsage(cpu ?? undefined);
    return [
      row({
        name: `floor: bare socket.io broadcast 1 → ${receivers} sockets in one thread`,
        runs: all.length,
        p50Ms: quantile(all, 0.5),
        p99Ms: quantile(all, 0.99),
        meanMs: mean(all),
        note: `no hub logic, engines or stores: the issue's yardstick (p99 ≈ 6 ms "measured here"); ${((used.user + used.system) / 1000 / writes).toFixed(1)} ms CPU per broadcast`,
      }),
    ];
  } finally {
    for (const s of sockets) s.disconnect();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

/** A timestamp comparable between processes on this machine (ms since the epoch, sub-ms). */
const wallNow = () => performance.timeOrigin + performance.now();

/**
 * The same measurement with the receivers spread over several OS processes (each receiver still
 * a SyncEngine with its own store worker thread and SQLite file, connected to the hub over
 * loopback). 50 receivers are 50 machines in the field: in one process their 50 sockets, 50
 * worker ports and the hub all share one event loop (~0.3 ms of main-thread work per receiver,
 * ≈ 17 ms per write, on one core); separate processes let those event loops use both cores. The work measured is unchanged: local commit in the
 * sender's store → applied in each receiver's store (the receiver timestamps its apply with a
 * clock shared by the processes of this machine).
 */
async function propagationProcesses(dir: string, receivers: number, procs: number): Promise<BenchRow[]> {
  const hub = await startHub({
    store: { sqlite: join(dir, `prop-p${receivers}.sqlite`) },
    port: 0,
    log: () => undefined,
  });
  const children: ChildProcess[] = [];
  let sender: { store: StoreClient; engine: SyncEngine } | null = null;
  try {
    await seed(hub, 20);
    const token = (await createToken(hub.store.tokens, { name: 'bench', role: 'duty-officer' })).token;
    const pending = new Map<number, (t: number) => void>();
    let t0 = Infinity;
    const ready: Promise<void>[] = [];
    for (let p = 0; p < procs; p++) {
      const idxs = Array.from({ length: receivers }, (_, i) => i + 1).filter((i) => i % procs === p);
      const child = fork(fileURLToPath(import.meta.url), [], {
        env: { ...process.env, SYNC_BENCH_RECEIVER: JSON.stringify({ hubUrl: hub.url, token, dir, idxs }) },
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      ready.push(
        new Promise<void>((resolve, reject) => {
          child.on('message', (m: { ready?: true; idx?: number; t?: number }) => {
            if (m.ready) resolve();
            // Ignore anything applied before the current write was committed.
            else if (m.idx !== undefined && m.t !== undefined && m.t >= t0) pending.get(m.idx)?.(m.t);
          });
          child.once('exit', (code) => reject(new Error(`receiver process exited with ${code}`)));
        }),
      );
    }
    await Promise.all(ready);
    const store = await StoreClient.open(join(dir, `p${receivers}-sender.sqlite`));
    const engine = new SyncEngine({ store, hubUrl: hub.url, token, pollMs: 60_000 });
    sender = { store, engine };
    await engine.start();
    await engine.syncNow(60_000);
    const writes = 40;
    const arrivals: number[][] = [];
    for (let w = 0; w < writes + 5; w++) {
      const got = Array.from(
        { length: receivers },
        (_, k) => new Promise<number>((resolve) => pending.set(k + 1, resolve)),
      );
      await store.call('updateIncident', { id: `inc-${w % 20}`, patch: { affected: w + 1 } });
      t0 = wallNow(); // committed locally
      engine.kick();
      const times = await Promise.all(got);
      if (w >= 5) arrivals.push(times.map((t) => t - t0));
      await new Promise((r) => setTimeout(r, 30));
    }
    const all = arrivals.flat();
    const p99 = quantile(all, 0.99);
    return [
      row({
        name: `propagation 1 → ${receivers} clients in ${procs} processes (applied in their stores)`,
        runs: all.length,
        p50Ms: quantile(all, 0.5),
        p99Ms: p99,
        meanMs: mean(all),
        note: `cost figure; ${writes} writes × ${receivers} receivers; local commit → each receiver's apply; hub + sender in this process, receivers (each with its store worker) in ${procs} processes, ${os()} cores, load ${loadavg()[0]!.toFixed(1)}`,
      }),
    ];
  } finally {
    if (sender) {
      await sender.engine.stop();
      await sender.store.close();
    }
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.send({ stop: true });
          }),
      ),
    );
    await hub.close();
  }
}

/** A receiver process of propagationProcesses (this file, forked with SYNC_BENCH_RECEIVER set). */
async function receiverMain(cfg: {
  hubUrl: string;
  token: string;
  dir: string;
  idxs: number[];
}): Promise<void> {
  const clients: { store: StoreClient; engine: SyncEngine }[] = [];
  for (const idx of cfg.idxs) {
    const store = await StoreClient.open(join(cfg.dir, `p-${idx}.sqlite`));
    const engine = new SyncEngine({
      store,
      hubUrl: cfg.hubUrl,
      token: cfg.token,
      pollMs: 60_000,
      onChange: () => process.send?.({ idx, t: wallNow() }),
    });
    await engine.start();
    clients.push({ store, engine });
  }
  for (const c of clients) await c.engine.syncNow(60_000);
  process.on('message', (m: { stop?: true }) => {
    if (!m.stop) return;
    void (async () => {
      for (const c of clients) await c.engine.stop();
      for (const c of clients) await c.store.close();
      process.exit(0);
    })();
  });
  process.send?.({ ready: true });
}

if (process.env.SYNC_BENCH_RECEIVER)
  void receiverMain(JSON.parse(process.env.SYNC_BENCH_RECEIVER) as Parameters<typeof receiverMain>[0]);

function os(): number {
  // Reported with the figure: the clients, their 51 store workers and the hub share these cores.
  return availableParallelism();
}

async function catchUp(dir: string): Promise<BenchRow[]> {
  const hub = await startHub({
    store: { sqlite: join(dir, 'catchup.sqlite') },
    port: 0,
    log: () => undefined,
  });
  let store: StoreClient | null = null;
  let engine: SyncEngine | null = null;
  try {
    await seed(hub, 2000);
    const total = 100_000;
    const tokenInfo = await createToken(hub.store.tokens, { name: 'writer', role: 'duty-officer' });
    const m = new Maker('writer');
    for (let done = hub.store.head().headSeq; done < total;) {
      const n = Math.min(5000, total - done);
      const ops = Array.from({ length: n }, (_, j) =>
        m.upsert(`inc-${(done + j) % 2000}`, { affected: done + j, description: `更新 ${done + j}` }),
      );
      await hub.store.ingest([
        {
          writer: {
            clientId: 'writer',
            role: 'duty-officer',
            tokenId: tokenInfo.info.id,
            name: 'writer',
            org: '',
            unitId: null,
          },
          ops,
        },
      ]);
      done += n;
    }
    const head = hub.store.head().headSeq;
    store = await StoreClient.open(join(dir, 'fresh.sqlite'));
    const token = (await createToken(hub.store.tokens, { name: 'late', role: 'viewer' })).token;
    const progress: [number, number, number][] = [];
    const t0 = performance.now();
    engine = new SyncEngine({
      store,
      hubUrl: hub.url,
      token,
      pollMs: 60_000,
      log: process.env.SYNC_BENCH_LOG ? (l) => console.log(l) : undefined,
      onProgress: (d, t) => progress.push([performance.now() - t0, d, t]),
    });
    await engine.start();
    await engine.syncNow(120_000);
    const ms = performance.now() - t0;
    const state = await store.call('syncState');
    if (state.cursor !== head) throw new Error(`catch-up ended at ${state.cursor}, hub head ${head}`);
    const mid = progress[Math.floor(progress.length / 2)];
    return [
      row({
        name: `catch-up of ${head.toLocaleString('en')} ops (fresh client, 2,000 records)`,
        runs: 1,
        p50Ms: ms,
        target: '< 3000 ms',
        pass: ms < 3000,
        note: `${progress.length} progress reports (e.g. ${mid ? `${mid[1]}/${mid[2]} at ${mid[0].toFixed(0)} ms` : '—'}); connect + pull + apply`,
      }),
    ];
  } finally {
    await engine?.stop();
    await store?.close();
    await hub.close();
  }
}

/**
 * Hub restart: opening a store whose log holds 10,000 and then 120,000 ops over the same 2,000
 * records, against the start-up of a store without `client_seqs` (schema 1), which read every op
 * id in the log on every start (the cause of the restart time that grew with the log).
 */
async function restart(dir: string): Promise<BenchRow[]> {
  const file = join(dir, 'restart.sqlite');
  const writers = Array.from({ length: 20 }, (_, i) => new Maker(`rw${i}`));
  let logged = 0;
  const grow = async (to: number) => {
    const store = await openHubStore({ sqlite: file });
    try {
      while (logged < to) {
        await store.ingest(
          writers.map((m, w) => ({
            writer: {
              clientId: m.clientId,
              role: 'duty-officer' as const,
              tokenId: 0,
              name: 'test',
              org: '',
              unitId: null,
            },
            ops: Array.from({ length: 250 }, (_, j) =>
              m.upsert(
                `inc-${(logged + w * 250 + j) % 2000}`,
                incidentFields(`inc-${(logged + w * 250 + j) % 2000}`),
              ),
            ),
          })),
        );
        logged += writers.length * 250;
      }
    } finally {
      await store.close();
    }
  };
  const openTimes = async (runs: number, before?: () => void): Promise<number[]> => {
    const ts: number[] = [];
    for (let i = 0; i < runs; i++) {
      before?.();
      const t0 = performance.now();
      await (await openHubStore({ sqlite: file })).close();
      ts.push(performance.now() - t0);
    }
    return ts;
  };
  const asSchema1 = () => {
    const db = openHubDb(file);
    db.exec("DELETE FROM client_seqs; DELETE FROM meta WHERE key = 'client_seqs'");
    db.close();
  };
  const rows: BenchRow[] = [];
  let small = 0;
  for (const n of [10_000, 120_000]) {
    await grow(n);
    const now = await openTimes(5);
    const old = await openTimes(3, asSchema1);
    const p50 = quantile(now, 0.5);
    if (n === 10_000) small = p50;
    rows.push(
      row({
        name: `hub store open, ${n.toLocaleString('en')} ops logged (2,000 records, 20 clients)`,
        runs: now.length,
        p50Ms: p50,
        p99Ms: Math.max(...now),
        meanMs: mean(now),
        ratio: quantile(old, 0.5) / p50,
        note: `schema-1 start (every op id read): p50 ${quantile(old, 0.5).toFixed(0)} ms${n > 10_000 ? `; ${(p50 / small).toFixed(2)}× the 10,000-op open` : ''}`,
      }),
    );
  }
  // The same log where every op is a new record: start-up reads 120,000 keys. Baseline: what the
  // hub did before, reading and parsing every record's fields and clocks at start.
  const many = join(dir, 'restart-many.sqlite');
  {
    const store = await openHubStore({ sqlite: many });
    const m = new Maker('rmany');
    for (let k = 0; k < 120; k++) {
      await store.ingest([
        {
          writer: {
            clientId: 'rmany',
            role: 'duty-officer',
            tokenId: 0,
            name: 'test',
            org: '',
            unitId: null,
          },
          ops: Array.from({ length: 1000 }, (_, j) => m.upsert(`n-${k}-${j}`, incidentFields(`n-${k}-${j}`))),
        },
      ]);
    }
    await store.close();
  }
  const lazy: number[] = [];
  const eager: number[] = [];
  for (let i = 0; i < 3; i++) {
    let t0 = performance.now();
    await (await openHubStore({ sqlite: many })).close();
    lazy.push(performance.now() - t0);
    const db = openHubDb(many);
    t0 = performance.now();
    const state = new Map<string, unknown>();
    for (const r of db
      .prepare('SELECT entity, entity_id, fields, clocks, deleted_hlc FROM entities')
      .iterate() as Iterable<Record<string, string>>) {
      state.set(`${r.entity}\u0000${r.entity_id}`, {
        fields: JSON.parse(r.fields!),
        clocks: JSON.parse(r.clocks!),
        deletedHlc: r.deleted_hlc,
      });
    }
    eager.push(performance.now() - t0);
    db.close();
  }
  rows.push(
    row({
      name: 'hub store open, 120,000 ops = 120,000 records',
      runs: lazy.length,
      p50Ms: quantile(lazy, 0.5),
      p99Ms: Math.max(...lazy),
      meanMs: mean(lazy),
      ratio: quantile(eager, 0.5) / quantile(lazy, 0.5),
      note: `baseline: reading and parsing every record at start, p50 ${quantile(eager, 0.5).toFixed(0)} ms (the store open alone)`,
    }),
  );
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jinying-syncbench-'));
  try {
    const only = process.env.SYNC_BENCH;
    const rows: BenchRow[] = [];
    if (!only || only === 'ingest') rows.push(...(await ingest(dir)));
    if (!only || only === 'ingest' || only === 'ingest-pg') rows.push(...(await ingest(dir, 'postgres')));
    if (!only || only === 'catchup') rows.push(...(await catchUp(dir)));
    if (!only || only === 'restart') rows.push(...(await restart(dir)));
    if (!only || only === 'propagation') {
      // Two floors beside the figure: the issue's yardstick (bare socket.io), and our clients with
      // every part but the store's work (sockets, engines, one worker round trip per receiver).
      // The 5-receiver row shows how much of the 50-receiver figure is CPU sharing: here all 51
      // clients, each with its store worker thread, and the hub run on this machine's 2 cores.
      rows.push(...(await bareFanOut(50)));
      rows.push(...(await propagation(dir, 5)));
      rows.push(...(await propagation(dir, 50, { echo: true })));
      rows.push(...(await propagation(dir, 50)));
      rows.push(...(await oneAmongMany(dir, 51)));
    }
    // The same 50 receivers spread over 5 processes (SYNC_BENCH=propagation-procs). On this
    // 2-core machine it is not faster (p50 25 ms, p99 82 ms against 24/44 in one process, same
    // load): the cost is CPU, not the shared event loop, and each process adds its own V8 threads.
    if (only === 'propagation-procs') rows.push(...(await propagationProcesses(dir, 50, 5)));
    // #12: 500 lightweight connections beside one full client, two nodes, failover (syncCluster.ts).
    if (!only || only === 'fleet') rows.push(...(await fleet(dir)));
    if (!only || only === 'cross-node') rows.push(...(await crossNode(dir)));
    if (!only || only === 'failover') rows.push(...(await failover(dir)));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
