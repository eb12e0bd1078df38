import { randomUUID } from 'node:crypto';
import type { Server as IoServer, Socket } from 'socket.io';
import type { Consultation } from '../../shared/consult/record';
import {
  ConsultShareRequest,
  ConsultViewRequest,
  isShareEvent,
  VIEW_RATE,
  type ConsultShareReply,
  type ConsultViewReply,
  type ShareEvent,
  type ShareMember,
  type SharePresence,
  type SharedView,
} from '../../shared/consult/share';
import { describeIssue, type LogEntry, type Reply } from '../../shared/sync/protocol';
import { admit, isOpener, type ConsultLookup } from './admission';

/** What the service needs of the connection: who it is (the hub's person for its token). */
export interface ShareAuth {
  clientId: string;
  name: string;
  org: string;
  role: string;
}

/**
 * Who presents in a session: a last-writer-wins register (`since`, then the node's tie), held by
 * every node and replicated with serverSideEmit. `key: null`: nobody presents (stopped, or the
 * presenter left with the opener away); no register at all: nobody has presented yet.
 */
interface Register {
  key: string | null;
  since: number;
  tie: string;
}
const newer = (a: Register, b: Register | undefined) =>
  !b || a.since > b.since || (a.since === b.since && a.tie > b.tie);

interface Local extends ShareMember {
  joinedAt: number;
  socket: Socket;
}
type Wire = ShareMember & { joinedAt: number };

/** How long a node waits for the others' members (the adapter's own timeout is 5 s). */
const ROOM = (id: string) => `share:${id}`;
const MEMBERS = 'consult-share:members';
const PRESENTER = 'consult-share:presenter';

/** The sliding window of one presenter's views: at most VIEW_RATE in any second, the excess coalesced. */
class ViewGate {
  private times: number[] = [];
  private pending: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  /** Send now if the window allows, else keep it (replacing an older waiting one) for when it does. */
  offer(send: () => void): boolean {
    const now = performance.now();
    if (this.times.length < VIEW_RATE || now - this.times[0]! >= 1000) {
      this.pending = null;
      this.sent(now);
      send();
      return true;
    }
    this.pending = send;
    this.timer ??= setTimeout(() => this.flush(), Math.max(1, this.times[0]! + 1000 - now));
    return false;
  }

  private sent(now: number) {
    this.times.push(now);
    if (this.times.length > VIEW_RATE) this.times.shift();
  }

  private flush() {
    this.timer = null;
    const send = this.pending;
    if (send) {
      this.pending = null;
      if (!this.offer(send)) return;
    }
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}

/**
 * The shared picture of consultations at the hub (docs/consultation.md, "The shared map").
 *
 * Several nodes: each node holds its own sockets' membership (the truth for them); presence is
 * assembled on every change by the node that handled it, from its own members and the others'
 * (asked with serverSideEmit, answered by each node for its own sockets), stamped with the time it
 * began, and broadcast to the session's room (the adapter fans it out to every node); consoles keep
 * the newest stamp. The presenter register is replicated to every node (serverSideEmit) and also
 * travels in those answers, so a node that missed it (started later) learns it on the next change.
 * Views go from the presenter's node to the room through the adapter; nothing is written to the
 * op log, and nothing is remembered once a session's last member leaves or it ends.
 */
export class ShareService {
  private readonly members = new Map<string, Map<string, Local>>();
  private readonly registers = new Map<string, Register>();
  private readonly gates = new Map<string, ViewGate>();
  private readonly tie = randomUUID();
  private last = 0;

  constructor(
    private readonly io: IoServer,
    private readonly lookup: ConsultLookup,
    /** True when other nodes share this hub's sessions (the PostgreSQL adapter is in place). */
    private readonly clustered: () => boolean,
    private readonly log: (l: string) => void,
    /** This node's name (its address unless --node names it), told with each of its members. */
    private readonly node: () => string = () => '',
  ) {
    const nsp = io.of('/');
    nsp.on(MEMBERS, (id: unknown, ack: (r: { members: Wire[]; register: Register | null }) => void) => {
      if (typeof id !== 'string' || typeof ack !== 'function') return;
      ack({ members: this.wire(id), register: this.registers.get(id) ?? null });
    });
    nsp.on(PRESENTER, (id: unknown, reg: unknown) => {
      if (typeof id === 'string' && isRegister(reg)) this.learn(id, reg);
    });
  }

  handles(event: string): boolean {
    return isShareEvent(event);
  }

  /** A consult:share or consult:view from a console; always answered. */
  handle(
    socket: Socket,
    auth: ShareAuth,
    event: string,
    payload: unknown,
    answer: (r: Reply<unknown>) => void,
  ) {
    const run = async () =>
      event === 'consult:view' ? this.view(socket, auth, payload) : this.act(socket, auth, payload);
    run().then(
      (value) => answer({ ok: true, value }),
      (e: Error) => {
        const known = /^(NOT_INVITED|NOT_OPEN|NOT_JOINED|NOT_PRESENTER|PRESENTING|INVALID):/.exec(e.message);
        if (!known) this.log(`[consult] ${event} from ${auth.clientId} failed: ${e.stack ?? e.message}`);
        const code = known?.[1] === 'INVALID' ? 'INVALID_MESSAGE' : known ? 'FORBIDDEN' : 'INTERNAL';
        answer({
          ok: false,
          error: { code, message: known ? e.message : 'the shared map failed at the hub' },
        });
      },
    );
  }

  private view(socket: Socket, auth: ShareAuth, payload: unknown): ConsultViewReply {
    const p = ConsultViewRequest.safeParse(payload);
    if (!p.success) throw new Error(`INVALID: ${describeIssue('invalid consult:view', p.error)}`);
    const id = p.data.consultationId;
    if (!this.members.get(id)?.has(socket.id))
      throw new Error(`NOT_JOINED: join the shared map of ${id} first`);
    if (this.registers.get(id)?.key !== auth.clientId)
      throw new Error(`NOT_PRESENTER: ${auth.name} does not present in ${id}`);
    const view: SharedView = p.data.view;
    let gate = this.gates.get(socket.id);
    if (!gate) this.gates.set(socket.id, (gate = new ViewGate()));
    const forwarded = gate.offer(() => {
      const ev: ShareEvent = { consultationId: id, type: 'view', from: auth.clientId, at: Date.now(), view };
      socket.to(ROOM(id)).emit('consult:shared', ev);
    });
    return { forwarded };
  }

  private async act(socket: Socket, auth: ShareAuth, payload: unknown): Promise<ConsultShareReply> {
    const p = ConsultShareRequest.safeParse(payload);
    if (!p.success) throw new Error(`INVALID: ${describeIssue('invalid consult:share', p.error)}`);
    const r = p.data;
    const id = r.consultationId;
    const me = auth.clientId;
    if (r.action === 'join') {
      const c = admit(this.lookup, id, auth);
      const here = this.members.get(id) ?? new Map<string, Local>();
      this.members.set(id, here);
      // A console that reconnected replaces its old connection.
      for (const [sid, m] of here) if (m.key === me && sid !== socket.id) this.drop(id, sid);
      const before = here.get(socket.id);
      here.set(socket.id, {
        key: me,
        name: auth.name,
        org: auth.org,
        role: auth.role,
        following: r.following,
        requesting: false,
        node: this.node(),
        joinedAt: before?.joinedAt ?? Date.now(),
        socket,
      });
      await socket.join(ROOM(id));
      this.log(`[consult] ${auth.name} (${auth.role}) joined the shared map of ${id}`);
      const presence = await this.announce(id, c);
      // The newcomer needs the current view now: the presenter sends it again.
      if (presence?.presenter && presence.presenter !== me)
        this.io
          .to(ROOM(id))
          .emit('consult:shared', { consultationId: id, type: 'resend' } satisfies ShareEvent);
      return { me, presence };
    }
    const mine = this.members.get(id)?.get(socket.id);
    if (!mine) throw new Error(`NOT_JOINED: join the shared map of ${id} first`);
    if (r.action === 'leave') {
      this.drop(id, socket.id);
      this.log(`[consult] ${auth.name} left the shared map of ${id}`);
      return { me, presence: await this.announce(id) };
    }
    if (r.action === 'follow' || r.action === 'request') {
      if (r.action === 'follow') mine.following = r.following;
      else mine.requesting = r.requesting;
      return { me, presence: await this.announce(id) };
    }
    const c = admit(this.lookup, id);
    const now = await this.assemble(id, c);
    const presenting = now.presenter;
    const mayOverrule = auth.role === 'duty-officer' || auth.role === 'admin' || isOpener(c, auth);
    if (r.action === 'take') {
      if (presenting && presenting !== me && !mayOverrule) {
        const who = now.members.find((m) => m.key === presenting)?.name ?? presenting;
        throw new Error(`PRESENTING: ${who} presents; ask them to hand over`);
      }
      this.set(id, me);
    } else {
      if (presenting !== me && !mayOverrule)
        throw new Error(`NOT_PRESENTER: only the presenter hands over or stops presenting`);
      if (r.action === 'give' && !now.members.some((m) => m.key === r.to))
        throw new Error(`NOT_JOINED: ${r.to} is not in the shared map of ${id}`);
      this.set(id, r.action === 'give' ? r.to : null);
    }
    const target = r.action === 'give' ? now.members.find((m) => m.key === r.to)?.name : auth.name;
    this.log(
      `[consult] ${auth.name}: ${r.action} presenting in ${id}${r.action === 'stop' ? '' : ` → ${target}`}`,
    );
    return { me, presence: await this.announce(id, c) };
  }

  private stamp(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }

  /** The register changes here: kept, and told to the other nodes. */
  private set(id: string, key: string | null): void {
    const reg: Register = { key, since: this.stamp(), tie: this.tie };
    this.learn(id, reg);
    if (this.clustered()) this.io.of('/').serverSideEmit(PRESENTER, id, reg);
  }

  private learn(id: string, reg: Register): void {
    if (!newer(reg, this.registers.get(id))) return;
    this.registers.set(id, reg);
    // Whoever presents now no longer asks to.
    for (const m of this.members.get(id)?.values() ?? []) if (m.key === reg.key) m.requesting = false;
  }

  private wire(id: string): Wire[] {
    return [...(this.members.get(id)?.values() ?? [])].map(({ socket: _s, ...m }) => m);
  }

  /** The others' members and registers (each node answers for its own sockets). */
  private ask(id: string): Promise<{ members: Wire[]; register: Register | null }[]> {
    if (!this.clustered()) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.io.of('/').serverSideEmit(MEMBERS, id, (err: Error | null, responses: unknown[]) => {
        // A node that died is dropped by the adapter after its heartbeat timeout; meanwhile the
        // answers that came are used.
        if (err) this.log(`[consult] shared map of ${id}: ${err.message}; using the answers received`);
        resolve(
          ((responses ?? []) as { members: Wire[]; register: Register | null }[]).filter(
            (x) => x && Array.isArray(x.members),
          ),
        );
      });
    });
  }

  /** Everyone in the session on every node, who presents (applying the hand-over rules), stamped. */
  private async assemble(id: string, c?: Consultation | null): Promise<SharePresence> {
    const at = this.stamp();
    const answers = await this.ask(id);
    const byKey = new Map<string, Wire>();
    for (const m of [...this.wire(id), ...answers.flatMap((a) => a.members)]) {
      const had = byKey.get(m.key);
      if (!had || had.joinedAt < m.joinedAt) byKey.set(m.key, m);
    }
    for (const a of answers) if (isRegister(a.register)) this.learn(id, a.register);
    const reg = this.registers.get(id);
    const record = c === undefined ? safeRecord(this.lookup, id) : c;
    // Everyone left: the session starts afresh (another node's stale register is corrected by the
    // rule below at its next change). Nobody has presented yet, or the presenter is gone: the
    // opener presents if here, else nobody.
    if (byKey.size === 0) this.registers.delete(id);
    else if (record && (!reg || (reg.key !== null && !byKey.has(reg.key)))) {
      const opener = [...byKey.values()].find((m) => isOpener(record, m));
      if (opener) this.set(id, opener.key);
      else if (reg) this.set(id, null);
    }
    const members = [...byKey.values()]
      .sort((a, b) => a.joinedAt - b.joinedAt)
      .map(({ joinedAt: _j, ...m }) => m);
    return {
      consultationId: id,
      type: 'presence',
      at,
      presenter: this.registers.get(id)?.key ?? null,
      members,
    };
  }

  /** Assemble and tell the session's room (every node's sockets in it). */
  private async announce(id: string, c?: Consultation | null): Promise<SharePresence | null> {
    const presence = await this.assemble(id, c);
    this.io.to(ROOM(id)).emit('consult:shared', presence satisfies ShareEvent);
    return presence;
  }

  private drop(id: string, socketId: string): void {
    const here = this.members.get(id);
    const m = here?.get(socketId);
    if (!here || !m) return;
    here.delete(socketId);
    void m.socket.leave(ROOM(id));
    if (here.size === 0) this.members.delete(id);
    if (![...this.members.values()].some((x) => x.has(socketId))) {
      this.gates.get(socketId)?.stop();
      this.gates.delete(socketId);
    }
  }

  /** A console disconnected: it leaves every shared map it was in, and the others are told. */
  disconnected(socketId: string): void {
    for (const [id, here] of [...this.members]) {
      if (!here.has(socketId)) continue;
      this.drop(id, socketId);
      this.announce(id).catch((e: Error) => this.log(`[consult] shared map of ${id}: ${e.message}`));
    }
  }

  /** Committed ops (this node's and the others'): an ended session closes its shared map here. */
  onEntries(entries: readonly LogEntry[]): void {
    for (const e of entries) {
      const op = e.op as { entity?: string; entityId?: string; fields?: Record<string, unknown> };
      if (op.entity !== 'consultation' || op.fields?.status !== 'ended' || !op.entityId) continue;
      const id = op.entityId;
      for (const [sid, m] of [...(this.members.get(id) ?? [])]) {
        m.socket.emit('consult:shared', { consultationId: id, type: 'closed' } satisfies ShareEvent);
        this.drop(id, sid);
      }
      this.registers.delete(id);
    }
  }

  close(): void {
    for (const g of this.gates.values()) g.stop();
    this.gates.clear();
    this.members.clear();
  }
}

function isRegister(x: unknown): x is Register {
  const r = x as Register | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    (r.key === null || typeof r.key === 'string') &&
    typeof r.since === 'number' &&
    typeof r.tie === 'string'
  );
}

function safeRecord(lookup: ConsultLookup, id: string): Consultation | null {
  try {
    return admit(lookup, id);
  } catch {
    return null;
  }
}
