import { describe, expect, it } from 'vitest';
import { invoke, type Handlers } from '../../../../src/main/services/invoke';
import { MAX_REQUEST_BYTES } from '../../../../src/shared/ipc';
import { CodedError } from '../../../../src/shared/ipc/errors';

// Real handler functions that record what reached them; no transport involved.
const seen: unknown[] = [];
const handlers = {
  'incident:acknowledge': async (req: unknown) => {
    seen.push(req);
    return { acknowledged: true };
  },
  'incident:setStatus': async () => {
    throw new CodedError('STATUS_BACKWARDS', 'Incident status only moves forward.');
  },
  'unit:setStatus': async () => {
    throw new Error('disk on fire');
  },
} as unknown as Handlers;

describe('invoke: the one entry point of both transports', () => {
  it('passes a valid request to its handler', async () => {
    const r = await invoke(handlers, 'incident:acknowledge', { id: 'inc-1' });
    expect(r).toEqual({ ok: true, value: { acknowledged: true } });
    expect(seen.at(-1)).toEqual({ id: 'inc-1' });
  });

  it('refuses an unknown channel', async () => {
    const r = await invoke(handlers, '__proto__', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await invoke(handlers, 42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses a malformed request, naming the field, without calling the handler', async () => {
    const n = seen.length;
    const r = await invoke(handlers, 'incident:acknowledge', { id: 'bad id with spaces' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(!r.ok && r.error.message).toMatch(/at id/);
    expect(await invoke(handlers, 'incident:acknowledge', { id: 'a', extra: 1 })).toMatchObject({
      ok: false,
    });
    expect(await invoke(handlers, 'incident:acknowledge', 'string')).toMatchObject({ ok: false });
    expect(seen.length).toBe(n);
  });

  it('refuses a prototype key at any depth, naming its path, before the schema or the handler sees it', async () => {
    const n = seen.length;
    // As the web-mode socket delivers it: JSON.parse keeps "__proto__" as an own key.
    const top = await invoke(
      handlers,
      'incident:acknowledge',
      JSON.parse('{"id": "inc-1", "__proto__": {"polluted": true}}'),
    );
    expect(top).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', params: { path: '__proto__' } },
    });
    expect(!top.ok && top.error.message).toBe(
      'Invalid incident:acknowledge request: __proto__: keys named __proto__, constructor or prototype are not allowed.',
    );
    const deep = await invoke(
      handlers,
      'incident:acknowledge',
      JSON.parse('{"id": "inc-1", "x": [{"constructor": {"prototype": {}}}]}'),
    );
    expect(deep).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', params: { path: 'x[0].constructor' } },
    });
    expect(seen.length).toBe(n);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an oversized request', async () => {
    const r = await invoke(handlers, 'incident:acknowledge', { id: 'x'.repeat(MAX_REQUEST_BYTES + 10) });
    expect(r).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
  });

  it('returns a coded failure as is and hides an unexpected one behind INTERNAL', async () => {
    expect(await invoke(handlers, 'incident:setStatus', { id: 'a', status: 'closed' })).toEqual({
      ok: false,
      error: { code: 'STATUS_BACKWARDS', message: 'Incident status only moves forward.' },
    });
    const r = await invoke(handlers, 'unit:setStatus', { id: 'a', status: 'available' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(!r.ok && r.error.message).not.toMatch(/disk on fire/);
  });
});

describe('web mode host check', async () => {
  const { hostAllowed, isLoopback } = await import('../../../../src/main/web/server');
  it('knows a client on this machine from one elsewhere', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.7')).toBe(false);
    expect(isLoopback('::ffff:192.168.1.4')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
  it('accepts this server by IP literal, localhost or the configured host, on its port only', () => {
    expect(hostAllowed('127.0.0.1:5780', '127.0.0.1', 5780)).toBe(true);
    expect(hostAllowed('localhost:5780', '127.0.0.1', 5780)).toBe(true);
    expect(hostAllowed('[::1]:5780', '127.0.0.1', 5780)).toBe(true);
    expect(hostAllowed('10.1.2.3:5780', '0.0.0.0', 5780)).toBe(true);
    expect(hostAllowed('wall.local:5780', 'wall.local', 5780)).toBe(true);
  });
  it('refuses other names, other ports and garbage', () => {
    expect(hostAllowed('evil.example:5780', '127.0.0.1', 5780)).toBe(false);
    expect(hostAllowed('127.0.0.1:5781', '127.0.0.1', 5780)).toBe(false);
    expect(hostAllowed(undefined, '127.0.0.1', 5780)).toBe(false);
    expect(hostAllowed('a b', '127.0.0.1', 5780)).toBe(false);
  });
});

describe('invoke: what the renderer words an error with', () => {
  it('names the invalid field and the sizes in params, and passes a handler’s params through', async () => {
    const bad = await invoke(handlers, 'incident:acknowledge', { id: 'bad id with spaces' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', params: { path: 'id' } } });
    const big = await invoke(handlers, 'incident:acknowledge', { id: 'x'.repeat(MAX_REQUEST_BYTES + 10) });
    expect(big).toMatchObject({
      ok: false,
      error: { code: 'TOO_LARGE', params: { limitKb: Math.floor(MAX_REQUEST_BYTES / 1024) } },
    });
    const withParams = {
      'incident:setStatus': async () => {
        throw new CodedError('STATUS_BACKWARDS', 'Incident status only moves forward.', {
          from: 'contained',
          to: 'reported',
        });
      },
    } as unknown as Handlers;
    expect(await invoke(withParams, 'incident:setStatus', { id: 'inc-1', status: 'reported' })).toEqual({
      ok: false,
      error: {
        code: 'STATUS_BACKWARDS',
        message: 'Incident status only moves forward.',
        params: { from: 'contained', to: 'reported' },
      },
    });
  });

  it('reports a store failure with a code this version does not list as STORE_FAILED, keeping its message', async () => {
    const storeFails = {
      'incident:acknowledge': async () => {
        throw new CodedError(
          'SQLITE_FULL_SOMETHING',
          'The local store could not complete this (SQLITE_FULL).',
        );
      },
    } as unknown as Handlers;
    expect(await invoke(storeFails, 'incident:acknowledge', { id: 'inc-1' })).toMatchObject({
      ok: false,
      error: { code: 'STORE_FAILED', message: 'The local store could not complete this (SQLITE_FULL).' },
    });
  });
});
