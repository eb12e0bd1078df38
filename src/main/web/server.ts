import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { MAX_REQUEST_BYTES } from '../../shared/ipc';
import type { AppRuntime } from '../app/compose';
import { invoke } from '../services/invoke';
import { rendererDir } from '../app/paths';
import { cspFor, safeJoin, sendFile } from './staticFiles';

export interface WebServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/**
 * Web mode: serves the built renderer and the same IPC contract over a websocket (socket.io),
 * so the UI runs in any browser against the main-process services running in plain Node.
 */
export async function startWebServer(app: AppRuntime, opts: { port: number; host?: string }): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const root = rendererDir();
  let origin = '';
  const http: HttpServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const security = { 'Content-Security-Policy': cspFor(origin), 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' };
    const m = /^\/packs\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (m) {
      const file = app.packFile(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
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
        .end(`The renderer is not built (${join(root, 'index.html')} is missing). Run "npm run build:renderer" and reload.`);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });

  const io = new IoServer(http, {
    maxHttpBufferSize: MAX_REQUEST_BYTES,
    serveClient: false,
    // Only pages served by this server may connect.
    allowRequest: (req, cb) => {
      const o = req.headers.origin;
      cb(null, o === undefined || o === origin || o === origin.replace('127.0.0.1', 'localhost'));
    },
  });
  io.on('connection', (socket) => {
    socket.on('invoke', async (channel: unknown, payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      ack(await invoke(app.handlers, channel, payload));
    });
  });
  const forward = (event: string, payload: unknown) => io.emit('push', event, payload);
  app.bus.on('push', forward);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
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
