import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StoreClient } from '../db/client';
import { createHandlers, PushBus } from '../services/handlers';
import type { Handlers } from '../services/invoke';
import { SettingsFile } from '../services/settingsFile';
import { readScenarioFile } from '../services/scenarioFile';
import { describeMapPackFolder, packIdFor } from '../services/mapPackFolder';
import type { AppInfo, MapPackInfo } from '../../shared/ipc';
import { rebaseScenarioTimes } from '../../shared/domain';
import { appRoot, demoScenarioPath } from './paths';

export interface AppOptions {
  /** Folder for the store, settings and imported packs. */
  dataDir: string;
  mode: AppInfo['mode'];
  /** A map pack folder to use (and remember) for this run. */
  mapPackDir?: string | null;
  /** A scenario to load into the store at start; without it an empty store gets the demo. */
  scenarioFile?: string | null;
  log?: (line: string) => void;
}

export interface AppRuntime {
  handlers: Handlers;
  bus: PushBus;
  store: StoreClient;
  /** Absolute path of a map pack file for `/packs/<id>/<file>`, or null. */
  packFile: (packId: string, file: string) => string | null;
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
  const store = await StoreClient.open(join(opts.dataDir, 'jinying.sqlite'));
  try {
    if (opts.scenarioFile) {
      const counts = await store.call('importScenario', { scenario: readScenarioFile(opts.scenarioFile) });
      log(`[jinying] loaded scenario ${opts.scenarioFile}: ${JSON.stringify(counts)}`);
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

  // Map pack: the folder given now, else the one remembered in settings.
  const packsFile = join(opts.dataDir, 'packs.json');
  const knownPacks: Record<string, string> = readJsonOr(packsFile, {});
  let pack: { info: MapPackInfo | null; problem: string | null } = { info: null, problem: null };
  const useFolder = (dir: string) => {
    try {
      const info = describeMapPackFolder(dir, packIdFor(dir));
      knownPacks[info.id] = resolve(dir);
      writeJson(packsFile, knownPacks);
      settings.update({ mapPackId: info.id });
      pack = { info, problem: null };
    } catch (e) {
      pack = { info: null, problem: (e as Error).message };
      log(`[jinying] map pack not used: ${(e as Error).message}`);
    }
  };
  const rememberedId = settings.get().mapPackId;
  if (opts.mapPackDir) useFolder(opts.mapPackDir);
  else if (rememberedId && knownPacks[rememberedId]) useFolder(knownPacks[rememberedId]);

  const bus = new PushBus();
  const handlers = createHandlers({
    store,
    settings,
    bus,
    mode: opts.mode,
    version: appVersion(),
    mapPack: () => pack,
  });
  return {
    handlers,
    bus,
    store,
    packFile: (packId, file) => {
      const info = pack.info;
      if (!info || info.id !== packId) return null;
      const layer = info.layers.find((l) => l.file === file);
      const dir = knownPacks[packId];
      return layer && dir ? join(dir, layer.file) : null;
    },
    close: async () => {
      bus.removeAllListeners();
      await store.close();
    },
  };
}

function readJsonOr<T>(file: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

function writeJson(file: string, v: unknown): void {
  // Small file, written whole; a torn write only loses the remembered pack list.
  writeFileSync(file, JSON.stringify(v, null, 2));
}
