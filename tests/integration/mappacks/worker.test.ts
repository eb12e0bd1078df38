import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { startApp, type AppRuntime } from '../../../src/main/app/compose';
import { invoke } from '../../../src/main/services/invoke';
import {
  MAP_PACK_IMPORT_PHASES,
  type AppError,
  type MapPackInfo,
  type MapPackProgress,
  type Result,
} from '../../../src/shared/ipc';
import { SHANXI_PACK, tempDir } from '../../support/tmp';
import { allTiles, RASTER_META, writeMbtiles } from '../../unit/main/mappacks/tileFixtures';

/**
 * Map-pack imports through the import worker (src/main/mappacks/worker.ts), as the app runs them:
 * a real data folder, the real worker thread, real files. Progress arrives in order and reaches
 * 100 %; a cancel half-way leaves no pack and no temporary folder and keeps the pack in use;
 * a malformed pack still gets its reason and code back through the worker.
 */
let app: AppRuntime;
let scratch: ReturnType<typeof tempDir>;
let packsDir: string;
const progress: MapPackProgress[] = [];
let onProgress: ((p: MapPackProgress) => void) | null = null;

const call = (channel: string, payload: unknown) =>
  invoke(app.handlers, channel, payload) as Promise<Result<unknown>>;
const importPath = (path: string, extra: Record<string, string> = {}) =>
  call('mappack:import', { path, ...extra });
const currentId = async () =>
  ((await call('mappack:list', {})) as { ok: true; value: { currentId: string | null } }).value.currentId;
const leftovers = () => readdirSync(packsDir).filter((n) => n.startsWith('.'));
const installed = () =>
  readdirSync(packsDir)
    .filter((n) => !n.startsWith('.'))
    .sort();
const errorOf = (r: Result<unknown>): AppError => {
  if (r.ok) throw new Error('expected an error, the import succeeded');
  return r.error;
};

beforeAll(async () => {
  if (!existsSync(SHANXI_PACK)) throw new Error(`The Shanxi map pack is missing at ${SHANXI_PACK}`);
  scratch = tempDir('jinying-mappacks-');
  app = await startApp({ dataDir: join(scratch.dir, 'data'), mode: 'web', log: () => {} });
  packsDir = join(scratch.dir, 'data', 'packs');
  app.bus.on('push', (event: string, payload: MapPackProgress) => {
    if (event !== 'mappack:progress') return;
    progress.push(payload);
    onProgress?.(payload);
  });
  // A raster pack of ~24 MB of incompressible tiles (zooms 0–5), big enough to be cut half-way.
  mkdirSync(join(scratch.dir, 'big'));
  const tiles = allTiles(5, Buffer.alloc(0)).map((t) => ({ ...t, data: randomBytes(16 * 1024) }));
  writeMbtiles(join(scratch.dir, 'big', 'relief.mbtiles'), { ...RASTER_META, maxzoom: '5' }, tiles);
}, 60_000);

afterAll(async () => {
  await app?.close();
  scratch?.cleanup();
});

describe('map-pack import in the worker', { timeout: 60_000 }, () => {
  it('imports the Shanxi pack with progress in order, reaching 100 %, and uses it', async () => {
    progress.length = 0;
    const r = await importPath(SHANXI_PACK);
    expect(r.ok).toBe(true);
    const info = (r as { ok: true; value: MapPackInfo }).value;
    expect(info.layers.map((l) => l.kind).sort()).toEqual(['city', 'county', 'points', 'province', 'rivers']);
    expect(await currentId()).toBe(info.id);
    expect(installed()).toEqual([info.id]);
    expect(leftovers()).toEqual([]);

    // Steps never go back, nor does the percent; each step's bytes grow up to its total.
    const order = progress.map((p) => MAP_PACK_IMPORT_PHASES.indexOf(p.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['read', 'check', 'write', 'done']));
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.percent).toBeGreaterThanOrEqual(progress[i - 1]!.percent);
      if (progress[i]!.phase === progress[i - 1]!.phase)
        expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    }
    for (const p of progress) expect(p.done).toBeLessThanOrEqual(p.total);
    // Reading counts every file the pack folder holds (layers, SOURCES.md, README), byte for byte.
    const onDisk = readdirSync(SHANXI_PACK)
      .filter((n) => /\.(geo)?json$|^(sources|readme|licen[cs]e|notice|attribution)(\.(md|txt))?$/i.test(n))
      .reduce((a, n) => a + statSync(join(SHANXI_PACK, n)).size, 0);
    const reads = progress.filter((p) => p.phase === 'read');
    expect(reads.at(-1)).toMatchObject({ done: onDisk, total: onDisk });
    expect(progress.filter((p) => p.phase === 'write').at(-1)!.done).toBe(
      progress.filter((p) => p.phase === 'write').at(-1)!.total,
    );
    expect(progress.at(-1)).toEqual({ phase: 'done', done: 1, total: 1, file: null, percent: 100 });
    expect(progress.filter((p) => p.percent === 100).length).toBe(1);
  });

  it('cancelled half-way: no pack, no temporary folder, the pack in use stays in use', async () => {
    const before = await currentId();
    expect(before).not.toBeNull();
    const packsBefore = installed();
    progress.length = 0;
    let tmpSeen: string[] | null = null;
    let cancel: Promise<Result<unknown>> | null = null;
    let second: Promise<Result<unknown>> | null = null;
    // Cancelled from the first report of the tile file being written into the temporary folder:
    // messages arrive in order, so this is always before the worker's result.
    onProgress = (p) => {
      if (cancel || p.phase !== 'check' || p.file !== 'relief.mbtiles') return;
      tmpSeen = leftovers();
      // One import at a time: a second one asked for now is turned away, the first goes on.
      second = importPath(SHANXI_PACK);
      cancel = call('mappack:cancel', {});
    };
    const r = await importPath(join(scratch.dir, 'big'));
    onProgress = null;
    expect(tmpSeen).toHaveLength(1);
    expect(tmpSeen![0]).toMatch(/^\.import-[0-9a-f]+$/);
    expect(await cancel).toEqual({ ok: true, value: { cancelled: true } });
    const e = errorOf(r);
    expect(e.code).toBe('MAP_PACK_CANCELLED');
    expect(e.params).toBeUndefined();
    expect(e.message).toMatch(/cancelled; nothing of it was kept/);
    const busy = errorOf((await second)!);
    expect(busy.code).toBe('MAP_PACK_BUSY');
    expect(busy.message).toMatch(/Another map pack is being imported/);
    expect(progress.some((p) => p.phase === 'done')).toBe(false);
    expect(leftovers()).toEqual([]);
    expect(installed()).toEqual(packsBefore);
    expect(await currentId()).toBe(before);
    // Nothing left to cancel, and the importer is free again: the same pack imports in full.
    expect(await call('mappack:cancel', {})).toEqual({ ok: true, value: { cancelled: false } });
    const again = await importPath(join(scratch.dir, 'big'));
    expect(again.ok).toBe(true);
    const id = (again as { ok: true; value: MapPackInfo }).value.id;
    expect(installed()).toEqual([...packsBefore, id].sort());
    expect(statSync(join(packsDir, id, 'relief.mbtiles')).size).toBe(
      statSync(join(scratch.dir, 'big', 'relief.mbtiles')).size,
    );
    expect(leftovers()).toEqual([]);
    // Back to the Shanxi pack for the next test.
    expect((await call('mappack:use', { id: before })).ok).toBe(true);
  });

  it('a malformed pack gets its code and reason through the worker, and the pack in use stays', async () => {
    const before = await currentId();
    const packsBefore = installed();
    const d = scratch.dir;
    mkdirSync(join(d, 'broken'));
    writeFileSync(join(d, 'broken', 'x.geojson'), '{"type": "FeatureCollection", "features": [ oops');
    mkdirSync(join(d, 'anonymous'));
    writeFileSync(
      join(d, 'anonymous', 'rivers.geojson'),
      readFileSync(join(SHANXI_PACK, 'shanxi_rivers_ne10m.geojson')),
    );
    // A .zip whose directory claims a 300 MB file: refused before anything is inflated.
    const zip = Buffer.from(zipSync({ 'a.geojson': new TextEncoder().encode('{}') }));
    const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(300 * 1024 * 1024, cd + 24);
    writeFileSync(join(d, 'bomb.zip'), zip);
    writeFileSync(join(d, 'not.zip'), 'this is not a zip');

    const broken = errorOf(await importPath(join(d, 'broken')));
    expect(broken.code).toBe('MAP_PACK_INVALID');
    expect(broken.message).toMatch(
      /^x\.geojson is not valid JSON \(.+\)\. Repair or re-export it and import again\.$/,
    );
    const anonymous = errorOf(await importPath(join(d, 'anonymous')));
    expect(anonymous.code).toBe('MAP_PACK_NEEDS_ATTRIBUTION');
    expect(anonymous.message).toMatch(/"anonymous" has no manifest\.json or SOURCES\.md/);
    const bomb = errorOf(await importPath(join(d, 'bomb.zip')));
    expect(bomb.code).toBe('MAP_PACK_INVALID');
    expect(bomb.message).toBe('"bomb" unpacks to more than 400 MB or too many files. Split the pack.');
    const notZip = errorOf(await importPath(join(d, 'not.zip')));
    expect(notZip.message).toMatch(/^"not" is not a readable \.zip file/);
    const missing = errorOf(await importPath(join(d, 'no-such-folder')));
    expect(missing.message).toMatch(/^Nothing found at/);
    // An upload goes through the same worker.
    const upload = errorOf(
      await call('mappack:upload', {
        fileName: 'bad.zip',
        zipBase64: Buffer.from('nope').toString('base64'),
      }),
    );
    expect(upload.message).toMatch(/^"bad" is not a readable \.zip file/);
    // The attribution the user then types is taken.
    const typed = await importPath(join(d, 'anonymous'), { attribution: '审图号 GS(2099)1号' });
    expect(typed.ok).toBe(true);
    expect((typed as { ok: true; value: MapPackInfo }).value.attribution).toBe('审图号 GS(2099)1号');
    expect(installed()).toHaveLength(packsBefore.length + 1);
    expect(leftovers()).toEqual([]);
    expect(await currentId()).not.toBe(before);
  });
});
