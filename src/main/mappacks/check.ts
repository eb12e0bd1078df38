import type * as z from 'zod';
import type { MapPackLayerKind } from '../../shared/ipc';
import { prototypeKeyMessage, prototypeKeyPath } from '../../shared/util/protoKeys';
import { describeIssue } from '../../shared/util/issues';
import { buildRoadGraph } from '../../shared/geo/roadGraph';
import { hazardZonesFromGeoJSON } from '../../shared/dispatch/coverageHazard';
import type { FeatureCollection } from 'geojson';
import { PACK_LIMITS, type ImportOptions, type PackFiles } from './candidate';
import { invalidPack } from './errors';
import { guessLayerKind, Manifest, type StoredTiles } from './manifest';
import type { TileMeta } from './tileMeta';
import { CodedError } from '../../shared/ipc/errors';

/**
 * The checks a pack's files must pass before anything is written (docs/map-packs.md): its
 * manifest, each GeoJSON layer (JSON, FeatureCollection, WGS84 ranges, no prototype keys), and
 * where its data comes from (manifest, SOURCES.md, the tile file's metadata or the user).
 */

export interface CheckedPack {
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

/** Every check a pack must pass, on its files in memory. Throws CodedError with the first problem. */
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
      throw invalidPack(
        `${describeIssue('manifest.json is invalid', parsed.error)}. Correct it (see docs/map-packs.md) and import again.`,
      );
    }
    manifest = parsed.data;
  }
  const geojsonFiles = [...files.keys()].filter((f) => /\.geojson$/i.test(f)).sort();
  const layerFiles = manifest?.layers?.map((l) => l.file) ?? geojsonFiles;
  if (manifest?.tiles?.file && manifest.tiles.file !== tiles?.file) {
    throw invalidPack(
      `manifest.json names the tile file ${manifest.tiles.file}, which is not in the pack. Add the file or correct the manifest.`,
    );
  }
  if (layerFiles.length === 0 && !tiles) {
    throw invalidPack(
      `"${fallbackName}" holds no .geojson layers and no .mbtiles file. A map pack is a folder (or .zip) of WGS84 GeoJSON files and/or one MBTiles file.`,
    );
  }
  if (layerFiles.length > PACK_LIMITS.maxFiles)
    throw invalidPack(
      `"${fallbackName}" has ${layerFiles.length} layers; at most ${PACK_LIMITS.maxFiles} are allowed.`,
    );
  let bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  let provinceBbox: [number, number, number, number] | null = null;
  const sources = new Set<string>();
  const layers = layerFiles.map((file) => {
    const bytes = files.get(file);
    if (!bytes)
      throw invalidPack(
        `manifest.json lists ${file}, which is not in the pack. Add the file or remove it from the manifest.`,
      );
    const gj = parseJson(file, bytes) as { type?: unknown; features?: unknown };
    if (gj?.type !== 'FeatureCollection' || !Array.isArray(gj.features)) {
      throw invalidPack(
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
        if (f?.type !== 'Feature') throw invalidPack(`${file}: item ${i} is not a GeoJSON Feature.`);
        if (f.geometry === null) return;
        if (!f.geometry || !GEOMETRY_TYPES.has(String(f.geometry.type)))
          throw invalidPack(`${file}: feature ${i} has no valid geometry.`);
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
    if (kind === 'hazards') {
      // Weighted coverage reads it: polygons with a kind (and optionally a weight ≥ 0).
      try {
        const zones = hazardZonesFromGeoJSON(gj as FeatureCollection);
        if (zones.length === 0) throw new RangeError('it holds no zone polygons');
      } catch (e) {
        throw invalidPack(
          `${file} is a hazard-zone layer, but ${(e as Error).message}. Export the zones as WGS84 GeoJSON polygons with a "kind" property (forest, flood, geological) and import again.`,
        );
      }
    }
    if (kind === 'roads') {
      // Routed on for dispatch: a road layer that cannot be made into a network is refused now,
      // not discovered when a unit is being sent.
      try {
        const g = buildRoadGraph(gj.features as Parameters<typeof buildRoadGraph>[0]);
        if (g.edgeCount === 0) throw new RangeError('it holds no road lines');
      } catch (e) {
        throw invalidPack(
          `${file} is a road layer, but ${(e as Error).message}. Export the roads as WGS84 GeoJSON lines and import again.`,
        );
      }
    }
    onLayer?.(file);
    return { file, kind, features: gj.features.length };
  });
  if (layerFiles.length > 0 && !Number.isFinite(bbox[0]))
    throw invalidPack(
      `"${fallbackName}" has no features with coordinates. Check that the layers are not empty.`,
    );
  if (bbox[0] < -180 || bbox[2] > 180 || bbox[1] < -90 || bbox[3] > 90) {
    throw invalidPack(
      `"${fallbackName}" has coordinates outside longitude/latitude ranges: it is probably in a projected system. Export it as WGS84 (EPSG:4326) GeoJSON and import again.`,
    );
  }
  const fromSources = attributionFromSourcesMd(files);
  const attribution =
    manifest?.attribution ??
    (opts.attribution?.trim() || fromSources?.attribution || tiles?.attribution || '');
  if (!attribution) {
    throw new CodedError(
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
    throw invalidPack(
      `${file} is not valid JSON (${(e as Error).message}). Repair or re-export it and import again.`,
    );
  }
  const bad = prototypeKeyPath(json, file);
  if (bad) throw invalidPack(`${prototypeKeyMessage(bad)}. Remove the key and import again.`);
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
