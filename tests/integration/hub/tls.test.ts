import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../src/hub/server';
import { createToken } from '../../../src/hub/tokens';
import { expectConverged, startClient, type TestClient } from '../sync/support';
import { tempDir } from './support';

/** A CA, and a hub certificate for 127.0.0.1 it signed, made with the openssl CLI. */
function makeCa(dir: string, name: string): { caFile: string; ca: string; cert: string; key: string } {
  const f = (x: string) => join(dir, `${name}-${x}`);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    `/CN=${name} test CA`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  ssl('req', ...ec, '-keyout', f('hub.key'), '-out', f('hub.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(
    f('ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  ssl(
    'x509',
    '-req',
    '-in',
    f('hub.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('hub.pem'),
    '-days',
    '2',
    '-extfile',
    f('ext'),
  );
  return {
    caFile: f('ca.pem'),
    ca: readFileSync(f('ca.pem'), 'utf8'),
    cert: readFileSync(f('hub.pem'), 'utf8'),
    key: readFileSync(f('hub.key'), 'utf8'),
  };
}

describe('hub over TLS', () => {
  const t = tempDir('tls');
  let pki: ReturnType<typeof makeCa>;
  let foreign: ReturnType<typeof makeCa>;
  let hub: Hub;
  let token: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    pki = makeCa(t.dir, 'province');
    foreign = makeCa(t.dir, 'other');
    hub = await startHub({
      store: { sqlite: join(t.dir, 'hub.sqlite') },
      port: 0,
      tls: { cert: pki.cert, key: pki.key },
      log: () => undefined,
    });
    token = (await createToken(hub.store.tokens, { name: '值班员', role: 'duty-officer' })).token;
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await hub.close();
    t.cleanup();
  });

  it('serves wss: clients that trust the provincial CA sync', async () => {
    expect(hub.url).toMatch(/^https:\/\//);
    const a = await startClient('a', hub.url, token, { engine: { ca: pki.ca } });
    const b = await startClient(
      'b',
      hub.url,
      (await createToken(hub.store.tokens, { name: 'b', role: 'duty-officer' })).token,
      {
        engine: { ca: pki.ca },
      },
    );
    clients.push(a, b);
    await a.store.call('createIncident', {
      title: '加密链路',
      hazard: 'fire',
      level: 'IV',
      location: [112.5, 37.8],
    });
    await a.engine!.syncNow();
    await b.engine!.syncNow();
    await expectConverged([a, b], hub.store);
    expect(a.engine!.status().state).toBe('online');
  });

  for (const which of ['no CA given (only the system store)', 'another CA'] as const)
    it(`refuses a hub certificate it does not trust: ${which}`, async () => {
      const c = await startClient('x', hub.url, token, {
        engine: which === 'another CA' ? { ca: foreign.ca } : {},
      });
      clients.push(c);
      await expect.poll(() => c.engine!.status().error, { timeout: 20_000 }).toMatch(/^TLS: .*not trusted/);
      expect(c.engine!.status().state).toBe('error');
      // Nothing went over the link: the handshake never happened.
      expect((await c.store.call('syncState')).cursor).toBe(0);
    });
});
