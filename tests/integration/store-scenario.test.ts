import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { StoreClient } from '../../src/main/db/client';
import { readScenarioFile } from '../../src/main/services/scenarioFile';
import { DEMO_SCENARIO, tempDir } from '../support/tmp';
import { CodedError } from '../../src/shared/ipc/errors';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

describe('the demo scenario in a real store file, through the store worker', () => {
  it('loads, survives a reopen, and reads back record for record', async () => {
    const file = join(t.dir, 'jinying.sqlite');
    const scenario = readScenarioFile(DEMO_SCENARIO);
    const store = await StoreClient.open(file);
    const counts = await store.call('importScenario', { scenario });
    await store.close();

    const again = await StoreClient.open(file);
    const status = await again.call('status');
    expect(status.counts).toEqual(counts);
    expect(status.counts.units).toBe(scenario.units.length);
    expect(status.counts.aircraft).toBe(scenario.bases.reduce((n, b) => n + b.aircraft.length, 0));
    expect(status.scenarioName).toBe(scenario.name);

    const p = await again.call('picture');
    const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
    const units = byId(p.units);
    for (const u of scenario.units) expect(units.get(u.id)).toEqual(u);
    const bases = byId(p.bases);
    for (const b of scenario.bases) expect(bases.get(b.id)).toEqual(b);
    const depots = byId(p.depots);
    for (const d of scenario.depots) expect(depots.get(d.id)).toEqual(d);
    const incidents = byId(p.incidents);
    for (const i of scenario.incidents) expect(incidents.get(i.id)).toEqual(i);
    await again.close();
  });

  it('reports a failed command as a coded error and keeps working', async () => {
    const store = await StoreClient.open(join(t.dir, 'jinying.sqlite'));
    // The code and the params the UI words it with cross the worker boundary intact.
    await expect(store.call('setIncidentStatus', { id: 'missing', status: 'closed' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      params: { kind: 'incident', id: 'missing' },
    });
    const bad = store.call('createIncident', {
      title: 'x',
      hazard: 'flood',
      level: 'II',
      location: [300, 0] as [number, number],
    });
    await expect(bad).rejects.toBeInstanceOf(CodedError);
    await expect(bad).rejects.toMatchObject({ code: 'INVALID', params: { path: 'location.0' } });
    expect((await store.call('status')).counts.incidents).toBe(0);
    await store.close();
  });

  it('when the worker dies, calls fail at once with what to do, and close does not hang', async () => {
    const store = await StoreClient.open(join(t.dir, 'jinying.sqlite'));
    const pending = store.call('status');
    await (store as unknown as { worker: { terminate: () => Promise<number> } }).worker.terminate();
    await expect(pending).rejects.toMatchObject({ code: 'STORE_STOPPED' });
    await expect(store.call('status')).rejects.toThrow(/restart/);
    await store.close();
  });

  it('refuses to open a file from a newer schema, with a message naming the file', async () => {
    const file = join(t.dir, 'jinying.sqlite');
    const s = await StoreClient.open(file);
    await s.close();
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x')").run();
    raw.close();
    await expect(StoreClient.open(file)).rejects.toThrow(/jinying\.sqlite was written by a newer Jinying/);
  });
});
