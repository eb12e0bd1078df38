import { randomInt } from 'node:crypto';
import type {
  ConsultEvent,
  ConsultParticipant,
  ConsultSignalReply,
  ConsultSignalRequest,
  Jsep,
} from '../../shared/consult/protocol';
import type { ConsultConfig } from './config';
import { JanusSession, type Json } from './janus';

const VIDEOROOM = 'janus.plugin.videoroom';
const AUDIOBRIDGE = 'janus.plugin.audiobridge';

export type Emit = (event: ConsultEvent) => void;

interface Member extends ConsultParticipant {
  socketId: string;
  emit: Emit;
  pub?: number;
  audio?: number;
  sub?: number;
  /** Feeds the subscriber handle holds. */
  subscribed: Set<number>;
  /** Offered a camera (publish), and Janus has it up (watchable: a subscription to it now works). */
  offered: boolean;
  publishing: boolean;
  link: NonNullable<ConsultParticipant['link']>;
  /** One Janus exchange at a time per member (a renegotiation must finish before the next). */
  chain: Promise<unknown>;
}

/**
 * One live consultation: its members and, in Janus mode, the Janus session with the VideoRoom
 * (20 publishers, simulcast allowed) and the AudioBridge room (one mix per member, talking
 * events). Created on the first join; destroyed when the last member leaves or the session ends.
 */
export class LiveRoom {
  readonly members = new Map<number, Member>();
  private janus: JanusSession | null = null;
  private videoRoom = 0;
  private audioRoom = 0;
  private pin = '';
  private adminHandles: { video: number; audio: number } | null = null;
  private nextId = 1;
  private closed = false;

  private constructor(
    readonly consultationId: string,
    readonly mode: 'janus' | 'p2p',
    private readonly cfg: ConsultConfig,
    private readonly log: (l: string) => void,
    private readonly onLost: () => void,
  ) {}

  static async open(
    consultationId: string,
    mode: 'janus' | 'p2p',
    cfg: ConsultConfig,
    log: (l: string) => void,
    onLost: () => void,
  ): Promise<LiveRoom> {
    const room = new LiveRoom(consultationId, mode, cfg, log, onLost);
    if (mode === 'janus') await room.createRooms();
    return room;
  }

  private async createRooms(): Promise<void> {
    const janus = this.cfg.janus!;
    const lost = (e: { janus: string }) => {
      if (e.janus === 'lost' && !this.closed) this.onLost();
    };
    this.janus = await JanusSession.create(janus.apiUrl, this.log);
    try {
      const video = await this.janus.attach(VIDEOROOM, lost);
      const audio = await this.janus.attach(AUDIOBRIDGE, () => undefined);
      this.adminHandles = { video, audio };
      this.pin = randomInt(1e9, 1e10 - 1).toString(36) + randomInt(1e9, 1e10 - 1).toString(36);
      const description = `consult ${this.consultationId}`.slice(0, 100);
      this.videoRoom = randomInt(1, 2 ** 31 - 1);
      await this.janus.message(video, {
        request: 'create',
        room: this.videoRoom,
        admin_key: janus.adminKey,
        description,
        pin: this.pin,
        is_private: true,
        permanent: false,
        publishers: this.cfg.publishers,
        videocodec: 'vp8',
        bitrate: 512_000,
        fir_freq: 10,
        notify_joining: false,
      });
      this.audioRoom = randomInt(1, 2 ** 31 - 1);
      await this.janus.message(audio, {
        request: 'create',
        room: this.audioRoom,
        admin_key: janus.adminKey,
        description,
        pin: this.pin,
        is_private: true,
        permanent: false,
        sampling_rate: 16_000,
        audiolevel_event: true,
        audio_active_packets: 50,
        audio_level_average: 40,
      });
      this.log(
        `[consult] ${this.consultationId}: rooms ${this.videoRoom} (video) and ${this.audioRoom} (audio) created`,
      );
    } catch (e) {
      await this.janus.destroy();
      throw e;
    }
  }

  get size(): number {
    return this.members.size;
  }

  participants(): ConsultParticipant[] {
    return [...this.members.values()].map(({ id, name, org, role, link }) => ({ id, name, org, role, link }));
  }

  publishers(): number[] {
    return [...this.members.values()].filter((m) => m.publishing).map((m) => m.id);
  }

  memberOf(socketId: string): Member | undefined {
    return [...this.members.values()].find((m) => m.socketId === socketId);
  }

  broadcast(event: ConsultEvent): void {
    for (const m of this.members.values()) m.emit(event);
  }

  /** Add a member; in Janus mode, join them to both rooms (no media yet: that comes with their offers). */
  async add(who: { name: string; org: string; role: string }, socketId: string, emit: Emit): Promise<Member> {
    const id = this.nextId++;
    const m: Member = {
      id,
      ...who,
      socketId,
      emit,
      subscribed: new Set(),
      offered: false,
      publishing: false,
      link: 'video',
      chain: Promise.resolve(),
    };
    if (this.janus) {
      const display = `${who.name}`.slice(0, 60);
      m.pub = await this.janus.attach(VIDEOROOM, (ev) => this.onPublisherEvent(m, ev.janus));
      await this.janus.message(m.pub, {
        request: 'join',
        ptype: 'publisher',
        room: this.videoRoom,
        pin: this.pin,
        id,
        display,
      });
      m.audio = await this.janus.attach(AUDIOBRIDGE, (ev) => this.onAudioEvent(m, ev.data));
      await this.janus.message(m.audio, {
        request: 'join',
        room: this.audioRoom,
        pin: this.pin,
        id,
        display,
        muted: false,
      });
    }
    this.members.set(id, m);
    this.broadcast({
      consultationId: this.consultationId,
      type: 'participants',
      participants: this.participants(),
    });
    return m;
  }

  private onAudioEvent(m: Member, data: Json | undefined): void {
    const kind = data?.audiobridge;
    if ((kind === 'talking' || kind === 'stopped-talking') && typeof data?.id === 'number')
      m.emit({
        consultationId: this.consultationId,
        type: 'talking',
        id: data.id,
        talking: kind === 'talking',
      });
  }

  /** A signal from member `m` (serialised per member). */
  signal(m: Member, s: Signal): Promise<ConsultSignalReply> {
    const run = m.chain.then(() => this.signalNow(m, s));
    m.chain = run.catch(() => undefined);
    return run;
  }

  private async signalNow(m: Member, s: Signal): Promise<ConsultSignalReply> {
    if (s.target === 'link') return this.stepLink(m, s.link);
    if (s.target === 'p2p') {
      const to = s.to === undefined ? undefined : this.members.get(s.to);
      if (!to) throw new Error('NOT_JOINED: that participant is not in this session');
      to.emit({
        consultationId: this.consultationId,
        type: 'p2p',
        from: m.id,
        jsep: s.jsep,
        candidate: s.candidate,
      });
      return {};
    }
    const janus = this.janus;
    if (!janus) throw new Error('UNAVAILABLE: this session runs peer to peer');
    const handle = s.target === 'publish' ? m.pub : s.target === 'audio' ? m.audio : m.sub;
    if (s.candidate !== undefined) {
      if (handle !== undefined) await janus.trickle(handle, s.candidate as Json | null);
      return {};
    }
    if (s.target === 'publish') {
      if (!s.jsep || s.jsep.type !== 'offer') throw new Error('INVALID: publishing needs an offer');
      const r = await janus.message(m.pub!, { request: 'publish', display: m.name.slice(0, 60) }, s.jsep);
      // Announced to the others once Janus reports the camera's connection up (onPublisherEvent):
      // before that, Janus refuses a subscription to it ("No such feed").
      m.offered = true;
      return { jsep: r.jsep as Jsep };
    }
    if (s.target === 'audio') {
      if (!s.jsep || s.jsep.type !== 'offer') throw new Error('INVALID: joining the audio needs an offer');
      const r = await janus.message(m.audio!, { request: 'configure', muted: false }, s.jsep);
      return { jsep: r.jsep as Jsep };
    }
    // subscribe: an answer starts (or resumes) the stream; a feed list changes what is watched.
    if (s.jsep) {
      if (s.jsep.type !== 'answer' || m.sub === undefined) throw new Error('INVALID: expected an answer');
      await janus.message(m.sub, { request: 'start' }, s.jsep);
      return {};
    }
    if (s.restart) {
      if (m.sub === undefined) throw new Error('INVALID: nothing is watched, so nothing to restart');
      const r = await janus.message(m.sub, { request: 'configure', restart: true });
      return { jsep: r.jsep as Jsep | undefined, streams: streamsOf(r.data) };
    }
    const wanted = new Set((s.feeds ?? []).filter((f) => f !== m.id && this.members.get(f)?.publishing));
    const add = [...wanted].filter((f) => !m.subscribed.has(f));
    const drop = [...m.subscribed].filter((f) => !wanted.has(f));
    if (add.length === 0 && drop.length === 0) return {};
    let reply;
    if (m.sub === undefined) {
      if (add.length === 0) return {};
      const sub = await janus.attach(VIDEOROOM, (ev) =>
        this.onSubscriberEvent(m, ev.data, ev.jsep as Jsep | undefined),
      );
      try {
        reply = await janus.message(sub, {
          request: 'join',
          ptype: 'subscriber',
          room: this.videoRoom,
          pin: this.pin,
          streams: add.map((feed) => ({ feed })),
        });
      } catch (e) {
        await janus.detach(sub);
        throw e;
      }
      m.sub = sub;
    } else {
      const body: Json = { request: 'update' };
      if (add.length) body.subscribe = add.map((feed) => ({ feed }));
      if (drop.length) body.unsubscribe = drop.map((feed) => ({ feed }));
      reply = await janus.message(m.sub, body);
    }
    m.subscribed = wanted;
    return { jsep: reply.jsep as Jsep | undefined, streams: streamsOf(reply.data) };
  }

  /**
   * A member stepped their link level (docs/consultation.md §Link quality): logged with who and
   * why; below video their camera is unpublished, so the others' subscriptions drop it instead
   * of stalling on it (they re-subscribe when it is published again); everyone sees the level.
   */
  private async stepLink(m: Member, link: Signal['link']): Promise<ConsultSignalReply> {
    if (!link) throw new Error('INVALID: a link step needs its level');
    const figures = `round trip ${link.rttMs ?? '—'} ms, loss ${link.lossPct} %`;
    this.log(
      `[consult] ${this.consultationId}: ${m.name} (${m.id}) link ${m.link} → ${link.level}, ` +
        `${link.auto ? 'automatic' : 'chosen'}: ${link.reason} (${figures})`,
    );
    m.link = link.level;
    if (link.level !== 'video' && m.offered) {
      m.offered = false;
      this.unlisted(m);
      if (this.janus && m.pub !== undefined)
        await this.janus.message(m.pub, { request: 'unpublish' }).catch(() => undefined);
    }
    this.broadcast({
      consultationId: this.consultationId,
      type: 'participants',
      participants: this.participants(),
    });
    return {};
  }

  /** A camera's connection to Janus came up (watchable now) or went down (no longer). */
  private onPublisherEvent(m: Member, kind: string): void {
    if (kind === 'webrtcup' && m.offered && !m.publishing && this.members.has(m.id)) {
      m.publishing = true;
      this.broadcast({ consultationId: this.consultationId, type: 'publishers', feeds: this.publishers() });
    } else if (kind === 'hangup') {
      m.offered = false;
      this.unlisted(m);
    }
  }

  /** `m`'s camera is not watchable any more: nobody holds it, everyone is told. */
  private unlisted(m: Member): void {
    if (!m.publishing) return;
    m.publishing = false;
    for (const other of this.members.values()) other.subscribed.delete(m.id);
    this.broadcast({ consultationId: this.consultationId, type: 'publishers', feeds: this.publishers() });
  }

  /** Janus re-offers on its own when a watched feed goes away: the console answers it. */
  private onSubscriberEvent(m: Member, data: Json | undefined, jsep: Jsep | undefined): void {
    if (jsep && jsep.type === 'offer')
      m.emit({
        consultationId: this.consultationId,
        type: 'jsep',
        target: 'subscribe',
        jsep,
        streams: streamsOf(data ?? {}),
      });
  }

  /** A member leaves: their handles go (Janus tells the others' subscriptions). */
  async remove(id: number): Promise<void> {
    const m = this.members.get(id);
    if (!m) return;
    this.members.delete(id);
    for (const other of this.members.values()) other.subscribed.delete(id);
    if (this.janus && !this.janus.isClosed)
      await Promise.all(
        [m.pub, m.audio, m.sub].filter((h) => h !== undefined).map((h) => this.janus!.detach(h!)),
      );
    this.broadcast({
      consultationId: this.consultationId,
      type: 'participants',
      participants: this.participants(),
    });
    if (m.publishing)
      this.broadcast({ consultationId: this.consultationId, type: 'publishers', feeds: this.publishers() });
  }

  /** Tear down: the rooms destroyed, the Janus session closed, every member told why. */
  async close(reason: 'ended' | 'media_lost' | null): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (reason) this.broadcast({ consultationId: this.consultationId, type: 'ended', reason });
    this.members.clear();
    const janus = this.janus;
    if (!janus || janus.isClosed) return;
    const key = this.cfg.janus!.adminKey;
    try {
      await janus.message(this.adminHandles!.video, {
        request: 'destroy',
        room: this.videoRoom,
        admin_key: key,
      });
      await janus.message(this.adminHandles!.audio, {
        request: 'destroy',
        room: this.audioRoom,
        admin_key: key,
      });
      this.log(`[consult] ${this.consultationId}: rooms destroyed`);
    } catch (e) {
      this.log(`[consult] ${this.consultationId}: could not destroy the rooms: ${(e as Error).message}`);
    } finally {
      await janus.destroy();
    }
  }
}

type Signal = Omit<ConsultSignalRequest, 'consultationId'>;

function streamsOf(data: Json): { mid: string; feed: number }[] {
  const streams = Array.isArray(data.streams) ? (data.streams as Json[]) : [];
  return streams
    .filter((s) => typeof s.mid === 'string' && typeof s.feed_id === 'number' && s.type === 'video')
    .map((s) => ({ mid: s.mid as string, feed: s.feed_id as number }));
}
