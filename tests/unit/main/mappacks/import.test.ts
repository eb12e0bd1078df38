import { afterEach, describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { checkPack, parseSourcesMd } from '../../../../src/main/mappacks/check';
import { importPathInThread } from '../../../../src/main/mappacks/inThreadImport';
import { MapPackStore } from '../../../../src/main/mappacks/registry';
import { SHANXI_PACK } from '../../../support/tmp';

const SHANXI = SHANXI_PACK;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'jinying-packs-unit-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const fc = (coords: number[]) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: coords } }],
  });
const enc = (s: string) => new TextEncoder().encode(s);
const files = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, enc(v)]));

describe('SOURCES.md attribution', () => {
  it('collects the quoted attributions of the Shanxi pack, following "same"', () => {
    const r = parseSourcesMd(readFileSync(join(SHANXI, 'SOURCES.md'), 'utf8'))!;
    expect(r.attribution).toBe('审图号 GS(2024)0650号 / 天地图 · Natural Earth · GeoNames · OurAirports');
    expect(r.title).toBe('Shanxi map pack (test and demo data)');
    expect(r.licence).toMatch(/CC BY 4\.0/);
  });
  it('returns null without a table or quoted attributions', () => {
    expect(parseSourcesMd('# just a title\nno table')).toBeNull();
    expect(parseSourcesMd('| file | licence |\n|---|---|\n| a | public domain |')).toBeNull();
  });
});

describe('checkPack', () => {
  it('accepts WGS84 GeoJSON with a manifest and computes bounds', () => {
    const r = checkPack(
      files({
        'manifest.json': JSON.stringify({ name: 'T', attribution: 'X' }),
        'points.geojson': fc([112, 37]),
      }),
      'fallback',
    );
    expect(r).toMatchObject({ name: 'T', attribution: 'X', bounds: [112, 37, 112, 37] });
    expect(r.layers).toEqual([{ file: 'points.geojson', kind: 'points', features: 1 }]);
  });
  it.each([
    [{ 'a.geojson': '{oops' }, /not valid JSON/],
    [{ 'a.geojson': '{"type":"Feature"}' }, /not a GeoJSON FeatureCollection/],
    [{ 'a.geojson': fc([12_500_000, 4_500_000]) }, /WGS84/],
    [{ 'readme.md': 'x' }, /no \.geojson layers/],
    [{ 'tiles.pmtiles': '' }, /no \.geojson layers and no \.mbtiles/],
    [{ 'manifest.json': '{"name":"x"}', 'a.geojson': fc([1, 1]) }, /manifest\.json is invalid/],
    [
      {
        'manifest.json': JSON.stringify({
          name: 'x',
          attribution: 'y',
          layers: [{ file: 'gone.geojson', kind: 'other' }],
        }),
      },
      /gone\.geojson, which is not in the pack/,
    ],
    [
      {
        'a.geojson': JSON.stringify({
          type: 'FeatureCollection',
          features: [{ type: 'Feature', geometry: { type: 'Blob' } }],
        }),
      },
      /no valid geometry/,
    ],
  ])('refuses %j', (f, reason) => {
    expect(() => checkPack(files(f as Record<string, string>), 'p', { attribution: 'someone' })).toThrow(
      reason,
    );
  });
  it.each([
    [
      {
        'manifest.json':
          '{"name": "x", "attribution": "y", "layers": [{"file": "a.geojson", "kind": "other", "__proto__": {"kind": "province"}}]}',
        'a.geojson': fc([112, 37]),
      },
      'manifest.json.layers[0].__proto__',
    ],
    [
      {
        'a.geojson':
          '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"constructor": {"prototype": 1}}, "geometry": null}]}',
      },
      'a.geojson.features[0].properties.constructor',
    ],
  ])('refuses a prototype key in %j, naming file and path', (f, path) => {
    expect(() => checkPack(files(f), 'p', { attribution: 'someone' })).toThrow(
      `${path}: keys named __proto__, constructor or prototype are not allowed`,
    );
  });
  it('asks for attribution when nothing says where the data comes from', () => {
    try {
      checkPack(files({ 'a.geojson': fc([112, 37]) }), 'p');
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('MAP_PACK_NEEDS_ATTRIBUTION');
    }
    expect(
      checkPack(files({ 'a.geojson': fc([112, 37]) }), 'p', { attribution: '审图号 GS(2099)1号' })
        .attribution,
    ).toBe('审图号 GS(2099)1号');
  });
});

describe('MapPackStore', () => {
  it('imports the Shanxi folder into its own folder, lists, describes and removes it', () => {
    const store = new MapPackStore(tmp());
    const info = importPathInThread(store, SHANXI);
    expect(info.layers.map((l) => l.kind).sort()).toEqual(['city', 'county', 'points', 'province', 'rivers']);
    expect(info.attribution).toMatch(/^审图号 GS\(2024\)0650号 \/ 天地图/);
    expect(info.bounds![0]).toBeCloseTo(110.23, 1);
    expect(existsSync(join(store.dir, info.id, 'SOURCES.md'))).toBe(true);
    expect(store.fileFor(info.id, 'shanxi_points.geojson')).toBe(
      join(store.dir, info.id, 'shanxi_points.geojson'),
    );
    expect(store.fileFor(info.id, '../manifest.json')).toBeNull();
    expect(store.fileFor('../../etc', 'passwd')).toBeNull();
    expect(store.list().map((p) => p.id)).toEqual([info.id]);
    // Same content again: same id, no duplicate.
    expect(importPathInThread(store, SHANXI).id).toBe(info.id);
    store.remove(info.id);
    expect(store.list()).toEqual([]);
    expect(() => store.describe(info.id)).toThrow(/not installed/);
  });

  it('imports a .zip with one top folder and ignores nested paths', () => {
    const z: Record<string, Uint8Array> = {};
    for (const f of readdirSync(SHANXI)) z[`pack/${f}`] = readFileSync(join(SHANXI, f));
    z['pack/../../evil.geojson'] = enc(fc([1, 1]));
    z['pack/deep/nested.geojson'] = enc(fc([1, 1]));
    const d = tmp();
    writeFileSync(join(d, 'p.zip'), zipSync(z));
    const store = new MapPackStore(join(d, 'store'));
    const info = importPathInThread(store, join(d, 'p.zip'));
    expect(info.layers).toHaveLength(5);
    expect(existsSync(join(d, 'evil.geojson'))).toBe(false);
  });

  it('refuses a damaged .zip and leaves nothing behind', () => {
    const d = tmp();
    writeFileSync(join(d, 'bad.zip'), 'PK\u0003\u0004 not really');
    const store = new MapPackStore(join(d, 'store'));
    expect(() => importPathInThread(store, join(d, 'bad.zip'))).toThrow(/not a readable \.zip/);
    expect(readdirSync(store.dir)).toEqual([]);
  });

  it('refuses a broken folder without touching installed packs', () => {
    const d = tmp();
    mkdirSync(join(d, 'broken'));
    writeFileSync(join(d, 'broken', 'x.geojson'), '{');
    const store = new MapPackStore(join(d, 'store'));
    const good = importPathInThread(store, SHANXI);
    expect(() => importPathInThread(store, join(d, 'broken'))).toThrow(/x\.geojson is not valid JSON/);
    expect(store.list().map((p) => p.id)).toEqual([good.id]);
    expect(readdirSync(store.dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('prototype keys in map pack files', () => {
  it('refuses a pack whose manifest has one, without touching installed packs', () => {
    const d = tmp();
    mkdirSync(join(d, 'proto'));
    writeFileSync(
      join(d, 'proto', 'manifest.json'),
      '{\n  "name": "P",\n  "attribution": "A",\n  "tiles": {"constructor": {}}\n}\n',
    );
    writeFileSync(join(d, 'proto', 'a.geojson'), fc([112, 37]));
    const store = new MapPackStore(join(d, 'store'));
    const good = importPathInThread(store, SHANXI);
    try {
      importPathInThread(store, join(d, 'proto'));
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        code: 'MAP_PACK_INVALID',
        message: expect.stringContaining(
          'manifest.json.tiles.constructor: keys named __proto__, constructor or prototype',
        ),
      });
    }
    expect(store.list().map((p) => p.id)).toEqual([good.id]);
    expect(readdirSync(store.dir).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(store.describe(good.id).layers).toHaveLength(5);
  });

  it('reports an installed manifest edited to hold one as damaged, naming the path', () => {
    const d = tmp();
    const store = new MapPackStore(join(d, 'store'));
    const { id } = importPathInThread(store, SHANXI);
    const file = join(store.dir, id, 'manifest.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"layers": [', '"layers": [{"__proto__": {}}, '));
    const fresh = new MapPackStore(store.dir);
    expect(() => fresh.describe(id)).toThrow(`${id}/manifest.json.layers[0].__proto__: keys named`);
    expect(fresh.list()).toEqual([]);
  });
});

describe('re-importing the same pack', () => {
  it('finds it in place: same id, nothing rewritten, no stray folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jinying-reimport-'));
    try {
      const store = new MapPackStore(join(dir, 'packs'));
      const first = importPathInThread(store, SHANXI);
      const manifestFile = join(dir, 'packs', first.id, 'manifest.json');
      const before = readFileSync(manifestFile, 'utf8');
      const again = importPathInThread(store, SHANXI);
      expect(again.id).toBe(first.id);
      expect(readFileSync(manifestFile, 'utf8')).toBe(before); // importedAt unchanged: not rewritten
      expect(readdirSync(join(dir, 'packs'))).toEqual([first.id]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
