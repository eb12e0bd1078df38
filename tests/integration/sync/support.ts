import { join } from 'node:path';
import { expect } from 'vitest';
import { StoreClient } from '../../../src/main/db/client';
import { SyncEngine, type SyncEngineOptions } from '../../../src/main/sync/engine';
import type { HubStore } from '../../../src/hub/store';
import { ENTITIES } from '../../../src/shared/sync/entities';
import type { EntityType } from '../../../src/shared/sync/ops';
import { incidentFields, tempDir, unitFields } from '../hub/support';

export interface TestClient {
  name: string;
  store: StoreClient;
  engine: SyncEngine | null;
  dir: string;
  /** Go online (a fresh engine, as after a restart). */
  online: () => Promise<SyncEngine>;
  /** Go offline: the engine stops; local writes keep landing in the outbox. */
  offline: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startClient(
  name: string,
  hubUrl: string,
  token: string,
  opts: { dir?: string; engine?: Partial<SyncEngineOptions> } = {},
): Promise<TestClient> {
  const t = opts.dir ? { dir: opts.dir, cleanup: () => undefined } : tempDir(`client-${name}`);
  const store = await StoreClient.open(join(t.dir, 'jinying.sqlite'));
  // 值班签到 before the first connection: the hub's person for the token replaces it on hello.
  await store.call('signIn', { name: `值班员${name}`, org: '测试中心' });
  const c: TestClient = {
    name,
    store,
    engine: null,
    dir: t.dir,
    online: async () => {
      if (c.engine) return c.engine;
      const engine = new SyncEngine({
        store,
        hubUrl,
        token,
        pollMs: 1000,
        requestTimeoutMs: 5000,
        reconnectDelayMs: 100,
        reconnectDelayMaxMs: 1000,
        ...opts.engine,
      });
      c.engine = engine;
      await engine.start();
      return engine;
    },
    offline: async () => {
      await c.engine?.stop();
      c.engine = null;
    },
    close: async () => {
      await c.offline();
      await store.close();
      t.cleanup();
    },
  };
  await c.online();
  return c;
}

/** Bring every client fully up to date: twice round, so everyone sees everyone's last pushes. */
export async function syncAll(clients: readonly TestClient[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const c of clients) await (await c.online()).syncNow(60_000);
}

export async function seedHub(store: HubStore, n = { incidents: 4, units: 4 }): Promise<void> {
  const records: { entity: EntityType; id: string; fields: Record<string, unknown> }[] = [];
  for (let i = 1; i <= n.incidents; i++)
    records.push({ entity: 'incident', id: `inc-${i}`, fields: incidentFields(`inc-${i}`) });
  for (let i = 1; i <= n.units; i++)
    records.push({ entity: 'unit', id: `u-${i}`, fields: unitFields(`u-${i}`) });
  await store.seed(records);
}

type Picture = Record<'incidents' | 'units' | 'bases' | 'depots' | 'assignments', { id: string }[]>;

/** Every record of every replica, compared one by one (and with the hub's merged state). */
export async function expectConverged(clients: readonly TestClient[], hub?: HubStore): Promise<void> {
  const pictures = await Promise.all(
    clients.map(async (c) => (await c.store.call('picture')) as unknown as Picture),
  );
  const [first, ...rest] = pictures;
  for (const table of ['incidents', 'units', 'bases', 'depots', 'assignments'] as const) {
    const ref = new Map(first![table].map((r) => [r.id, r]));
    rest.forEach((p, i) => {
      const ids = p[table].map((r) => r.id).sort();
      expect(ids, `${table} ids of ${clients[i + 1]!.name} vs ${clients[0]!.name}`).toEqual(
        [...ref.keys()].sort(),
      );
      for (const r of p[table])
        expect(r, `${table} ${r.id} on ${clients[i + 1]!.name}`).toEqual(ref.get(r.id));
    });
    if (hub) {
      const entity = (
        {
          incidents: 'incident',
          units: 'unit',
          bases: 'base',
          depots: 'depot',
          assignments: 'assignment',
        } as const
      )[table];
      for (const r of first![table]) {
        const s = hub.getEntity(entity, r.id);
        expect(s, `${entity} ${r.id} at the hub`).not.toBeNull();
        const hubRecord = ENTITIES[entity].schema.parse(s!.fields);
        if (table === 'bases') delete (r as Record<string, unknown>).aircraft;
        expect(r, `${entity} ${r.id}: replica vs hub`).toEqual(hubRecord);
      }
    }
  }
  const states = await Promise.all(clients.map((c) => c.store.call('syncState')));
  for (const s of states) expect(s.pending).toBe(0);
  expect(new Set(states.map((s) => s.cursor)).size).toBe(1);
}
