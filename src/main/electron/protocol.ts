import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_CSP, APP_HOST, APP_SCHEME } from './policy';
import { contentType, safeJoin } from '../app/staticFiles';
import type { AppRuntime } from '../app/compose';
import { resolveTileRequest } from '../mappacks/tileRoute';

/** Must run before app 'ready': app:// behaves like a secure standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false },
    },
  ]);
}

/** Serve the bundled renderer and the current map pack at app://jinying/ (same paths as web mode). */
export function serveAppProtocol(
  rendererDir: string,
  packFile: AppRuntime['packFile'],
  packTile: AppRuntime['packTile'],
): void {
  protocol.handle(APP_SCHEME, async (req) => {
    const url = new URL(req.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    // The same tile route as web mode (mappacks/tileRoute.ts). A custom protocol's body is not
    // content-decoded by Chromium, so a gzip'd vector tile is unpacked there.
    const tile = await resolveTileRequest(url.pathname, packTile, { decodeGzip: true });
    if (tile)
      return new Response(tile.body && new Uint8Array(tile.body), {
        status: tile.status,
        headers: tile.headers,
      });
    const m = /^\/packs\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const file = m
      ? packFile(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!))
      : safeJoin(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': contentType(file),
          'Content-Security-Policy': APP_CSP,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
