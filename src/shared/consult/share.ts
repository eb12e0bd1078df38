import * as z from 'zod';
import { Id, Latitude, Longitude } from '../domain/primitives';

/**
 * One shared picture in a consultation (docs/consultation.md, "The shared map"): the presenter's
 * map view (centre, zoom, bearing, pitch, visible layers, selection) sent to the participants who
 * follow, who presents and how it is handed over, and who is here. Ephemeral session events on
 * the sync connection, never in the op log; the hub admits only the session's invited people
 * while it is open, validates every payload, and forwards at most VIEW_RATE views a second per
 * sender (the excess coalesced: the newest waiting view replaces the older one and goes out as
 * soon as the window allows, so the final view always arrives).
 */
export const SHARE_EVENTS = ['consult:share', 'consult:view'] as const;
export const isShareEvent = (e: string): e is (typeof SHARE_EVENTS)[number] =>
  (SHARE_EVENTS as readonly string[]).includes(e);

/** Views forwarded per sender per second, at most (the hub's sliding window; clients throttle to it). */
export const VIEW_RATE = 10;

/** A map layer group's name (the renderer's LayerGroup keys; unknown names are ignored). */
const LayerName = z.string().regex(/^[a-z][a-zA-Z0-9_-]{0,31}$/, 'a layer name is a short lower-case word');

export const SharedSelection = z
  .object({ kind: z.enum(['incident', 'unit', 'base', 'depot']), id: Id })
  .strict();
export type SharedSelection = z.infer<typeof SharedSelection>;

/** What a follower's map shows: the presenter's camera, visible layers and selection. */
export const SharedView = z
  .object({
    center: z.tuple([Longitude, Latitude]),
    zoom: z.number().finite().min(0).max(24),
    bearing: z.number().finite().min(-360).max(360),
    pitch: z.number().finite().min(0).max(85),
    /** The visible layer groups; every other known group is hidden. */
    layers: z.array(LayerName).max(32),
    selection: SharedSelection.nullable(),
  })
  .strict();
export type SharedView = z.infer<typeof SharedView>;

export const ConsultViewRequest = z.object({ consultationId: Id, view: SharedView }).strict();
export type ConsultViewRequest = z.infer<typeof ConsultViewRequest>;
/** forwarded: false when coalesced (a newer view may replace it before the window opens). */
export interface ConsultViewReply {
  forwarded: boolean;
}

/** A participant in the shared picture: the console's sync client id. */
const Key = Id;

export const ConsultShareRequest = z.discriminatedUnion('action', [
  /** Join the shared picture (the media call is separate); following: apply the presenter's view. */
  z.object({ consultationId: Id, action: z.literal('join'), following: z.boolean() }).strict(),
  z.object({ consultationId: Id, action: z.literal('leave') }).strict(),
  z.object({ consultationId: Id, action: z.literal('follow'), following: z.boolean() }).strict(),
  /** Ask the presenter for the floor (or withdraw the request). */
  z.object({ consultationId: Id, action: z.literal('request'), requesting: z.boolean() }).strict(),
  /** Present now: when nobody presents, or as the opener, a duty officer or an admin. */
  z.object({ consultationId: Id, action: z.literal('take') }).strict(),
  /** The presenter (or who may take) hands presenting to another participant. */
  z.object({ consultationId: Id, action: z.literal('give'), to: Key }).strict(),
  /** The presenter stops presenting: nobody presents until someone takes. */
  z.object({ consultationId: Id, action: z.literal('stop') }).strict(),
]);
export type ConsultShareRequest = z.infer<typeof ConsultShareRequest>;

export interface ShareMember {
  key: string;
  name: string;
  org: string;
  role: string;
  following: boolean;
  /** Asks to present. */
  requesting: boolean;
  /** The hub node this console is connected through (the call's media rooms are per node). */
  node: string;
}

/** Who is here, who follows, who presents: the whole state, newest `at` wins. */
export interface SharePresence {
  consultationId: string;
  type: 'presence';
  /** The hub's stamp (ms, when it began assembling this presence): newer replaces older. */
  at: number;
  presenter: string | null;
  members: ShareMember[];
}

/** The reply to every consult:share action: my key and the presence after it. */
export interface ConsultShareReply {
  me: string;
  presence: SharePresence | null;
}

export type ShareEvent =
  | SharePresence
  | { consultationId: string; type: 'view'; from: string; at: number; view: SharedView }
  /** A newcomer needs the current view: the presenter sends it again. */
  | { consultationId: string; type: 'resend' }
  /** The session ended: the shared picture is over. */
  | { consultationId: string; type: 'closed' };

/** Why the hub refused a share action (message prefix, as the consultation's refusals). */
export const SHARE_REFUSALS = [
  'NOT_INVITED',
  'NOT_OPEN',
  'NOT_JOINED',
  'NOT_PRESENTER',
  'PRESENTING',
] as const;

/**
 * Members whose console is connected through another hub node than `me`'s: they share this map and
 * presence, but their call is that node's (the media rooms do not cross nodes: docs/consultation.md).
 */
export function membersElsewhere(presence: SharePresence | null, me: string | null): ShareMember[] {
  const mine = presence?.members.find((m) => m.key === me);
  if (!presence || !mine) return [];
  return presence.members.filter((m) => m.key !== me && m.node !== mine.node);
}
