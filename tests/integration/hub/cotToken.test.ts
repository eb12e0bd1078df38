import { afterEach, describe, expect, it } from 'vitest';
import { revokeToken } from '../../../src/hub/tokens';
import { connectCotTcp, positionCot, xmlMessage } from '../../support/cot';
import { DEVICE, startCotHub, unitAtHub, type CotHub } from './cotSupport';

/**
 * The CoT bridge runs under a hub token of its own (`--cot-token-file`): a hub refuses to start a
 * bridge whose token is unknown, revoked or of the wrong kind; revoking the token, or its expiry,
 * stops the bridge (devices disconnected, nothing more stored) while the hub keeps serving.
 */
let h: CotHub | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const poll = (fn: () => unknown, timeout = 10_000) => expect.poll(fn, { timeout, interval: 50 });

describe('CoT bridge: its own token', () => {
  it('writes under its token: revoking it stops the bridge at once, the hub keeps running', async () => {
    const logs: string[] = [];
    h = await startCotHub({}, (l) => logs.push(l));
    const hub = h.hub;
    const port = hub.cot!.ports().tcp!;
    const s = await connectCotTcp(port);
    await s.write(xmlMessage(await positionCot({ uid: DEVICE, lon: 112.5, lat: 37.8 })));
    await poll(() => unitAtHub(hub).position).toEqual([112.5, 37.8]);

    expect(await revokeToken(hub.store.tokens, h.bridgeToken.id)).toBe(true);
    await poll(() => hub.cot!.stats().stopped).toBe('its token was revoked');
    await s.closed; // the device was disconnected
    expect(logs.some((l) => l.includes('[cot] the bridge stops: its token was revoked'))).toBe(true);
    // Nothing more is heard: the port is closed.
    await expect(connectCotTcp(port)).rejects.toThrow();
    expect(unitAtHub(hub).position).toEqual([112.5, 37.8]);
    // The hub itself still answers.
    expect(hub.store.head().headSeq).toBeGreaterThan(0);
  }, 60_000);

  it('stops when its token expires', async () => {
    h = await startCotHub({}, undefined, { expiresInMs: 6_000 });
    expect(h.hub.cot!.stats().stopped).toBeNull();
    const s = await connectCotTcp(h.hub.cot!.ports().tcp!);
    await poll(() => h!.hub.cot!.stats().stopped, 20_000).toMatch(/^its token expired at /);
    await s.closed;
  }, 60_000);

  it('will not start with a token that is unknown, revoked, of a console or bound to a unit, and says why', async () => {
    const refused = (e: string) =>
      new RegExp(`the CoT bridge could not start: its token \\(--cot-token-file\\)${e}`);
    await expect(startCotHub({ token: 'jy_not-a-token' })).rejects.toThrow(
      refused(': no such token at this hub'),
    );
    await expect(startCotHub({}, undefined, { revoked: true })).rejects.toThrow(
      refused(': this token was revoked'),
    );
    await expect(startCotHub({}, undefined, { role: 'duty-officer' })).rejects.toThrow(
      refused(' is duty-officer \\(CoT 网关\\); the bridge writes as each device'),
    );
    await expect(startCotHub({}, undefined, { unitId: 'unit-fire-det-140100' })).rejects.toThrow(
      refused(' is field-commander of unit unit-fire-det-140100'),
    );
  }, 60_000);
});
