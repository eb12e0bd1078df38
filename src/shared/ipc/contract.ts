import * as z from 'zod';
import { syncChannels } from './syncContract';
import type { ChannelName } from './channels';
import type { SyncStatusInfo } from '../sync/status';
import {
  Adcode,
  AirspaceApproval,
  Assignment,
  AviationBase,
  BaseWeather,
  CrewPosture,
  Casualties,
  HazardType,
  Id,
  Incident,
  IncidentStatus,
  IncidentSource,
  Instant,
  LngLat,
  Person,
  Reporter,
  RescueUnit,
  TimelineEntry,
  ResponseLevel,
  SupplyDepot,
  UnitStatus,
  DutyDate,
  ZeroReport,
  ZeroReportStatus,
} from '../domain';
import { dispatchChannels } from './dispatchContract';
import { shiftChannels } from './shiftContract';
import { warningChannels } from './warningContract';
import { consultChannels } from './consultContract';
import { consultShareChannels } from './consultShareContract';
import type { ShareEvent } from '../consult/share';
import { minutesChannels } from './minutesContract';
import { annotationChannels } from './annotationContract';
import type { ConsultEvent } from '../consult/protocol';
import { planningChannels, type PlanningProgress } from './planningContract';
import { mapChannels, MapPackInfo, type MapPackProgress } from './mapContract';
import { DeskConfig } from '../desk/config';
import { reportChannels, type ReportProgress } from '../reports/contract';
import { statisticsChannels, type StatisticsProgress } from './statisticsContract';

/**
 * THE contract between renderer and main, served by Electron IPC in the desktop app and by a
 * websocket in web mode. Every request is parsed with its schema in main (the renderer is
 * untrusted); responses are typed for the renderer.
 */
const Empty = z.object({}).strict();

export { MAX_REQUEST_BYTES } from './limits';
export * from './mapContract';

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
    /** The duty desk's rules (deadlines, grading, alerts); defaults when absent. */
    desk: DeskConfig.optional(),
    /** Who last changed the desk's rules, and when (stamped by main, never taken from a client). */
    deskChanged: z.object({ by: Person, at: z.string() }).strict().optional(),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

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
    /** When it happened (事发时间), and when the report came in (接报时间, default now). */
    occurredAt: Instant.nullable().optional(),
    reportedAt: Instant.optional(),
    source: IncidentSource.optional(),
    /** The caller: name, organisation, phone. */
    reporter: Reporter.optional(),
    /** The officer confirmed a place outside the province (跨省支援). */
    crossProvince: z.boolean().optional(),
  })
  .strict();

/** Descriptive fields editable after the report; level and figures have their own channels. */
const IncidentPatch = NewIncidentRequest.omit({
  level: true,
  casualties: true,
  affected: true,
  reportedAt: true,
  crossProvince: true,
})
  .partial()
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
const AlertRef = z
  .object({
    incidentId: Id,
    alertId: z.string().min(1).max(200),
    kind: z.enum([
      'major_incident',
      'report_overdue',
      'hub_refusal',
      'order_unacknowledged',
      'action_overdue',
    ]),
  })
  .strict();

export const contract = {
  ...dispatchChannels,
  'app:info': { request: Empty, response: AppInfo },
  'picture:get': { request: Empty, response: Picture },
  'settings:update': { request: Settings.partial().strict(), response: Settings },
  'incident:create': { request: NewIncidentRequest, response: Incident },
  'incident:update': { request: z.object({ id: Id, patch: IncidentPatch }).strict(), response: Incident },
  /** Status moves forward only; closing needs `note`, the closing summary (结案小结). */
  'incident:setStatus': {
    request: z.object({ id: Id, status: IncidentStatus, note: z.string().max(2000).optional() }).strict(),
    response: Incident,
  },
  /** Raise or lower the response level, with the reason. */
  'incident:setLevel': {
    request: z.object({ id: Id, level: ResponseLevel, reason: z.string().max(500) }).strict(),
    response: Incident,
  },
  /** 续报: new casualty and affected figures (each report kept in the timeline). */
  'incident:followUp': {
    request: z
      .object({
        id: Id,
        casualties: z
          .object({
            dead: z.number().int(),
            injured: z.number().int(),
            missing: z.number().int(),
            trapped: z.number().int(),
          })
          .partial()
          .strict()
          .optional(),
        affected: z.number().int().optional(),
        text: z.string().max(2000).optional(),
      })
      .strict(),
    response: z.object({ incident: Incident, entry: TimelineEntry }),
  },
  'incident:note': {
    request: z.object({ id: Id, text: z.string().max(2000) }).strict(),
    response: TimelineEntry,
  },
  /** 初报 / 续报 / 终报 sent up the chain. */
  'incident:report': {
    request: z
      .object({
        id: Id,
        kind: z.enum(['initial', 'followup', 'final']),
        text: z.string().max(2000),
        to: z.enum(['city', 'province', 'ministry']).optional(),
      })
      .strict(),
    response: TimelineEntry,
  },
  /** A named person acknowledges an alert about an incident (logged in its timeline). */
  'alert:acknowledge': {
    request: AlertRef,
    response: TimelineEntry,
  },
  /**
   * Acknowledge many alerts at once (全部确认): one entry per alert, all in one transaction, so
   * a start-up with dozens of old alerts is one press and one change, and each is still logged.
   */
  'alert:acknowledgeAll': {
    request: z.object({ alerts: z.array(AlertRef).min(1).max(500) }).strict(),
    response: z.object({ acknowledged: z.number().int() }),
  },
  /** Timeline entries of some kinds across incidents (alerts and deadlines need levels, reports, acks). */
  'timeline:recent': { request: Empty, response: z.array(TimelineEntry) },
  /** An incident's timeline (处置日志), oldest first. */
  'timeline:list': { request: z.object({ incidentId: Id }).strict(), response: z.array(TimelineEntry) },
  'timeline:correct': {
    request: z.object({ entryId: Id, text: z.string().max(2000) }).strict(),
    response: TimelineEntry,
  },
  /** Who is on duty at this desk (the hub's person for the token, or whoever signed in). */
  'duty:whoami': { request: Empty, response: Person.nullable() },
  /** 值班签到. */
  'duty:signIn': {
    request: z.object({ name: z.string().max(100), org: z.string().max(200).optional() }).strict(),
    response: Person,
  },
  'incident:acknowledge': { request: z.object({ id: Id }).strict(), response: Incident },
  'unit:setStatus': {
    request: z.object({ id: Id, status: UnitStatus, note: z.string().max(2000).optional() }).strict(),
    response: RescueUnit,
  },
  /** A position reported by a person (kept in the incident's timeline when the unit is on a task). */
  'unit:reportPosition': {
    request: z.object({ id: Id, position: LngLat, fixAt: Instant }).strict(),
    response: RescueUnit,
  },
  'unit:track': {
    request: z.object({ id: Id, position: LngLat, fixAt: Instant }).strict(),
    response: RescueUnit,
  },
  /** The duty officer sets a base's weather status (目视 VFR / 仪表 IFR / 关闭); returns the base. */
  /** 零报告 of one duty day (default: today, China Standard Time). */
  'zeroReport:list': {
    request: z.object({ date: DutyDate.optional() }).strict(),
    response: z.array(ZeroReport),
  },
  /** A city confirms today's 零报告 (by the person on duty); the city must be on the desk's list. */
  'zeroReport:confirm': {
    request: z
      .object({
        cityAdcode: z.string().regex(/^\d{6}$/),
        status: ZeroReportStatus,
        note: z.string().max(500).optional(),
      })
      .strict(),
    response: ZeroReport,
  },
  'base:setWeather': {
    request: z.object({ id: Id, weather: BaseWeather }).strict(),
    response: AviationBase,
  },
  /** The duty officer sets an aircraft's crew posture and/or airspace approval; returns its base. */
  'aircraft:setReadiness': {
    request: z
      .object({ id: Id, crewPosture: CrewPosture.optional(), airspaceApproval: AirspaceApproval.optional() })
      .strict()
      .refine((r) => r.crewPosture !== undefined || r.airspaceApproval !== undefined, {
        message: 'give crewPosture or airspaceApproval',
      }),
    response: AviationBase,
  },
  'assignment:propose': {
    request: z
      .object({
        incidentId: Id,
        resourceKind: z.enum(['unit', 'aircraft']),
        resourceId: Id,
        etaMinutes: z.number().min(0).nullable().optional(),
        note: z.string().max(1000).optional(),
        task: z.string().max(1000).optional(),
        rendezvous: z.string().max(200).optional(),
        contact: z.string().max(200).optional(),
      })
      .strict(),
    response: Assignment,
  },
  /** Call back an accepted assignment: released, and its resource available (or returning) again. */
  'assignment:release': {
    request: z.object({ id: Id, reason: z.string().max(500).optional() }).strict(),
    response: Assignment,
  },
  /** 接令: a person of the assigned unit acknowledges the order. */
  'assignment:acknowledge': { request: z.object({ id: Id }).strict(), response: TimelineEntry },
  ...mapChannels,
  'conflicts:list': {
    request: z.object({ unseenOnly: z.boolean().optional() }).strict(),
    response: z.array(ConflictNotice),
  },
  'conflicts:markSeen': {
    request: z.object({ ids: z.array(z.number().int()).max(1000) }).strict(),
    response: z.null(),
  },
  ...syncChannels,
  ...reportChannels,
  ...statisticsChannels,
  ...planningChannels,
  ...shiftChannels,
  ...warningChannels,
  ...consultChannels,
  ...consultShareChannels,
  ...minutesChannels,
  ...annotationChannels,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

export const CHANNELS = Object.keys(contract) as Channel[];

// The preload's zod-free list (channels.ts) must name exactly the contract's channels.
type MissingFromNames = Exclude<Channel, ChannelName>;
type NotInContract = Exclude<ChannelName, Channel>;
export const CHANNEL_NAMES_MATCH: [MissingFromNames, NotInContract] extends [never, never] ? true : never =
  true;

export function isChannel(x: unknown): x is Channel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(contract, x);
}

export { PUSH_EVENTS, type PushEvent } from './channels';
export interface PushPayloads {
  /** Something in the picture changed; `entities` names which kinds, so views can refresh. */
  'picture:changed': { entities: string[] };
  'settings:changed': Settings;
  /** The map pack in use or the installed list changed; reload app:info and mappack:list. */
  'mappack:changed': { currentId: string | null };
  /** How far the import running in the import worker is (docs/map-packs.md). */
  'mappack:progress': MapPackProgress;
  /** The link to the hub, pending changes, catch-up progress, unseen conflicts and notices. */
  'sync:status': SyncStatusInfo;
  /** Someone signed in for the shift at this desk (值班签到, from any window or the API). */
  'duty:changed': Person;
  /** How far a situation report being made is (docs/reports.md). */
  'report:progress': ReportProgress;
  /** How far computing statistics by city and county is (docs/reports.md, "Statistics"). */
  'statistics:progress': StatisticsProgress;
  /** How far a long planning step (move-up, base siting) is (docs/dispatch.md, "Planning tools"). */
  'planning:progress': PlanningProgress;
  /** The hub's signalling for the consultation this console is in (docs/consultation.md). */
  'consult:event': ConsultEvent;
  /** The consultation's shared map: presence, the presenter's views (docs/consultation.md). */
  'consult:shared': ShareEvent;
}
