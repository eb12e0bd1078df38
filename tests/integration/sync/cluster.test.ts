import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../src/hub/server';
import { createToken, revokeToken } from '../../../src/hub/tokens';
import type { HubStoreLocation } from '../../../src/hub/store';
import { FaultProxy, NO_FAULTS, rng } from '../../support/faultProxy';
import { REPO_ROOT } from '../../support/tmp';
import { connectAs, newStoreLocation, storeQuery, tempDir } from '../hub/support';
import { expectConverged, seedHub, startClient, syncAll } from './support';

/** A hub node in a process of its own (so that it can be killed with SIGKILL). */
async function spawnNode(at: HubStoreLocation & { postgres: string }) {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/hub/cli.ts', '--port', '0', '--pg', at.postgres],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`node did not start: ${out}`)), 60_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
    proc.on('exit', (code) => reject(new Error(`node exited (${code}): ${out}`)));
  });
  const exited = new Promise<void>((r) => proc.on('exit', () => r()));
  return { url, port: Number(new URL(url).port), kill: async () => (proc.kill('SIGKILL'), await exited) };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
  cleanup = [];
});

async function twoNodeStore() {
  const t = tempDir('cluster');
  const at = (await newStoreLocation('postgres', t.dir)) as { postgres: string };
  cleanup.push(() => Promise.resolve(t.cleanup()));
  return at;
}

const newHub = async (at: HubStoreLocation): Promise<Hub> => {
  const h = await startHub({ store: at, port: 0, log: () => undefined });
  cleanup.push(() => h.close());
  return h;
};

describe('several hub nodes on one PostgreSQL database', () => {
  it('a client on each node converges, and a write on one reaches the other without a pull', async () => {
    const at = await twoNodeStore();
    const [n1, n2] = [await newHub(at), await newHub(at)];
    await seedHub(n1.store, { incidents: 2, units: 2 });
    const tok = async (name: string) =>
      (await createToken(n1.store.tokens, { name, role: 'duty-officer' })).token;
    // No polling by the engines: what reaches b comes from node 2's fan-out of node 1's commit.
    const a = await startClient('a', n1.url, await tok('a'), { engine: { pollMs: 60_000 } });
    const b = await startClient('b', n2.url, await tok('b'), { engine: { pollMs: 60_000 } });
    cleanup.push(
      () => a.close(),
      () => b.close(),
    );
    await syncAll([a, b]);
    const inc = await a.store.call('createIncident', {
      title: '跨节点',
      hazard: 'fire',
      level: 'IV',
      location: [112.5, 37.8],
    });
    a.engine!.kick();
    await expect
      .poll(
        async () =>
          ((await b.store.call('picture')) as { incidents: { id: string }[] }).incidents.map((i) => i.id),
        {
          timeout: 15_000,
        },
      )
      .toContain(inc.id);
    await b.store.call('updateIncident', { id: inc.id, patch: { description: '节点二补充' } });
    await syncAll([a, b]);
    await expectConverged([a, b], n2.store);
    await expectConverged([a, b], n1.store);
    // A token revoked through one node closes its connection on the other at once.
    const issued = await createToken(n2.store.tokens, { name: 'c', role: 'viewer' });
    const s = await connectAs(n1.url, issued.token, 'c-1');
    const told = new Promise((r) => s.once('protocol-error', r));
    await revokeToken(n2.store.tokens, issued.info.id);
    expect(await told).toMatchObject({ event: 'auth', code: 'UNAUTHORIZED' });
    await expect(connectAs(n2.url, issued.token, 'c-1')).rejects.toThrow(
      /UNAUTHORIZED: this token was revoked/,
    );
  }, 120_000);

  it.each([{ seed: null }, { seed: 4242 }, { seed: 90_017 }])(
    'kill -9 of a node during pushes (fault proxy seed $seed): its clients resume on the other, every op once',
    async ({ seed }) => {
      const at = await twoNodeStore();
      const nodeA = await spawnNode(at);
      cleanup.push(() => nodeA.kill());
      const nodeB = await newHub(at);
      await seedHub(nodeB.store, { incidents: 4, units: 4 });
      const proxies =
        seed === null
          ? null
          : [nodeA, nodeB].map(
              (n, i) => new FaultProxy({ host: '127.0.0.1', port: n.port }, seed + i, NO_FAULTS),
            );
      for (const p of proxies ?? []) cleanup.push(() => p.close());
      const [urlA, urlB] = proxies
        ? await Promise.all(proxies.map((p) => p.listen()))
        : [nodeA.url, nodeB.url];
      const tok = async (name: string) =>
        (await createToken(nodeB.store.tokens, { name, role: 'duty-officer' })).token;
      // Three clients start on node A (their list: A then B); one stays on B alone.
      const onA = await Promise.all(
        ['A0', 'A1', 'A2'].map(async (n) =>
          startClient(n, urlA!, await tok(n), {
            engine: { hubUrls: [urlA!, urlB!], requestTimeoutMs: 2000 },
          }),
        ),
      );
      const onB = await startClient('B0', urlB!, await tok('B0'));
      const clients = [...onA, onB];
      cleanup.push(...clients.map((c) => () => c.close()));
      await syncAll(clients);
      for (const c of onA) expect(c.engine!.status().hubUrl).toBe(urlA);
      proxies?.forEach((p) => p.setFaults({ cut: 0.01, stall: 0.005, maxDelayMs: 30 }));

      const random = rng(seed ?? 7);
      let writes = 0;
      let killedAt = 0;
      let failoverMs = 0;
      const until = Date.now() + 7000;
      while (Date.now() < until) {
        const c = clients[Math.floor(random() * clients.length)]!;
        if (random() < 0.3)
          await c.store.call('createIncident', {
            title: `${c.name} ${writes}`,
            hazard: 'flood',
            level: 'IV',
            location: [112.3, 37.6],
          });
        else
          await c.store.call('updateIncident', {
            id: `inc-${1 + Math.floor(random() * 4)}`,
            patch: { description: `${c.name}-${writes}`, affected: writes },
          });
        writes++;
        c.engine!.kick();
        if (!killedAt && Date.now() > until - 5000) {
          await nodeA.kill();
          killedAt = performance.now();
          void (async () => {
            while (
              !onA.every((x) => x.engine!.status().hubUrl === urlB && x.engine!.status().state === 'online')
            )
              await new Promise((r) => setTimeout(r, 10));
            failoverMs = performance.now() - killedAt;
          })();
        }
        if (writes % 10 === 0) await new Promise((r) => setTimeout(r, 20));
      }
      proxies?.forEach((p) => p.heal());
      await syncAll(clients);
      await expectConverged(clients, nodeB.store);
      for (const c of onA) expect(c.engine!.status().hubUrl).toBe(urlB);
      // Every op of every client is in the log exactly once, 1..N without a gap (op_id is UNIQUE).
      for (const c of clients) {
        const { clientId, pending } = await c.store.call('syncState');
        expect(pending).toBe(0);
        const rows = await storeQuery(at, 'SELECT op_id FROM log WHERE client_id = ?', [clientId]);
        const seqs = rows.map((r) => Number(String(r.op_id).split(':')[1])).sort((x, y) => x - y);
        expect(seqs, `${c.name}: ops in the log`).toEqual(
          Array.from({ length: seqs.length }, (_, i) => i + 1),
        );
        expect(seqs.length).toBeGreaterThan(0);
      }
      const [n] = await storeQuery(
        at,
        'SELECT count(*) AS n, count(DISTINCT op_id) AS d, max(seq) AS h FROM log',
      );
      expect([n!.n, n!.d]).toEqual([n!.h, n!.h]);
      if (proxies) expect(proxies.reduce((s, p) => s + p.stats.cuts + p.stats.stalls, 0)).toBeGreaterThan(0);
      console.log(
        `[cluster] seed ${seed}: ${writes} writes; node A killed; its 3 clients online on node B after ${Math.round(failoverMs)} ms`,
      );
    },
    180_000,
  );
});
