import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { startWeb, SHANXI_PACK, type WebApp } from '../support/web';

let app: WebApp;
const sockets: Socket[] = [];

function connect(origin?: string): Socket {
  const s = io(app.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: origin ? { origin } : undefined,
  });
  sockets.push(s);
  return s;
}

const connected = (s: Socket) =>
  new Promise<'connected' | 'refused'>((resolve) => {
    s.once('connect', () => resolve('connected'));
    s.once('connect_error', () => resolve('refused'));
  });

const invoke = (s: Socket, channel: unknown, payload: unknown) =>
  new Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>((resolve) =>
    s.emit('invoke', channel, payload, resolve),
  );

beforeAll(async () => {
  app = await startWeb({ mapPack: SHANXI_PACK });
}, 60_000);
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await app?.stop();
});

describe('web mode: the contract over a websocket', () => {
  it('answers a page of its own origin', async () => {
    const s = connect(app.url.replace(/\/$/, ''));
    expect(await connected(s)).toBe('connected');
    const r = await invoke(s, 'app:info', {});
    expect(r.ok).toBe(true);
    expect(r.value).toMatchObject({ mode: 'web', mapPack: { name: expect.any(String) } });
  });

  it('refuses a connection from another origin (a web page elsewhere cannot drive it)', async () => {
    const s = connect('http://evil.example');
    expect(await connected(s)).toBe('refused');
  });

  it('refuses a client that sends no Origin, and the polling transport', async () => {
    expect(await connected(connect())).toBe('refused');
    const polling = io(app.url, {
      transports: ['polling'],
      reconnection: false,
      extraHeaders: { origin: app.url.replace(/\/$/, '') },
    });
    sockets.push(polling);
    expect(await connected(polling)).toBe('refused');
  });

  it('refuses a page reached through another host name (DNS rebinding)', async () => {
    const port = new URL(app.url).port;
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
    const s = connect(`http://evil.example:${port}`);
    expect(await connected(s)).toBe('refused');
  });

  it('answers hostile requests with named errors and stays up', async () => {
    const s = connect(app.url.replace(/\/$/, ''));
    await connected(s);
    expect(await invoke(s, 'db:drop', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(
      await invoke(s, 'incident:create', { title: 'x', hazard: 'meteor', level: 'II', location: [112, 37] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/hazard/) },
    });
    expect(
      await invoke(s, 'incident:create', { title: 'x', hazard: 'flood', level: 'II', location: [512, 37] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/location/) },
    });
    expect(await invoke(s, 'picture:get', null)).toMatchObject({ ok: true });
    // Oversized: the server drops that socket rather than buffering it…
    const big = connect(app.url.replace(/\/$/, ''));
    await connected(big);
    const gone = new Promise<string>((r) => big.once('disconnect', (reason) => r(reason)));
    big.emit('invoke', 'incident:create', { title: 'x'.repeat(3 * 1024 * 1024) }, () => undefined);
    expect(await gone).toBeTruthy();
    // …and everyone else carries on.
    const after = await invoke(s, 'picture:get', {});
    expect(after.ok).toBe(true);
  });

  it('a valid command reaches the store and is pushed to other pages', async () => {
    const a = connect(app.url.replace(/\/$/, ''));
    const b = connect(app.url.replace(/\/$/, ''));
    await Promise.all([connected(a), connected(b)]);
    const pushed = new Promise<unknown>((r) =>
      b.on('push', (event: string, payload: unknown) => event === 'picture:changed' && r(payload)),
    );
    expect(await invoke(a, 'duty:signIn', { name: '张伟', org: '省应急指挥中心' })).toMatchObject({
      ok: true,
      value: { name: '张伟', role: 'duty-officer' },
    });
    const r = await invoke(a, 'incident:create', {
      title: '测试',
      hazard: 'landslide',
      level: 'IV',
      location: [111.2, 37.5],
    });
    expect(r.ok).toBe(true);
    expect(await pushed).toEqual({ entities: ['incident', 'timeline'] });
    const p = (await invoke(b, 'picture:get', {})) as { value: { incidents: { title: string }[] } };
    expect(p.value.incidents.map((i) => i.title)).toContain('测试');
  });
});

describe('web mode: static files', () => {
  it('sends a deny-by-default CSP with the page', async () => {
    const res = await fetch(app.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(await res.text()).toMatch(/<div id="root">/);
  });

  it('never serves a file outside the renderer or the pack', async () => {
    for (const path of [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/packs/x/..%2f..%2fpackage.json',
      '/packs/nope/shanxi_points.geojson',
    ]) {
      const res = await fetch(new URL(path, app.url), { redirect: 'manual' });
      expect(res.status, path).toBe(404);
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(app.url, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
