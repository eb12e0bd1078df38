import { basename } from 'node:path';
import type { MapTileFormat } from '../../shared/ipc';
import { prototypeKeyMessage, prototypeKeyPath } from '../../shared/util/protoKeys';
import { invalidPack } from './errors';
import type { StoredTiles } from './manifest';
import { MbTilesReader } from './mbtiles';
import { readPmtilesInfo } from './pmtiles';

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

/** Open a tile file and check its metadata. Throws a map-pack CodedError with the reason. */
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
    throw invalidPack(
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
      throw invalidPack(
        `${file} is not a readable MBTiles file: ${(e as Error).message}. Export the tiles again as MBTiles and import again.`,
      );
    }
    if (!zooms) throw invalidPack(`${file} holds no tiles. Export the tiles again and import again.`);
    const format = FORMAT_ALIASES[(meta.format ?? '').trim().toLowerCase()];
    if (!format) {
      throw invalidPack(
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
      throw invalidPack(
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
        throw invalidPack(
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
      throw invalidPack(
        `${file}: metadata ${prototypeKeyMessage(bad)}. Export the tiles again and import again.`,
      );
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
    throw invalidPack(
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
    throw invalidPack(
      `${file} is not a readable PMTiles file: ${(e as Error).message}. Export the tiles again as PMTiles v3 and import again.`,
    );
  }
  const { header: h, metadata: m } = info;
  const format = PMTILES_FORMATS[h.tileType];
  if (!format)
    throw invalidPack(
      `${file}: its tile type (${h.tileType}) is not one of png, jpg, webp or MVT vector tiles. Export the tiles in one of those.`,
    );
  if (h.numAddressedTiles === 0)
    throw invalidPack(`${file} holds no tiles. Export the tiles again and import again.`);
  if (h.minZoom > h.maxZoom || h.maxZoom > 24)
    throw invalidPack(`${file}: zooms ${h.minZoom}–${h.maxZoom} are not zoom levels from 0 to 24 in order.`);
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
    throw invalidPack(
      `${file}: bounds ${b.join(',')} are not WGS84 longitude/latitude. Export the tiles again.`,
    );
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
