import * as z from 'zod';
import { Id } from '../domain/primitives';
import { LinkLevel, LinkReason, type LinkThresholds } from './linkPolicy';

/**
 * The consultation signalling between a console and the hub (docs/consultation.md §Protocol):
 * three socket.io events on the sync connection, each with one payload and an acknowledgement, and
 * one event from the hub. The hub relays to Janus (or, without Janus, between the peers).
 */
export const CONSULT_EVENTS = ['consult:join', 'consult:signal', 'consult:leave'] as const;
export type ConsultEventName = (typeof CONSULT_EVENTS)[number];
export const isConsultEvent = (e: string): e is ConsultEventName =>
  (CONSULT_EVENTS as readonly string[]).includes(e);

export const ConsultJoinRequest = z.object({ consultationId: Id }).strict();
export const ConsultLeaveRequest = z.object({ consultationId: Id }).strict();

export const Jsep = z
  .object({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(200_000) })
  .strict();
export type Jsep = z.infer<typeof Jsep>;

export const IceCandidate = z
  .object({
    candidate: z.string().max(1000),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  })
  .strict();
export type IceCandidate = z.infer<typeof IceCandidate>;

/**
 * Which connection a signal is about: the camera published, the audio mix, what one watches, a
 * peer; or `link`: this console stepped its link level (docs/consultation.md §Link quality).
 */
export const SignalTarget = z.enum(['publish', 'audio', 'subscribe', 'p2p', 'link']);
export type SignalTarget = z.infer<typeof SignalTarget>;

export const ConsultSignalRequest = z
  .object({
    consultationId: Id,
    target: SignalTarget,
    jsep: Jsep.optional(),
    /** A trickled candidate; null: gathering is complete. */
    candidate: IceCandidate.nullable().optional(),
    /** subscribe: the whole set of feeds this console wants to watch. */
    feeds: z.array(z.number().int().positive()).max(50).optional(),
    /** subscribe: the connection failed; Janus re-offers it with an ICE restart. */
    restart: z.literal(true).optional(),
    /** p2p: the participant this is for. */
    to: z.number().int().positive().optional(),
    /** link: the level stepped to, whether the console chose it itself, why and on what figures. */
    link: z
      .object({
        level: LinkLevel,
        auto: z.boolean(),
        reason: LinkReason,
        rttMs: z.number().min(0).max(600_000).nullable(),
        lossPct: z.number().min(0).max(100),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ConsultSignalRequest = z.infer<typeof ConsultSignalRequest>;

export interface ConsultParticipant {
  /** Per session: the VideoRoom feed and the AudioBridge id are this number too. */
  id: number;
  name: string;
  org: string;
  role: string;
  /** Their link level (video unless they stepped down). */
  link?: LinkLevel;
}

export interface IceServerInfo {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface ConsultJoinReply {
  participantId: number;
  /** janus: through the hub's Janus; p2p: directly between the (at most p2pMax) participants. */
  mode: 'janus' | 'p2p';
  iceServers: IceServerInfo[];
  /** When this console's TURN credential stops working. */
  credentialExpiresAt: string | null;
  participants: ConsultParticipant[];
  /** Feeds publishing video now (participant ids). */
  publishers: number[];
  /** May publish a camera (a viewer follows and talks). */
  mayPublishVideo: boolean;
  /** The province's link-quality thresholds (the hub's `--consult` file). */
  link?: LinkThresholds;
}

export interface ConsultSignalReply {
  /** Janus's answer to an offer, or its (re)offer for what one watches. */
  jsep?: Jsep;
  /** subscribe: which stream (mid) carries which feed. */
  streams?: { mid: string; feed: number }[];
}

export type ConsultEvent =
  | { consultationId: string; type: 'participants'; participants: ConsultParticipant[] }
  | { consultationId: string; type: 'publishers'; feeds: number[] }
  | { consultationId: string; type: 'talking'; id: number; talking: boolean }
  | {
      consultationId: string;
      type: 'jsep';
      target: 'subscribe';
      jsep: Jsep;
      streams: { mid: string; feed: number }[];
    }
  | { consultationId: string; type: 'p2p'; from: number; jsep?: Jsep; candidate?: IceCandidate | null }
  | { consultationId: string; type: 'ended'; reason: 'ended' | 'media_lost' };

/** Why the hub refused a join (in the error's message prefix: `NOT_INVITED: …`). */
export const CONSULT_REFUSALS = [
  'NOT_INVITED',
  'NOT_OPEN',
  'FULL',
  'UNAVAILABLE',
  'NOT_JOINED',
  'NOT_ALLOWED',
] as const;
