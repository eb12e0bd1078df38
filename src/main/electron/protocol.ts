import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
import { APP_CSP, APP_HOST, APP_SCHEME } from './policy';
import { contentType, safeJoin } from '../app/staticFiles';
import type { AppRuntime } from '../app/compose';

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
    const t = /^\/packs\/([A-Za-z0-9_-]{1,100})\/tiles\/(\d{1,2})\/(\d{1,9})\/(\d{1,9})$/.exec(url.pathname);
    if (t) {
      // The same tiles as web mode's route. A custom protocol's body is not content-decoded by
      // Chromium, so a gzip'd vector tile is unpacked here.
      try {
        const tile = await packTile(t[1]!, Number(t[2]), Number(t[3]), Number(t[4]));
        if (!tile) return new Response('not found', { status: 404 });
        if (!tile.data) return new Response(null, { status: 204 });
        // Unpacked on libuv's thread pool, not on the main thread.
        const body = tile.encoding === 'gzip' ? await gunzipAsync(tile.data) : tile.data;
        return new Response(new Uint8Array(body), {
          headers: { 'Content-Type': tile.contentType, 'X-Content-Type-Options': 'nosniff' },
        });
      } catch {
        return new Response('tile unreadable', { status: 500 });
      }
    }
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

export const rendererEntry = (dir: string) => join(dir, 'index.html');
