import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/main/app/compose';
import { invoke } from '../../src/main/services/invoke';
import type { Recommendation } from '../../src/shared/dispatch/recommend';
import type { AviationBase } from '../../src/shared/domain';
import { DEMO_SCENARIO, tempDir } from '../support/tmp';

type App = Awaited<ReturnType<typeof startApp>>;
type Op = {
  entity: string;
  entityId: string;
  kind: string;
  fields: Record<string, unknown>;
  priority: number;
};

/**
 * The duty officer's readiness commands (base:setWeather, aircraft:setReadiness) end to end in
 * main: the contract parses the request, the handler runs the store command in the real store
 * worker (a real SQLite file), the change is queued as a sync op with who and when, it survives a
 * restart, and the recommendation over the stored picture applies it.
 */
describe('base weather and aircraft readiness through the real store', () => {
  let app: App;
  const t = tempDir('air-readiness');
  const open = () =>
    startApp({ dataDir: t.dir, mode: 'web', scenarioFile: DEMO_SCENARIO, log: () => undefined });
  const call = (channel: string, payload: unknown) => invoke(app.handlers, channel, payload);
  const outbox = async (): Promise<Op[]> =>
    ((await app.store.call('syncOutbox', { limit: 10_000, maxBytes: 1e9 })) as string[]).map(
      (s) => JSON.parse(s) as Op,
    );
  const base = async (id: string): Promise<AviationBase> =>
    (await app.handlers['picture:get']({})).bases.find((b) => b.id === id)!;

  beforeAll(async () => {
    app = await open();
  });
  afterAll(async () => {
    await app.close();
    t.cleanup();
  });

  it('refuses a weather change when nobody is signed in, and changes nothing', async () => {
    const before = (await outbox()).length;
    const r = await call('base:setWeather', { id: 'base-ZBYN', weather: 'ifr' });
    expect(r).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    expect((await base('base-ZBYN')).weather).toBeUndefined();
    expect((await outbox()).length).toBe(before);
  });

  it('refuses bad requests as an attacker would send them, naming what was wrong', async () => {
    await app.handlers['duty:signIn']({ name: '王芳', org: '省应急指挥中心' });
    expect(await call('base:setWeather', { id: 'base-ZBYN', weather: 'fog' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    // A prototype key, as it arrives from JSON on the websocket.
    const hostile: unknown = JSON.parse(
      '{"id":"base-ZBYN","weather":"ifr","__proto__":{"weather":"closed"}}',
    );
    expect(await call('base:setWeather', hostile)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await call('aircraft:setReadiness', { id: 'base-ZBYN-ac1' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await call('base:setWeather', { id: 'base-nowhere', weather: 'ifr' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', params: { kind: 'base', id: 'base-nowhere' } },
    });
    expect(await call('aircraft:setReadiness', { id: 'ac-nowhere', crewPosture: 'on_call' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', params: { kind: 'aircraft' } },
    });
    expect((await base('base-ZBYN')).weather).toBeUndefined();
  });

  it('sets 太原武宿 to IFR: stored with who and when, queued as one status op for the hub', async () => {
    const before = Date.now();
    const r = await call('base:setWeather', { id: 'base-ZBYN', weather: 'ifr' });
    expect(r.ok).toBe(true);
    const b = await base('base-ZBYN');
    expect(b).toMatchObject({ weather: 'ifr', weatherSetBy: '王芳' });
    expect(Date.parse(b.weatherSetAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(b.aircraft.map((a) => a.id)).toEqual([
      'base-ZBYN-ac1',
      'base-ZBYN-ac2',
      'base-ZBYN-ac3',
      'base-ZBYN-ac4',
    ]);
    const ops = (await outbox()).filter((o) => o.entity === 'base' && o.entityId === 'base-ZBYN');
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({
      kind: 'upsert',
      priority: 0,
      fields: { weather: 'ifr', weatherSetBy: '王芳', weatherSetAt: b.weatherSetAt },
    });
    // Setting the same status again queues nothing.
    await call('base:setWeather', { id: 'base-ZBYN', weather: 'ifr' });
    expect((await outbox()).filter((o) => o.entity === 'base').length).toBe(1);
  });

  it('the recommendation over the stored picture names IFR for the VFR helicopters at 太原武宿', async () => {
    const inc = await app.handlers['incident:create']({
      title: '迎泽区内涝',
      hazard: 'flood',
      level: 'IV',
      location: [112.56, 37.87],
    });
    const r = await call('dispatch:recommend', { incidentId: inc.id, limit: 30 });
    expect(r.ok).toBe(true);
    const rec = (r as { value: Recommendation }).value;
    const h01 = rec.aircraftRefused.find((x) => x.id === 'base-ZBYN-ac1')!;
    expect(h01.reason).toBe('conditions');
    // Whatever the hour (night may apply too), IFR is named.
    expect(h01.conditions.map((c) => c.code)).toContain('ifr_weather');
    expect(rec.candidates.map((c) => c.id)).not.toContain('base-ZBYN-ac1');
  });

  it('sets crew on call and airspace pending on an aircraft, each one op with its fields', async () => {
    const r1 = await call('aircraft:setReadiness', { id: 'base-ZBDT-ac1', crewPosture: 'on_call' });
    expect(r1.ok).toBe(true);
    const r2 = await call('aircraft:setReadiness', { id: 'base-ZBDT-ac1', airspaceApproval: 'pending' });
    expect(r2.ok).toBe(true);
    const h05 = (await base('base-ZBDT')).aircraft.find((a) => a.id === 'base-ZBDT-ac1')!;
    expect(h05).toMatchObject({ crewPosture: 'on_call', airspaceApproval: 'pending' });
    expect(Number.isFinite(Date.parse(h05.airspaceRequestedAt!))).toBe(true);
    const ops = (await outbox()).filter((o) => o.entity === 'aircraft' && o.entityId === 'base-ZBDT-ac1');
    expect(ops.map((o) => o.fields)).toEqual([
      { crewPosture: 'on_call' },
      { airspaceApproval: 'pending', airspaceRequestedAt: h05.airspaceRequestedAt },
    ]);
    // Approved: the request time is cleared.
    await call('aircraft:setReadiness', { id: 'base-ZBDT-ac1', airspaceApproval: 'approved' });
    const after = (await base('base-ZBDT')).aircraft.find((a) => a.id === 'base-ZBDT-ac1')!;
    expect(after).toMatchObject({
      airspaceApproval: 'approved',
      airspaceRequestedAt: null,
      crewPosture: 'on_call',
    });
  });

  it('survives a restart on the same SQLite file', async () => {
    await app.close();
    app = await open();
    expect((await base('base-ZBYN')).weather).toBe('ifr');
    const h05 = (await base('base-ZBDT')).aircraft.find((a) => a.id === 'base-ZBDT-ac1')!;
    expect(h05.crewPosture).toBe('on_call');
  });
});
