/**
 * The link level of this console's consultation (docs/consultation.md §Link quality): getStats read
 * every `intervalMs` into a snapshot, turned into a sample and stepped by the pure policy
 * (src/shared/consult/linkPolicy.ts); each step is applied to the media by the call, told to the
 * hub (which logs it and tells the others), written in the call's link log with when and how, and
 * announced to the user. The user may also fix a level by hand; "automatic" hands it back.
 */
import {
  DEFAULT_LINK_THRESHOLDS,
  initialLink,
  linkSample,
  stepLink,
  type LinkLevel,
  type LinkReason,
  type LinkSnapshot,
  type LinkState,
  type LinkThresholds,
} from '../../../shared/consult/linkPolicy';

export interface LinkStep {
  /** ISO time of the step. */
  at: string;
  from: LinkLevel;
  to: LinkLevel;
  /** Taken by the policy (true) or chosen by the person at this console. */
  auto: boolean;
  reason: LinkReason;
  rttMs: number | null;
  lossPct: number;
}

export interface LinkView {
  level: LinkLevel;
  auto: boolean;
  /** Every step of this call, oldest first. */
  log: LinkStep[];
  /** A step that could not be applied (e.g. the camera could not be published again). */
  error: string | null;
}

export const initialLinkView = (): LinkView => ({ level: 'video', auto: true, log: [], error: null });

/** What the monitor needs of the call. */
export interface LinkHost {
  connections: () => { label: string; pc: RTCPeerConnection }[];
  /** Make the media match the level and tell the hub; rejects if it could not. */
  applyLink: (step: LinkStep) => Promise<void>;
  onLink: (v: LinkView) => void;
}

const down = (s: RTCPeerConnectionState) => s === 'disconnected' || s === 'failed';

/** One getStats reading over every connection of the call. */
export async function linkSnapshot(conns: { label: string; pc: RTCPeerConnection }[]): Promise<LinkSnapshot> {
  const snap: LinkSnapshot = {
    rttMs: null,
    audioDown: false,
    videoDown: false,
    audio: null,
    uplink: {},
    video: {},
  };
  for (const { label, pc } of conns) {
    // Through Janus the voice is the `audio` connection; peer to peer every connection carries it.
    const voice = label === 'audio' || label.startsWith('peer-');
    if (voice && down(pc.connectionState)) snap.audioDown = true;
    if (!voice && down(pc.connectionState)) snap.videoDown = true;
    const stats = await pc.getStats();
    stats.forEach((s: Record<string, unknown>) => {
      const key = `${label}:${String(s.id)}`;
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        if (typeof s.currentRoundTripTime === 'number')
          snap.rttMs = Math.max(snap.rttMs ?? 0, Math.round(s.currentRoundTripTime * 1000));
      } else if (s.type === 'inbound-rtp' && s.kind === 'audio' && voice) {
        snap.audio ??= { received: 0, lost: 0 };
        snap.audio.received += Number(s.packetsReceived ?? 0);
        snap.audio.lost += Math.max(0, Number(s.packetsLost ?? 0));
      } else if (s.type === 'inbound-rtp' && s.kind === 'video') {
        snap.video[key] = { frames: Number(s.framesDecoded ?? 0), packets: Number(s.packetsReceived ?? 0) };
      } else if (s.type === 'outbound-rtp') {
        const remote = s.remoteId ? (stats.get(s.remoteId as string) as Record<string, unknown>) : undefined;
        snap.uplink[key] = {
          sent: Number(s.packetsSent ?? 0),
          fractionLost: Number(remote?.fractionLost ?? 0),
        };
      }
    });
  }
  return snap;
}

export class LinkMonitor {
  private state: LinkState = initialLink();
  private prev: LinkSnapshot | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;
  /** Steps are applied one after the other (a step chosen by hand may come during another). */
  private applying: Promise<void> = Promise.resolve();
  readonly view: LinkView = initialLinkView();

  constructor(
    private readonly host: LinkHost,
    private readonly t: LinkThresholds = DEFAULT_LINK_THRESHOLDS,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.t.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const snap = await linkSnapshot(this.host.connections());
      const prev = this.prev;
      this.prev = snap;
      if (!prev || !this.view.auto) return;
      const { state, change } = stepLink(this.state, linkSample(prev, snap), this.t);
      this.state = state;
      if (change) await this.apply({ ...change, at: new Date().toISOString(), auto: true });
    } finally {
      this.busy = false;
    }
  }

  private async apply(step: LinkStep): Promise<void> {
    this.view.level = step.to;
    this.view.log = [...this.view.log, step];
    this.view.error = null;
    this.host.onLink({ ...this.view });
    const run = this.applying.then(() => this.host.applyLink(step));
    this.applying = run.catch(() => undefined);
    try {
      await run;
    } catch (e) {
      this.view.error = (e as { message?: string }).message ?? String(e);
      this.host.onLink({ ...this.view });
    }
    // The streams changed: the next interval starts from a fresh snapshot.
    this.prev = null;
  }

  /** The person at this console fixes a level, or hands it back to the policy ('auto'). */
  async choose(mode: LinkLevel | 'auto'): Promise<void> {
    if (mode === 'auto') {
      this.view.auto = true;
      this.state = initialLink(this.view.level);
      this.host.onLink({ ...this.view });
      return;
    }
    this.view.auto = false;
    this.state = initialLink(mode);
    if (mode === this.view.level) return this.host.onLink({ ...this.view });
    const step: LinkStep = {
      at: new Date().toISOString(),
      from: this.view.level,
      to: mode,
      auto: false,
      reason: 'manual',
      rttMs: null,
      lossPct: 0,
    };
    await this.apply(step);
  }
}
