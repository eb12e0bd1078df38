import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { parseUntrustedJson } from '../../shared/util/protoKeys';
import type { StoreClient } from '../db/client';
import type { PushBus } from '../services/handlers';
import type { SyncFacade } from '../services/syncHandlers';
import { SyncEngine } from './engine';
import type { ConsultEvent } from '../../shared/consult/protocol';

export interface HubConfig {
  hubUrl: string;
  token: string;
}

const HubConfigFile = z.object({ hubUrl: z.string().url(), token: z.string().min(16).max(200) }).strict();

/**
 * Where the hub is: `--hub URL --token T` win and are remembered in `<data>/sync.json` (kept out
 * of settings.json, which the renderer sees, and readable by the owner only); without flags the
 * remembered ones are used. Returns null when no hub is configured (the app works alone).
 */
export function resolveHubConfig(
  dataDir: string,
  given: { url?: string | null; token?: string | null },
): HubConfig | null {
  const file = join(dataDir, 'sync.json');
  if (given.url || given.token) {
    if (!given.url || !given.token)
      throw new Error('--hub and --token go together: give both, or neither to use the remembered hub.');
    const parsed = HubConfigFile.safeParse({ hubUrl: given.url, token: given.token });
    if (!parsed.success)
      throw new Error(
        `--hub must be a URL such as http://10.0.0.5:5790 and --token the token the hub administrator gave you.`,
      );
    writeFileSync(`${file}.tmp`, JSON.stringify(parsed.data, null, 2), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    chmodSync(file, 0o600);
    return parsed.data;
  }
  if (!existsSync(file)) return null;
  try {
    return HubConfigFile.parse(parseUntrustedJson(readFileSync(file, 'utf8'), 'sync.json'));
  } catch (e) {
    throw new Error(
      `${file} could not be read (${(e as Error).message.split('\n')[0]}). Fix it, delete it, or start with --hub URL --token T.`,
    );
  }
}

export interface SyncLink {
  engine: SyncEngine;
  facade: SyncFacade;
  stop: () => Promise<void>;
}

/** Start the engine and connect it to the services: status and remote changes become push events. */
export async function startSyncLink(d: {
  store: StoreClient;
  bus: PushBus;
  config: HubConfig;
  log: (l: string) => void;
}): Promise<SyncLink> {
  const engine = new SyncEngine({
    store: d.store,
    hubUrl: d.config.hubUrl,
    token: d.config.token,
    log: d.log,
    onStatus: (s) => d.bus.push('sync:status', s),
    onChange: (entities) => d.bus.push('picture:changed', { entities: [...entities, 'sync'] }),
  });
  // Local commands announce themselves with picture:changed: push them to the hub right away.
  const onPush = (event: string, payload: { entities?: string[] }) => {
    if (event === 'picture:changed' && !payload.entities?.includes('sync')) engine.kick();
  };
  d.bus.on('push', onPush);
  // 调度会商: the hub's signalling events go to the renderer as they come (docs/consultation.md).
  engine.onHubEvent('consult:event', (ev) => d.bus.push('consult:event', ev as ConsultEvent));
  await engine.start();
  d.log(`[jinying] syncing with the hub at ${d.config.hubUrl}`);
  return {
    engine,
    facade: {
      status: () => engine.status(),
      syncNow: (ms) => engine.syncNow(ms),
      call: (event, payload) => engine.call(event, payload),
    },
    stop: async () => {
      d.bus.off('push', onPush);
      await engine.stop();
    },
  };
}
