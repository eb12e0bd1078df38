import { HlcClock } from '../../shared/sync/hlc';
import { OP_PRIORITY, type Op } from '../../shared/sync/ops';
import type { LogEntry, PushReply, Reply } from '../../shared/sync/protocol';
import type { UnitStatus } from '../../shared/domain';
import type { Writer } from '../store';
import { findToken, tokenRefusal, type TokenInfo, type TokenStore } from '../tokens';
import type { CotConfig } from './config';
import { CE_UNKNOWN, decodeFrame, type CotReport } from './decode';
import type { Frame } from './framing';
import { CotListeners, type Source } from './listeners';
import { CotPicture, isPictureKind, type PictureSource } from './picture';

/**
 * The hub's Cursor-on-Target bridge (docs/interop.md): field devices' CoT in, Jinying's picture
 * out. A position report from a mapped device becomes a `track` op of its unit, and (where the
 * map says so) its status an `upsert` of the unit's status, written as that unit's field
 * commander would (role `field-commander` bound to the unit), through the hub's own push queue:
 * validated, merged, logged, committed and fanned out exactly like a console's ops. Refused
 * messages are counted by reason and logged (the first of each reason, then every thousandth).
 */
export interface CotBridgeDeps {
  store: PictureSource;
  /** Where the bridge's own token (CotConfig.token) is looked up at start. */
  tokens: TokenStore;
  /** The hub's push path: queued for the next group commit, answered after it. */
  submit: (writer: Writer, ops: Op[]) => Promise<Reply<PushReply>>;
  log: (line: string) => void;
  now?: () => number;
}

export interface CotStats {
  /** Messages cut from streams and datagrams (before any check). */
  messages: number;
  /** Position reports the hub accepted as tracks. */
  tracks: number;
  /** Status changes the hub accepted. */
  statuses: number;
  /** Refused or ignored messages by reason. */
  refused: Record<string, number>;
  /** Ops the hub itself refused (role, unknown unit…). */
  hubRejected: number;
  /** Reports waiting for the hub's commit. */
  pending: number;
  connections: number;
  /** Why the bridge stopped (its token revoked or expired); null while it runs. */
  stopped: string | null;
}

const LOG_FIRST = 10;

export class CotBridge {
  private readonly listeners: CotListeners;
  private readonly picture: CotPicture;
  private readonly devices: Map<string, CotConfig['map']['devices'][number]>;
  private readonly clientId = `cot-bridge-${Date.now().toString(36)}`;
  private readonly clock: HlcClock;
  private seq = 0;
  private readonly counts: Omit<CotStats, 'pending' | 'connections' | 'refused' | 'stopped'> = {
    messages: 0,
    tracks: 0,
    statuses: 0,
    hubRejected: 0,
  };
  private readonly refusedBy = new Map<string, number>();
  private pending = 0;
  private batch = new Map<string, { writer: Writer; ops: Op[] }>();
  private batchScheduled = false;
  /** The status last sent per unit, so one unchanged status is not written again and again. */
  private readonly statusSent = new Map<string, UnitStatus>();
  private timers: NodeJS.Timeout[] = [];
  private readonly now: () => number;
  /** The bridge's token, resolved at start: its id goes on every op it writes. */
  private token: TokenInfo | null = null;
  private stoppedBy: string | null = null;

  constructor(
    private readonly cfg: CotConfig,
    private readonly deps: CotBridgeDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.clock = new HlcClock(this.clientId, this.now);
    this.devices = new Map(cfg.map.devices.map((d) => [d.uid, d]));
    this.picture = new CotPicture(deps.store, cfg.staleSeconds * 1000, cfg.counties ?? null);
    this.listeners = new CotListeners(
      cfg,
      {
        message: (f, from) => void this.message(f, from),
        refused: (code, reason, from) => this.refuse(code, reason, from),
        connected: (c) => {
          for (const e of this.picture.events('all', this.now())) c.send(e);
        },
      },
      deps.log,
    );
  }

  async start(): Promise<void> {
    const info = await findToken(this.deps.tokens, this.cfg.token);
    const refusal = info ? tokenRefusal(info, this.now()) : 'no such token at this hub';
    if (!info || refusal) throw new Error(`its token (--cot-token-file): ${refusal}`);
    if (info.role !== 'field-commander' || info.unitId !== null)
      throw new Error(
        `its token (--cot-token-file) is ${info.role}${info.unitId ? ` of unit ${info.unitId}` : ''} (${info.name}); the bridge writes as each device's unit's field commander, so it needs a field-commander token with no unit: token create --role field-commander --name "CoT 网关"`,
      );
    this.token = info;
    await this.picture.load();
    await this.listeners.start();
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    // Changes go out at most once a second (a unit reporting ten times a second is sent once).
    every(1000, () => {
      if (this.expired()) return;
      this.sendChanged();
    });
    every(this.cfg.refreshSeconds * 1000, () => {
      this.picture.markWarnings();
      this.sendChanged();
      for (const e of this.picture.events('all', this.now())) this.listeners.broadcast(e);
    });
    const p = this.listeners.ports();
    this.deps.log(
      `[cot] bridge ${this.clientId} (token ${info.id}, ${info.name}): ${this.devices.size} devices mapped; tcp ${p.tcp ?? '-'}, tls ${p.tls ?? '-'}, multicast ${this.cfg.multicast ? `${this.cfg.multicast.group}:${p.udp}` : '-'}`,
    );
  }

  ports() {
    return this.listeners.ports();
  }

  stats(): CotStats {
    return {
      ...this.counts,
      refused: Object.fromEntries(this.refusedBy),
      pending: this.pending,
      connections: this.listeners.clients.size,
      stopped: this.stoppedBy,
    };
  }

  /** The hub found these tokens revoked: the bridge stops if its own is among them. */
  revoked(ids: ReadonlySet<number>): void {
    if (this.token && ids.has(this.token.id)) void this.stop('its token was revoked');
  }

  private expired(): boolean {
    if (this.stoppedBy) return true;
    const refusal = this.token && tokenRefusal(this.token, this.now());
    if (refusal) void this.stop(`its token expired at ${this.token!.expiresAt}`);
    return Boolean(refusal);
  }

  /**
   * Revoked or expired: hear no device and send nothing more (TAK clients are disconnected, the
   * multicast group left), as the hub closes a console's connection. The hub keeps running.
   */
  private async stop(reason: string): Promise<void> {
    if (this.stoppedBy) return;
    this.stoppedBy = reason;
    this.deps.log(
      `[cot] the bridge stops: ${reason}. Field devices are no longer heard; issue it a new token (token create --role field-commander) and restart the hub with --cot-token-file`,
    );
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.listeners.close();
  }

  /** After each group commit: the records it touched. */
  onEntries(entries: readonly LogEntry[]): void {
    for (const e of entries) if (isPictureKind(e.op.entity)) this.picture.update(e.op.entity, e.op.entityId);
  }

  private sendChanged(): void {
    const events = this.picture.events('changed', this.now());
    if (events.length > 0) this.listeners.broadcast(events.join(''));
  }

  private refuse(code: string, reason: string, from: Source): void {
    const n = (this.refusedBy.get(code) ?? 0) + 1;
    this.refusedBy.set(code, n);
    if (n <= LOG_FIRST || n % 1000 === 0)
      this.deps.log(`[cot] refused (${code}, ${n} so far) from ${from.transport} ${from.peer}: ${reason}`);
  }

  private async message(frame: Frame, from: Source): Promise<void> {
    if (this.expired()) return;
    this.counts.messages++;
    const now = this.now();
    const d = await decodeFrame(frame, now);
    if (!d.ok) return this.refuse(d.code, d.reason, from);
    const r = d.report;
    if (r.type.startsWith('t-'))
      return this.refuse('control', `${r.type} from ${r.uid} (not a report)`, from);
    const device = this.devices.get(r.uid);
    if (!device) return this.refuse('unmapped', `uid ${r.uid} is in no --cot-map entry`, from);
    const unit = this.picture.units.get(device.unit);
    if (!unit)
      return this.refuse(
        'unknown-unit',
        `uid ${r.uid} maps to unit ${device.unit}, which the hub does not have`,
        from,
      );
    if (!r.type.startsWith('a-'))
      return this.refuse('not-position', `${r.type} from ${r.uid} is not a position report`, from);
    const ops: Op[] = [];
    const fixAt = Math.min(r.time, now);
    if (r.ce >= CE_UNKNOWN) this.refuse('no-fix', `${r.uid} reports no position fix (ce ${r.ce})`, from);
    else if (fixAt <= Date.parse(unit.positionFixAt))
      this.refuse('older-fix', `${r.uid}: a fix older than the unit's (${unit.positionFixAt})`, from);
    else {
      ops.push(
        this.op(device.unit, 'track', {
          position: [r.lon, r.lat],
          positionFixAt: new Date(fixAt).toISOString(),
        }),
      );
      this.picture.deviceFix.set(device.unit, { how: r.how, ce: r.ce, le: r.le });
    }
    const status = device.status ? this.statusOf(r) : null;
    if (status && status !== unit.status && status !== this.statusSent.get(device.unit)) {
      ops.push(this.op(device.unit, 'upsert', { id: device.unit, status }));
      this.statusSent.set(device.unit, status);
    }
    if (ops.length === 0) return;
    if (this.pending + ops.length > this.cfg.limits.maxPending)
      return this.refuse('busy', `${this.pending} reports wait for the hub's commit`, from);
    this.queue(device.unit, r, ops);
  }

  private statusOf(r: CotReport): UnitStatus | null {
    const m = this.cfg.map.status;
    if (r.remarks && Object.prototype.hasOwnProperty.call(m.remarks, r.remarks)) return m.remarks[r.remarks]!;
    if (r.readiness) return m.readiness[r.readiness] ?? null;
    return null;
  }

  private op(unitId: string, kind: 'track' | 'upsert', fields: Record<string, unknown>): Op {
    const seq = ++this.seq;
    return {
      opId: `${this.clientId}:${seq}`,
      clientId: this.clientId,
      seq,
      hlc: this.clock.tick(),
      entity: 'unit',
      entityId: unitId,
      kind,
      fields,
      priority: kind === 'track' ? OP_PRIORITY.track : OP_PRIORITY.status,
    };
  }

  /** Reports arriving in one turn go to the hub together, one batch per unit (its writer). */
  private queue(unitId: string, r: CotReport, ops: Op[]): void {
    this.pending += ops.length;
    let b = this.batch.get(unitId);
    if (!b) {
      const writer: Writer = {
        clientId: this.clientId,
        role: 'field-commander',
        tokenId: this.token!.id,
        name: r.callsign || r.uid,
        org: this.token!.org || 'CoT',
        unitId,
      };
      this.batch.set(unitId, (b = { writer, ops: [] }));
    }
    b.ops.push(...ops);
    if (this.batchScheduled) return;
    this.batchScheduled = true;
    setImmediate(() => {
      this.batchScheduled = false;
      const batches = [...this.batch.values()];
      this.batch = new Map();
      for (const x of batches) void this.submit(x.writer, x.ops);
    });
  }

  private async submit(writer: Writer, ops: Op[]): Promise<void> {
    try {
      const reply = await this.deps.submit(writer, ops);
      if (!reply.ok) {
        this.counts.hubRejected += ops.length;
        if (reply.error.code === 'UNAUTHORIZED') void this.stop('its token was revoked');
        this.deps.log(
          `[cot] the hub did not take ${ops.length} ops of unit ${writer.unitId}: ${reply.error.message}`,
        );
        return;
      }
      reply.value.results.forEach((res, i) => {
        const op = ops[i]!;
        if (res.status === 'accepted') {
          if (op.kind === 'track') this.counts.tracks++;
          else this.counts.statuses++;
        } else if (res.status === 'rejected') {
          this.counts.hubRejected++;
          if (this.counts.hubRejected <= LOG_FIRST || this.counts.hubRejected % 1000 === 0)
            this.deps.log(
              `[cot] the hub refused ${op.kind} of unit ${op.entityId}: ${res.code} ${res.reason}`,
            );
          if (op.kind === 'upsert') this.statusSent.delete(op.entityId);
        }
      });
    } finally {
      this.pending -= ops.length;
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.listeners.close();
  }
}
