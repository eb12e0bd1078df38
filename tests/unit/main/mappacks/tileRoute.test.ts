import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPathInThread } from '../../../../src/main/mappacks/inThreadImport';
import { MapPackStore } from '../../../../src/main/mappacks/registry';
import {
  isTilePath,
  resolveTileRequest,
  type TileLookup,
  type TileResponse,
} from '../../../../src/main/mappacks/tileRoute';
import { SHANXI_PACK } from '../../../support/tmp';
import {
  allTiles,
  gzipped,
  RASTER_META,
  solidPng,
  squareMvt,
  VECTOR_META,
  writeMbtiles,
  writePmtiles,
} from './tileFixtures';

/**
 * The one tile route both transports serve (web mode's server, the desktop's app:// protocol), on
 * real packs installed in a real store: statuses, headers and bytes, for good and bad addresses.
 */
let scratch: string;
let store: MapPackStore;
let lookup: TileLookup;
const ids = { raster: '', vector: '', pmtiles: '', shanxi: '', broken: '', damaged: '' };
const png = solidPng([30, 120, 200]);
const mvt = gzipped(squareMvt());

beforeAll(() => {
  if (!existsSync(SHANXI_PACK)) throw new Error(`The Shanxi map pack is missing at ${SHANXI_PACK}`);
  scratch = mkdtempSync(join(tmpdir(), 'jinying-tile-route-'));
  store = new MapPackStore(join(scratch, 'packs'));
  lookup = (id, z, x, y) => store.tile(id, z, x, y);
  const pack = (name: string, meta: Record<string, string>, tiles: ReturnType<typeof allTiles>) => {
    mkdirSync(join(scratch, name));
    writeMbtiles(join(scratch, name, `${name}.mbtiles`), { ...meta, name }, tiles);
    return importPathInThread(store, join(scratch, name)).id;
  };
  ids.raster = pack('raster', RASTER_META, allTiles(2, png));
  ids.vector = pack('vector', VECTOR_META, allTiles(1, mvt));
  // A stored tile that says it is gzip'd (magic bytes) but is not: served as stored, unreadable unpacked.
  ids.broken = pack('broken', VECTOR_META, [
    { z: 0, x: 0, y: 0, data: Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(64)]) },
  ]);
  ids.damaged = pack('damaged', RASTER_META, allTiles(0, png));
  writePmtiles(
    join(scratch, 'v.pmtiles'),
    {
      tileType: 1,
      tileCompression: 2,
      minZoom: 0,
      maxZoom: 1,
      bounds: [110, 34, 115, 41],
      metadata: { ...VECTOR_META, json: undefined, vector_layers: [{ id: 'water', fields: {} }] },
    },
    allTiles(1, mvt),
  );
  ids.pmtiles = importPathInThread(store, join(scratch, 'v.pmtiles')).id;
  ids.shanxi = importPathInThread(store, SHANXI_PACK).id;
  // Damaged after import: its tile file is no longer SQLite.
  writeFileSync(join(store.dir, ids.damaged, 'damaged.mbtiles'), randomBytes(4096));
}, 60_000);

afterAll(async () => {
  await store?.releaseTiles();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const web = (path: string) => resolveTileRequest(path, lookup, { decodeGzip: false });
const desktop = (path: string) => resolveTileRequest(path, lookup, { decodeGzip: true });
const textOf = (r: TileResponse | null) => Buffer.from(r!.body!).toString('utf8');

describe('which paths are the tile route', () => {
  it('claims every path under /packs/<id>/tiles/ and nothing else', async () => {
    for (const p of ['/packs/a/tiles/0/0/0', '/packs/a/tiles/x', '/packs//tiles/1/2/3', '/packs/a/tiles/'])
      expect([p, isTilePath(p)]).toEqual([p, true]);
    for (const p of ['/', '/index.html', '/packs/a/layer.geojson', '/packs/a/tiles', '/packs/tiles/0/0/0']) {
      expect([p, isTilePath(p)]).toEqual([p, false]);
      expect(await web(p)).toBeNull();
    }
  });
});

describe('bad addresses', () => {
  it('answers 400 naming the expected form for what is not three whole numbers, or a zoom beyond 30', async () => {
    for (const rest of [
      'a/b/c',
      '1/2',
      '1/2/3/4',
      '31/0/0',
      '-1/0/0',
      '1.5/0/0',
      '0/0/0.png',
      '',
      '123/0/0',
    ]) {
      const r = await web(`/packs/${ids.raster}/tiles/${rest}`);
      expect([rest, r?.status]).toEqual([rest, 400]);
      expect(r!.headers['Content-Type']).toBe('text/plain; charset=utf-8');
      expect(r!.headers['Content-Length']).toBe(String(r!.body!.length));
      expect(textOf(r)).toBe(
        `"/packs/${ids.raster}/tiles/${rest}" is not a tile address: expected /packs/<id>/tiles/<z>/<x>/<y> with whole numbers and a zoom from 0 to 30.`,
      );
    }
  });

  it('answers 404 for a pack that is not there, an id no pack can have, and a pack without tiles', async () => {
    for (const [id, shown] of [
      ['no-such-pack', 'no-such-pack'],
      ['%E0%A4%A', '%E0%A4%A'],
      ['..', '..'],
      [ids.shanxi, ids.shanxi],
    ]) {
      const r = await web(`/packs/${id}/tiles/0/0/0`);
      expect([id, r?.status]).toEqual([id, 404]);
      expect(textOf(r)).toBe(`There is no map pack "${shown}" with tiles.`);
      expect(r!.headers['X-Content-Type-Options']).toBe('nosniff');
    }
  });
});

describe('tiles', () => {
  it('serves a raster tile with its type and length, the same for both transports', async () => {
    for (const r of [
      await web(`/packs/${ids.raster}/tiles/2/3/1`),
      await desktop(`/packs/${ids.raster}/tiles/2/3/1`),
    ]) {
      expect(r!.status).toBe(200);
      expect(r!.headers).toEqual({
        'Content-Type': 'image/png',
        'Content-Length': String(png.length),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      });
      expect(Buffer.from(r!.body!).equals(png)).toBe(true);
    }
  });

  it('sends a gzip’d vector tile as stored with Content-Encoding: gzip, or unpacked for a transport that does not decode', async () => {
    const asStored = await web(`/packs/${ids.vector}/tiles/1/0/1`);
    expect(asStored!.status).toBe(200);
    expect(asStored!.headers).toEqual({
      'Content-Type': 'application/x-protobuf',
      'Content-Encoding': 'gzip',
      'Content-Length': String(mvt.length),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    });
    expect(Buffer.from(asStored!.body!).equals(mvt)).toBe(true);
    const unpacked = await desktop(`/packs/${ids.vector}/tiles/1/0/1`);
    expect(unpacked!.headers['Content-Encoding']).toBeUndefined();
    expect(unpacked!.headers['Content-Length']).toBe(String(squareMvt().length));
    expect(Buffer.from(unpacked!.body!).equals(squareMvt())).toBe(true);
  });

  it('serves PMTiles tiles decompressed, with no Content-Encoding', async () => {
    const r = await web(`/packs/${ids.pmtiles}/tiles/1/1/0`);
    expect([r!.status, r!.headers['Content-Type'], r!.headers['Content-Encoding']]).toEqual([
      200,
      'application/x-protobuf',
      undefined,
    ]);
    expect(Buffer.from(r!.body!).equals(squareMvt())).toBe(true);
  });

  it('answers 204 with no body where the pack has no tile, inside or outside the pyramid', async () => {
    for (const zxy of ['3/0/0', '1/9/9', '30/0/0']) {
      const r = await web(`/packs/${ids.raster}/tiles/${zxy}`);
      expect([zxy, r!.status, r!.body]).toEqual([zxy, 204, null]);
      expect(r!.headers).toEqual({ 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    }
  });

  it('answers 500 without internals when a tile cannot be read or unpacked', async () => {
    // Not gzip after all: as stored it is passed on; unpacking it fails.
    expect((await web(`/packs/${ids.broken}/tiles/0/0/0`))!.status).toBe(200);
    const unpacked = await desktop(`/packs/${ids.broken}/tiles/0/0/0`);
    expect(unpacked!.status).toBe(500);
    expect(textOf(unpacked)).toBe(
      `Tile 0/0/0 of map pack "${ids.broken}" could not be read. Remove the pack and import it again.`,
    );
    const damaged = await web(`/packs/${ids.damaged}/tiles/0/0/0`);
    expect(damaged!.status).toBe(500);
    expect(textOf(damaged)).toBe(
      `Tile 0/0/0 of map pack "${ids.damaged}" could not be read. Remove the pack and import it again.`,
    );
    // The reader's own message (SQLite's, with the file) stays in the log.
    expect(textOf(damaged)).not.toMatch(/mbtiles|sqlite|database/i);
  });
});
