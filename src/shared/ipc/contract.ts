import { z } from 'zod';
import {
  Adcode,
  Assignment,
  AviationBase,
  Casualties,
  HazardType,
  Id,
  Incident,
  IncidentStatus,
  Instant,
  LngLat,
  RescueUnit,
  ResponseLevel,
  SupplyDepot,
  UnitStatus,
} from '../domain';

/**
 * THE contract between renderer and main, served by Electron IPC in the desktop app and by a
 * websocket in web mode. Every request is parsed with its schema in main (the renderer is
 * untrusted); responses are typed for the renderer.
 */
const Empty = z.object({}).strict();

export const Picture = z.object({
  incidents: z.array(Incident),
  units: z.array(RescueUnit),
  bases: z.array(AviationBase),
  depots: z.array(SupplyDepot),
  assignments: z.array(Assignment),
});
export type Picture = z.infer<typeof Picture>;

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;
export const Theme = z.enum(['light', 'dark']);
export type Theme = z.infer<typeof Theme>;

export const Settings = z
  .object({
    locale: Locale,
    theme: Theme,
    /** Id of the map pack in use, or null for the built-in plain background. */
    mapPackId: z.string().max(100).nullable(),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

/** A map pack layer as the renderer loads it (URL served by app:// or the web-mode server). */
export const MapPackLayerKind = z.enum(['province', 'city', 'county', 'rivers', 'points', 'other']);
export type MapPackLayerKind = z.infer<typeof MapPackLayerKind>;

export const MapPackInfo = z.object({
  id: z.string(),
  name: z.string(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  licence: z.string(),
  attribution: z.string(),
  layers: z.array(z.object({ kind: MapPackLayerKind, url: z.string(), file: z.string(), features: z.number() })),
});
export type MapPackInfo = z.infer<typeof MapPackInfo>;

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'web']),
  clientId: z.string(),
  scenarioName: z.string().nullable(),
  dataFile: z.string(),
  settings: Settings,
  mapPack: MapPackInfo.nullable(),
  /** Why the chosen map pack could not be used, if it could not. */
  mapPackProblem: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const NewIncidentRequest = z
  .object({
    title: z.string().trim().min(1).max(200),
    hazard: HazardType,
    level: ResponseLevel,
    location: LngLat,
    countyAdcode: Adcode.nullable().optional(),
    casualties: Casualties.optional(),
    affected: z.number().int().min(0).optional(),
    description: z.string().max(4000).optional(),
  })
  .strict();

export const ConflictNotice = z.object({
  id: z.number(),
  entity: z.string(),
  entityId: z.string(),
  field: z.string(),
  keptValue: z.unknown(),
  keptHlc: z.string(),
  lostValue: z.unknown(),
  lostHlc: z.string(),
  createdAt: z.string(),
  seenAt: z.string().nullable(),
});
export type ConflictNotice = z.infer<typeof ConflictNotice>;

/** channel → request schema and response schema. */
export const contract = {
  'app:info': { request: Empty, response: AppInfo },
  'picture:get': { request: Empty, response: Picture },
  'settings:update': { request: Settings.partial().strict(), response: Settings },
  'incident:create': { request: NewIncidentRequest, response: Incident },
  'incident:update': {
    request: z
      .object({
        id: Id,
        patch: NewIncidentRequest.partial().strict(),
      })
      .strict(),
    response: Incident,
  },
  'incident:setStatus': { request: z.object({ id: Id, status: IncidentStatus }).strict(), response: Incident },
  'incident:acknowledge': { request: z.object({ id: Id }).strict(), response: Incident },
  'unit:setStatus': { request: z.object({ id: Id, status: UnitStatus }).strict(), response: RescueUnit },
  'unit:track': {
    request: z.object({ id: Id, position: LngLat, fixAt: Instant }).strict(),
    response: RescueUnit,
  },
  'assignment:propose': {
    request: z
      .object({
        incidentId: Id,
        resourceKind: z.enum(['unit', 'aircraft']),
        resourceId: Id,
        etaMinutes: z.number().min(0).nullable().optional(),
        note: z.string().max(1000).optional(),
      })
      .strict(),
    response: Assignment,
  },
  'conflicts:list': { request: z.object({ unseenOnly: z.boolean().optional() }).strict(), response: z.array(ConflictNotice) },
  'conflicts:markSeen': { request: z.object({ ids: z.array(z.number().int()).max(1000) }).strict(), response: z.null() },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(x: unknown): x is Channel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(contract, x);
}

/** Events main pushes to the renderer. */
export const PUSH_EVENTS = ['picture:changed', 'settings:changed'] as const;
export type PushEvent = (typeof PUSH_EVENTS)[number];
export interface PushPayloads {
  /** Something in the picture changed; `entities` names which kinds, so views can refresh. */
  'picture:changed': { entities: string[] };
  'settings:changed': Settings;
}

/** Largest request accepted from the renderer on either transport. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
