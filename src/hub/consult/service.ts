import { isInvited, type Consultation } from '../../shared/consult/record';
import {
  ConsultJoinRequest,
  ConsultLeaveRequest,
  ConsultSignalRequest,
  isConsultEvent,
  type ConsultEvent,
  type ConsultJoinReply,
} from '../../shared/consult/protocol';
import { describeIssue, type LogEntry, type Reply } from '../../shared/sync/protocol';
import { iceServersFor, turnCredential, type ConsultConfig } from './config';
import { admit } from './admission';
import { janusReachable } from './janus';
import { LiveRoom } from './room';

/** What the consultation service needs of a connected console. */
export interface ConsultSocket {
  id: string;
  emit: (event: 'consult:event', payload: ConsultEvent) => void;
}
export interface ConsultAuth {
  clientId: string;
  name: string;
  org: string;
  role: string;
}

type Answer = (r: Reply<unknown>) => void;

/**
 * The hub's consultation service (docs/consultation.md): checks every join against the replicated
 * consultation record (open, and this token's person invited), opens the rooms on the first join,
 * relays the signalling, and tears the rooms down when the last person leaves or the session ends.
 */
export class ConsultService {
  private readonly rooms = new Map<string, Promise<LiveRoom>>();

  constructor(
    private readonly cfg: ConsultConfig,
    private readonly lookup: (id: string) => Record<string, unknown> | null,
    private readonly log: (l: string) => void,
  ) {}

  handles(event: string): boolean {
    return isConsultEvent(event);
  }

  /** A consult:* event from a console; always answered. */
  handle(socket: ConsultSocket, auth: ConsultAuth, event: string, payload: unknown, answer: Answer): void {
    const run = async () => {
      if (event === 'consult:join') return this.join(socket, auth, payload);
      if (event === 'consult:leave') return this.leave(socket, payload);
      return this.signal(socket, payload);
    };
    run().then(
      (value) => answer({ ok: true, value }),
      (e: Error) => {
        const known = /^(NOT_INVITED|NOT_OPEN|FULL|UNAVAILABLE|NOT_JOINED|NOT_ALLOWED|INVALID):/.exec(
          e.message,
        );
        if (!known) this.log(`[consult] ${event} from ${auth.clientId} failed: ${e.stack ?? e.message}`);
        const code = known?.[1] === 'INVALID' ? 'INVALID_MESSAGE' : known ? 'FORBIDDEN' : 'INTERNAL';
        answer({
          ok: false,
          error: { code, message: known ? e.message : 'UNAVAILABLE: the consultation failed at the hub' },
        });
      },
    );
  }

  private record(id: string): Consultation {
    return admit(this.lookup, id);
  }

  private async join(socket: ConsultSocket, auth: ConsultAuth, payload: unknown): Promise<ConsultJoinReply> {
    const p = ConsultJoinRequest.safeParse(payload);
    if (!p.success) throw new Error(`INVALID: ${describeIssue('invalid consult:join', p.error)}`);
    const id = p.data.consultationId;
    const c = this.record(id);
    if (!isInvited(c, auth))
      throw new Error(`NOT_INVITED: ${auth.name} is not invited to consultation ${id}`);
    let pending = this.rooms.get(id);
    if (!pending) {
      pending = this.openRoom(id);
      this.rooms.set(id, pending);
      pending.catch(() => this.rooms.delete(id));
    }
    const room = await pending;
    const already = room.memberOf(socket.id);
    if (already) await room.remove(already.id);
    if (room.mode === 'p2p' && room.size >= this.cfg.p2pMax)
      throw new Error(
        `FULL: without the media server a consultation takes at most ${this.cfg.p2pMax} people`,
      );
    if (room.size >= this.cfg.publishers) throw new Error(`FULL: the consultation has ${room.size} people`);
    const emit = (ev: ConsultEvent) => socket.emit('consult:event', ev);
    const m = await room.add({ name: auth.name, org: auth.org, role: auth.role }, socket.id, emit);
    const who = `${auth.clientId}-${m.id}`;
    const expiresAt = this.cfg.turn
      ? turnCredential(this.cfg.turn.secret, who, this.cfg.turn.ttlSeconds).expiresAt
      : null;
    this.log(`[consult] ${auth.name} (${auth.role}) joined ${id} as ${m.id} (${room.mode})`);
    return {
      participantId: m.id,
      mode: room.mode,
      iceServers: iceServersFor(this.cfg, who),
      credentialExpiresAt: expiresAt,
      participants: room.participants(),
      publishers: room.publishers(),
      mayPublishVideo: auth.role !== 'viewer',
      link: this.cfg.link,
    };
  }

  private async openRoom(id: string): Promise<LiveRoom> {
    const janus = this.cfg.janus && (await janusReachable(this.cfg.janus.apiUrl)) ? 'janus' : 'p2p';
    if (janus === 'p2p')
      this.log(`[consult] ${id}: Janus unreachable, peer to peer (at most ${this.cfg.p2pMax})`);
    return LiveRoom.open(id, janus, this.cfg, this.log, () => void this.teardown(id, 'media_lost'));
  }

  private async roomOf(socket: ConsultSocket, consultationId: string) {
    const room = await this.rooms.get(consultationId)?.catch(() => undefined);
    const m = room?.memberOf(socket.id);
    if (!room || !m) throw new Error(`NOT_JOINED: join consultation ${consultationId} first`);
    return { room, m };
  }

  private async signal(socket: ConsultSocket, payload: unknown) {
    const p = ConsultSignalRequest.safeParse(payload);
    if (!p.success) throw new Error(`INVALID: ${describeIssue('invalid consult:signal', p.error)}`);
    const { room, m } = await this.roomOf(socket, p.data.consultationId);
    if (p.data.target === 'publish' && p.data.jsep && m.role === 'viewer')
      throw new Error('NOT_ALLOWED: a viewer follows and talks; it does not publish a camera');
    return room.signal(m, p.data);
  }

  private async leave(socket: ConsultSocket, payload: unknown) {
    const p = ConsultLeaveRequest.safeParse(payload);
    if (!p.success) throw new Error(`INVALID: ${describeIssue('invalid consult:leave', p.error)}`);
    const { room, m } = await this.roomOf(socket, p.data.consultationId);
    await room.remove(m.id);
    if (room.size === 0) await this.teardown(p.data.consultationId, null);
    return {};
  }

  /** A console disconnected: it leaves every session it was in. */
  async disconnected(socketId: string): Promise<void> {
    for (const [id, pending] of this.rooms) {
      const room = await pending.catch(() => null);
      const m = room?.memberOf(socketId);
      if (!room || !m) continue;
      await room.remove(m.id);
      if (room.size === 0) await this.teardown(id, null);
    }
  }

  /** Committed ops: a consultation that ended has its rooms torn down. */
  onEntries(entries: readonly LogEntry[]): void {
    for (const e of entries) {
      const op = e.op as { entity?: string; entityId?: string; fields?: Record<string, unknown> };
      if (
        op.entity === 'consultation' &&
        op.fields?.status === 'ended' &&
        op.entityId &&
        this.rooms.has(op.entityId)
      )
        void this.teardown(op.entityId, 'ended');
    }
  }

  private async teardown(id: string, reason: 'ended' | 'media_lost' | null): Promise<void> {
    const pending = this.rooms.get(id);
    if (!pending) return;
    this.rooms.delete(id);
    const room = await pending.catch(() => null);
    await room?.close(reason);
  }

  async close(): Promise<void> {
    await Promise.all([...this.rooms.keys()].map((id) => this.teardown(id, 'ended')));
  }
}
