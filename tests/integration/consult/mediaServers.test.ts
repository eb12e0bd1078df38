/**
 * The media test servers themselves (tests/support/janus.ts, coturn.ts): Janus answers in its own
 * namespace with only the two plugins we use, refuses room creation without the admin key, and
 * everything (process, namespace, veth) is gone after close.
 */
import { execFileSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTurn, type TurnServer } from '../../support/coturn';
import { startJanus, type JanusServer } from '../../support/janus';

const post = async (url: string, body: object) =>
  (await (await fetch(url, { method: 'POST', body: JSON.stringify(body) })).json()) as Json;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Janus's replies, read field by field
type Json = any;
const tx = () => Math.random().toString(36).slice(2);

describe('test media servers', () => {
  let janus: JanusServer;
  let turn: TurnServer;
  beforeAll(async () => {
    janus = await startJanus();
    turn = await startTurn(janus.net.hostIp);
  }, 40_000);
  afterAll(async () => {
    await turn?.close();
    await janus?.close();
  });

  it('runs Janus on the veth address with only VideoRoom and AudioBridge over HTTP', async () => {
    const info = (await (await fetch(`${janus.apiUrl}/info`)).json()) as Json;
    expect(info.version_string).toBe('1.1.2');
    expect(Object.keys(info.plugins).sort()).toEqual(['janus.plugin.audiobridge', 'janus.plugin.videoroom']);
    expect(Object.keys(info.transports)).toEqual(['janus.transport.http']);
    expect(janus.apiUrl).toContain(janus.net.nsIp);
  });

  it('refuses to create a room without the admin key, and creates one with it', async () => {
    const session = (await post(janus.apiUrl, { janus: 'create', transaction: tx() })).data.id as number;
    const handle = (
      await post(`${janus.apiUrl}/${session}`, {
        janus: 'attach',
        plugin: 'janus.plugin.videoroom',
        transaction: tx(),
      })
    ).data.id as number;
    const create = (extra: object) =>
      post(`${janus.apiUrl}/${session}/${handle}`, {
        janus: 'message',
        transaction: tx(),
        body: { request: 'create', room: 4242, publishers: 20, ...extra },
      });
    const missing = await create({});
    expect(missing.plugindata.data.error).toMatch(/admin_key/);
    const wrong = await create({ admin_key: 'not-the-key' });
    expect(wrong.plugindata.data.error_code).toBe(433); // JANUS_VIDEOROOM_ERROR_UNAUTHORIZED
    const created = await create({ admin_key: janus.adminKey });
    expect(created.plugindata.data.videoroom).toBe('created');
  });

  it('has coturn listening for TURN over TCP on the host end', async () => {
    const [host, port] = turn.url.replace('turn:', '').replace('?transport=tcp', '').split(':');
    await new Promise<void>((resolve, reject) => {
      const s = createConnection({ host: host!, port: Number(port) }, () => (s.destroy(), resolve()));
      s.once('error', reject);
    });
  });

  it('removes the process, namespace and veth on close', async () => {
    const j = await startJanus();
    await j.close();
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(j.net.ns);
    expect(execFileSync('ip', ['-br', 'link'], { encoding: 'utf8' })).not.toContain(
      `jyh${j.net.hostIp.split('.')[2]}`,
    );
    // (No request to the removed address afterwards: outside our namespace it would leave the machine.)
  }, 40_000);
});
