import { io, type Socket } from 'socket.io-client';
import {
  LIMITS,
  PROTOCOL_VERSION,
  type HelloReply,
  type OpsEvent,
  type PullReply,
  type PushReply,
  type Reply,
  type SnapshotReply,
} from '../../shared/sync/protocol';
import type { EntityType } from '../../shared/sync/ops';
import { DISABLED_SYNC_STATUS, type SyncStatusInfo } from '../../shared/sync/status';
import type { StoreClient } from '../db/client';
import { singleFlight } from '../../shared/util/singleFlight';

export type SyncStatus = SyncStatusInfo;
export const DISABLED_STATUS: SyncStatus = DISABLED_SYNC_STATUS;

export interface SyncEngineOptions {
  store: Pick<StoreClient, 'call'>;
  hubUrl: string;
  /**
   * Several nodes of one hub (docs/hub-operations.md, "Several nodes"): when the link to one is
   * lost or cannot be made, the engine moves to the next, resuming from its cursor. Default: [hubUrl].
   */
  hubUrls?: readonly string[];
  /** PEM certificates to trust for an https hub (a provincial CA) besides the system's. */
  ca?: string | null;
  token: string;
  /** Called (throttled) whenever the status changes. */
  onStatus?: (s: SyncStatus) => void;
  /** Catch-up progress in ops (for benchmarks and logs). */
  onProgress?: (done: number, total: number) => void;
  /** Called after remote changes were applied locally, with the entity kinds that changed. */
  onChange?: (entities: EntityType[]) => void;
  log?: (line: string) => void;
  pullLimit?: number;
  pushLimit?: number;
  /** Request timeout; a timed-out request drops the link and reconnects. */
  requestTimeoutMs?: number;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** Safety-net interval: push pending ops and check the hub's head even without events. */
  pollMs?: number;
}

class LinkLost extends Error {}

/** Entries asked for in the first page of a pull (see pullPages). */
const FIRST_PULL_LIMIT = 2000;

/**
 * The client sync engine (the only socket.io-client user, DESIGN.md §1): pushes the outbox with
 * acknowledgements (priority, then seq), pulls by cursor in bounded pages, takes a snapshot when
 * the hub no longer keeps the ops after our cursor, applies live fan-out when it is contiguous,
 * and reconnects with jittered exponential backoff. Nothing relies on socket.io buffering: every
 * op stays in the outbox until acknowledged, and the cursor is only advanced by what was applied.
 */
export class SyncEngine {
  private socket: Socket | null = null;
  private st: SyncStatus;
  private session = 0;
  private knownHead = 0;
  private poll: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private hubListeners: [string, (payload: unknown) => void][] = [];
  private readonly urls: readonly string[];
  private urlIndex = 0;
  /** Connection attempts since the last successful one (the backoff's exponent). */
  private attempts = 0;
  private failoverTimer: NodeJS.Timeout | null = null;
  private clientId = '';

  constructor(private readonly o: SyncEngineOptions) {
    this.urls = o.hubUrls && o.hubUrls.length > 0 ? o.hubUrls : [o.hubUrl];
    this.st = {
      ...DISABLED_STATUS,
      state: 'connecting',
      hubUrl: this.urls[0]!,
      offlineSince: new Date().toISOString(),
    };
  }

  status(): SyncStatus {
    return { ...this.st };
  }

  async start(): Promise<void> {
    const local = await this.o.store.call('syncState');
    this.patch({
      clientId: local.clientId,
      cursor: local.cursor,
      pending: local.pending,
      unseenConflicts: local.unseenConflicts,
      unseenNotices: local.unseenNotices,
    });
    this.clientId = local.clientId;
    this.connect();
    this.poll = setInterval(() => {
      if (!this.ready) return;
      this.kick();
      void this.request<HelloReply>('hello', { cursor: this.st.cursor })
        .then((h) => {
          this.knownHead = Math.max(this.knownHead, h.headSeq);
          if (h.headSeq > this.st.cursor) this.pullSoon();
        })
        .catch(() => undefined);
    }, this.o.pollMs ?? 5000);
  }

  /** Open the link to the current hub address, with every listener. */
  private connect(): void {
    const url = this.urls[this.urlIndex % this.urls.length]!;
    const several = this.urls.length > 1;
    this.patch({ hubUrl: url });
    const socket = io(url, {
      transports: ['websocket'],
      auth: { token: this.o.token, clientId: this.clientId, protocol: PROTOCOL_VERSION },
      // With one address socket.io reconnects; with several, the engine moves along the list itself.
      reconnection: !several,
      reconnectionDelay: this.o.reconnectDelayMs ?? 500,
      reconnectionDelayMax: this.o.reconnectDelayMaxMs ?? 10_000,
      randomizationFactor: 0.5,
      timeout: 10_000,
      forceNew: true,
      perMessageDeflate: { threshold: LIMITS.compressThresholdBytes, zlibDeflateOptions: { level: 1 } },
      // An https hub's certificate must verify: against the system's CAs, or the given ones.
      rejectUnauthorized: true,
      ...(this.o.ca ? { ca: this.o.ca } : {}),
    } as Parameters<typeof io>[1]);
    this.socket = socket;
    for (const [event, fn] of this.hubListeners) socket.on(event, fn);
    socket.on('connect', () => {
      this.attempts = 0;
      void this.runSession();
    });
    socket.on('disconnect', (reason) => {
      this.session++;
      this.ready = false;
      const revoked = this.st.state === 'error' && /^UNAUTHORIZED/.test(this.st.error ?? '');
      this.patch({
        state: revoked ? 'error' : 'offline',
        offlineSince: this.st.offlineSince ?? new Date().toISOString(),
        progress: null,
      });
      this.o.log?.(`[sync] link to ${url} lost (${reason})`);
      if (revoked || this.stopped || reason === 'io client disconnect') return;
      if (several) return this.failover();
      // socket.io does not reconnect after the server closed the link ("io server disconnect"):
      // that is what a hub restarting (SIGTERM, an update) does, so try again, unless we were revoked.
      if (reason === 'io server disconnect') {
        setTimeout(() => {
          if (!this.stopped && this.socket && !this.socket.connected) this.socket.connect();
        }, this.o.reconnectDelayMs ?? 500).unref?.();
      }
    });
    socket.on('connect_error', (e) => {
      const auth = /^(UNAUTHORIZED|UNSUPPORTED_PROTOCOL)/.test(e.message);
      const tls = tlsProblem(e);
      // A refused handshake is not retried by socket.io: it needs a new token or a new version.
      // An untrusted certificate is an error to show (a configuration to fix), though we keep trying.
      const error = auth ? e.message : tls ? `TLS: ${url}: ${tls}` : null;
      this.patch({ state: auth || tls ? 'error' : 'offline', error });
      if (auth) this.o.log?.(`[sync] the hub refused us: ${e.message}`);
      else if (tls) this.o.log?.(`[sync] ${error}`);
      if (!auth && several) this.failover();
    });
    socket.on('ops', (ev: OpsEvent) => void this.onOps(ev));
    socket.on('protocol-error', (e: { event: string; code?: string; message: string }) => {
      this.o.log?.(`[sync] hub: ${e.event}: ${e.message}`);
      // Our token was revoked while connected: the hub closes the link; do not look merely offline.
      if (e.event === 'auth' && e.code === 'UNAUTHORIZED')
        this.patch({ state: 'error', error: `UNAUTHORIZED: ${e.message}` });
    });
  }

  /**
   * The link to this address is gone or cannot be made: close it and try the next address, at
   * once for the first round of the list, then with jittered exponential backoff. The cursor and
   * the outbox are in the store, so the next node resumes exactly where this one stopped.
   */
  private failover(): void {
    if (this.failoverTimer || this.stopped) return;
    const old = this.socket;
    old?.removeAllListeners();
    old?.disconnect();
    this.socket = null;
    this.session++;
    this.ready = false;
    const round = Math.floor(this.attempts / this.urls.length);
    this.attempts++;
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    const base = this.o.reconnectDelayMs ?? 500;
    const delay =
      round === 0
        ? 0
        : Math.min(this.o.reconnectDelayMaxMs ?? 10_000, base * 2 ** (round - 1)) * (0.5 + Math.random());
    this.failoverTimer = setTimeout(() => {
      this.failoverTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
    this.failoverTimer.unref?.();
  }

  /** Something was written locally: push it soon. */
  kick(): void {
    if (this.ready) this.pushSoon();
    void this.refreshPending();
  }

  /**
   * Resolve once everything local is acknowledged and everything the hub had when this was
   * called is applied (tests and the "sync now" button use it).
   */
  async syncNow(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.stopped) throw new Error('sync engine stopped');
      if (Date.now() > deadline)
        throw new Error(`not synced within ${timeoutMs} ms (state ${this.st.state})`);
      if (!this.ready) {
        await this.waitReady(deadline - Date.now());
        continue;
      }
      try {
        await this.push();
        const h = await this.request<HelloReply>('hello', { cursor: this.st.cursor });
        this.knownHead = Math.max(this.knownHead, h.headSeq);
        await this.pull();
        const local = await this.o.store.call('syncState');
        if (local.pending === 0 && local.cursor >= h.headSeq) return;
        // Ops the hub turned away for now stay queued: do not spin on them.
        await new Promise((r) => setTimeout(r, 100));
      } catch (e) {
        if (!(e instanceof LinkLost)) throw e;
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.session++;
    if (this.poll) clearInterval(this.poll);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.failoverTimer) clearTimeout(this.failoverTimer);
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.ready = false;
    // Let in-flight store calls settle before the caller closes the store.
    await Promise.allSettled([this.push.inFlight, this.pull.inFlight].filter(Boolean) as Promise<void>[]);
    this.st = {
      ...this.st,
      state: 'offline',
      offlineSince: this.st.offlineSince ?? new Date().toISOString(),
    };
  }

  // ---- session ----

  private async runSession(): Promise<void> {
    const session = ++this.session;
    this.patch({ state: 'syncing', error: null });
    try {
      const sentAt = Date.now();
      const hello = await this.request<HelloReply>('hello', { cursor: this.st.cursor });
      const receivedAt = Date.now();
      // The hub's clock minus ours, taking the hub's time as read half-way through the round trip.
      const clockOffsetMs = Date.parse(hello.serverTime) + (receivedAt - sentAt) / 2 - receivedAt;
      const local = await this.o.store.call('syncBeginSession', {
        hubId: hello.hubId,
        unitId: hello.unitId,
        role: hello.role,
        clockOffsetMs: Number.isFinite(clockOffsetMs) ? clockOffsetMs : undefined,
        person: { name: hello.name, org: hello.org ?? '', role: hello.role },
      });
      if (session !== this.session) return;
      this.knownHead = hello.headSeq;
      const clockAheadMs =
        Number.isFinite(clockOffsetMs) && clockOffsetMs < -1000 ? Math.round(-clockOffsetMs) : null;
      this.patch({
        name: hello.name,
        role: hello.role,
        unitId: hello.unitId,
        cursor: local.cursor,
        headSeq: hello.headSeq,
        offlineSince: null,
        clockAheadMs,
      });
      this.o.log?.(
        `[sync] connected to ${hello.hubId} as ${hello.name} (${hello.role}); cursor ${local.cursor}, hub head ${hello.headSeq}`,
      );
      this.ready = true;
      // Urgent local changes first (dispatch orders must not wait behind a long catch-up).
      this.pushSoon();
      if (local.cursor + 1 < hello.minSeq) await this.snapshot(session);
      await this.pull();
      // A pull loop left over from the previous connection may have ended early: go again.
      if (session === this.session && this.st.cursor < this.knownHead) await this.pull();
      if (session !== this.session) return;
      for (const w of this.readyWaiters.splice(0)) w();
      this.patch({ state: 'online', progress: null, lastSyncAt: new Date().toISOString() });
    } catch (e) {
      if (e instanceof LinkLost || session !== this.session) return;
      this.o.log?.(`[sync] session failed: ${(e as Error).message}`);
      this.patch({ state: 'error', error: (e as Error).message });
      this.dropLink();
    }
  }

  private waitReady(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, Math.max(0, Math.min(ms, 1000)));
      this.readyWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private async snapshot(session: number): Promise<void> {
    this.o.log?.('[sync] the hub no longer keeps the ops after our cursor: taking a snapshot');
    let after: SnapshotReply['next'] = null;
    let asOf: number | null = null;
    let done = 0;
    do {
      const page: SnapshotReply = await this.request<SnapshotReply>('snapshot', { after, limit: 2000 });
      if (session !== this.session) throw new LinkLost();
      asOf ??= page.asOfSeq;
      after = page.next;
      // The cursor moves to the first page's head only with the last page: a snapshot cut short
      // is simply taken again (merging is idempotent).
      const r = await this.o.store.call('syncApplySnapshot', {
        records: page.records,
        finalSeq: after ? null : asOf,
      });
      done += page.records.length;
      this.patch({ progress: { phase: 'snapshot', done, total: page.total }, cursor: r.cursor });
      if (r.entities.length) this.o.onChange?.(r.entities);
    } while (after);
  }

  // ---- pull ----

  /**
   * Pull until the cursor reaches the hub's head. One pull loop at a time: callers (and news of
   * ops while it runs) join it and get one more pass.
   */
  private readonly pull = singleFlight(
    async () => {
      let progress = true;
      do {
        const before = this.st.cursor;
        await this.pullPages();
        progress = this.st.cursor > before;
      } while (this.ready && progress && this.st.cursor < this.knownHead);
    },
    () => this.ready,
  );

  private pullSoon(): void {
    this.pull().catch((e) => {
      if (!(e instanceof LinkLost)) this.o.log?.(`[sync] pull failed: ${(e as Error).message}`);
    });
  }

  /**
   * Pages from the cursor to the head; the next page is requested while one is being applied.
   * The first page is small so that the store starts applying early instead of waiting for the
   * hub to read, compress and send a full one; the following ones are full.
   */
  private async pullPages(): Promise<void> {
    const limit = this.o.pullLimit ?? LIMITS.maxPullLimit;
    const start = this.st.cursor;
    let inflight: Promise<Reply<PullReply>> | null = this.requestRaw<PullReply>('pull', {
      after: start,
      limit: Math.min(limit, FIRST_PULL_LIMIT),
    });
    while (inflight) {
      const r: Reply<PullReply> = await inflight;
      if (!r.ok) {
        if (r.error.code !== 'SNAPSHOT_REQUIRED') throw new Error(`${r.error.code}: ${r.error.message}`);
        await this.snapshot(this.session);
        inflight = this.requestRaw<PullReply>('pull', { after: this.st.cursor, limit });
        continue;
      }
      const v: PullReply = r.value;
      this.knownHead = Math.max(this.knownHead, v.headSeq);
      if (v.count === 0) break;
      inflight =
        v.lastSeq < v.headSeq ? this.requestRaw<PullReply>('pull', { after: v.lastSeq, limit }) : null;
      // Decoded and validated in the store worker: the main process only forwards the bytes.
      const applied = await this.o.store.call('syncApply', { bytes: new Uint8Array(v.page) });
      const total = this.knownHead - start;
      this.patch({
        cursor: applied.cursor,
        headSeq: this.knownHead,
        progress: total > limit ? { phase: 'pull', done: applied.cursor - start, total } : null,
      });
      this.o.onProgress?.(applied.cursor - start, total);
      if (applied.entities.length) this.o.onChange?.(applied.entities);
      if (applied.queued > 0) this.kick();
      if (applied.gap) {
        // The page did not continue from our cursor (should not happen): re-read from where we are.
        inflight = this.requestRaw<PullReply>('pull', { after: applied.cursor, limit });
      }
    }
    this.patch({ progress: null, lastSyncAt: new Date().toISOString() });
  }

  private async onOps(ev: OpsEvent): Promise<void> {
    this.knownHead = Math.max(this.knownHead, ev.headSeq);
    if (!this.ready) return;
    if (this.pull.inFlight) {
      this.pullSoon();
      return;
    }
    const first = ev.entries[0];
    if (!first || first.seq > this.st.cursor + 1) {
      if (ev.headSeq > this.st.cursor) this.pullSoon();
      return;
    }
    try {
      const r = await this.o.store.call('syncApplyEntries', { entries: ev.entries });
      this.patch({
        cursor: Math.max(this.st.cursor, r.cursor),
        headSeq: this.knownHead,
        lastSyncAt: new Date().toISOString(),
      });
      if (r.entities.length) this.o.onChange?.(r.entities);
      if (r.gap || r.cursor < this.knownHead) this.pullSoon();
      if (r.queued > 0) this.kick(); // a device receipt: the dispatcher is waiting for it
    } catch (e) {
      this.o.log?.(`[sync] could not apply live ops: ${(e as Error).message}`);
      this.pullSoon();
    }
  }

  // ---- push ----

  /** Push until the outbox is empty. One push loop at a time; callers join it and get one more pass. */
  private readonly push = singleFlight(
    () => this.pushBatches(),
    () => this.ready,
  );

  private pushSoon(): void {
    this.push().catch((e) => {
      if (e instanceof LinkLost) return;
      this.o.log?.(`[sync] push failed: ${(e as Error).message}`);
      // The hub's per-connection limit (docs/hub-operations.md): the ops stay queued; go again then.
      const wait = /^RATE_LIMITED: .*retry in (\d+) ms/.exec((e as Error).message);
      if (wait) this.retryLater(Number(wait[1]));
    });
  }

  /** Ops leave the outbox only once the hub has acknowledged them (after its commit). */
  private async pushBatches(): Promise<void> {
    for (;;) {
      const batch = await this.o.store.call('syncOutbox', {
        limit: this.o.pushLimit ?? LIMITS.maxOpsPerPush,
        maxBytes: 1024 * 1024,
      });
      if (batch.length === 0) {
        if (this.st.retryAt) this.patch({ retryAt: null });
        break;
      }
      const ops = batch.map((t) => JSON.parse(t) as unknown);
      const reply = await this.request<PushReply>('push', { ops });
      this.knownHead = Math.max(this.knownHead, reply.headSeq);
      const acked = await this.o.store.call('syncAcked', { results: reply.results });
      this.patch({ pending: acked.pending });
      if (acked.rejected > 0) {
        await this.refreshPending();
        if (acked.entities.length) this.o.onChange?.(acked.entities);
      }
      if (acked.retryAfterMs !== null) {
        // Turned away for now (our clock ahead of the hub's): they stay queued; try again then.
        this.o.log?.(`[sync] the hub asked to resend some ops in ${acked.retryAfterMs} ms`);
        this.retryLater(acked.retryAfterMs);
        this.patch({ retryAt: new Date(Date.now() + acked.retryAfterMs).toISOString() });
        break;
      }
    }
  }

  private retryTimer: NodeJS.Timeout | null = null;

  private retryLater(ms: number): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        if (this.ready && !this.stopped) this.pushSoon();
      },
      Math.min(Math.max(ms, 200), 60_000) + 50,
    );
    this.retryTimer.unref?.();
  }

  // ---- plumbing ----

  private async refreshPending(): Promise<void> {
    try {
      const l = await this.o.store.call('syncState');
      this.patch({ pending: l.pending, unseenConflicts: l.unseenConflicts, unseenNotices: l.unseenNotices });
    } catch {
      // store closing
    }
  }

  private dropLink(): void {
    // Close the transport (not the socket): the manager then reconnects with backoff.
    this.socket?.io.engine?.close();
  }

  /**
   * A request outside the sync protocol (consultation signalling, docs/consultation.md): sent once
   * on the current connection and answered by the hub; never queued or retried.
   */
  call<T>(event: string, payload: unknown): Promise<Reply<T>> {
    return this.requestRaw<T>(event, payload);
  }

  /** Hub events outside the sync protocol (`consult:event`); returns the unsubscribe. */
  onHubEvent(event: string, fn: (payload: unknown) => void): () => void {
    this.hubListeners.push([event, fn]);
    this.socket?.on(event, fn);
    return () => {
      this.hubListeners = this.hubListeners.filter(([, f]) => f !== fn);
      this.socket?.off(event, fn);
    };
  }

  private async requestRaw<T>(event: string, payload: unknown): Promise<Reply<T>> {
    const socket = this.socket;
    if (!socket?.connected) throw new LinkLost('not connected');
    const session = this.session;
    try {
      return (await socket
        .timeout(this.o.requestTimeoutMs ?? 15_000)
        .emitWithAck(event, payload)) as Reply<T>;
    } catch {
      // No answer in time (or the link went down meanwhile). Anything we sent may or may not have
      // arrived; op ids make the retry after reconnecting harmless. Only a timeout on the current
      // connection closes it: a request of an earlier connection must not kill a fresh one.
      if (session === this.session && socket.connected) this.dropLink();
      throw new LinkLost(`${event} timed out`);
    }
  }

  private async request<T>(event: string, payload: unknown): Promise<T> {
    const r = await this.requestRaw<T>(event, payload);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  }

  private patch(p: Partial<SyncStatus>): void {
    this.st = { ...this.st, ...p };
    if (!this.o.onStatus || this.statusTimer) return;
    // Throttled: a catch-up changes the status thousands of times.
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      if (!this.stopped) this.o.onStatus?.(this.status());
    }, 100);
  }
}

/** What is wrong with the hub's certificate, when that is why the connection failed; else null. */
function tlsProblem(e: Error): string | null {
  const cause = (e as { description?: { message?: string; code?: string } }).description;
  const text = `${cause?.code ?? ''} ${cause?.message ?? ''} ${e.message}`;
  if (!/CERT|certificate|self[- ]signed|UNABLE_TO_VERIFY|ERR_TLS|altname/i.test(text)) return null;
  return `the hub's certificate is not trusted (${(cause?.message ?? e.message).slice(0, 160)}); give the hub's CA with --hub-ca FILE, or ask the hub administrator`;
}
