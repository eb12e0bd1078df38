/**
 * What the consultation browser tests share: Chromium's fake camera and microphone, the link policy's
 * round-trip limits for a loaded test machine, and a web-mode console for a named person of a role
 * on a test hub (its own store, a hub token carrying the person's name).
 */
import { ConsultConfig } from '../../src/hub/consult/config';
import { readScenarioFile } from '../../src/main/services/scenarioFile';
import { scenarioRecords } from '../../src/shared/sync/entities';
import { startTestHub } from '../integration/hub/support';
import type { TurnServer } from './coturn';
import type { JanusServer } from './janus';
import { DEMO_SCENARIO } from './tmp';
import { startWeb, type WebApp } from './web';

/** Chromium flags: fake media devices, no permission prompt, loopback peer connections, autoplay. */
export const MEDIA_FLAGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * The link policy with the round trip left out (its limits are unit-tested): on a loaded 2-core
 * machine the browsers' and Janus's scheduling delays read as seconds of round trip on a veth,
 * which must not switch cameras off in a test about cameras or about the path the test impairs.
 */
export const LOADED_MACHINE_LINK = { video: { maxRttMs: 30_000 }, audio: { maxRttMs: 60_000 } };

type TestHub = Awaited<ReturnType<typeof startTestHub>>;

/** A web-mode console signed in to `hub` as `name` (role `role`, of the provincial centre). */
export async function startConsole(
  hub: TestHub,
  name: string,
  role: Parameters<TestHub['token']>[0],
  timeoutMs = 90_000,
): Promise<WebApp> {
  const token = await hub.token(role, undefined, { name, org: '省应急指挥中心' });
  return startWeb({ timeoutMs, args: ['--hub', hub.url, '--token', token] });
}

/**
 * A test hub for calls through Janus: the consultation configuration pointing at `janus` and at a
 * TURN server (`turnUrl`, default coturn's own; a relay in front of it where the path is impaired),
 * the loaded-machine link limits, and the demo scenario seeded.
 */
export async function startConsultHub(
  janus: JanusServer,
  turn: TurnServer,
  opts: { log: (l: string) => void; turnUrl?: string },
): Promise<TestHub> {
  const hub = await startTestHub({
    log: opts.log,
    consult: ConsultConfig.parse({
      janus: { apiUrl: janus.apiUrl, adminKey: janus.adminKey },
      turn: { urls: [opts.turnUrl ?? turn.url], secret: turn.secret, ttlSeconds: 600 },
      link: LOADED_MACHINE_LINK,
    }),
  });
  await hub.store.seed(scenarioRecords(readScenarioFile(DEMO_SCENARIO)));
  return hub;
}
