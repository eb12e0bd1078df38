import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { startWeb, type WebApp } from '../../support/web';
import { DEMO_SCENARIO, REPO_ROOT, SHANXI_PACK, tempDir } from '../../support/tmp';
import { ensureCliBundle, CLI_BUNDLE } from '../../../src/cli/bundle.mjs';
import type { CoverageResult } from '../../../src/shared/ipc';

// Shanxi's plan asks for an aviation network covering the disaster-prone areas: with a hazard layer
// in the map pack, coverage is weighted by its zones beside plain area, in the app and the CLI.

const COUNTIES = 'shanxi_district_tianditu2024.geojson';
const box = (w: number, s: number, e: number, n: number) => [
  [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
];
const zone = (kind: string, ring: number[][][]) => ({
  type: 'Feature',
  properties: { kind },
  geometry: { type: 'Polygon', coordinates: ring },
});

let t: ReturnType<typeof tempDir>;
let packDir: string;
let app: WebApp;
let s: Socket;
const invoke = <T>(channel: string, payload: unknown) =>
  new Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }>((resolve) =>
    s.emit('invoke', channel, payload, resolve),
  );

beforeAll(async () => {
  t = tempDir();
  packDir = join(t.dir, 'hazard-pack');
  mkdirSync(packDir);
  copyFileSync(join(SHANXI_PACK, COUNTIES), join(packDir, COUNTIES));
  writeFileSync(
    join(packDir, 'manifest.json'),
    JSON.stringify({ name: '灾害区测试', attribution: 'counties: the Shanxi test pack; zones: synthetic' }),
  );
  // A forest zone in the 吕梁山 west and a flood zone along the 汾河 near 太原 (coarse, synthetic).
  writeFileSync(
    join(packDir, 'hazard_zones.geojson'),
    JSON.stringify({
      type: 'FeatureCollection',
      features: [zone('forest', box(110.9, 37.0, 111.5, 37.9)), zone('flood', box(112.3, 37.6, 112.7, 38.0))],
    }),
  );
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
  await ensureCliBundle(REPO_ROOT, () => {});
}, 120_000);
afterAll(async () => {
  s?.close();
  await app?.stop();
  t?.cleanup();
});

describe('coverage weighted by the map pack’s hazard zones', () => {
  it('in the app: no weighted figure without a hazard layer, then one per zone kind with it', async () => {
    const before = await invoke<CoverageResult>('map:coverage', {});
    expect(before.ok, before.error?.message).toBe(true);
    expect(before.value!.hazardWeighted).toBeNull();

    const imported = await invoke<{ layers: { kind: string }[] }>('mappack:import', { path: packDir });
    expect(imported.ok, imported.error?.message).toBe(true);
    expect(imported.value!.layers.map((l) => l.kind).sort()).toEqual(['county', 'hazards']);

    // At midday: at night every aircraft is held for darkness and every figure is 0.
    const r = await invoke<CoverageResult>('map:coverage', { at: Date.parse('2026-11-29T12:00:00+08:00') });
    expect(r.ok, r.error?.message).toBe(true);
    const hw = r.value!.hazardWeighted!;
    expect(hw.zones.map((z) => z.kind)).toEqual(['forest', 'flood']);
    for (const z of hw.zones) {
      expect(z.areaKm2).toBeGreaterThan(1000);
      expect(z.coveredFraction).toBeGreaterThanOrEqual(0);
      expect(z.coveredFraction).toBeLessThanOrEqual(1);
    }
    // Weighted = (plain cells + zone cells) covered share: between plain and the zones' shares.
    const shares = [hw.plainCoveredFraction, ...hw.zones.map((z) => z.coveredFraction!)];
    expect(hw.weightedCoveredFraction).toBeGreaterThanOrEqual(Math.min(...shares) - 1e-9);
    expect(hw.weightedCoveredFraction).toBeLessThanOrEqual(Math.max(...shares) + 1e-9);
    expect(hw.weightedCoveredFraction).not.toBeCloseTo(hw.plainCoveredFraction, 6);
  });

  it('refuses a hazard layer without zone polygons, naming the file', async () => {
    const bad = join(t.dir, 'bad-hazards');
    mkdirSync(bad);
    writeFileSync(join(bad, 'manifest.json'), JSON.stringify({ name: 'bad', attribution: 'synthetic' }));
    writeFileSync(
      join(bad, 'risk_areas.geojson'),
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [112, 37] } }],
      }),
    );
    const r = await invoke('mappack:import', { path: bad });
    expect(r.ok).toBe(false);
    expect(r.error!.message).toMatch(
      /risk_areas\.geojson is a hazard-zone layer, but it holds no zone polygons/,
    );
  });

  it('in the CLI: coverage --map-pack prints the weighted figure beside plain area', async () => {
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      const child = spawn(
        process.execPath,
        [
          CLI_BUNDLE,
          'coverage',
          '--scenario',
          DEMO_SCENARIO,
          '--map-pack',
          packDir,
          '--now',
          '2026-11-29T08:00:00+08:00',
        ],
        { cwd: REPO_ROOT },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(
      /weighted by hazard-prone zones: \d+(\.\d+)?% covered \(plain area: \d+(\.\d+)?%\)/,
    );
    expect(out.stdout).toMatch(/\n {2}forest: \d+ km², \d+(\.\d+)?% covered/);
    expect(out.stdout).toMatch(/\n {2}flood: \d+ km², \d+(\.\d+)?% covered/);
  });
});
