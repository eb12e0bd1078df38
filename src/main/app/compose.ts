import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreClient } from '../db/client';
import { createHandlers, PushBus } from '../services/handlers';
import type { Handlers } from '../services/invoke';
import { SettingsFile } from '../services/settingsFile';
import { readScenarioFile } from '../services/scenarioFile';
import { createMapServices, type MapServices } from '../mappacks/service';
import type { AppInfo } from '../../shared/ipc';
import { rebaseScenarioTimes } from '../../shared/domain';
import { appRoot, demoScenarioPath } from './paths';
import { resolveHubConfig, startSyncLink } from '../sync/wire';

export interface AppOptions {
  /** Folder for the store, settings and imported packs. */
  dataDir: string;
  mode: AppInfo['mode'];
  /** A map pack folder to use (and remember) for this run. */
  mapPackDir?: string | null;
  /** A scenario to load into the store at start; without it an empty store gets the demo. */
  scenarioFile?: string | null;
  /** The provincial hub (`--hub URL --token T`); null/absent uses the one remembered in <data>/sync.json. */
  hub?: { url: string | null; token: string | null; ca?: string | null } | null;
  log?: (line: string) => void;
}

export interface AppRuntime {
  handlers: Handlers;
  bus: PushBus;
  store: StoreClient;
  /** Absolute path of a map pack file for `/packs/<id>/<file>`, or null. */
  packFile: (packId: string, file: string) => string | null;
  /** A map pack tile for `/packs/<id>/tiles/<z>/<x>/<y>` (web mode and app://), or null. */
  packTile: MapServices['packTile'];
  close: () => Promise<void>;
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The composition root: wires store, settings, map pack and services; owns the shutdown order. */
export async function startApp(opts: AppOptions): Promise<AppRuntime> {
  const log = opts.log ?? ((l: string) => console.log(l));
  mkdirSync(opts.dataDir, { recursive: true });
  const settings = new SettingsFile(opts.dataDir);
  if (settings.problem) log(`[jinying] ${settings.problem}`);
  const hubConfig = resolveHubConfig(opts.dataDir, opts.hub ?? {});
  const store = await StoreClient.open(join(opts.dataDir, 'jinying.sqlite'));
  try {
    if (opts.scenarioFile) {
      // Validated either way, so a bad file is reported; loaded only into an empty store, because
      // loading over a live picture would silently undo the changes made since.
      const scenario = readScenarioFile(opts.scenarioFile);
      if (await store.call('isEmpty')) {
        const counts = await store.call('importScenario', { scenario });
        log(`[jinying] loaded scenario ${opts.scenarioFile}: ${JSON.stringify(counts)}`);
      } else {
        log(
          `[jinying] ${opts.scenarioFile} was not loaded: the store in ${opts.dataDir} already holds a picture. ` +
            'To start from this scenario, give an empty folder with --data.',
        );
      }
    } else if (hubConfig) {
      // With a hub, the picture comes from the hub; a local demo would be records the hub does not know.
    } else if (await store.call('isEmpty')) {
      // The demo's clock is moved to now so that its fix ages and report times read as intended.
      const demo = rebaseScenarioTimes(readScenarioFile(demoScenarioPath()), Date.now());
      const counts = await store.call('importScenario', { scenario: demo });
      log(`[jinying] empty store: loaded the demo scenario ${JSON.stringify(counts)}`);
    }
  } catch (e) {
    await store.close();
    throw e;
  }

  const bus = new PushBus();
  // Map pack: the folder given now is imported into <data>/packs and used; else the one remembered.
  const maps = createMapServices({ dataDir: opts.dataDir, settings, bus, store, log });
  if (opts.mapPackDir) await maps.importAtStart(opts.mapPackDir);
  const sync = hubConfig ? await startSyncLink({ store, bus, config: hubConfig, log }) : null;
  const handlers = createHandlers({
    store,
    settings,
    bus,
    mode: opts.mode,
    version: appVersion(),
    maps,
    sync: sync?.facade ?? null,
  });
  return {
    handlers,
    bus,
    store,
    packFile: maps.packFile,
    packTile: maps.packTile,
    close: async () => {
      await sync?.stop();
      bus.removeAllListeners();
      await maps.close();
      await store.close();
    },
  };
}
