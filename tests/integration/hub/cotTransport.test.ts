import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestNetwork, type TestNetwork } from '../../support/janus';
import { REPO_ROOT, tempDir } from '../../support/tmp';
import { connectCotTls, makeTestCa, positionCot, xmlMessage } from '../../support/cot';
import { DEVICE, startCotHub, unitAtHub, type CotHub } from './cotSupport';

/**
 * The bridge's other two transports, for real: TLS with client certificates from a test CA made
 * by openssl (a device with a certificate from that CA is heard; one without, or with another
 * CA's, is refused at the handshake), and SA multicast (239.2.3.1:6969) inside a network namespace
 * the test creates, with a device in the namespace sending XML and TAK protocol datagrams.
 */
const stops: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
});

describe('CoT bridge transports', () => {
  it('TLS: a device with a client certificate from the configured CA moves its unit; others are refused', async () => {
    const t = tempDir('cot-ca-');
    stops.push(t.cleanup);
    const ca = makeTestCa(t.dir);
    const h: CotHub = await startCotHub({
      tcpPort: null,
      tls: { port: 0, cert: ca.serverCert, key: ca.serverKey, ca: ca.ca },
    });
    stops.push(h.stop);
    const port = h.hub.cot!.ports().tls!;
    const refusedTls = () => h.hub.cot!.stats().refused.tls ?? 0;

    for (const [who, opts] of [
      ['no certificate', { ca: ca.ca }],
      ['another CA', { ca: ca.ca, cert: ca.strangerCert, key: ca.strangerKey }],
    ] as const) {
      const before = refusedTls();
      // TLS 1.3: the client may finish its side before the bridge checks its certificate.
      const s = await connectCotTls(port, opts).catch(() => null);
      if (s) {
        await s
          .write(xmlMessage(await positionCot({ uid: DEVICE, lon: 111.1, lat: 36.1 })))
          .catch(() => undefined);
        await s.closed;
      }
      await expect.poll(refusedTls, { timeout: 10_000 }).toBe(before + 1);
      expect(unitAtHub(h.hub).position, who).not.toEqual([111.1, 36.1]);
    }

    const s = await connectCotTls(port, { ca: ca.ca, cert: ca.clientCert, key: ca.clientKey });
    await s.write(xmlMessage(await positionCot({ uid: DEVICE, lon: 112.21, lat: 37.31 })));
    await expect.poll(() => unitAtHub(h.hub).position, { timeout: 10_000 }).toEqual([112.21, 37.31]);
    // The bridge sends the picture back over the same TLS stream.
    await expect.poll(() => s.events().length, { timeout: 10_000 }).toBeGreaterThan(100);
    s.end();
  }, 60_000);

  it('multicast: SA datagrams from a device in a network namespace, XML and protobuf, move its unit', async () => {
    const net: TestNetwork = createTestNetwork();
    stops.push(() => net.remove());
    const h = await startCotHub({
      tcpPort: null,
      multicast: { group: '239.2.3.1', port: 6969, iface: net.hostIp },
    });
    stops.push(h.stop);
    const send = (mode: 'xml' | 'proto', lon: number, lat: number) =>
      execFileSync(
        'ip',
        [
          'netns',
          'exec',
          net.ns,
          process.execPath,
          '--import',
          'tsx',
          join(REPO_ROOT, 'tests/support/cotMeshSend.ts'),
          net.nsIp,
          '239.2.3.1',
          '6969',
          DEVICE,
          mode,
          String(lon),
          String(lat),
        ],
        { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
      );
    send('xml', 112.41, 37.51);
    await expect.poll(() => unitAtHub(h.hub).position, { timeout: 10_000 }).toEqual([112.41, 37.51]);
    send('proto', 112.42, 37.52);
    await expect.poll(() => unitAtHub(h.hub).position, { timeout: 10_000 }).toEqual([112.42, 37.52]);
    expect(h.hub.cot!.stats().tracks).toBe(2);
  }, 90_000);
});
