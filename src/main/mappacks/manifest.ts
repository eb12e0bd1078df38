import * as z from 'zod';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MapPackLayerKind } from '../../shared/ipc';
import { parseUntrustedJson } from '../../shared/util/protoKeys';
import { invalidPack } from './errors';
import { CodedError } from '../../shared/ipc/errors';

/** The manifest a pack may carry (`manifest.json`); see docs/map-packs.md. */
export const Manifest = z
  .object({
    name: z.string().min(1).max(200),
    licence: z.string().max(500).default(''),
    attribution: z.string().min(1).max(500),
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().default(null),
    layers: z
      .array(
        z.object({
          file: z.string().regex(/^[^/\\]+\.geojson$/),
          kind: MapPackLayerKind,
        }),
      )
      .optional(),
    /** The pack's tile file (.mbtiles), and for vector tiles the property to draw as a label. */
    tiles: z
      .object({
        file: z
          .string()
          .regex(/^[^/\\]+\.(mbtiles|pmtiles)$/i)
          .optional(),
        labelField: z.string().min(1).max(100).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Layer kind from a conventional file name, for packs without a manifest layer list. */
export function guessLayerKind(file: string): MapPackLayerKind {
  const f = file.toLowerCase();
  if (/province/.test(f)) return 'province';
  if (/city|prefecture/.test(f)) return 'city';
  if (/district|county/.test(f)) return 'county';
  if (/river|water/.test(f)) return 'rivers';
  if (/road|highway|street/.test(f)) return 'roads';
  if (/hazard|risk/.test(f)) return 'hazards';
  if (/point|poi|place/.test(f)) return 'points';
  return 'other';
}

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
        kind: MapPackLayerKind,
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
export type StoredManifest = z.infer<typeof StoredManifest>;
export type StoredTiles = NonNullable<StoredManifest['tiles']>;

/** The stored manifest of an installed pack, checked. Throws NOT_FOUND or MAP_PACK_INVALID with what to do. */
export function readStoredManifest(dir: string, id: string): StoredManifest {
  if (!isSafeId(id)) throw invalidPack(`"${id}" is not a map pack id.`);
  const file = join(dir, id, 'manifest.json');
  if (!existsSync(file))
    throw new CodedError(
      'NOT_FOUND',
      `Map pack "${id}" is not installed. Import it again or choose another.`,
      { kind: 'mapPack', id },
    );
  let json: unknown;
  try {
    json = parseUntrustedJson(readFileSync(file, 'utf8'), `${id}/manifest.json`);
  } catch (e) {
    throw invalidPack(
      `The manifest of map pack "${id}" is damaged (${(e as Error).message}). Remove the pack and import it again.`,
    );
  }
  const parsed = StoredManifest.safeParse(json);
  if (!parsed.success)
    throw invalidPack(`The manifest of map pack "${id}" is damaged. Remove the pack and import it again.`);
  return parsed.data;
}

/** A pack id as the store makes them: nothing that could walk out of the packs folder. */
export function isSafeId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,100}$/.test(id);
}
