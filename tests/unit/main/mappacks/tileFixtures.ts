/**
 * Real, small tile files for tests: a valid 256×256 PNG (node:zlib), a minimal Mapbox vector tile
 * (one square polygon, hand-encoded protobuf) and an MBTiles SQLite file holding them.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

/** A solid-colour 256×256 RGB PNG. */
export function solidPng(rgb: [number, number, number] = [200, 60, 40]): Buffer {
  const row = Buffer.alloc(1 + 256 * 3);
  for (let i = 0; i < 256; i++) row.set(rgb, 1 + i * 3);
  const raw = Buffer.concat(Array.from({ length: 256 }, () => row));
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};
const field = (tag: number, bytes: number[]) => [...varint(tag), ...varint(bytes.length), ...bytes];
const zz = (n: number) => (n << 1) ^ (n >> 31);

/** An MVT with one layer holding one polygon covering the whole tile (properties: name). */
export function squareMvt(layer = 'water', name = '汾河'): Buffer {
  const geometry = [9, zz(0), zz(0), 26, zz(4096), zz(0), zz(0), zz(4096), zz(-4096), zz(0), 15].flatMap(
    varint,
  );
  // tags: key 0 = value 0
  const feature = [0x08, 1, ...field(0x12, [0, 0]), 0x18, 3, ...field(0x22, geometry)];
  const enc = (s: string) => [...Buffer.from(s, 'utf8')];
  const value = field(0x0a, enc(name)); // Value.string_value
  const body = [
    ...varint(120),
    2,
    ...field(0x0a, enc(layer)),
    ...field(0x12, feature),
    ...field(0x1a, enc('name')),
    ...field(0x22, value),
    0x28,
    ...varint(4096),
  ];
  return Buffer.from(field(0x1a, body));
}

export const gzipped = (b: Buffer) => gzipSync(b);

export interface TileRow {
  z: number;
  x: number;
  /** XYZ row (counted from the north); stored flipped, as MBTiles (TMS) wants. */
  y: number;
  data: Buffer;
}

/** Write an MBTiles file. `noTilesTable` leaves the tiles table out (a broken file). */
export function writeMbtiles(
  path: string,
  metadata: Record<string, string>,
  tiles: TileRow[],
  opts: { noTilesTable?: boolean } = {},
): void {
  const db = new Database(path);
  try {
    db.exec('CREATE TABLE metadata (name TEXT, value TEXT)');
    if (!opts.noTilesTable)
      db.exec(
        'CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)',
      );
    const m = db.prepare('INSERT INTO metadata VALUES (?, ?)');
    for (const [k, v] of Object.entries(metadata)) m.run(k, v);
    if (!opts.noTilesTable) {
      const t = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
      for (const r of tiles) t.run(r.z, r.x, 2 ** r.z - 1 - r.y, r.data);
    }
  } finally {
    db.close();
  }
}

/** Every tile of zooms 0..maxZoom, all with the same bytes. */
export function allTiles(maxZoom: number, data: Buffer): TileRow[] {
  const out: TileRow[] = [];
  for (let z = 0; z <= maxZoom; z++)
    for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) out.push({ z, x, y, data });
  return out;
}

export const RASTER_META = {
  name: 'Test raster',
  format: 'png',
  minzoom: '0',
  maxzoom: '3',
  bounds: '110.2,34.5,114.6,40.8',
  attribution: '<a href="https://example.org">Test tiles © nobody</a>',
};

export const VECTOR_META = {
  name: 'Test vector',
  format: 'pbf',
  minzoom: '0',
  maxzoom: '2',
  bounds: '110.2,34.5,114.6,40.8',
  attribution: 'Vector test © nobody',
  json: JSON.stringify({ vector_layers: [{ id: 'water', fields: { name: 'String' } }] }),
};

/**
 * Write a PMTiles v3 archive (uncompressed directory and metadata, one entry per tile).
 * tileType: 1 MVT, 2 PNG; tileCompression: 1 none, 2 gzip (the bytes given are stored as they are).
 */
export function writePmtiles(
  path: string,
  o: {
    tileType: number;
    tileCompression: number;
    minZoom: number;
    maxZoom: number;
    bounds: [number, number, number, number];
    metadata: Record<string, unknown>;
  },
  tiles: TileRow[],
): void {
  const sorted = tiles
    .map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data }))
    .sort((a, b) => a.id - b.id);
  let offset = 0;
  const entries = sorted.map((t) => {
    const e = { id: t.id, offset, length: t.data.length };
    offset += t.data.length;
    return e;
  });
  const dir: number[] = [...varint(entries.length)];
  let last = 0;
  for (const e of entries) {
    dir.push(...varint(e.id - last));
    last = e.id;
  }
  for (let i = 0; i < entries.length; i++) dir.push(1); // run lengths
  for (const e of entries) dir.push(...varint(e.length));
  entries.forEach((e, i) =>
    dir.push(
      ...varint(i > 0 && e.offset === entries[i - 1]!.offset + entries[i - 1]!.length ? 0 : e.offset + 1),
    ),
  );
  const root = Buffer.from(dir);
  const meta = Buffer.from(JSON.stringify(o.metadata), 'utf8');
  const data = Buffer.concat(sorted.map((t) => t.data));
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h[7] = 3;
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  u64(8, 127);
  u64(16, root.length);
  u64(24, 127 + root.length);
  u64(32, meta.length);
  u64(40, 127 + root.length + meta.length);
  u64(48, 0);
  u64(56, 127 + root.length + meta.length);
  u64(64, data.length);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  h.set([0, 1, o.tileCompression, o.tileType, o.minZoom, o.maxZoom], 96);
  const e7 = (v: number) => Math.round(v * 1e7);
  h.writeInt32LE(e7(o.bounds[0]), 102);
  h.writeInt32LE(e7(o.bounds[1]), 106);
  h.writeInt32LE(e7(o.bounds[2]), 110);
  h.writeInt32LE(e7(o.bounds[3]), 114);
  h[118] = o.minZoom;
  h.writeInt32LE(e7((o.bounds[0] + o.bounds[2]) / 2), 119);
  h.writeInt32LE(e7((o.bounds[1] + o.bounds[3]) / 2), 123);
  writeFileSync(path, Buffer.concat([h, root, meta, data]));
}
