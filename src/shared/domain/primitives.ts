import * as z from 'zod';

/** Longitude in degrees, WGS84. */
export const Longitude = z.number().finite().min(-180).max(180);
/** Latitude in degrees, WGS84. */
export const Latitude = z.number().finite().min(-90).max(90);

/** A position, always `[lng, lat]` (GeoJSON order), WGS84 degrees. */
export const LngLat = z.tuple([Longitude, Latitude]);
export type LngLat = z.infer<typeof LngLat>;

/** ISO-8601 instant with offset, e.g. `2026-11-29T08:00:00Z`. */
export const Instant = z.iso.datetime({ offset: true });
export type Instant = z.infer<typeof Instant>;

/** Stable identifier: letters, digits, `-`, `_`, `:`, `.`; 1..64 characters. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'id may hold only letters, digits, "-", "_", ".", ":"');
export type Id = z.infer<typeof Id>;

/** GB/T 2260 administrative division code (6 digits), e.g. `140105` for 小店区. */
export const Adcode = z.string().regex(/^\d{6}$/, 'adcode must be 6 digits (GB/T 2260)');
export type Adcode = z.infer<typeof Adcode>;

export const NonNegativeInt = z.number().int().min(0);
