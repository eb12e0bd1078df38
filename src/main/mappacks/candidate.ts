/**
 * What an import works on, whichever container the pack came in: its files in memory, the
 * user's options, and the limits that keep a hostile or mistaken archive from filling the disk
 * or memory (docs/map-packs.md).
 */

/** Limits that keep a hostile or mistaken archive from filling the disk or memory. */
export const PACK_LIMITS = {
  maxFiles: 64,
  maxFileBytes: 200 * 1024 * 1024,
  maxTotalBytes: 400 * 1024 * 1024,
};
/** Text files kept beside the layers so the provenance travels with the pack. */
export const KEPT_TEXT = /^(sources|readme|licen[cs]e|notice|attribution)(\.(md|txt))?$/i;
export const TILE_FORMATS = /\.(pmtiles|mbtiles)$/i;

export interface ImportOptions {
  /** Attribution typed by the user, for packs that carry none. */
  attribution?: string | undefined;
  name?: string | undefined;
}

/** Files of a pack candidate, whichever container it came in. */
export type PackFiles = Map<string, Uint8Array>;
