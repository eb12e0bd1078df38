import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { parseUntrustedJson } from '../../shared/util/protoKeys';
import type { StoreClient } from '../db/client';
import type { PushBus } from '../services/handlers';
import type { SyncFacade } from '../services/syncHandlers';
import { SyncEngine } from './engine';
import type { ConsultEvent } from '../../shared/consult/protocol';
import type { ShareEvent } from '../../shared/consult/share';

export interface HubConfig {
  /** The first hub address (kept for older sync.json readers). */
  hubUrl: string;
  /** Every node of the hub, in the order tried (docs/hub-operations.md, "Several nodes"). */
  hubUrls?: string[];
  token: string;
  /** A PEM file of the CA(s) to trust for an https hub (a provincial PKI), besides the system's. */
  caFile?: string;
}

const HubUrl = z
  .string()
  .url()
  .refine((u) => /^(https?|wss?):\/\//.test(u), 'must start with http://, https://, ws:// or wss://');
const HubConfigFile = z
  .object({
    hubUrl: HubUrl,
    hubUrls: z.array(HubUrl).min(1).max(16).optional(),
    token: z.string().min(16).max(200),
    caFile: z.string().min(1).max(4096).optional(),
  })
  .strict();

/** The hub addresses of a config. */
export const hubUrlsOf = (c: HubConfig): string[] => (c.hubUrls?.length ? c.hubUrls : [c.hubUrl]);

/** The CA file's PEM text, or null; a file that cannot be read is an error saying so. */
export function readHubCa(c: HubConfig): string | null {
  if (!c.caFile) return null;
  try {
    return readFileSync(c.caFile, 'utf8');
  } catch (e) {
    throw new Error(
      `the hub CA file ${c.caFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); fix the path given with --hub-ca.`,
    );
  }
}

/**
 * Where the hub is: `--hub URL --token T` win and are remembered in `<data>/sync.json` (kept out
 * of settings.json, which the renderer sees, and readable by the owner only); without flags the
 * remembered ones are used. Returns null when no hub is configured (the app works alone).
 */
export function resolveHubConfig(
  dataDir: string,
  given: { url?: string | null; token?: string | null; ca?: string | null },
): HubConfig | null {
  const file = join(dataDir, 'sync.json');
  if (given.url || given.token) {
    if (!given.url || !given.token)
      throw new Error('--hub and --token go together: give both, or neither to use the remembered hub.');
    // Several nodes: --hub https://a:5790,https://b:5790 (tried in that order).
    const urls = given.url
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    const parsed = HubConfigFile.safeParse({
      hubUrl: urls[0],
      ...(urls.length > 1 ? { hubUrls: urls } : {}),
      token: given.token,
      ...(given.ca ? { caFile: given.ca } : {}),
    });
    if (!parsed.success)
      throw new Error(
        `--hub must be a URL such as https://10.0.0.5:5790 (or several, separated by commas) and --token the token the hub administrator gave you.`,
      );
    readHubCa(parsed.data);
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
    hubUrls: hubUrlsOf(d.config),
    ca: readHubCa(d.config),
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
  engine.onHubEvent('consult:shared', (ev) => d.bus.push('consult:shared', ev as ShareEvent));
  await engine.start();
  d.log(`[jinying] syncing with the hub at ${hubUrlsOf(d.config).join(', ')}`);
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
