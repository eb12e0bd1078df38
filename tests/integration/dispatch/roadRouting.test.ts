import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { startWeb, type WebApp } from '../../support/web';
import { tempDir } from '../../support/tmp';
import { distanceMetres } from '../../../src/shared/geo/spherical';
import type { Candidate } from '../../../src/shared/dispatch/recommend';

// A map pack with an authorised road layer makes road routing the default: the dispatch
// recommendation is priced on the pack's roads, and says so; without one, the crow-flies model
// prices it and the error band is given.

const pack = (dir: string, name: string, roads: unknown[]) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ name, attribution: 'test roads (synthetic)', licence: 'test' }),
  );
  writeFileSync(join(dir, 'roads.geojson'), JSON.stringify({ type: 'FeatureCollection', features: roads }));
  return dir;
};
const line = (a: [number, number], b: [number, number]) => ({
  type: 'Feature',
  properties: { highway: 'motorway' },
  geometry: { type: 'LineString', coordinates: [a, b] },
});

let t: ReturnType<typeof tempDir>;
let app: WebApp;
let s: Socket;
const invoke = <T>(channel: string, payload: unknown) =>
  new Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }>((resolve) =>
    s.emit('invoke', channel, payload, resolve),
  );

beforeAll(async () => {
  t = tempDir();
  app = await startWeb({ timeoutMs: 60_000 });
  s = io(app.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { origin: app.url.replace(/\/$/, '') },
  });
  await new Promise<void>((r, j) => {
    s.once('connect', () => r());
    s.once('connect_error', j);
  });
}, 90_000);
afterAll(async () => {
  s?.close();
  await app?.stop();
  t?.cleanup();
});

describe('road routing from the map pack', () => {
  let incident: { id: string; location: [number, number] };
  let near: Candidate[];

  it('without a road layer, prices ground units on the crow-flies model and gives its error band', async () => {
    const picture = await invoke<{
      incidents: { id: string; hazard: string; status: string; location: [number, number] }[];
    }>('picture:get', {});
    incident = picture.value!.incidents.find((i) => i.status !== 'closed' && i.hazard === 'flood')!;
    const r = await invoke<{ candidates: Candidate[] }>('dispatch:recommend', { incidentId: incident.id });
    const units = r.value!.candidates.filter((c) => c.resource === 'unit');
    expect(units.length).toBeGreaterThan(3);
    for (const c of units) {
      expect(c.eta.model).toBe('crow-flies');
      // Real roads may be up to 3× faster or 1.3× slower on the drive (mobilisation unchanged).
      const mob = c.eta.mobilisationMinutes!;
      expect(c.roadBandMinutes![0]).toBeCloseTo(mob + c.eta.travelMinutes! / 3, 6);
      expect(c.roadBandMinutes![1]).toBeCloseTo(mob + c.eta.travelMinutes! * 1.3, 6);
    }
    near = units.slice(1, 4);
  });

  it('with a road layer in the pack in use, prices units on its roads, says which model, and drops the band', async () => {
    // Expressways straight from three of the candidates (not the first) to the scene.
    const roads = pack(
      join(t.dir, 'roads-pack'),
      '测试路网',
      near.map((c) => line(c.from, incident.location)),
    );
    const imported = await invoke<{ layers: { kind: string }[] }>('mappack:import', { path: roads });
    expect(imported.ok, imported.error?.message).toBe(true);
    expect(imported.value!.layers.map((l) => l.kind)).toEqual(['roads']);
    const r = await invoke<{ candidates: Candidate[] }>('dispatch:recommend', { incidentId: incident.id });
    expect(r.ok, r.error?.message).toBe(true);
    const units = r.value!.candidates.filter((c) => c.resource === 'unit');
    const routed = units.filter((c) => c.eta.model === 'roads:测试路网');
    // The three on an expressway, and any unit close enough to the scene to drive to the network.
    expect(routed.map((c) => c.id)).toEqual(expect.arrayContaining(near.map((c) => c.id)));
    for (const c of routed) expect(c.roadBandMinutes).toBeNull();
    for (const c of routed.filter((x) => near.some((n) => n.id === x.id))) {
      // A straight expressway at 80 km/h: the drive is the distance at that speed.
      expect(c.eta.speedKmh).toBeCloseTo(80, 0);
      expect(c.eta.roadDistanceKm).toBeCloseTo(c.distanceKm, 1);
    }
    // Others reach the network by an off-road leg of at most 10 km to one of its vertices.
    const vertices = [incident.location, ...near.map((c) => c.from)];
    for (const c of routed.filter((x) => !near.some((n) => n.id === x.id)))
      expect(Math.min(...vertices.map((v) => distanceMetres(v, c.from)))).toBeLessThanOrEqual(10_000);
    // Units the network does not reach keep their crow-flies ETA and band, marked, ranked after.
    for (const c of units.filter((x) => !routed.includes(x))) {
      expect(c.notes).toContain('no_route');
      expect(c.eta.model).toBe('crow-flies');
      expect(c.roadBandMinutes).not.toBeNull();
    }
    expect(units.slice(0, routed.length).every((c) => routed.includes(c))).toBe(true);
  });

  it('refuses a road layer that is not a road network, naming the file, and keeps the pack in use', async () => {
    const bad = pack(join(t.dir, 'bad-pack'), '坏路网', [
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: incident.location } },
    ]);
    const r = await invoke('mappack:import', { path: bad });
    expect(r.ok).toBe(false);
    expect(r.error!.code).toBe('MAP_PACK_INVALID');
    expect(r.error!.message).toMatch(/roads\.geojson is a road layer, but it holds no road lines/);
    const again = await invoke<{ candidates: Candidate[] }>('dispatch:recommend', {
      incidentId: incident.id,
    });
    expect(again.value!.candidates.some((c) => c.eta.model === 'roads:测试路网')).toBe(true);
  });
});
