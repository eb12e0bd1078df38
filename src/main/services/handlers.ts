import { EventEmitter } from 'node:events';
import type { StoreClient } from '../db/client';
import type { StoreArgs, StoreOp, StoreResult } from '../db/api';
import type { AppInfo, PushEvent, PushPayloads } from '../../shared/ipc';
import { type Handlers } from './invoke';
import type { SettingsFile } from './settingsFile';
import { dispatchSnapshot, recommendForIncident } from './dispatch';
import type { MapServices } from '../mappacks/service';
import { createSyncHandlers, type SyncFacade } from './syncHandlers';
import { createReportHandlers } from '../reports/service';
import { createStatisticsHandlers } from '../reports/statisticsService';
import { createPlanningHandlers } from '../planning/service';
import { createShiftHandlers } from './shiftHandlers';
import { createWarningHandlers } from '../warnings/service';
import { createConsultHandlers } from '../consult/service';
import { createShareHandlers } from '../consult/share';
import { createMinutesHandlers } from '../consult/minutesHandlers';
import { createAnnotationHandlers } from './annotationHandlers';
import { CodedError } from '../../shared/ipc/errors';
import { DeskConfig, dutyDate } from '../../shared/desk';

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
  /** Map packs, reach and coverage (src/main/mappacks/service.ts). */
  maps: MapServices;
  /** The hub link (src/main/sync), or null when no hub is configured. */
  sync?: SyncFacade | null;
}

/** The use cases behind the contract. Plain Node: the same code serves Electron and web mode. */
export function createHandlers(d: ServiceDeps): Handlers {
  const changed = (...entities: string[]) => d.bus.push('picture:changed', { entities });
  /** A store command that changes the picture: run it, then tell every renderer (and the sync engine). */
  const command =
    <K extends StoreOp>(op: K, ...entities: string[]) =>
    async (args: StoreArgs<K>): Promise<StoreResult<K>> => {
      const r = await (d.store.call as (op: K, args: StoreArgs<K>) => Promise<StoreResult<K>>)(op, args);
      changed(...entities);
      return r;
    };
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
    'settings:update': async ({ deskChanged: _claimed, ...patch }) => {
      if (patch.desk) {
        // The desk's rules are a duty decision: a named person changes them, recorded with when.
        const by = await d.store.call('whoIsOnDuty');
        if (!by)
          throw new CodedError(
            'SIGN_IN_REQUIRED',
            'Nobody is signed in on this desk. Sign in for the shift (值班签到), then change the rules again.',
          );
        Object.assign(patch, { deskChanged: { by, at: new Date().toISOString() } });
      }
      const s = d.settings.update(patch);
      d.bus.push('settings:changed', s);
      return s;
    },
    'incident:create': async ({ crossProvince, ...req }) => {
      // The county from the map pack's polygons; a place outside the province only when confirmed.
      const place = d.maps.placeOf(req.location);
      if (place.inProvince === false && !crossProvince) {
        throw new CodedError(
          'OUTSIDE_PROVINCE',
          `[${req.location.join(', ')}] is outside the province of the map pack in use; confirm cross-province support to report it.`,
        );
      }
      const created = await d.store.call('createIncident', {
        ...req,
        countyAdcode: req.countyAdcode ?? place.countyAdcode,
        crossProvince: crossProvince === true,
      });
      changed('incident', 'timeline');
      return created;
    },
    'incident:update': command('updateIncident', 'incident', 'timeline'),
    'incident:setStatus': command('setIncidentStatus', 'incident', 'timeline'),
    'incident:setLevel': command('setIncidentLevel', 'incident', 'timeline'),
    'incident:followUp': command('followUpIncident', 'incident', 'timeline'),
    'incident:note': command('addIncidentNote', 'timeline'),
    'incident:report': command('recordReport', 'timeline'),
    'incident:acknowledge': command('acknowledgeIncident', 'incident'),
    'timeline:list': (req) => d.store.call('listTimeline', req),
    'timeline:recent': () => d.store.call('listDeskTimeline'),
    'alert:acknowledge': command('acknowledgeAlert', 'timeline'),
    'alert:acknowledgeAll': command('acknowledgeAlerts', 'timeline'),
    'timeline:correct': command('correctTimeline', 'timeline'),
    'duty:whoami': () => d.store.call('whoIsOnDuty'),
    'duty:signIn': async (req) => {
      const person = await d.store.call('signIn', req);
      d.bus.push('duty:changed', person);
      return person;
    },
    'unit:setStatus': command('reportUnitStatus', 'unit', 'timeline'),
    'unit:reportPosition': command('reportPosition', 'unit', 'timeline'),
    'unit:track': command('trackUnit', 'unit'),
    'base:setWeather': command('setBaseWeather', 'base'),
    'zeroReport:list': (req) => d.store.call('listZeroReports', { date: req.date ?? dutyDate(Date.now()) }),
    'zeroReport:confirm': async (req) => {
      const cfg = DeskConfig.parse(d.settings.get().desk ?? {}).zeroReport;
      const city = cfg.cities.find((c) => c.adcode === req.cityAdcode);
      if (!city)
        throw new CodedError(
          'INVALID',
          `City ${req.cityAdcode} is not on this desk's 零报告 list. Choose one of the listed cities, or add it in 值班规则.`,
          { field: 'cityAdcode' },
        );
      const r = await d.store.call('confirmZeroReport', {
        date: dutyDate(Date.now()),
        city,
        status: req.status,
        ...(req.note !== undefined ? { note: req.note } : {}),
      });
      changed('zero_report');
      return r;
    },
    'aircraft:setReadiness': command('setAircraftReadiness', 'aircraft'),
    'assignment:acknowledge': command('acknowledgeOrder', 'timeline'),
    'dispatch:recommend': (req) =>
      recommendForIncident(
        d.store,
        req,
        Date.now(),
        d.settings.get().desk?.runCardTargetMinutes,
        d.maps.roadRouter(),
      ),
    'assignment:propose': async (req) => {
      // What the recommender showed now is kept with the dispatch ("why this unit?").
      const snapshot = await dispatchSnapshot(
        d.store,
        req.incidentId,
        req.resourceId,
        Date.now(),
        d.maps.roadRouter(),
      ).catch(() => null);
      const proposed = await d.store.call('proposeAssignment', { ...req, snapshot });
      // With a hub, the hub decides; standalone, the same rules decide here at once.
      const result = d.sync ? proposed : await d.store.call('decideAssignmentLocally', { id: proposed.id });
      changed('assignment', 'unit', 'aircraft', 'timeline');
      return result;
    },
    'assignment:release': async (req) => {
      const released = await d.store.call('releaseAssignment', req);
      changed('assignment', 'unit', 'aircraft', 'timeline');
      return released;
    },
    ...d.maps.handlers,
    ...createSyncHandlers(d),
    ...createReportHandlers(d),
    ...createStatisticsHandlers(d),
    ...createPlanningHandlers(d),
    ...createShiftHandlers(d),
    ...createWarningHandlers(d),
    ...createConsultHandlers(d),
    ...createShareHandlers(d),
    ...createMinutesHandlers(d),
    ...createAnnotationHandlers(d),
    'conflicts:list': (req) => d.store.call('listConflicts', req),
    'conflicts:markSeen': async (req) => {
      await d.store.call('markConflictsSeen', req);
      return null;
    },
  };
}
