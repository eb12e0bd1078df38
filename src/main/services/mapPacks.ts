import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { z } from 'zod';
import type {
  MapPackImportPhase,
  MapPackInfo,
  MapPackLayerKind,
  MapPackProgress,
  MapPackSummary,
  MapTileFormat,
} from '../../shared/ipc';
import { parseUntrustedJson, prototypeKeyMessage, prototypeKeyPath } from '../../shared/util/protoKeys';
import { MbTilesReader } from '../db/mbtiles';
import { guessLayerKind, Manifest } from './mapPackManifest';
import { PmtilesReader, readPmtilesInfo } from './mapPacksPmtiles';
import { MbTilesWorker, MbTilesWorkerReader } from './mapPackTiles';
import { ServiceError } from './invoke';

/**
 * The map pack store: packs imported from a folder or a .zip are checked, copied into
 * `<data>/packs/<id>/` with a normalised `manifest.json`, and served from there. A pack that
 * fails any check is refused with the reason and nothing on disk changes (docs/map-packs.md).
 */

/** Limits that keep a hostile or mistaken archive from filling the disk or memory. */
export const PACK_LIMITS = {
  maxFiles: 64,
  maxFileBytes: 200 * 1024 * 1024,
  maxTotalBytes: 400 * 1024 * 1024,
};
/** Text files kept beside the layers so the provenance travels with the pack. */
const KEPT_TEXT = /^(sources|readme|licen[cs]e|notice|attribution)(\.(md|txt))?$/i;
const TILE_FORMATS = /\.(pmtiles|mbtiles)$/i;

/** What is written to `<data>/packs/<id>/manifest.json` (a superset of the import manifest). */
export const StoredManifest = z
  .object({
    id: z.string(),
    name: z.string(),
    licence: z.string(),
    attribution: z.string(),
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    importedAt: z.string(),
    importedFrom: z.string(),
    layers: z.array(
      z.object({
        file: z.string(),
        kind: z.enum(['province', 'city', 'county', 'rivers', 'points', 'other']),
        features: z.number(),
      }),
    ),
    tiles: z
      .object({
        file: z.string(),
        format: z.enum(['png', 'jpg', 'webp', 'pbf']),
        minzoom: z.number(),
        maxzoom: z.number(),
        bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
        vectorLayers: z.array(z.object({ id: z.string(), fields: z.array(z.string()) })),
        labelField: z.string().nullable(),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
type StoredManifest = z.infer<typeof StoredManifest>;
type StoredTiles = NonNullable<StoredManifest['tiles']>;

/** What the tiles route sends: the tile bytes (null: none at that address) and their headers. */
export interface PackTile {
  data: Buffer | null;
  contentType: string;
  /** 'gzip' when the stored blob is gzip-compressed (vector tiles usually are). */
  encoding: 'gzip' | null;
}

const TILE_CONTENT_TYPES: Record<MapTileFormat, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  pbf: 'application/x-protobuf',
};

export class MapPackError extends ServiceError {}
const refuse = (message: string) => new MapPackError('MAP_PACK_INVALID', message);

export interface ImportOptions {
  /** Attribution typed by the user, for packs that carry none. */
  attribution?: string | undefined;
  name?: string | undefined;
}

/** Files of a pack candidate, whichever container it came in. */
type PackFiles = Map<string, Uint8Array>;

export class MapPackStore {
  private readonly cache = new Map<string, MapPackInfo>();
  /** Open tile files, by pack id (opened on the first tile asked for). */
  private readonly readers = new Map<string, MbTilesWorkerReader | PmtilesReader>();
  /** MBTiles tiles are read in a worker thread (better-sqlite3 is synchronous). */
  private readonly mbtiles = new MbTilesWorker();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Remove what an import interrupted by a crash or a kill left beside the packs (never in use). */
  sweepLeftovers(): void {
    for (const n of readdirSync(this.dir))
      if (/^\.(import|old)-[0-9a-f]+$/.test(n)) rmSync(join(this.dir, n), { recursive: true, force: true });
  }

  /** A fresh temporary folder name for one import (created by `stagePack`). */
  newTmp(): string {
    return join(this.dir, `.import-${randomBytes(6).toString('hex')}`);
  }

  list(): MapPackSummary[] {
    const out: MapPackSummary[] = [];
    for (const id of readdirSync(this.dir).sort()) {
      if (id.startsWith('.')) continue;
      try {
        const m = this.manifest(id);
        // A tile file counts as one layer in the list.
        out.push({
          id,
          name: m.name,
          attribution: m.attribution,
          licence: m.licence,
          bounds: m.bounds,
          importedAt: m.importedAt,
          layers: m.layers.length + (m.tiles ? 1 : 0),
        });
      } catch {
        // A damaged folder is skipped here; describe() reports it if it is the one in use.
      }
    }
    return out;
  }

  has(id: string): boolean {
    return isSafeId(id) && existsSync(join(this.dir, id, 'manifest.json'));
  }

  /** The pack as the renderer loads it. Throws MapPackError when it is missing or damaged. */
  describe(id: string): MapPackInfo {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const m = this.manifest(id);
    for (const f of [...m.layers.map((l) => l.file), ...(m.tiles ? [m.tiles.file] : [])]) {
      if (!existsSync(join(this.dir, id, f)))
        throw refuse(`Map pack "${m.name}" is missing ${f}. Import it again.`);
    }
    const info: MapPackInfo = {
      id,
      name: m.name,
      bounds: m.bounds,
      licence: m.licence,
      attribution: m.attribution,
      layers: m.layers.map((l) => ({
        ...l,
        url: `/packs/${encodeURIComponent(id)}/${encodeURIComponent(l.file)}`,
      })),
      tiles: m.tiles ? { ...m.tiles, url: `/packs/${encodeURIComponent(id)}/tiles/{z}/{x}/{y}` } : null,
    };
    this.cache.set(id, info);
    return info;
  }

  /** Absolute path of a layer file of an installed pack, or null. */
  fileFor(id: string, file: string): string | null {
    if (!isSafeId(id)) return null;
    try {
      return this.describe(id).layers.some((l) => l.file === file) ? join(this.dir, id, file) : null;
    } catch {
      return null;
    }
  }

  /** A tile of an installed pack (XYZ addressing), or null when the pack has no tiles. */
  async tile(id: string, z: number, x: number, y: number): Promise<PackTile | null> {
    let tiles: MapPackInfo['tiles'];
    try {
      tiles = isSafeId(id) ? this.describe(id).tiles : null;
    } catch {
      return null;
    }
    if (!tiles) return null;
    let reader = this.readers.get(id);
    if (!reader) {
      const path = join(this.dir, id, tiles.file);
      reader = /\.pmtiles$/i.test(tiles.file)
        ? new PmtilesReader(path)
        : new MbTilesWorkerReader(this.mbtiles, path);
      this.readers.set(id, reader);
    }
    const data = await reader.getTile(z, x, y);
    const gzip = data !== null && data.length > 2 && data[0] === 0x1f && data[1] === 0x8b;
    return { data, contentType: TILE_CONTENT_TYPES[tiles.format], encoding: gzip ? 'gzip' : null };
  }

  /** Close the tile file of a pack (before it is replaced or removed, and at shutdown). */
  closeTiles(id?: string): void {
    void this.releaseTiles(id);
  }

  /** Close the tile files of a pack (or all), resolving once they are closed (MBTiles: in the tile worker). */
  async releaseTiles(id?: string): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const [k, r] of this.readers) {
      if (id !== undefined && k !== id) continue;
      const done = r.close();
      if (done) closing.push(done);
      this.readers.delete(k);
    }
    await Promise.all(closing);
    if (id === undefined) this.mbtiles.stop();
  }

  remove(id: string): void {
    if (!this.has(id))
      throw new ServiceError('NOT_FOUND', `There is no map pack "${id}". Refresh the list and try again.`, {
        kind: 'mapPack',
        id,
      });
    this.cache.delete(id);
    this.closeTiles(id);
    rmSync(join(this.dir, id), { recursive: true, force: true });
  }

  /**
   * Import a folder, a .zip or a tile file from a local path, in this thread (tests, the bench's
   * baseline). The app imports through a worker (`mapPackImport.ts`) and only commits here.
   */
  importPath(path: string, opts: ImportOptions = {}): MapPackInfo {
    return this.commit(stagePack(this.dir, { kind: 'path', path }, opts, this.newTmp()));
  }

  /** Import a .zip received as bytes (web-mode upload), in this thread. */
  importZip(bytes: Uint8Array, name: string, from: string, opts: ImportOptions = {}): MapPackInfo {
    return this.commit(stagePack(this.dir, { kind: 'zip', bytes, name, from }, opts, this.newTmp()));
  }

  /**
   * Put a staged pack in place: its temporary folder is renamed to `<id>` (an older copy of the
   * same id is moved aside first and then removed), so a crash never leaves the id with no pack or
   * half a pack. Cheap: renames only, on the thread that serves the packs.
   */
  commit(staged: StagedPack): MapPackInfo {
    const { id, tmp } = staged;
    if (tmp === null) return this.describe(id);
    try {
      const dest = join(this.dir, id);
      this.closeTiles(id);
      const aside = existsSync(dest) ? join(this.dir, `.old-${randomBytes(4).toString('hex')}`) : null;
      if (aside) renameSync(dest, aside);
      renameSync(tmp, dest);
      if (aside) rmSync(aside, { recursive: true, force: true });
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    this.cache.delete(id);
    return this.describe(id);
  }

  private manifest(id: string): StoredManifest {
    return readStoredManifest(this.dir, id);
  }
}

function readStoredManifest(dir: string, id: string): StoredManifest {
  if (!isSafeId(id)) throw refuse(`"${id}" is not a map pack id.`);
  const file = join(dir, id, 'manifest.json');
  if (!existsSync(file))
    throw new ServiceError(
      'NOT_FOUND',
      `Map pack "${id}" is not installed. Import it again or choose another.`,
      { kind: 'mapPack', id },
    );
  let json: unknown;
  try {
    json = parseUntrustedJson(readFileSync(file, 'utf8'), `${id}/manifest.json`);
  } catch (e) {
    throw refuse(
      `The manifest of map pack "${id}" is damaged (${(e as Error).message}). Remove the pack and import it again.`,
    );
  }
  const parsed = StoredManifest.safeParse(json);
  if (!parsed.success)
    throw refuse(`The manifest of map pack "${id}" is damaged. Remove the pack and import it again.`);
  return parsed.data;
}

function isSafeId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,100}$/.test(id);
}

function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s || 'pack';
}

/** What a pack's tile file says about itself, checked (docs/map-packs.md). */
export interface TileMeta extends Omit<StoredTiles, 'labelField'> {
  name: string | null;
  attribution: string | null;
}

const FORMAT_ALIASES: Record<string, MapTileFormat> = {
  png: 'png',
  jpg: 'jpg',
  jpeg: 'jpg',
  webp: 'webp',
  pbf: 'pbf',
  mvt: 'pbf',
};

/** Open a tile file and check its metadata. Throws MapPackError with the reason. */
export function readTileMeta(path: string): TileMeta {
  const file = basename(path);
  if (/\.pmtiles$/i.test(file)) return readPmtilesMeta(path);
  let reader: MbTilesReader;
  try {
    reader = new MbTilesReader(path);
  } catch (e) {
    const why = /not a database|file is encrypted/i.test((e as Error).message)
      ? 'it is not an SQLite file'
      : (e as Error).message;
    throw refuse(
      `${file} is not a readable MBTiles file: ${why}. Export the tiles again as MBTiles and import again.`,
    );
  }
  try {
    let meta: Record<string, string>;
    let zooms: { min: number; max: number } | null;
    try {
      meta = reader.metadata();
      zooms = reader.zoomRange();
    } catch (e) {
      throw refuse(
        `${file} is not a readable MBTiles file: ${(e as Error).message}. Export the tiles again as MBTiles and import again.`,
      );
    }
    if (!zooms) throw refuse(`${file} holds no tiles. Export the tiles again and import again.`);
    const format = FORMAT_ALIASES[(meta.format ?? '').trim().toLowerCase()];
    if (!format) {
      throw refuse(
        `${file}: tile format "${meta.format ?? '(none)'}" is not one of png, jpg, webp or pbf. Export the tiles in one of those formats.`,
      );
    }
    const zoom = (v: string | undefined, dflt: number) => {
      const n = v === undefined ? dflt : Number(v);
      return Number.isInteger(n) && n >= 0 && n <= 24 ? n : null;
    };
    const minzoom = zoom(meta.minzoom, zooms.min);
    const maxzoom = zoom(meta.maxzoom, zooms.max);
    if (minzoom === null || maxzoom === null || minzoom > maxzoom) {
      throw refuse(
        `${file}: minzoom/maxzoom "${meta.minzoom}"/"${meta.maxzoom}" are not zoom levels from 0 to 24 in order.`,
      );
    }
    let bounds: [number, number, number, number] | null = null;
    if (meta.bounds !== undefined) {
      const b = meta.bounds.split(',').map((v) => Number(v.trim()));
      if (
        b.length !== 4 ||
        !b.every(Number.isFinite) ||
        b[0]! < -180 ||
        b[2]! > 180 ||
        b[1]! < -90 ||
        b[3]! > 90 ||
        b[0]! > b[2]! ||
        b[1]! > b[3]!
      ) {
        throw refuse(
          `${file}: bounds "${meta.bounds}" are not WGS84 longitude/latitude (west,south,east,north). Correct the metadata or export the tiles again.`,
        );
      }
      bounds = b as [number, number, number, number];
    }
    let json: unknown = null;
    try {
      json = meta.json ? JSON.parse(meta.json) : null;
    } catch {
      json = null;
    }
    const bad = prototypeKeyPath(json, 'json');
    if (bad)
      throw refuse(`${file}: metadata ${prototypeKeyMessage(bad)}. Export the tiles again and import again.`);
    const vectorLayers = format === 'pbf' ? vectorLayersOf(file, json) : [];
    return {
      file,
      format,
      minzoom,
      maxzoom,
      bounds,
      vectorLayers,
      name: metaText(meta.name)?.slice(0, 200) ?? null,
      attribution: metaText(meta.attribution),
    };
  } finally {
    reader.close();
  }
}

/** Metadata attribution is often HTML; only its text is kept. */
const metaText = (v: unknown) =>
  typeof v === 'string'
    ? v
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim() || null
    : null;

/** The `vector_layers` of a tile file's metadata; refuses vector tiles without them. */
function vectorLayersOf(file: string, json: unknown): StoredTiles['vectorLayers'] {
  const list = (json as { vector_layers?: unknown } | null)?.vector_layers;
  const layers = (Array.isArray(list) ? list : []) as { id?: unknown; fields?: unknown }[];
  const out = layers.flatMap((l) =>
    typeof l?.id === 'string' && l.id
      ? [
          {
            id: l.id,
            fields: l.fields && typeof l.fields === 'object' ? Object.keys(l.fields).slice(0, 100) : [],
          },
        ]
      : [],
  );
  if (out.length === 0) {
    throw refuse(
      `${file}: vector tiles whose metadata has no "vector_layers" list, so there is no telling what to draw. Export them again with tippecanoe or similar.`,
    );
  }
  return out;
}

const PMTILES_FORMATS: Record<number, MapTileFormat> = { 1: 'pbf', 2: 'png', 3: 'jpg', 4: 'webp' };

function readPmtilesMeta(path: string): TileMeta {
  const file = basename(path);
  let info: ReturnType<typeof readPmtilesInfo>;
  try {
    info = readPmtilesInfo(path);
  } catch (e) {
    throw refuse(
      `${file} is not a readable PMTiles file: ${(e as Error).message}. Export the tiles again as PMTiles v3 and import again.`,
    );
  }
  const { header: h, metadata: m } = info;
  const format = PMTILES_FORMATS[h.tileType];
  if (!format)
    throw refuse(
      `${file}: its tile type (${h.tileType}) is not one of png, jpg, webp or MVT vector tiles. Export the tiles in one of those.`,
    );
  if (h.numAddressedTiles === 0)
    throw refuse(`${file} holds no tiles. Export the tiles again and import again.`);
  if (h.minZoom > h.maxZoom || h.maxZoom > 24)
    throw refuse(`${file}: zooms ${h.minZoom}–${h.maxZoom} are not zoom levels from 0 to 24 in order.`);
  const b: [number, number, number, number] = [h.minLon, h.minLat, h.maxLon, h.maxLat];
  if (
    !b.every(Number.isFinite) ||
    b[0] < -180 ||
    b[2] > 180 ||
    b[1] < -90 ||
    b[3] > 90 ||
    b[0] > b[2] ||
    b[1] > b[3]
  ) {
    throw refuse(`${file}: bounds ${b.join(',')} are not WGS84 longitude/latitude. Export the tiles again.`);
  }
  const vectorLayers = format === 'pbf' ? vectorLayersOf(file, m) : [];
  // A writer that leaves the bounds out leaves zeros.
  const bounds = b.every((v) => v === 0) ? null : b;
  return {
    file,
    format,
    minzoom: h.minZoom,
    maxzoom: h.maxZoom,
    bounds,
    vectorLayers,
    name: metaText(m.name)?.slice(0, 200) ?? null,
    attribution: metaText(m.attribution),
  };
}

function readFolder(dir: string, progress: Progress): PackFiles {
  const files: PackFiles = new Map();
  const wanted: { name: string; size: number }[] = [];
  let total = 0;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const st = statSync(p);
    if (!st.isFile()) continue;
    if (!/\.(geo)?json$/i.test(n) && !KEPT_TEXT.test(n) && !TILE_FORMATS.test(n)) continue;
    total += st.size;
    if (
      st.size > PACK_LIMITS.maxFileBytes ||
      total > PACK_LIMITS.maxTotalBytes ||
      wanted.length > PACK_LIMITS.maxFiles * 4
    ) {
      throw refuse(
        `The folder "${basename(dir)}" holds more than ${PACK_LIMITS.maxTotalBytes / 1048576} MB of layers. Split the pack.`,
      );
    }
    wanted.push({ name: n, size: st.size });
  }
  let done = 0;
  progress.report('read', 0, total, null, true);
  for (const w of wanted)
    files.set(
      w.name,
      readChunked(join(dir, w.name), (k) => progress.report('read', (done += k), total, w.name)),
    );
  return files;
}

/** Where an import's bytes come from. */
export type ImportSource =
  { kind: 'path'; path: string } | { kind: 'zip'; bytes: Uint8Array; name: string; from: string };

/** A checked pack written to its temporary folder (`tmp`), or already installed (`tmp` null). */
export interface StagedPack {
  id: string;
  tmp: string | null;
}

/** Progress reports of an import (the shared `MapPackProgress`: step, bytes or files, percent). */
export type ProgressSink = (p: MapPackProgress) => void;
type ImportPhase = MapPackImportPhase;

/** Each step's share of the bar: reading and writing the bytes weigh most. */
const PHASE_SPAN: Record<ImportPhase, [number, number]> = {
  read: [0, 35],
  unzip: [35, 55],
  check: [55, 75],
  write: [75, 99],
  done: [100, 100],
};
const READ_CHUNK = 4 * 1024 * 1024;

/** Reports progress at most every 50 ms (and at every new step), never backwards. */
class Progress {
  private last = 0;
  private percent = 0;
  private phase: ImportPhase | null = null;
  constructor(private readonly sink: ProgressSink | undefined) {}
  report(phase: ImportPhase, done: number, total: number, file: string | null = null, force = false): void {
    if (!this.sink) return;
    const now = Date.now();
    if (!force && phase === this.phase && now - this.last < 50 && done < total) return;
    const [a, b] = PHASE_SPAN[phase];
    this.percent = Math.max(
      this.percent,
      Math.floor(a + ((b - a) * Math.min(done, total)) / Math.max(total, 1)),
    );
    this.phase = phase;
    this.last = now;
    this.sink({ phase, done, total, file, percent: this.percent });
  }
}

/** Read a whole file in chunks, reporting each (a 200 MB read is otherwise one silent call). */
function readChunked(path: string, onBytes: (n: number) => void): Uint8Array {
  const size = statSync(path).size;
  const buf = Buffer.allocUnsafe(size);
  const fd = openSync(path, 'r');
  try {
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, Math.min(READ_CHUNK, size - off), off);
      if (n === 0) break;
      off += n;
      onBytes(n);
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** Write bytes in chunks, reporting each. */
function writeChunked(path: string, bytes: Uint8Array, onBytes: (n: number) => void): void {
  const fd = openSync(path, 'w');
  try {
    let off = 0;
    while (off < bytes.length) {
      const n = writeSync(fd, bytes, off, Math.min(READ_CHUNK, bytes.length - off));
      off += n;
      onBytes(n);
    }
    if (bytes.length === 0) onBytes(0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Everything an import does before the pack is put in place: read (a folder, a .zip or a tile
 * file), unpack, check, hash, and write the pack into `tmp` (created here, removed on any
 * failure). Runs in the import worker in the app (src/main/mappacks/worker.ts); the caller then
 * commits the result with `MapPackStore.commit`. Throws MapPackError with the reason.
 */
export function stagePack(
  dir: string,
  source: ImportSource,
  opts: ImportOptions,
  tmp: string,
  onProgress?: ProgressSink,
): StagedPack {
  const progress = new Progress(onProgress);
  let files: PackFiles;
  let fallbackName: string;
  let from: string;
  if (source.kind === 'zip') {
    files = unzipPack(source.bytes, source.name, progress);
    fallbackName = zipFolderName(files) ?? source.name;
    files = stripZipFolder(files);
    from = source.from;
  } else {
    const p = resolve(source.path);
    from = p;
    if (!existsSync(p))
      throw refuse(`Nothing found at "${source.path}". Check the path of the map pack folder or .zip file.`);
    const st = statSync(p);
    if (st.isDirectory()) {
      files = readFolder(p, progress);
      fallbackName = basename(p);
    } else if (extname(p).toLowerCase() === '.zip') {
      if (st.size > PACK_LIMITS.maxTotalBytes)
        throw refuse(
          `"${basename(p)}" is larger than ${PACK_LIMITS.maxTotalBytes / 1048576} MB. Split the pack.`,
        );
      let done = 0;
      const bytes = readChunked(p, (n) => progress.report('read', (done += n), st.size, basename(p)));
      const name = basename(p, extname(p));
      files = unzipPack(bytes, name, progress);
      fallbackName = zipFolderName(files) ?? name;
      files = stripZipFolder(files);
    } else if (TILE_FORMATS.test(p)) {
      // A tile file alone is a pack of its own; its metadata gives the name and attribution.
      if (st.size > PACK_LIMITS.maxFileBytes)
        throw refuse(`"${basename(p)}" is larger than ${PACK_LIMITS.maxFileBytes / 1048576} MB.`);
      let done = 0;
      files = new Map([
        [basename(p), readChunked(p, (n) => progress.report('read', (done += n), st.size, basename(p)))],
      ]);
      fallbackName = basename(p, extname(p));
    } else {
      throw refuse(
        `"${basename(p)}" is neither a folder nor a .zip file. Choose the pack folder, or a .zip of it.`,
      );
    }
  }
  return stageFiles(dir, files, fallbackName, from, opts, tmp, progress);
}

/** Unpack a .zip with its limits, one file at a time so that progress can be told. */
function unzipPack(bytes: Uint8Array, name: string, progress: Progress): PackFiles {
  const wanted: { name: string; size: number }[] = [];
  let total = 0;
  let count = 0;
  const unreadable = (e: unknown) =>
    e instanceof MapPackError
      ? e
      : refuse(
          `"${name}" is not a readable .zip file (${(e as Error).message}). Re-create the archive and import it again.`,
        );
  try {
    // First pass: the central directory only (nothing is inflated), to apply the limits.
    unzipSync(bytes, {
      filter: (f) => {
        count++;
        total += f.originalSize;
        if (
          count > PACK_LIMITS.maxFiles * 4 ||
          f.originalSize > PACK_LIMITS.maxFileBytes ||
          total > PACK_LIMITS.maxTotalBytes
        ) {
          throw refuse(
            `"${name}" unpacks to more than ${PACK_LIMITS.maxTotalBytes / 1048576} MB or too many files. Split the pack.`,
          );
        }
        if (!f.name.endsWith('/') && !/(^|\/)(__MACOSX|\.)/.test(f.name))
          wanted.push({ name: f.name, size: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    throw unreadable(e);
  }
  const sum = wanted.reduce((a, w) => a + w.size, 0);
  const out: PackFiles = new Map();
  let done = 0;
  progress.report('unzip', 0, sum, null, true);
  for (const w of wanted) {
    let got: Record<string, Uint8Array>;
    try {
      got = unzipSync(bytes, { filter: (f) => f.name === w.name });
    } catch (e) {
      throw unreadable(e);
    }
    const b = got[w.name];
    if (b) out.set(w.name, b);
    progress.report('unzip', (done += w.size), sum, w.name);
  }
  return out;
}

/** The one folder every file of a .zip sits in, if they all do. */
function zipFolderName(entries: PackFiles): string | null {
  const dirs = new Set([...entries.keys()].map((n) => (n.includes('/') ? n.slice(0, n.indexOf('/')) : '')));
  return dirs.size === 1 && !dirs.has('') ? [...dirs][0]! : null;
}

/** Accept files at the root or all inside one folder; nothing deeper (and so no path tricks). */
function stripZipFolder(entries: PackFiles): PackFiles {
  const folder = zipFolderName(entries);
  const prefix = folder ? `${folder}/` : '';
  const files: PackFiles = new Map();
  for (const [n, b] of entries) {
    const rest = n.slice(prefix.length);
    if (rest.includes('/') || rest.includes('\\') || rest === '') continue;
    files.set(rest, b);
  }
  return files;
}

function stageFiles(
  dir: string,
  files: PackFiles,
  fallbackName: string,
  from: string,
  opts: ImportOptions,
  tmp: string,
  progress: Progress,
): StagedPack {
  // Written beside the packs, then renamed into place by `commit`: a failure half-way leaves no half pack.
  mkdirSync(tmp);
  try {
    const tileFiles = [...files.keys()].filter((f) => TILE_FORMATS.test(f));
    if (tileFiles.length > 1)
      throw refuse(
        `"${fallbackName}" holds ${tileFiles.length} tile files (${tileFiles.join(', ')}); a pack may hold one.`,
      );
    // Checking counts bytes: the tile file (written into tmp, as SQLite reads a file) and each layer.
    const steps = [...files]
      .filter(([f]) => TILE_FORMATS.test(f) || /\.geojson$/i.test(f))
      .reduce((a, [, b]) => a + b.length, 0);
    let step = 0;
    progress.report('check', 0, steps, null, true);
    let tiles: TileMeta | null = null;
    if (tileFiles[0]) {
      const bytes = files.get(tileFiles[0])!;
      writeChunked(join(tmp, tileFiles[0]), bytes, (n) =>
        progress.report('check', (step += n), steps, tileFiles[0]!),
      );
      tiles = readTileMeta(join(tmp, tileFiles[0]));
    }
    const checked = checkPack(files, fallbackName, opts, tiles, (file) =>
      progress.report('check', (step += files.get(file)?.length ?? 0), steps, file),
    );
    const hash = createHash('sha1');
    for (const l of checked.layers) hash.update(l.file).update(files.get(l.file)!);
    if (checked.tiles) hash.update(checked.tiles.file).update(files.get(checked.tiles.file)!);
    const id = `${slug(checked.name)}-${hash.digest('hex').slice(0, 8)}`;
    progress.report('check', steps, steps, null, true);
    // The id is a hash of the content: the same pack imported again (every start with --map-pack)
    // is already in place, so nothing is rewritten and the pack being served is never touched.
    if (
      existsSync(join(dir, id, 'manifest.json')) &&
      readStoredManifest(dir, id).attribution === checked.attribution
    ) {
      rmSync(tmp, { recursive: true, force: true });
      progress.report('done', 1, 1, null, true);
      return { id, tmp: null };
    }
    const manifest: StoredManifest = {
      id,
      ...checked,
      importedAt: new Date().toISOString(),
      importedFrom: from,
    };
    const toWrite = [
      ...checked.layers.map((l) => l.file),
      ...[...files.keys()].filter((n) => KEPT_TEXT.test(n)),
    ];
    const total = toWrite.reduce((a, n) => a + files.get(n)!.length, 0);
    let written = 0;
    progress.report('write', 0, total, null, true);
    for (const n of toWrite)
      writeChunked(join(tmp, n), files.get(n)!, (k) => progress.report('write', (written += k), total, n));
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
    progress.report('done', 1, 1, null, true);
    return { id, tmp };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

interface CheckedPack {
  name: string;
  licence: string;
  attribution: string;
  bounds: [number, number, number, number] | null;
  layers: { file: string; kind: MapPackLayerKind; features: number }[];
  tiles: StoredTiles | null;
}

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

/** Every check a pack must pass, on its files in memory. Throws MapPackError with the first problem. */
export function checkPack(
  files: PackFiles,
  fallbackName: string,
  opts: ImportOptions = {},
  tiles: TileMeta | null = null,
  onLayer?: (file: string) => void,
): CheckedPack {
  let manifest: z.infer<typeof Manifest> | null = null;
  const manifestBytes = files.get('manifest.json');
  if (manifestBytes) {
    const parsed = Manifest.safeParse(parseJson('manifest.json', manifestBytes));
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw refuse(
        `manifest.json is invalid at ${i?.path.join('.') || '(root)'}: ${i?.message}. Correct it (see docs/map-packs.md) and import again.`,
      );
    }
    manifest = parsed.data;
  }
  const geojsonFiles = [...files.keys()].filter((f) => /\.geojson$/i.test(f)).sort();
  const layerFiles = manifest?.layers?.map((l) => l.file) ?? geojsonFiles;
  if (manifest?.tiles?.file && manifest.tiles.file !== tiles?.file) {
    throw refuse(
      `manifest.json names the tile file ${manifest.tiles.file}, which is not in the pack. Add the file or correct the manifest.`,
    );
  }
  if (layerFiles.length === 0 && !tiles) {
    throw refuse(
      `"${fallbackName}" holds no .geojson layers and no .mbtiles file. A map pack is a folder (or .zip) of WGS84 GeoJSON files and/or one MBTiles file.`,
    );
  }
  if (layerFiles.length > PACK_LIMITS.maxFiles)
    throw refuse(
      `"${fallbackName}" has ${layerFiles.length} layers; at most ${PACK_LIMITS.maxFiles} are allowed.`,
    );
  let bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  let provinceBbox: [number, number, number, number] | null = null;
  const sources = new Set<string>();
  const layers = layerFiles.map((file) => {
    const bytes = files.get(file);
    if (!bytes)
      throw refuse(
        `manifest.json lists ${file}, which is not in the pack. Add the file or remove it from the manifest.`,
      );
    const gj = parseJson(file, bytes) as { type?: unknown; features?: unknown };
    if (gj?.type !== 'FeatureCollection' || !Array.isArray(gj.features)) {
      throw refuse(
        `${file} is not a GeoJSON FeatureCollection. Export the layer as GeoJSON and import again.`,
      );
    }
    gj.features.forEach(
      (
        f: {
          type?: unknown;
          geometry?: { type?: unknown; coordinates?: unknown } | null;
          properties?: { source?: unknown };
        },
        i,
      ) => {
        if (f?.type !== 'Feature') throw refuse(`${file}: item ${i} is not a GeoJSON Feature.`);
        if (f.geometry === null) return;
        if (!f.geometry || !GEOMETRY_TYPES.has(String(f.geometry.type)))
          throw refuse(`${file}: feature ${i} has no valid geometry.`);
        if (typeof f.properties?.source === 'string') sources.add(f.properties.source);
        bbox = extendBbox(bbox, f.geometry.coordinates);
      },
    );
    const kind = manifest?.layers?.find((l) => l.file === file)?.kind ?? guessLayerKind(file);
    if (kind === 'province') {
      let pb: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const f of gj.features as { geometry?: { coordinates?: unknown } }[])
        pb = extendBbox(pb, f.geometry?.coordinates);
      if (Number.isFinite(pb[0])) provinceBbox = pb;
    }
    onLayer?.(file);
    return { file, kind, features: gj.features.length };
  });
  if (layerFiles.length > 0 && !Number.isFinite(bbox[0]))
    throw refuse(`"${fallbackName}" has no features with coordinates. Check that the layers are not empty.`);
  if (bbox[0] < -180 || bbox[2] > 180 || bbox[1] < -90 || bbox[3] > 90) {
    throw refuse(
      `"${fallbackName}" has coordinates outside longitude/latitude ranges: it is probably in a projected system. Export it as WGS84 (EPSG:4326) GeoJSON and import again.`,
    );
  }
  const fromSources = attributionFromSourcesMd(files);
  const attribution =
    manifest?.attribution ??
    (opts.attribution?.trim() || fromSources?.attribution || tiles?.attribution || '');
  if (!attribution) {
    throw new MapPackError(
      'MAP_PACK_NEEDS_ATTRIBUTION',
      `"${fallbackName}" has no manifest.json or SOURCES.md saying where its data comes from. Enter the attribution (for Chinese maps, the 审图号 and publisher) and import again.`,
    );
  }
  return {
    name:
      opts.name?.trim() || manifest?.name || fromSources?.title?.slice(0, 200) || tiles?.name || fallbackName,
    licence: manifest?.licence || fromSources?.licence || (sources.size ? [...sources].join('; ') : ''),
    attribution: attribution.slice(0, 500),
    // The province outline frames the view better than rivers running past it.
    bounds: manifest?.bounds ?? provinceBbox ?? (Number.isFinite(bbox[0]) ? bbox : (tiles?.bounds ?? null)),
    layers,
    tiles: tiles
      ? {
          file: tiles.file,
          format: tiles.format,
          minzoom: tiles.minzoom,
          maxzoom: tiles.maxzoom,
          bounds: tiles.bounds,
          vectorLayers: tiles.vectorLayers,
          labelField: manifest?.tiles?.labelField ?? null,
        }
      : null,
  };
}

function parseJson(file: string, bytes: Uint8Array): unknown {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  } catch (e) {
    throw refuse(
      `${file} is not valid JSON (${(e as Error).message}). Repair or re-export it and import again.`,
    );
  }
  const bad = prototypeKeyPath(json, file);
  if (bad) throw refuse(`${prototypeKeyMessage(bad)}. Remove the key and import again.`);
  return json;
}

function extendBbox(b: [number, number, number, number], coords: unknown): [number, number, number, number] {
  if (!Array.isArray(coords)) return b;
  if (typeof coords[0] === 'number') {
    const [x, y] = coords as [number, number];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return b;
    return [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
  }
  for (const c of coords) b = extendBbox(b, c);
  return b;
}

/**
 * A SOURCES.md with a markdown table whose last column is "licence / attribution": the quoted
 * strings there are what must be shown on the map ("same" repeats the row above).
 */
export function attributionFromSourcesMd(files: PackFiles): ReturnType<typeof parseSourcesMd> {
  const name = [...files.keys()].find((n) => /^sources(\.md)?$/i.test(n));
  if (!name) return null;
  return parseSourcesMd(new TextDecoder().decode(files.get(name)!));
}

export function parseSourcesMd(
  text: string,
): { attribution: string; licence: string; title: string | null } | null {
  const rows = text
    .split(/\r?\n/)
    .filter((l) => /^\s*\|/.test(l))
    .map((l) =>
      l
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim()),
    );
  if (rows.length < 3) return null;
  const header = rows[0]!.map((h) => h.toLowerCase());
  const col = header.findIndex((h) => /attribution|licen[cs]e/.test(h));
  const srcCol = header.findIndex((h) => /^source/.test(h));
  if (col < 0) return null;
  const attributions: string[] = [];
  const licences: string[] = [];
  let prev = '';
  let prevSrc = '';
  for (const r of rows.slice(1)) {
    if (r.every((c) => /^:?-+:?$/.test(c))) continue;
    let cell = r[col] ?? '';
    let src = srcCol >= 0 ? (r[srcCol] ?? '') : '';
    if (/^(same|同上|〃)$/i.test(cell)) cell = prev;
    if (/^(same|同上|〃)$/i.test(src)) src = prevSrc;
    prev = cell;
    prevSrc = src;
    for (const m of cell.matchAll(/["“]([^"”]+)["”]/g))
      if (!attributions.includes(m[1]!)) attributions.push(m[1]!);
    const licence = cell.replace(/show\s+/i, '').replace(/\s+in the map attribution/i, '');
    const cut = src.search(/\s\((?!CC|public)|,/);
    const line = src ? `${cut > 0 ? src.slice(0, cut) : src.slice(0, 80)}: ${licence}` : licence;
    if (licence && !licences.includes(line)) licences.push(line);
  }
  if (attributions.length === 0) return null;
  const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? null;
  return { attribution: attributions.join(' · '), licence: licences.join('; ').slice(0, 500), title };
}
