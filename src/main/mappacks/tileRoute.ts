import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { PackTile } from './registry';

const gunzipAsync = promisify(gunzip);

/** Where a pack's tiles are looked up: the pack in the app (`MapServices.packTile`) or a store. */
export type TileLookup = (packId: string, z: number, x: number, y: number) => Promise<PackTile | null>;

/** What a transport sends for a tile request: status, headers and body (null: none). */
export interface TileResponse {
  status: 200 | 204 | 400 | 404 | 500;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

/** The tile route both transports serve (docs/map-packs.md): `/packs/<id>/tiles/<z>/<x>/<y>`. */
export const TILE_ROUTE = '/packs/<id>/tiles/<z>/<x>/<y>';
/** Any path under a pack's `tiles/`: claimed by the tile route, even when malformed. */
const UNDER_TILES = /^\/packs\/([^/]*)\/tiles\/(.*)$/;
const PACK_ID = /^[A-Za-z0-9_-]{1,100}$/;
const ZXY = /^(\d{1,2})\/(\d{1,10})\/(\d{1,10})$/;
/** The deepest zoom a tile address may name (the readers' limit; stored packs stop at 24). */
const MAX_ZOOM = 30;

/** Whether a path is the tile route's (`/packs/<id>/tiles/…`), well formed or not. */
export function isTilePath(pathname: string): boolean {
  return UNDER_TILES.test(pathname);
}

const text = (status: TileResponse['status'], message: string): TileResponse => {
  const body = Buffer.from(message, 'utf8');
  return {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(body.length),
      'X-Content-Type-Options': 'nosniff',
    },
    body,
  };
};

/**
 * One map-pack tile request, for both transports (web mode's HTTP server and the desktop's
 * `app://` protocol), so the route, its status codes and its headers are defined once:
 *
 * - null: not a tile path (`/packs/<id>/tiles/…`); the caller goes on with its other routes;
 * - 400: a malformed address (not three whole numbers, or a zoom beyond 30);
 * - 404: no such pack, or the pack has no tile file;
 * - 204: the pack has no tile there (what MapLibre expects for a hole, or outside the pyramid);
 * - 200: the tile, with its content type, and `Content-Encoding: gzip` when the stored tile is
 *   gzip'd and `decodeGzip` is false; with `decodeGzip` (a transport whose client does not
 *   content-decode, as Electron's custom protocols) it is unpacked here, on libuv's thread pool;
 * - 500: the tile file could not be read.
 *
 * Security headers of the transport (CSP and the like) are the caller's to add.
 */
export async function resolveTileRequest(
  pathname: string,
  lookup: TileLookup,
  opts: { decodeGzip: boolean },
): Promise<TileResponse | null> {
  const route = UNDER_TILES.exec(pathname);
  if (!route) return null;
  const [, id, rest] = route as unknown as [string, string, string];
  // An id the store could never have made (escapes, dots) names no pack.
  if (!PACK_ID.test(id)) return text(404, `There is no map pack "${id}" with tiles.`);
  const zxy = ZXY.exec(rest);
  const z = zxy ? Number(zxy[1]) : NaN;
  if (!zxy || z > MAX_ZOOM) {
    return text(
      400,
      `"${pathname}" is not a tile address: expected ${TILE_ROUTE} with whole numbers and a zoom from 0 to ${MAX_ZOOM}.`,
    );
  }
  try {
    const tile = await lookup(id, z, Number(zxy[2]), Number(zxy[3]));
    if (!tile) return text(404, `There is no map pack "${id}" with tiles.`);
    if (!tile.data)
      return {
        status: 204,
        headers: { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' },
        body: null,
      };
    const decode = tile.encoding === 'gzip' && opts.decodeGzip;
    const body = decode ? await gunzipAsync(tile.data) : tile.data;
    return {
      status: 200,
      headers: {
        'Content-Type': tile.contentType,
        ...(tile.encoding && !decode ? { 'Content-Encoding': tile.encoding } : {}),
        'Content-Length': String(body.length),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
      body,
    };
  } catch {
    // No internals (paths, SQLite messages) to a page; the app logs them (service.ts).
    return text(
      500,
      `Tile ${z}/${zxy[2]}/${zxy[3]} of map pack "${id}" could not be read. Remove the pack and import it again.`,
    );
  }
}
