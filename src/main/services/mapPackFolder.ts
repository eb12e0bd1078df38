import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { MapPackInfo, MapPackLayerKind } from '../../shared/ipc';

/**
 * A map pack is a folder of GeoJSON layers with an optional `manifest.json`
 * (docs/map-packs.md). This module reads and checks one folder; nothing is modified.
 */
export const Manifest = z
  .object({
    name: z.string().min(1).max(200),
    licence: z.string().max(500).default(''),
    attribution: z.string().min(1).max(500),
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().default(null),
    layers: z
      .array(z.object({ file: z.string().regex(/^[^/\\]+\.geojson$/), kind: z.enum(['province', 'city', 'county', 'rivers', 'points', 'other']) }))
      .optional(),
  })
  .strict();

export class MapPackError extends Error {
  readonly code = 'MAP_PACK_INVALID';
}

/** Layer kind from a conventional file name, for packs without a manifest layer list. */
export function guessLayerKind(file: string): MapPackLayerKind {
  const f = file.toLowerCase();
  if (/province/.test(f)) return 'province';
  if (/city|prefecture/.test(f)) return 'city';
  if (/district|county/.test(f)) return 'county';
  if (/river|water/.test(f)) return 'rivers';
  if (/point|poi|place/.test(f)) return 'points';
  return 'other';
}

export function packIdFor(dir: string): string {
  return `${basename(resolve(dir)).replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40)}-${createHash('sha1').update(resolve(dir)).digest('hex').slice(0, 8)}`;
}

/** Read and check a pack folder. Throws MapPackError naming the first thing wrong. */
export function describeMapPackFolder(dir: string, id = packIdFor(dir)): MapPackInfo {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new MapPackError(`Map pack folder "${dir}" does not exist. Check the path given with --map-pack.`);
  }
  let manifest: z.infer<typeof Manifest> | null = null;
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const parsed = Manifest.safeParse(safeJson(manifestFile));
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new MapPackError(`manifest.json in "${dir}" is invalid at ${i?.path.join('.') || '(root)'}: ${i?.message}.`);
    }
    manifest = parsed.data;
  }
  const files = manifest?.layers?.map((l) => l.file) ?? readdirSync(dir).filter((f) => f.endsWith('.geojson')).sort();
  if (files.length === 0) throw new MapPackError(`Map pack "${dir}" holds no .geojson layers.`);
  const sources = new Set<string>();
  let bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const layers = files.map((file) => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new MapPackError(`Map pack "${dir}" lists ${file}, which is missing.`);
    const gj = safeJson(path) as { type?: unknown; features?: unknown };
    if (gj?.type !== 'FeatureCollection' || !Array.isArray(gj.features)) {
      throw new MapPackError(`${file} in "${dir}" is not a GeoJSON FeatureCollection.`);
    }
    for (const f of gj.features as { properties?: { source?: unknown }; geometry?: { coordinates?: unknown } }[]) {
      if (typeof f?.properties?.source === 'string') sources.add(f.properties.source);
      bbox = extendBbox(bbox, f?.geometry?.coordinates);
    }
    const kind = manifest?.layers?.find((l) => l.file === file)?.kind ?? guessLayerKind(file);
    return { kind, file, url: `/packs/${id}/${encodeURIComponent(file)}`, features: gj.features.length };
  });
  if (bbox[0] < -180 || bbox[2] > 180 || bbox[1] < -90 || bbox[3] > 90) {
    throw new MapPackError(`Map pack "${dir}" has coordinates outside WGS84 longitude/latitude ranges; it may be projected. Export it as WGS84 GeoJSON.`);
  }
  return {
    id,
    name: manifest?.name ?? basename(resolve(dir)),
    bounds: manifest?.bounds ?? (Number.isFinite(bbox[0]) ? bbox : null),
    licence: manifest?.licence ?? '',
    attribution: manifest?.attribution ?? ([...sources].join(' · ') || `${basename(resolve(dir))} (no manifest.json: source unknown)`),
    layers,
  };
}

function safeJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new MapPackError(`${basename(file)} is not valid JSON (${(e as Error).message}).`);
  }
}

function extendBbox(b: [number, number, number, number], coords: unknown): [number, number, number, number] {
  if (!Array.isArray(coords)) return b;
  if (typeof coords[0] === 'number' && typeof coords[1] === 'number') {
    const [x, y] = coords as [number, number];
    return [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
  }
  for (const c of coords) b = extendBbox(b, c);
  return b;
}
