import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPathInThread } from '../../../src/main/mappacks/inThreadImport';
import { MapPackStore } from '../../../src/main/mappacks/registry';
import { startWeb, type WebApp } from '../../support/web';
import {
  allTiles,
  gzipped,
  RASTER_META,
  solidPng,
  squareMvt,
  VECTOR_META,
  writeMbtiles,
  writePmtiles,
} from '../../unit/main/mappacks/tileFixtures';

/** Map pack tiles through web mode's route, byte for byte, with their headers. */
let app: WebApp;
let scratch: string;
const ids = { raster: '', vector: '', pmtiles: '' };
const png = solidPng([30, 120, 200]);
const mvt = gzipped(squareMvt());

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'jinying-tiles-'));
  const data = join(scratch, 'data');
  for (const [kind, meta, tiles] of [
    ['raster', RASTER_META, allTiles(2, png)],
    ['vector', VECTOR_META, allTiles(2, mvt)],
  ] as const) {
    mkdirSync(join(scratch, kind));
    writeMbtiles(join(scratch, kind, `${kind}.mbtiles`), meta, tiles);
  }
  // Installed as the app would (same store code), before the server starts on that data folder.
  const store = new MapPackStore(join(data, 'packs'));
  ids.vector = importPathInThread(store, join(scratch, 'vector')).id;
  const pm = {
    tileType: 1,
    tileCompression: 2,
    minZoom: 0,
    maxZoom: 1,
    bounds: [110, 34, 115, 41] as [number, number, number, number],
  };
  writePmtiles(
    join(scratch, 'v.pmtiles'),
    { ...pm, metadata: { ...VECTOR_META, json: undefined, vector_layers: [{ id: 'water', fields: {} }] } },
    allTiles(1, mvt),
  );
  ids.pmtiles = importPathInThread(store, join(scratch, 'v.pmtiles')).id;
  store.closeTiles();
  app = await startWeb({ data, mapPack: join(scratch, 'raster') });
  ids.raster = store.list().find((p) => p.name === 'Test raster')!.id;
}, 60_000);

afterAll(async () => {
  await app?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A raw GET (no content decoding), so the stored gzip bytes can be compared. */
function get(
  path: string,
  opts: { method?: string; host?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const u = new URL(path, app.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: opts.method ?? 'GET',
        headers: opts.host ? { host: opts.host } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('map pack tiles in web mode', () => {
  it('serves raster tiles with their bytes and type, flipping y as MBTiles wants', async () => {
    const r = await get(`/packs/${ids.raster}/tiles/2/3/1`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body.equals(png)).toBe(true);
    const head = await get(`/packs/${ids.raster}/tiles/0/0/0`, { method: 'HEAD' });
    expect([head.status, head.headers['content-length']]).toEqual([200, String(png.length)]);
  });

  it('serves gzip’d vector tiles as stored, with Content-Encoding: gzip', async () => {
    const r = await get(`/packs/${ids.vector}/tiles/1/0/1`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/x-protobuf');
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.body.equals(mvt)).toBe(true);
    // fetch decodes it like a browser does.
    const f = await fetch(new URL(`/packs/${ids.vector}/tiles/1/0/1`, app.url));
    expect(Buffer.from(await f.arrayBuffer()).equals(squareMvt())).toBe(true);
  });

  it('serves PMTiles through the same route, decompressed', async () => {
    const r = await get(`/packs/${ids.pmtiles}/tiles/1/1/0`);
    expect([r.status, r.headers['content-type'], r.headers['content-encoding']]).toEqual([
      200,
      'application/x-protobuf',
      undefined,
    ]);
    expect(r.body.equals(squareMvt())).toBe(true);
    expect((await get(`/packs/${ids.pmtiles}/tiles/2/0/0`)).status).toBe(204);
  });

  it('answers 204 where the file has no tile, 404 for an unknown pack, and keeps the Host check', async () => {
    expect((await get(`/packs/${ids.raster}/tiles/5/0/0`)).status).toBe(204);
    expect((await get(`/packs/${ids.raster}/tiles/1/9/9`)).status).toBe(204);
    expect((await get('/packs/no-such-pack/tiles/0/0/0')).status).toBe(404);
    // The shared route (mappacks/tileRoute.ts): a malformed address says what it should be.
    const bad = await get(`/packs/${ids.raster}/tiles/1/x/0`);
    expect([bad.status, bad.headers['content-type']]).toEqual([400, 'text/plain; charset=utf-8']);
    expect(bad.body.toString()).toMatch(/expected \/packs\/<id>\/tiles\/<z>\/<x>\/<y>/);
    expect(bad.headers['content-security-policy']).toBeTruthy();
    expect((await get('/packs/%E0%A4%A/tiles/0/0/0')).status).toBe(404);
    // A malformed escape in a pack file path is a 404, not the end of the server.
    expect((await get('/packs/%E0%A4%A/x.geojson')).status).toBe(404);
    expect((await get(`/packs/${ids.raster}/tiles/0/0/0`)).status).toBe(200);
    expect((await get(`/packs/${ids.raster}/tiles/0/0/0`, { host: 'evil.example:80' })).status).toBe(421);
  });
});
