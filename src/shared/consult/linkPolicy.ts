import * as z from 'zod';

/**
 * Degradation, said out loud (docs/consultation.md §Link quality): from what WebRTC's getStats
 * reports every couple of seconds, a console steps its consultation down from video to voice only,
 * then to the shared map alone, and back up when its link recovers. Pure: the renderer reads the
 * statistics into a `LinkSnapshot`, `linkSample` turns two snapshots into one sample, and
 * `stepLink` decides, with hysteresis (several bad samples in a row to step down, more good ones
 * to step up, and twice as many after a relapse) so a link at the edge does not flap.
 *
 * Only what says something about this console's own link counts: the round trip of each
 * connection's selected ICE pair, the loss on the voice mix coming down (Janus mixes it, so another
 * speaker's bad uplink does not show as loss here), the loss Janus reports for what this console
 * sends up (RTCP receiver reports), the voice stalling, and the others' cameras stalling while
 * their packets still arrive. Loss on the others' cameras is theirs (the media server forwards
 * their gaps), so it is not counted.
 */
export const LINK_LEVELS = ['video', 'audio', 'map'] as const;
export const LinkLevel = z.enum(LINK_LEVELS);
export type LinkLevel = z.infer<typeof LinkLevel>;

/** Why a step was taken (the figures come with it). */
export const LINK_REASONS = [
  'rtt',
  'loss',
  'video_stalled',
  'audio_stalled',
  'disconnected',
  'recovered',
  'manual',
] as const;
export const LinkReason = z.enum(LINK_REASONS);
export type LinkReason = z.infer<typeof LinkReason>;

const Limits = (rtt: number, loss: number) =>
  z
    .object({
      /** Step down when the round trip is above this (ms). */
      maxRttMs: z.number().int().min(10).max(60_000).default(rtt),
      /** Step down when the loss is above this (%). */
      maxLossPct: z.number().min(0.1).max(100).default(loss),
    })
    .strict()
    .prefault({});

/** The thresholds, in the hub's `--consult` file as `link` (every field has a default). */
export const LinkThresholds = z
  .object({
    /** How often getStats is read: one sample per interval. */
    intervalMs: z.number().int().min(500).max(10_000).default(2000),
    /** Below these, video is kept. */
    video: Limits(400, 8),
    /** Below these, voice is kept (above them, the shared map alone). */
    audio: Limits(1000, 25),
    /** Bad samples in a row before a step down. */
    downAfter: z.number().int().min(1).max(30).default(3),
    /** Good samples in a row before a step up: to voice, and to video. */
    upToAudioAfter: z.number().int().min(1).max(60).default(3),
    upToVideoAfter: z.number().int().min(1).max(60).default(5),
    /** A step up needs the figures under this share of the step-down limits (0.5: half). */
    upMargin: z.number().min(0.1).max(1).default(0.5),
    /** A step down within this many samples of a step up is a relapse: the next step up waits twice as long. */
    relapseWithin: z.number().int().min(1).max(600).default(30),
    /** The longest wait a relapse can cause, as a multiple of the usual. */
    maxPenalty: z.number().int().min(1).max(64).default(8),
  })
  .strict()
  .prefault({});
export type LinkThresholds = z.infer<typeof LinkThresholds>;
export const DEFAULT_LINK_THRESHOLDS: LinkThresholds = LinkThresholds.parse({});

/** What getStats said at one moment (cumulative counters, as WebRTC reports them). */
export interface LinkSnapshot {
  /** The largest current round trip over the connections' selected pairs (ms), null if none yet. */
  rttMs: number | null;
  /** The connection carrying the voice is disconnected or failed. */
  audioDown: boolean;
  /** A connection carrying video (mine up, or the others' down) is disconnected or failed. */
  videoDown: boolean;
  /** Voice received (the mix, or peers' voices), summed over its streams. */
  audio: { received: number; lost: number } | null;
  /**
   * What this console sends, per outgoing stream: packets sent, and the fraction lost (0…1) the
   * far end reported for its last interval (RTCP receiver reports; 0 before the first).
   */
  uplink: Record<string, { sent: number; fractionLost: number }>;
  /** Each inbound video stream: frames decoded and packets received. */
  video: Record<string, { frames: number; packets: number }>;
}

/** One interval's evidence. */
export interface LinkSample {
  rttMs: number | null;
  /** The worse of the voice lost coming down in this interval and the loss reported going up (%). */
  lossPct: number;
  audioDown: boolean;
  videoDown: boolean;
  /** Voice had been arriving and nothing arrived in this interval. */
  audioStalled: boolean;
  /** Cameras had been decoding, none decoded a frame in this interval, yet packets still came. */
  videoStalled: boolean;
}

/** The sample between two snapshots (`prev` null: the first, which carries no interval). */
export function linkSample(prev: LinkSnapshot | null, cur: LinkSnapshot): LinkSample {
  let downLoss = 0;
  let audioStalled = false;
  if (prev?.audio && cur.audio) {
    const received = cur.audio.received - prev.audio.received;
    const lost = cur.audio.lost - prev.audio.lost;
    // Counters that went back mean the streams changed: no judgement on this interval.
    if (received >= 0 && lost >= 0) {
      downLoss = received + lost === 0 ? 0 : (100 * lost) / (received + lost);
      audioStalled = prev.audio.received > 0 && received === 0;
    }
  }
  // Uplink: each stream's reported fraction, weighted by what it sent in the interval, so a
  // thin simulcast layer losing one packet of ten does not speak for the whole link.
  let sent = 0;
  let sentLost = 0;
  for (const [id, u] of Object.entries(cur.uplink)) {
    const p = prev?.uplink[id];
    const n = p ? u.sent - p.sent : 0;
    if (n <= 0) continue;
    sent += n;
    sentLost += n * u.fractionLost;
  }
  const upLoss = sent === 0 ? 0 : (100 * sentLost) / sent;
  let decoding = 0;
  let advanced = 0;
  let packetsCame = false;
  for (const [id, v] of Object.entries(cur.video)) {
    const p = prev?.video[id];
    if (!p || p.frames === 0 || v.frames < p.frames) continue;
    decoding++;
    if (v.frames > p.frames) advanced++;
    if (v.packets > p.packets) packetsCame = true;
  }
  return {
    rttMs: cur.rttMs,
    lossPct: Math.max(downLoss, upLoss),
    audioDown: cur.audioDown,
    videoDown: cur.videoDown,
    audioStalled,
    videoStalled: decoding > 0 && advanced === 0 && packetsCame,
  };
}

export interface LinkState {
  level: LinkLevel;
  /** Bad samples in a row for this level. */
  bad: number;
  /** Good samples in a row for the level above. */
  good: number;
  /** Samples since the last step up (null: none yet). */
  sinceUp: number | null;
  /** Multiplier on the good samples a step up needs (doubles on each relapse). */
  penalty: number;
}

export interface LinkChange {
  from: LinkLevel;
  to: LinkLevel;
  reason: LinkReason;
  rttMs: number | null;
  lossPct: number;
}

export const initialLink = (level: LinkLevel = 'video'): LinkState => ({
  level,
  bad: 0,
  good: 0,
  sinceUp: null,
  penalty: 1,
});

/** Why this sample is too poor for voice (null: voice is fine). */
function audioTrouble(s: LinkSample, t: LinkThresholds, scale = 1): LinkReason | null {
  if (s.audioDown) return 'disconnected';
  if (s.audioStalled) return 'audio_stalled';
  if (s.lossPct > t.audio.maxLossPct * scale) return 'loss';
  if (s.rttMs !== null && s.rttMs > t.audio.maxRttMs * scale) return 'rtt';
  return null;
}

/** Why this sample is too poor for video (null: video is fine). */
function videoTrouble(s: LinkSample, t: LinkThresholds, scale = 1): LinkReason | null {
  const a = audioTrouble(s, t, scale);
  if (a) return a;
  if (s.videoDown) return 'disconnected';
  if (s.videoStalled) return 'video_stalled';
  if (s.lossPct > t.video.maxLossPct * scale) return 'loss';
  if (s.rttMs !== null && s.rttMs > t.video.maxRttMs * scale) return 'rtt';
  return null;
}

const below: Record<LinkLevel, LinkLevel | null> = { video: 'audio', audio: 'map', map: null };
const above: Record<LinkLevel, LinkLevel | null> = { video: null, audio: 'video', map: 'audio' };

/** One sample: the next state and, if the level changes, the step to announce. */
export function stepLink(
  s: LinkState,
  sample: LinkSample,
  t: LinkThresholds = DEFAULT_LINK_THRESHOLDS,
): { state: LinkState; change: LinkChange | null } {
  const sinceUp = s.sinceUp === null ? null : s.sinceUp + 1;
  // Long enough at the top without a relapse: the penalty is forgiven.
  const penalty = s.level === 'video' && sinceUp !== null && sinceUp >= t.relapseWithin ? 1 : s.penalty;
  const figures = { rttMs: sample.rttMs, lossPct: Math.round(sample.lossPct * 10) / 10 };

  const down = below[s.level];
  const trouble = s.level === 'video' ? videoTrouble(sample, t) : audioTrouble(sample, t);
  const bad = down && trouble ? s.bad + 1 : 0;
  if (down && trouble && bad >= t.downAfter) {
    const relapse = sinceUp !== null && sinceUp < t.relapseWithin;
    return {
      state: {
        level: down,
        bad: 0,
        good: 0,
        sinceUp: null,
        penalty: relapse ? Math.min(penalty * 2, t.maxPenalty) : penalty,
      },
      change: { from: s.level, to: down, reason: trouble, ...figures },
    };
  }

  const up = above[s.level];
  const clear =
    up === 'video'
      ? videoTrouble(sample, t, t.upMargin) === null
      : up === 'audio'
        ? audioTrouble(sample, t, t.upMargin) === null
        : false;
  const good = up && clear ? s.good + 1 : 0;
  const needed = (up === 'video' ? t.upToVideoAfter : t.upToAudioAfter) * penalty;
  if (up && clear && good >= needed)
    return {
      state: { level: up, bad: 0, good: 0, sinceUp: 0, penalty },
      change: { from: s.level, to: up, reason: 'recovered', ...figures },
    };
  return { state: { level: s.level, bad, good, sinceUp, penalty }, change: null };
}
