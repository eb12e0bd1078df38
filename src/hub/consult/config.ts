import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseUntrustedJson } from '../../shared/util/protoKeys';
import { describeIssue } from '../../shared/util/issues';
import { LinkThresholds } from '../../shared/consult/linkPolicy';
import * as z from 'zod';

/**
 * The hub's consultation configuration (`--consult FILE`, docs/consultation.md): where Janus's API
 * is (reached by the hub only), the STUN/TURN servers consoles use, and coturn's shared secret for
 * TURN REST credentials. Every address is inside the provincial network; nothing has a default
 * outside it.
 */
export const ConsultConfig = z
  .object({
    janus: z
      .object({
        /** Janus's plain HTTP API, e.g. http://10.20.0.8:8088/janus */
        apiUrl: z.string().url(),
        /** The VideoRoom and AudioBridge `admin_key` (room creation). */
        adminKey: z.string().min(8).max(200),
      })
      .strict()
      .nullable()
      .default(null),
    /** STUN URLs given to consoles (e.g. stun:10.20.0.9:3478). */
    stun: z
      .array(z.string().regex(/^stuns?:/))
      .max(4)
      .default([]),
    turn: z
      .object({
        /** e.g. turn:10.20.0.9:3478?transport=tcp */
        urls: z
          .array(z.string().regex(/^turns?:/))
          .min(1)
          .max(4),
        /** coturn's static-auth-secret. */
        secret: z.string().min(8).max(200),
        /** How long a console's TURN credential stays valid. */
        ttlSeconds: z.number().int().min(60).max(86_400).default(3600),
      })
      .strict()
      .nullable()
      .default(null),
    /** Peer-to-peer fallback (no Janus) admits at most this many people. */
    p2pMax: z.number().int().min(2).max(4).default(4),
    /** VideoRoom size. */
    publishers: z.number().int().min(2).max(50).default(20),
    /** When consoles step down to voice only and to the map alone, and back (docs/consultation.md). */
    link: LinkThresholds,
  })
  .strict();
export type ConsultConfig = z.infer<typeof ConsultConfig>;

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/**
 * TURN REST credentials (coturn `use-auth-secret`): the user name is the expiry (Unix seconds) and
 * who it is for; the password is HMAC-SHA1 of the user name with the shared secret, base64.
 */
export function turnCredential(secret: string, who: string, ttlSeconds: number, now = Date.now()) {
  const username = `${Math.floor(now / 1000) + ttlSeconds}:${who.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64)}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return {
    username,
    credential,
    expiresAt: new Date((Math.floor(now / 1000) + ttlSeconds) * 1000).toISOString(),
  };
}

/** The ICE servers one participant gets: STUN as configured, TURN with their own credential. */
export function iceServersFor(cfg: ConsultConfig, who: string, now = Date.now()): IceServer[] {
  const out: IceServer[] = [];
  if (cfg.stun.length > 0) out.push({ urls: cfg.stun });
  if (cfg.turn) {
    const c = turnCredential(cfg.turn.secret, who, cfg.turn.ttlSeconds, now);
    out.push({ urls: cfg.turn.urls, username: c.username, credential: c.credential });
  }
  return out;
}

/** `--consult FILE`: the configuration, or an error naming the file and what is wrong in it. */
export function loadConsultConfig(file: string): ConsultConfig {
  let raw: unknown;
  try {
    raw = parseUntrustedJson(readFileSync(file, 'utf8'), file);
  } catch (e) {
    throw new Error(`--consult ${file} could not be read: ${(e as Error).message}`);
  }
  const parsed = ConsultConfig.safeParse(raw);
  if (!parsed.success) throw new Error(describeIssue(`--consult ${file}`, parsed.error));
  return parsed.data;
}
