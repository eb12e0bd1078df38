/**
 * The media of one consultation on this console (docs/consultation.md): through the hub's Janus,
 * the camera published to the VideoRoom (simulcast), the others' cameras received on one
 * multistream subscription, the microphone into the AudioBridge and its mix (one audio stream
 * however many speak) back; without Janus, a mesh of peer connections. All signalling goes
 * through main to the hub (`consult:signal`, `consult:event`); descriptions are sent with their
 * candidates gathered (no trickle), which costs a few hundred milliseconds once per connection.
 */
import type {
  ConsultEvent,
  ConsultJoinReply,
  ConsultParticipant,
  ConsultSignalReply,
  Jsep,
} from '../../../shared/consult/protocol';
import type { AppError } from '../../../shared/ipc';
import { api } from '../../services/api';
import { initialLinkView, LinkMonitor, type LinkStep, type LinkView } from './link';

export interface CallView {
  state: 'joining' | 'live' | 'ended' | 'failed';
  mode: 'janus' | 'p2p' | null;
  me: number | null;
  participants: ConsultParticipant[];
  /** participant id → their camera (or, peer to peer, camera and voice). */
  videos: Map<number, MediaStream>;
  /** The AudioBridge mix (Janus mode). */
  mix: MediaStream | null;
  local: MediaStream | null;
  talking: Set<number>;
  /** The last one heard: the large tile. */
  speaker: number | null;
  endedReason: string | null;
  error: AppError | null;
  /** Video, voice only or the shared map alone, and every step so far (link.ts). */
  link: LinkView;
}

export interface CallOptions {
  /** 'relay': media only through TURN (tests, or networks that allow nothing else). */
  iceTransportPolicy?: RTCIceTransportPolicy;
}

const GATHER_MS = 4000;

/** Wait until the connection's candidates are gathered (or GATHER_MS), then return its description. */
async function gathered(pc: RTCPeerConnection): Promise<Jsep> {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const done = () => {
        if (pc.iceGatheringState !== 'complete') return;
        pc.removeEventListener('icegatheringstatechange', done);
        resolve();
      };
      pc.addEventListener('icegatheringstatechange', done);
      setTimeout(resolve, GATHER_MS);
    });
  }
  const d = pc.localDescription!;
  return { type: d.type as 'offer' | 'answer', sdp: d.sdp };
}

export class ConsultCall {
  readonly view: CallView = {
    state: 'joining',
    mode: null,
    me: null,
    participants: [],
    videos: new Map(),
    mix: null,
    local: null,
    talking: new Set(),
    speaker: null,
    endedReason: null,
    error: null,
    link: initialLinkView(),
  };
  private join: ConsultJoinReply | null = null;
  private pub: RTCPeerConnection | null = null;
  private audio: RTCPeerConnection | null = null;
  private sub: RTCPeerConnection | null = null;
  private midFeed = new Map<string, number>();
  private peers = new Map<number, RTCPeerConnection>();
  private off: (() => void) | null = null;
  private subChain: Promise<unknown> = Promise.resolve();
  /** The feeds publishing now, as the hub last said; watched once my own media is up. */
  private feeds: number[] = [];
  private watching = false;
  private retries = 0;
  private closed = false;
  /** Below video: my camera is not sent and no camera is watched (docs/consultation.md §Link quality). */
  private videoOff = false;
  private monitor: LinkMonitor | null = null;

  constructor(
    readonly consultationId: string,
    private readonly onChange: (v: CallView) => void,
    private readonly opts: CallOptions = {},
  ) {}

  private changed(): void {
    if (!this.closed || this.view.state === 'ended') this.onChange({ ...this.view });
  }

  private fail(e: AppError): void {
    this.view.state = 'failed';
    this.view.error = e;
    this.changed();
  }

  private async signal(req: Omit<Parameters<typeof api.invoke<'consult:signal'>>[1], 'consultationId'>) {
    const r = await api.invoke('consult:signal', { consultationId: this.consultationId, ...req });
    if (!r.ok) throw r.error;
    return r.value as ConsultSignalReply;
  }

  private newPc(): RTCPeerConnection {
    return new RTCPeerConnection({
      iceServers: this.join?.iceServers ?? [],
      iceTransportPolicy: this.opts.iceTransportPolicy ?? 'all',
    });
  }

  async start(): Promise<void> {
    this.off = api.on('consult:event', (ev) => {
      if (ev.consultationId === this.consultationId)
        void this.onEvent(ev).catch((e: AppError) => this.fail(e));
    });
    const r = await api.invoke('consult:join', { consultationId: this.consultationId });
    if (!r.ok) return this.fail(r.error);
    const j = (this.join = r.value);
    Object.assign(this.view, { mode: j.mode, me: j.participantId, participants: j.participants });
    try {
      this.view.local = await navigator.mediaDevices.getUserMedia({
        audio: true,
        video: j.mayPublishVideo ? { width: 640, height: 360, frameRate: 15 } : false,
      });
    } catch (e) {
      await this.leave();
      return this.fail({ code: 'INVALID', message: `camera or microphone: ${(e as Error).message}` });
    }
    this.changed();
    try {
      if (j.mode === 'janus') {
        await this.publish();
        await this.joinMix();
        this.feeds = [...new Set([...this.feeds, ...j.publishers])];
        this.watching = true;
        void this.watch().catch(() => undefined);
      } else {
        for (const p of j.participants) if (p.id !== j.participantId) await this.callPeer(p.id);
      }
      this.view.state = 'live';
      this.changed();
      this.monitor = new LinkMonitor(
        {
          connections: () => this.connections(),
          applyLink: (step) => this.applyLink(step),
          onLink: (link) => ((this.view.link = link), this.changed()),
        },
        j.link,
      );
      this.monitor.start();
    } catch (e) {
      this.fail(e as AppError);
    }
  }

  /** The camera to the VideoRoom, in three simulcast layers the subscribers choose from. */
  private async publish(): Promise<void> {
    const track = this.view.local?.getVideoTracks()[0];
    if (!track) return;
    const pc = (this.pub = this.newPc());
    pc.addTransceiver(track, {
      direction: 'sendonly',
      sendEncodings: [
        { rid: 'h', maxBitrate: 500_000 },
        { rid: 'm', maxBitrate: 200_000, scaleResolutionDownBy: 2 },
        { rid: 'l', maxBitrate: 80_000, scaleResolutionDownBy: 4 },
      ],
    });
    await pc.setLocalDescription(await pc.createOffer());
    const r = await this.signal({ target: 'publish', jsep: await gathered(pc) });
    await pc.setRemoteDescription(r.jsep!);
  }

  /** The microphone into the AudioBridge; its mix (everyone but me) comes back on the same connection. */
  private async joinMix(): Promise<void> {
    const track = this.view.local!.getAudioTracks()[0];
    const pc = (this.audio = this.newPc());
    this.restartWhenFailed(pc, async () => {
      await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
      const r = await this.signal({ target: 'audio', jsep: await gathered(pc) });
      await pc.setRemoteDescription(r.jsep!);
    });
    pc.addTransceiver(track ?? 'audio', { direction: track ? 'sendrecv' : 'recvonly' });
    pc.ontrack = (e) => {
      this.view.mix = e.streams[0] ?? new MediaStream([e.track]);
      this.changed();
    };
    await pc.setLocalDescription(await pc.createOffer());
    const r = await this.signal({ target: 'audio', jsep: await gathered(pc) });
    await pc.setRemoteDescription(r.jsep!);
  }

  /** Watch every camera but mine (one subscription, renegotiated as publishers come and go). */
  private watch(): Promise<void> {
    const run = this.subChain.then(async () => {
      const wanted = this.videoOff ? [] : this.feeds.filter((f) => f !== this.view.me);
      const r = await this.signal({ target: 'subscribe', feeds: wanted });
      if (r.jsep) await this.answerSubscription(r.jsep, r.streams ?? []);
      this.retries = 0;
      for (const id of [...this.view.videos.keys()]) if (!wanted.includes(id)) this.view.videos.delete(id);
      this.changed();
    });
    // A feed that went away meanwhile fails the update: ask again with the hub's latest list.
    this.subChain = run.catch(() => {
      if (!this.closed && this.retries++ < 5)
        setTimeout(() => void this.watch().catch(() => undefined), 1500);
    });
    return run;
  }

  private async answerSubscription(offer: Jsep, streams: { mid: string; feed: number }[]): Promise<void> {
    for (const s of streams) this.midFeed.set(s.mid, s.feed);
    if (!this.sub) {
      const pc = (this.sub = this.newPc());
      // Janus offers the subscription, so it makes the new offer: ask it through the hub.
      this.restartWhenFailed(pc, () => {
        const run = this.subChain.then(async () => {
          const r = await this.signal({ target: 'subscribe', restart: true });
          if (r.jsep) await this.answerSubscription(r.jsep, r.streams ?? []);
        });
        this.subChain = run.catch(() => undefined);
        return run;
      });
      pc.ontrack = (e) => {
        const feed = this.midFeed.get(e.transceiver.mid ?? '');
        if (feed === undefined) return;
        this.view.videos.set(feed, new MediaStream([e.track]));
        this.view.speaker ??= feed;
        this.changed();
      };
    }
    await this.sub.setRemoteDescription(offer);
    await this.sub.setLocalDescription(await this.sub.createAnswer());
    await this.signal({ target: 'subscribe', jsep: await gathered(this.sub) });
  }

  /**
   * Step the media to a link level: below video, the hub unpublishes my camera (so the others drop
   * it rather than stall on it) and I stop watching every camera; back at video, the camera is
   * published again and the cameras watched. Peer to peer, each sender stops its camera to peers
   * below video (see `p2pVideo`). The voice is never touched: it is kept as long as anything
   * gets through, and it is what tells the monitor when the link recovers.
   */
  async applyLink(step: LinkStep): Promise<void> {
    const { to: level, auto, reason, rttMs, lossPct } = step;
    await this.signal({ target: 'link', link: { level, auto, reason, rttMs, lossPct } });
    const off = level !== 'video';
    if (off === this.videoOff) return;
    this.videoOff = off;
    if (this.view.mode === 'p2p') return this.p2pVideo();
    if (off) {
      this.pub?.close();
      this.pub = null;
    } else if (this.join?.mayPublishVideo) await this.publish();
    await this.watch();
  }

  /** Choose the link level by hand, or 'auto' to let the link quality decide again. */
  chooseLink(mode: Parameters<LinkMonitor['choose']>[0]): Promise<void> {
    return this.monitor?.choose(mode) ?? Promise.resolve();
  }

  /** Peer to peer: my camera goes to each peer at video, and to none while I am below it. */
  private p2pVideo(): void {
    const cam = this.view.local?.getVideoTracks()[0] ?? null;
    for (const [id, pc] of this.peers) {
      const theirs = this.view.participants.find((p) => p.id === id)?.link ?? 'video';
      const sender = pc.getTransceivers().find((t) => t.receiver.track.kind === 'video')?.sender;
      void sender?.replaceTrack(!this.videoOff && theirs === 'video' ? cam : null).catch(() => undefined);
    }
  }

  /**
   * A connection that failed (its link cut for more than about 15 s: Chromium gives up) gets an
   * ICE restart, and another each time it fails again while the call lasts, so the voice and the
   * cameras come back when the link does (the link monitor steps back up on them).
   */
  private restartWhenFailed(pc: RTCPeerConnection, restart: () => Promise<void>): void {
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed' && !this.closed) void restart().catch(() => undefined);
    });
  }

  /** Peer to peer: I offer to those already there; newcomers offer to me. */
  private async callPeer(id: number): Promise<void> {
    const pc = this.peerPc(id);
    await pc.setLocalDescription(await pc.createOffer());
    await this.signal({ target: 'p2p', to: id, jsep: await gathered(pc) });
  }

  private peerPc(id: number): RTCPeerConnection {
    let pc = this.peers.get(id);
    if (pc) return pc;
    pc = this.newPc();
    for (const track of this.view.local?.getTracks() ?? []) pc.addTrack(track, this.view.local!);
    pc.ontrack = (e) => {
      this.view.videos.set(id, e.streams[0] ?? new MediaStream([e.track]));
      this.view.speaker ??= id;
      this.changed();
    };
    this.peers.set(id, pc);
    return pc;
  }

  private async onEvent(ev: ConsultEvent): Promise<void> {
    switch (ev.type) {
      case 'participants': {
        this.view.participants = ev.participants;
        const here = new Set(ev.participants.map((p) => p.id));
        for (const [id, pc] of this.peers)
          if (!here.has(id)) {
            pc.close();
            this.peers.delete(id);
            this.view.videos.delete(id);
          }
        if (this.view.speaker !== null && !here.has(this.view.speaker))
          this.view.speaker = [...this.view.videos.keys()][0] ?? null;
        if (this.view.mode === 'p2p') this.p2pVideo();
        return this.changed();
      }
      case 'publishers':
        this.feeds = ev.feeds;
        // A failed update is retried by watch() itself; it never fails the call.
        if (this.view.mode === 'janus' && this.watching) void this.watch().catch(() => undefined);
        return;
      case 'jsep':
        this.subChain = this.subChain
          .then(() => this.answerSubscription(ev.jsep, ev.streams))
          .catch(() => undefined);
        return;
      case 'talking':
        if (ev.talking) {
          this.view.talking.add(ev.id);
          if (ev.id !== this.view.me && this.view.videos.has(ev.id)) this.view.speaker = ev.id;
        } else this.view.talking.delete(ev.id);
        return this.changed();
      case 'p2p': {
        if (!ev.jsep) return;
        const pc = this.peerPc(ev.from);
        await pc.setRemoteDescription(ev.jsep);
        if (ev.jsep.type === 'offer') {
          await pc.setLocalDescription(await pc.createAnswer());
          await this.signal({ target: 'p2p', to: ev.from, jsep: await gathered(pc) });
        }
        return;
      }
      case 'ended':
        this.view.endedReason = ev.reason;
        this.stop();
        this.view.state = 'ended';
        return this.changed();
    }
  }

  /** Show this participant large (a click on a thumbnail). */
  focus(id: number): void {
    this.view.speaker = id;
    this.changed();
  }

  /** Mute or unmute my microphone (the others stop hearing me; the mix keeps playing). */
  setMuted(muted: boolean): void {
    for (const t of this.view.local?.getAudioTracks() ?? []) t.enabled = !muted;
    this.changed();
  }

  /** Every connection of this call, for the quality panel. */
  connections(): { label: string; pc: RTCPeerConnection }[] {
    const out: { label: string; pc: RTCPeerConnection }[] = [];
    if (this.pub) out.push({ label: 'publish', pc: this.pub });
    if (this.audio) out.push({ label: 'audio', pc: this.audio });
    if (this.sub) out.push({ label: 'subscribe', pc: this.sub });
    for (const [id, pc] of this.peers) out.push({ label: `peer-${id}`, pc });
    return out;
  }

  private stop(): void {
    this.closed = true;
    this.monitor?.stop();
    this.off?.();
    for (const pc of [this.pub, this.audio, this.sub, ...this.peers.values()]) pc?.close();
    this.peers.clear();
    for (const t of this.view.local?.getTracks() ?? []) t.stop();
  }

  async leave(): Promise<void> {
    if (this.closed) return;
    this.stop();
    this.view.state = 'ended';
    this.view.endedReason = 'left';
    this.changed();
    await api.invoke('consult:leave', { consultationId: this.consultationId });
  }
}
