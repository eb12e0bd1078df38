import { z } from 'zod';
import type { MapPackLayerKind } from '../../shared/ipc';

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
          kind: z.enum(['province', 'city', 'county', 'rivers', 'points', 'other']),
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
  if (/point|poi|place/.test(f)) return 'points';
  return 'other';
}
