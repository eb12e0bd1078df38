import { EventEmitter } from 'node:events';
import type { StoreClient } from '../db/client';
import type { AppInfo, PushEvent, PushPayloads } from '../../shared/ipc';
import type { Handlers } from './invoke';
import type { SettingsFile } from './settingsFile';
import { recommendForIncident } from './dispatch';
import type { MapServices } from './mapPacksService';
import { createSyncHandlers, type SyncFacade } from './syncHandlers';

/** Pushes to every connected renderer; transports subscribe. */
export class PushBus extends EventEmitter {
  push<E extends PushEvent>(event: E, payload: PushPayloads[E]): void {
    this.emit('push', event, payload);
  }
}

export interface ServiceDeps {
  store: StoreClient;
  settings: SettingsFile;
  bus: PushBus;
  mode: AppInfo['mode'];
  version: string;
  /** Map packs, reach and coverage (src/main/services/mapPacksService.ts). */
  maps: MapServices;
  /** The hub link (src/main/sync), or null when no hub is configured. */
  sync?: SyncFacade | null;
}

/** The use cases behind the contract. Plain Node: the same code serves Electron and web mode. */
export function createHandlers(d: ServiceDeps): Handlers {
  const changed = (...entities: string[]) => d.bus.push('picture:changed', { entities });
  return {
    'app:info': async () => {
      const status = await d.store.call('status');
      const pack = d.maps.current();
      return {
        version: d.version,
        mode: d.mode,
        clientId: status.clientId,
        scenarioName: status.scenarioName,
        dataFile: d.store.file,
        settings: d.settings.get(),
        mapPack: pack.info,
        mapPackProblem: pack.problem,
      };
    },
    'picture:get': () => d.store.call('picture'),
    'settings:update': async (patch) => {
      const s = d.settings.update(patch);
      d.bus.push('settings:changed', s);
      return s;
    },
    'incident:create': async (req) => {
      const r = await d.store.call('createIncident', req);
      changed('incident');
      return r;
    },
    'incident:update': async (req) => {
      const r = await d.store.call('updateIncident', req);
      changed('incident');
      return r;
    },
    'incident:setStatus': async (req) => {
      const r = await d.store.call('setIncidentStatus', req);
      changed('incident');
      return r;
    },
    'incident:acknowledge': async (req) => {
      const r = await d.store.call('acknowledgeIncident', req);
      changed('incident');
      return r;
    },
    'unit:setStatus': async (req) => {
      const r = await d.store.call('setUnitStatus', req);
      changed('unit');
      return r;
    },
    'unit:track': async (req) => {
      const r = await d.store.call('trackUnit', req);
      changed('unit');
      return r;
    },
    'dispatch:recommend': (req) => recommendForIncident(d.store, req),
    'assignment:propose': async (req) => {
      const r = await d.store.call('proposeAssignment', { ...req, proposedBy: d.mode });
      changed('assignment');
      return r;
    },
    ...d.maps.handlers,
    ...createSyncHandlers(d),
    'conflicts:list': (req) => d.store.call('listConflicts', req),
    'conflicts:markSeen': async (req) => {
      await d.store.call('markConflictsSeen', req);
      return null;
    },
  };
}
