/**
 * The names of the IPC contract, without its schemas: what the sandboxed preload needs (it must
 * stay small: no zod, no domain). `contract.ts` checks at compile time that its channels are
 * exactly these, and a unit test checks it again at run time.
 */
export const CHANNEL_NAMES = [
  'dispatch:recommend',
  'app:info',
  'picture:get',
  'settings:update',
  'incident:create',
  'incident:update',
  'incident:setStatus',
  'incident:setLevel',
  'incident:followUp',
  'incident:note',
  'incident:report',
  'alert:acknowledge',
  'alert:acknowledgeAll',
  'timeline:recent',
  'timeline:list',
  'timeline:correct',
  'duty:whoami',
  'duty:signIn',
  'incident:acknowledge',
  'unit:setStatus',
  'unit:reportPosition',
  'unit:track',
  'base:setWeather',
  'zeroReport:list',
  'zeroReport:confirm',
  'aircraft:setReadiness',
  'assignment:propose',
  'assignment:release',
  'assignment:acknowledge',
  'mappack:list',
  'mappack:import',
  'mappack:upload',
  'mappack:use',
  'mappack:remove',
  'mappack:cancel',
  'map:reach',
  'map:coverage',
  'conflicts:list',
  'conflicts:markSeen',
  'sync:status',
  'sync:notices',
  'sync:markNoticesSeen',
  'sync:receipts',
  'sync:now',
  'report:create',
  'report:cancel',
  'report:read',
  'roster:list',
  'roster:save',
  'dutyLog:list',
  'dutyLog:add',
  'dutyLog:correct',
  'handover:prepare',
  'handover:sign',
  'handover:accept',
  'handover:list',
  'plans:list',
  'plans:import',
  'response:get',
  'response:start',
  'response:adjust',
  'response:end',
  'response:assignTask',
  'response:completeTask',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Events main pushes to the renderer. */
export const PUSH_EVENTS = [
  'picture:changed',
  'settings:changed',
  'mappack:changed',
  'mappack:progress',
  'sync:status',
  'duty:changed',
  'report:progress',
] as const;
export type PushEvent = (typeof PUSH_EVENTS)[number];

/** The IPC channel names on the Electron transport. */
export const IPC_INVOKE_PREFIX = 'jinying:';
export const IPC_PUSH_CHANNEL = 'jinying:push';
