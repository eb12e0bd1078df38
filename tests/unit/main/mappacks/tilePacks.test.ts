import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { MbTilesReader } from '../../../../src/main/mappacks/mbtiles';
import { importPathInThread } from '../../../../src/main/mappacks/inThreadImport';
import { MapPackStore } from '../../../../src/main/mappacks/registry';
import { buildStyle } from '../../../../src/renderer/map/style';
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
import { SHANXI_PACK } from '../../../support/tmp';

const SHANXI = SHANXI_PACK;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'jinying-mbtiles-unit-'));
  dirs.push(d);
  return d;
};
const stores: MapPackStore[] = [];
const newStore = (dir: string) => {
  const s = new MapPackStore(dir);
  stores.push(s);
  return s;
};
afterEach(() => {
  for (const s of stores.splice(0)) s.closeTiles();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A pack folder holding one MBTiles file (and optionally more files). */
function packDir(
  meta: Record<string, string>,
  tiles = allTiles(1, solidPng()),
  extra: Record<string, string> = {},
  opts = {},
): string {
  const d = join(tmp(), 'pack');
  mkdirSync(d);
  writeMbtiles(join(d, 'tiles.mbtiles'), meta, tiles, opts);
  for (const [n, v] of Object.entries(extra)) writeFileSync(join(d, n), v);
  return d;
}

describe('MbTilesReader', () => {
  it('reads metadata and flips XYZ y to the TMS row', () => {
    const d = tmp();
    const north = solidPng([255, 0, 0]);
    const south = solidPng([0, 0, 255]);
    writeMbtiles(join(d, 't.mbtiles'), RASTER_META, [
      { z: 1, x: 0, y: 0, data: north },
      { z: 1, x: 0, y: 1, data: south },
    ]);
    const r = new MbTilesReader(join(d, 't.mbtiles'));
    try {
      expect(r.metadata()).toMatchObject({ format: 'png', maxzoom: '3' });
      expect(r.getTile(1, 0, 0)).toEqual(north);
      expect(r.getTile(1, 0, 1)).toEqual(south);
      expect(r.getTile(1, 1, 0)).toBeNull();
      expect(r.getTile(1, 2, 0)).toBeNull();
      expect(r.zoomRange()).toEqual({ min: 1, max: 1 });
    } finally {
      r.close();
    }
  });
  it('never creates a file', () => {
    expect(() => new MbTilesReader(join(tmp(), 'missing.mbtiles'))).toThrow();
  });
});

describe('MBTiles map packs', () => {
  it('imports a raster pack, takes name, bounds and attribution from the metadata, and serves its tiles', async () => {
    const png = solidPng();
    const store = newStore(join(tmp(), 'store'));
    const info = importPathInThread(store, packDir(RASTER_META, allTiles(1, png)));
    expect(info).toMatchObject({
      name: 'Test raster',
      attribution: 'Test tiles © nobody',
      bounds: [110.2, 34.5, 114.6, 40.8],
      layers: [],
    });
    expect(info.tiles).toMatchObject({
      file: 'tiles.mbtiles',
      format: 'png',
      minzoom: 0,
      maxzoom: 3,
      url: `/packs/${info.id}/tiles/{z}/{x}/{y}`,
    });
    expect(store.list().map((p) => p.id)).toEqual([info.id]);
    expect(await store.tile(info.id, 1, 1, 1)).toEqual({
      data: png,
      contentType: 'image/png',
      encoding: null,
    });
    expect(await store.tile(info.id, 3, 0, 0)).toMatchObject({ data: null });
    expect(await store.tile('nope', 0, 0, 0)).toBeNull();
    // The tile file is not served as a plain file.
    expect(store.fileFor(info.id, 'tiles.mbtiles')).toBeNull();
    store.remove(info.id);
    expect(store.list()).toEqual([]);
  });

  it('imports a gzip’d vector pack with its vector_layers and the manifest label field', async () => {
    const mvt = gzipped(squareMvt());
    const store = newStore(join(tmp(), 'store'));
    const manifest = { name: 'V', attribution: '审图号 GS(2099)1号', tiles: { labelField: 'name' } };
    const info = importPathInThread(
      store,
      packDir(VECTOR_META, allTiles(2, mvt), { 'manifest.json': JSON.stringify(manifest) }),
    );
    expect(info.tiles).toMatchObject({
      format: 'pbf',
      vectorLayers: [{ id: 'water', fields: ['name'] }],
      labelField: 'name',
    });
    const t = (await store.tile(info.id, 2, 3, 1))!;
    expect(t).toMatchObject({ contentType: 'application/x-protobuf', encoding: 'gzip' });
    expect(gunzipSync(t.data!)).toEqual(squareMvt());
  });

  it('imports GeoJSON layers and an MBTiles file together, and a bare .mbtiles file', () => {
    const d = join(tmp(), 'both');
    cpSync(SHANXI, d, { recursive: true });
    writeMbtiles(join(d, 'relief.mbtiles'), RASTER_META, allTiles(0, solidPng()));
    const store = newStore(join(tmp(), 'store'));
    const info = importPathInThread(store, d);
    expect(info.layers).toHaveLength(5);
    expect(info.attribution).toMatch(/^审图号 GS\(2024\)0650号/);
    expect(info.tiles?.file).toBe('relief.mbtiles');
    const bare = importPathInThread(store, join(d, 'relief.mbtiles'));
    expect(bare.tiles?.format).toBe('png');
    expect(store.list()).toHaveLength(2);
  });

  it.each([
    [
      'random bytes',
      () => {
        const d = join(tmp(), 'pack');
        mkdirSync(d);
        writeFileSync(join(d, 'tiles.mbtiles'), randomBytes(4096));
        return d;
      },
      /not a readable MBTiles file: it is not an SQLite file/,
    ],
    ['no tiles table', () => packDir(RASTER_META, [], {}, { noTilesTable: true }), /no "tiles" table/],
    ['no tiles', () => packDir(RASTER_META, []), /holds no tiles/],
    [
      'an unknown format',
      () => packDir({ ...RASTER_META, format: 'tiff' }),
      /tile format "tiff" is not one of png, jpg, webp or pbf/,
    ],
    [
      'bounds in metres',
      () => packDir({ ...RASTER_META, bounds: '12270000,4100000,12750000,4970000' }),
      /not WGS84 longitude\/latitude/,
    ],
    [
      'vector tiles without vector_layers',
      () => packDir({ ...VECTOR_META, json: '{}' }),
      /no "vector_layers"/,
    ],
    [
      'no attribution anywhere',
      () => packDir({ ...RASTER_META, attribution: '' }),
      /where its data comes from/,
    ],
    [
      'a prototype key in the metadata json',
      () =>
        packDir({
          ...VECTOR_META,
          json: '{"vector_layers": [{"id": "water", "fields": {"__proto__": "String"}}]}',
        }),
      /tiles\.mbtiles: metadata json\.vector_layers\[0\]\.fields\.__proto__: keys named __proto__, constructor or prototype are not allowed/,
    ],
    [
      'a prototype key in PMTiles metadata',
      () => {
        const d = join(tmp(), 'pack');
        mkdirSync(d);
        const metadata = JSON.parse('{"attribution": "x", "constructor": {"name": "y"}}') as Record<
          string,
          unknown
        >;
        writePmtiles(
          join(d, 'x.pmtiles'),
          {
            tileType: 2,
            tileCompression: 1,
            minZoom: 0,
            maxZoom: 0,
            bounds: [110.2, 34.5, 114.6, 40.8],
            metadata,
          },
          [{ z: 0, x: 0, y: 0, data: solidPng() }],
        );
        return d;
      },
      /x\.pmtiles is not a readable PMTiles file: metadata\.constructor: keys named/,
    ],
    [
      'a PMTiles file',
      () => {
        const d = join(tmp(), 'pack');
        mkdirSync(d);
        writeFileSync(join(d, 'x.pmtiles'), randomBytes(128));
        return d;
      },
      /x\.pmtiles is not a readable PMTiles file: it is not a PMTiles file/,
    ],
  ])('refuses %s and keeps the installed pack', async (_what, make, reason) => {
    const store = newStore(join(tmp(), 'store'));
    const good = importPathInThread(store, packDir(RASTER_META));
    expect(() => importPathInThread(store, make())).toThrow(reason);
    expect(store.list().map((p) => p.id)).toEqual([good.id]);
    expect(readdirSync(store.dir).filter((n) => n.startsWith('.'))).toEqual([]);
    expect((await store.tile(good.id, 0, 0, 0))?.data).toBeTruthy();
  });
});

describe('PMTiles map packs', () => {
  const bounds: [number, number, number, number] = [110.2, 34.5, 114.6, 40.8];
  it('imports a raster archive and serves its tiles by XYZ address', async () => {
    const d = join(tmp(), 'pm');
    mkdirSync(d);
    const red = solidPng([255, 0, 0]);
    const blue = solidPng([0, 0, 255]);
    writePmtiles(
      join(d, 'relief.pmtiles'),
      {
        tileType: 2,
        tileCompression: 1,
        minZoom: 0,
        maxZoom: 1,
        bounds,
        metadata: { name: 'PM raster', attribution: 'PM © nobody' },
      },
      [
        { z: 0, x: 0, y: 0, data: red },
        { z: 1, x: 1, y: 0, data: blue },
        { z: 1, x: 0, y: 1, data: red },
      ],
    );
    const store = newStore(join(tmp(), 'store'));
    const info = importPathInThread(store, d);
    expect(info).toMatchObject({ name: 'PM raster', attribution: 'PM © nobody', bounds });
    expect(info.tiles).toMatchObject({ file: 'relief.pmtiles', format: 'png', minzoom: 0, maxzoom: 1 });
    expect(await store.tile(info.id, 1, 1, 0)).toEqual({
      data: blue,
      contentType: 'image/png',
      encoding: null,
    });
    expect((await store.tile(info.id, 1, 0, 1))?.data).toEqual(red);
    expect((await store.tile(info.id, 1, 1, 1))?.data).toBeNull();
    expect((await store.tile(info.id, 4, 0, 0))?.data).toBeNull();
  });

  it('imports gzip’d vector tiles with their vector_layers and serves them decompressed', async () => {
    const d = join(tmp(), 'pmv');
    mkdirSync(d);
    const meta = {
      name: 'PM vector',
      attribution: 'PMV',
      vector_layers: [{ id: 'water', fields: { name: 'String' } }],
    };
    writePmtiles(
      join(d, 'v.pmtiles'),
      { tileType: 1, tileCompression: 2, minZoom: 0, maxZoom: 0, bounds, metadata: meta },
      [{ z: 0, x: 0, y: 0, data: gzipped(squareMvt()) }],
    );
    const store = newStore(join(tmp(), 'store'));
    const info = importPathInThread(store, join(d, 'v.pmtiles'));
    expect(info.tiles).toMatchObject({ format: 'pbf', vectorLayers: [{ id: 'water', fields: ['name'] }] });
    expect(await store.tile(info.id, 0, 0, 0)).toEqual({
      data: squareMvt(),
      contentType: 'application/x-protobuf',
      encoding: null,
    });
  });

  it('refuses an archive of an unknown tile type or with bounds in metres', () => {
    const d = join(tmp(), 'bad');
    mkdirSync(d);
    const store = newStore(join(tmp(), 'store'));
    writePmtiles(
      join(d, 'a.pmtiles'),
      { tileType: 5, tileCompression: 1, minZoom: 0, maxZoom: 0, bounds, metadata: { attribution: 'x' } },
      [{ z: 0, x: 0, y: 0, data: solidPng() }],
    );
    expect(() => importPathInThread(store, join(d, 'a.pmtiles'))).toThrow(/tile type \(5\)/);
    writePmtiles(
      join(d, 'b.pmtiles'),
      {
        tileType: 2,
        tileCompression: 1,
        minZoom: 0,
        maxZoom: 0,
        bounds: [100, 30, 200, 40],
        metadata: { attribution: 'x' },
      },
      [{ z: 0, x: 0, y: 0, data: solidPng() }],
    );
    expect(() => importPathInThread(store, join(d, 'b.pmtiles'))).toThrow(/not WGS84/);
    expect(store.list()).toEqual([]);
  });
});

describe('style from tiles', () => {
  const base = { id: 'p', name: 'p', bounds: null, licence: '', attribution: 'A', layers: [] };
  const tiles = {
    file: 't.mbtiles',
    url: '/packs/p/tiles/{z}/{x}/{y}',
    minzoom: 0,
    maxzoom: 5,
    bounds: [110, 34, 115, 41] as [number, number, number, number],
    labelField: null,
  };
  it('draws raster tiles above the background and under everything else', () => {
    const s = buildStyle(
      { ...base, tiles: { ...tiles, format: 'png', vectorLayers: [] } },
      'light',
      'http://127.0.0.1:5/',
    );
    expect(s.sources['pack-tiles']).toMatchObject({
      type: 'raster',
      tiles: ['http://127.0.0.1:5/packs/p/tiles/{z}/{x}/{y}'],
      maxzoom: 5,
      attribution: 'A',
    });
    expect(s.layers.map((l) => l.id).slice(0, 3)).toEqual(['background', 'tiles-raster', 'grid']);
    expect(s.glyphs).toBeUndefined();
  });
  it('draws each vector layer as fill, line and circle, with text only when a label field is named', () => {
    const vt = {
      ...tiles,
      format: 'pbf' as const,
      vectorLayers: [
        { id: 'water', fields: ['name'] },
        { id: 'roads', fields: [] },
      ],
    };
    const s = buildStyle({ ...base, tiles: vt }, 'dark', 'http://127.0.0.1:5');
    expect(s.sources['pack-tiles']).toMatchObject({ type: 'vector' });
    const ids = s.layers.filter((l) => l.id.startsWith('tiles-')).map((l) => `${l.id}:${l.type}`);
    expect(ids).toEqual([
      'tiles-water-fill:fill',
      'tiles-water-line:line',
      'tiles-water-circle:circle',
      'tiles-roads-fill:fill',
      'tiles-roads-line:line',
      'tiles-roads-circle:circle',
    ]);
    const labelled = buildStyle(
      { ...base, tiles: { ...vt, labelField: 'name' } },
      'dark',
      'http://127.0.0.1:5',
    );
    expect(labelled.layers.filter((l) => l.type === 'symbol').map((l) => l.id)).toEqual([
      'tiles-water-label',
    ]);
    expect(labelled.glyphs).toBeUndefined();
  });
});
