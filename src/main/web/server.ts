import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { isIP, type AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { err, MAX_REQUEST_BYTES } from '../../shared/ipc';
import type { AppRuntime } from '../app/compose';
import { invoke } from '../services/invoke';
import { rendererDir } from '../app/paths';
import { cspFor, safeJoin, sendFile } from '../app/staticFiles';
import { isTilePath, resolveTileRequest } from '../mappacks/tileRoute';

export interface WebServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/**
 * Web mode: serves the built renderer and the same IPC contract over a websocket (socket.io),
 * so the UI runs in any browser against the main-process services running in plain Node.
 */
export async function startWebServer(
  app: AppRuntime,
  opts: { port: number; host?: string },
): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const root = rendererDir();
  let origin = '';
  let port = 0;
  const http: HttpServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!hostAllowed(req.headers.host, host, port)) {
      res
        .writeHead(421, { 'Content-Type': 'text/plain' })
        .end('misdirected request: use the address Jinying printed');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const security = {
      'Content-Security-Policy': cspFor(origin),
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    };
    // A map pack tile (mappacks/tileRoute.ts, the same route as the desktop's app://).
    if (isTilePath(url.pathname)) {
      resolveTileRequest(url.pathname, app.packTile, { decodeGzip: false }).then(
        (tile) => {
          if (!tile) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
          // Sent as stored: a gzip'd vector tile goes with Content-Encoding: gzip, the browser unpacks it.
          res.writeHead(tile.status, { ...security, ...tile.headers });
          res.end(req.method === 'HEAD' || !tile.body ? undefined : tile.body);
        },
        () => void res.writeHead(500, { 'Content-Type': 'text/plain' }).end('tile unreadable'),
      );
      return;
    }
    const m = /^\/packs\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (m) {
      let file: string | null = null;
      try {
        file = app.packFile(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      } catch {
        // A malformed %-escape: no such file (a throw here would end the whole server).
      }
      if (file && sendFile(req, res, file, security)) return;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such map pack file');
      return;
    }
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = safeJoin(root, path);
    if (file && sendFile(req, res, file, security)) return;
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res
        .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end(
          `The renderer is not built (${join(root, 'index.html')} is missing). Run "npm run build:renderer" and reload.`,
        );
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });

  const io = new IoServer(http, {
    maxHttpBufferSize: MAX_REQUEST_BYTES,
    serveClient: false,
    // WebSocket only: browsers always send Origin on a websocket handshake, and there are no
    // later polling requests that would escape this check.
    transports: ['websocket'],
    // Only pages served by this server may connect: the Host must be one of ours (an IP literal,
    // localhost or the configured host, which defeats DNS rebinding) and the Origin must match it.
    allowRequest: (req, cb) => {
      const h = req.headers.host;
      cb(null, hostAllowed(h, host, port) && req.headers.origin === `http://${h}`);
    },
  });
  io.on('connection', (socket) => {
    const fromThisMachine = isLoopback(socket.handshake.address);
    socket.on('invoke', async (channel: unknown, payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      if (LOCAL_ONLY_CHANNELS.has(String(channel)) && !fromThisMachine) {
        ack(
          err(
            'FORBIDDEN',
            'A map pack can be imported from a path only on the machine running Jinying. Upload it as a .zip instead, or import it there.',
            { variant: 'remotePath' },
          ),
        );
        return;
      }
      ack(await invoke(app.handlers, channel, payload));
    });
  });
  const forward = (event: string, payload: unknown) => io.emit('push', event, payload);
  app.bus.on('push', forward);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, host, () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  origin = `http://${host}:${port}`;
  return {
    url: `${origin}/`,
    port,
    close: async () => {
      app.bus.off('push', forward);
      await new Promise<void>((r) => io.close(() => r()));
      http.closeAllConnections?.();
    },
  };
}

/**
 * Channels that name files on the server machine: served only to pages on that machine (a wall
 * display or consultation viewer elsewhere on the network must not read the server's files).
 */
const LOCAL_ONLY_CHANNELS = new Set(['mappack:import']);

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || a.startsWith('127.');
}

/**
 * Whether a request's Host header names this server: the right port, and a host name that is an
 * IP literal, `localhost`, or the host it was started with. A DNS name pointing here from elsewhere
 * (DNS rebinding) is refused.
 */
export function hostAllowed(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (!hostHeader) return false;
  let u: URL;
  try {
    u = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  if (Number(u.port || 80) !== port) return false;
  const name = u.hostname.replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === boundHost || isIP(name) !== 0;
}
