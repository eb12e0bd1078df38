import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Server as IoServer, type Socket } from 'socket.io';
import {
  describeIssue,
  HandshakeAuth,
  HelloRequest,
  LIMITS,
  PROTOCOL_VERSION,
  PullRequest,
  PushRequest,
  SnapshotRequest,
  type ErrorCode,
  type HelloReply,
  type LogEntry,
  type PullReply,
  type PushReply,
  type Reply,
  type SnapshotReply,
} from '../shared/sync/protocol';
import { openHubStore, type HubStore, type HubStoreLocation, type Writer } from './store';
import { bindClient, findToken, tokenRefusal } from './tokens';
import { answerHealth, isHealthRequest } from './ops/health';
import { startClusterNode, type ClusterNode } from './cluster/node';
import {
  ConnectionLimiter,
  DEFAULT_CONNECTION_LIMITS,
  transportCap,
  type ConnectionLimits,
} from './ops/limits';
import { ConsultConfig } from './consult/config';
import { ConsultService } from './consult/service';
import { ShareService } from './consult/share';
import { CotBridge } from './cot/bridge';
import type { CotConfig } from './cot/config';

export interface HubOptions {
  /** The store: a SQLite file (`--db`) or a PostgreSQL database (`--pg`). */
  store: HubStoreLocation;
  port?: number;
  host?: string;
  /** Keep this many ops in the log; older clients catch up from a snapshot. Default: keep all. */
  retainOps?: number;
  /** 调度会商: Janus, STUN/TURN (src/hub/consult, docs/consultation.md); none: peer to peer, no STUN/TURN. */
  consult?: ConsultConfig | null;
  /** The Cursor-on-Target bridge (src/hub/cot, docs/interop.md); none: off. */
  cot?: CotConfig | null;
  /** Per-connection rate and size limits (src/hub/ops/limits.ts); the defaults otherwise. */
  limits?: Partial<ConnectionLimits>;
  /** Serve https/wss with this certificate chain and key (PEM text): --tls-cert, --tls-key. */
  tls?: { cert: string; key: string } | null;
  /** This process's name in logs and /health (default: host:port). */
  node?: string;
  log?: (line: string) => void;
}

export interface Hub {
  url: string;
  port: number;
  store: HubStore;
  /** The Cursor-on-Target bridge, when configured. */
  cot: CotBridge | null;
  /** Number of connected sockets. */
  connections: () => number;
  close: () => Promise<void>;
}

type SocketAuth = Writer;

/** How often the hub looks for tokens revoked by another process (every commit checks its writers' tokens). */
const REVOCATION_POLL_MS = 500;
const REVOKED_MESSAGE = 'this token was revoked; ask the hub administrator for a new one';

/** Fan-outs larger than this send only the new head: clients pull (cheaper than N big copies). */
const MAX_FANOUT_ENTRIES = 200;

const fail = (code: ErrorCode, message: string): Reply<never> => ({ ok: false, error: { code, message } });

/**
 * The provincial hub: socket.io server over the HubStore. Pushes are queued and committed in one
 * transaction (group commit: what arrived in one event-loop turn, or while the previous commit was
 * being written), then acknowledged and fanned out to room "picture". Every inbound message is
 * validated; nothing a client sends can throw out of here.
 */
export async function startHub(opts: HubOptions): Promise<Hub> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const store = await openHubStore(opts.store, { retainOps: opts.retainOps, log });
  const consult = new ConsultService(
    opts.consult ?? ConsultConfig.parse({}),
    (id) => store.getEntity('consultation', id)?.fields ?? null,
    log,
  );
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...opts.limits };
  let closed = false;
  let nodeName = opts.node ?? '';
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (isHealthRequest(req))
      return void answerHealth(req, res, {
        hubId: store.hubId,
        node: nodeName,
        store: store.backend.kind,
        head: () => store.head(),
        connections: () => io.of('/').sockets.size,
        ping: () => store.backend.ping(),
        draining: () => closed,
        extra: () => (cluster ? { cluster: cluster.stats() } : {}),
      });
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Jinying hub ${store.hubId}\n`);
  };
  const http: HttpServer = opts.tls
    ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' }, onRequest)
    : createServer(onRequest);
  const io = new IoServer(http, {
    // Messages above limits.maxMessageBytes are refused TOO_LARGE (ops/limits.ts); above this, dropped.
    maxHttpBufferSize: transportCap(limits),
    // Compression for large messages only, at zlib's fastest level: JSON shrinks ~5× even so.
    // `serverNoContextTakeover` is what makes the threshold apply at all: with context takeover,
    // ws compresses *every* message (the threshold is ignored), so each tiny fan-out cost one
    // deflate per socket here and one inflate per receiver, most of the CPU of a live op.
    perMessageDeflate: {
      threshold: LIMITS.compressThresholdBytes,
      zlibDeflateOptions: { level: 1 },
      serverNoContextTakeover: true,
    },
    serveClient: false,
    transports: ['websocket'],
    pingInterval: 10_000,
    pingTimeout: 10_000,
    // Delivery is ours (acks, cursors); socket.io's connection-state recovery stays off on purpose.
  });
  // The consultations' shared map (ephemeral; across nodes through the adapter once clustered).
  const share = new ShareService(
    io,
    (id) => store.getEntity('consultation', id)?.fields ?? null,
    () => cluster !== null,
    log,
    () => nodeName,
  );

  // ---- revocation ----
  // `token revoke` runs in another process against the same store: every REVOCATION_POLL_MS the
  // hub asks the store (a tiny query) and closes the revoked tokens' connections. A push racing a
  // revocation is caught by the commit itself, which checks its writers' tokens.
  let checking = false;
  const checkRevocations = async () => {
    if (checking) return;
    checking = true;
    try {
      // Expired tokens: their connections close here, at the latest half a second after the time.
      const now = Date.now();
      for (const socket of io.of('/').sockets.values()) {
        const expiresAt = (socket.data as { expiresAt?: string | null }).expiresAt;
        if (!expiresAt || Date.parse(expiresAt) > now) continue;
        const a = socket.data.auth as SocketAuth;
        log(`[hub] token ${a.tokenId} (${a.name}) expired: closing ${a.clientId}'s connection`);
        socket.emit('protocol-error', {
          event: 'auth',
          code: 'UNAUTHORIZED',
          message: tokenRefusal({ revokedAt: null, expiresAt }, now),
        });
        socket.disconnect(true);
      }
      const revoked = await store.tokens.revokedIfChanged();
      if (!revoked) return;
      cot?.revoked(revoked);
      for (const socket of io.of('/').sockets.values()) {
        const a = socket.data.auth as SocketAuth | undefined;
        if (!a || !revoked.has(a.tokenId)) continue;
        log(`[hub] token ${a.tokenId} (${a.name}) was revoked: closing ${a.clientId}'s connection`);
        socket.emit('protocol-error', { event: 'auth', code: 'UNAUTHORIZED', message: REVOKED_MESSAGE });
        socket.disconnect(true);
      }
    } catch (e) {
      log(`[hub] revocation check failed: ${(e as Error).message}`);
    } finally {
      checking = false;
    }
  };
  const revocationTimer = setInterval(() => void checkRevocations(), REVOCATION_POLL_MS);
  revocationTimer.unref();

  // ---- group commit ----
  // One commit at a time; pushes arriving meanwhile wait and go together in the next one.
  let queue: { writer: Writer; ops: unknown[]; done: (r: Reply<PushReply>) => void }[] = [];
  let scheduled = false;
  let committing: Promise<void> | null = null;
  const schedule = () => {
    if (scheduled || committing) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      committing = flush().finally(() => {
        committing = null;
        if (queue.length > 0) schedule();
      });
    });
  };
  const flush = async () => {
    const items = queue;
    queue = [];
    if (items.length === 0) return;
    let outcome;
    try {
      outcome = await store.ingest(items);
    } catch (e) {
      log(`[hub] commit failed: ${(e as Error).message}`);
      for (const it of items)
        it.done(fail('INTERNAL', 'the hub could not commit; nothing in this push was accepted, retry'));
      return;
    }
    const { headSeq } = store.head();
    items.forEach((it, i) => {
      const results = outcome.results[i];
      it.done(results ? { ok: true, value: { results, headSeq } } : fail('UNAUTHORIZED', REVOKED_MESSAGE));
    });
    fanOut(outcome.entries, headSeq);
    consult.onEntries(outcome.entries);
    share.onEntries(outcome.entries);
    cot?.onEntries(outcome.entries);
  };
  // CoT bridge: field devices' reports go through this same queue, as their units' field commanders.
  const cot = opts.cot
    ? new CotBridge(opts.cot, {
        store,
        tokens: store.tokens,
        submit: (writer, ops) =>
          new Promise((done) => {
            queue.push({ writer, ops, done });
            schedule();
          }),
        log,
      })
    : null;
  const fanOut = (entries: LogEntry[], headSeq: number) => {
    if (entries.length === 0) return;
    // `local`: with several nodes each sends the log to its own sockets (cluster/node.ts).
    io.local
      .to('picture')
      .emit('ops', { entries: entries.length > MAX_FANOUT_ENTRIES ? [] : entries, headSeq });
  };

  // Several nodes on one PostgreSQL database: wake on the others' commits, fan their entries out.
  let cluster: ClusterNode | null = null;
  if ('postgres' in opts.store && store.backend.listen) {
    cluster = await startClusterNode({
      store,
      io,
      url: opts.store.postgres,
      onRemote: (entries, headSeq) => {
        fanOut(entries, headSeq);
        consult.onEntries(entries);
        share.onEntries(entries);
      },
      log,
    });
  }

  io.use(async (socket, next) => {
    try {
      const parsed = HandshakeAuth.safeParse(socket.handshake.auth);
      if (!parsed.success) {
        const protocol = (socket.handshake.auth as { protocol?: unknown } | undefined)?.protocol;
        if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
          return next(new Error(`UNSUPPORTED_PROTOCOL: this hub speaks protocol ${PROTOCOL_VERSION}`));
        }
        return next(new Error(`UNAUTHORIZED: ${describeIssue('bad handshake', parsed.error)}`));
      }
      const { token, clientId } = parsed.data;
      if (clientId === 'hub') return next(new Error('UNAUTHORIZED: the client id "hub" is reserved'));
      const info = await findToken(store.tokens, token);
      if (!info) return next(new Error('UNAUTHORIZED: unknown token; ask the hub administrator for one'));
      const refusal = tokenRefusal(info);
      if (refusal) return next(new Error(`UNAUTHORIZED: ${refusal}`));
      const clash = await bindClient(store.tokens, clientId, info.id);
      if (clash) return next(new Error(`UNAUTHORIZED: ${clash}`));
      const auth: SocketAuth = {
        clientId,
        role: info.role,
        tokenId: info.id,
        name: info.name,
        org: info.org,
        unitId: info.unitId,
      };
      socket.data.auth = auth;
      (socket.data as { expiresAt?: string | null }).expiresAt = info.expiresAt;
      (socket.data as { rooms: string[] }).rooms = await store.tokens.rooms(info.id);
      next();
    } catch (e) {
      log(`[hub] handshake error: ${(e as Error).message}`);
      next(new Error('INTERNAL: handshake failed'));
    }
  });

  io.on('connection', (socket: Socket) => {
    const auth = socket.data.auth as SocketAuth;
    const limiter = new ConnectionLimiter(socket, limits);
    const expiresAt = (socket.data as { expiresAt?: string | null }).expiresAt ?? null;
    void socket.join('picture');
    socket.on('disconnect', () => void consult.disconnected(socket.id));
    socket.on('disconnect', () => share.disconnected(socket.id));
    for (const room of (socket.data as { rooms: string[] }).rooms) void socket.join(room);
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (r: unknown) => void) : null;
      const reply = (r: Reply<unknown>) => {
        if (ack) ack(r);
        else if (!r.ok) socket.emit('protocol-error', { event: String(event).slice(0, 60), ...r.error });
      };
      try {
        if (!ack)
          return reply(
            fail('INVALID_MESSAGE', `"${String(event).slice(0, 60)}" needs an acknowledgement callback`),
          );
        const refused = limiter.check(String(event), args[0]);
        if (refused) return reply(fail(refused.code, refused.message));
        const expired = expiresAt && tokenRefusal({ revokedAt: null, expiresAt });
        if (expired) return reply(fail('UNAUTHORIZED', expired));
        if (args.length !== 1)
          return reply(fail('INVALID_MESSAGE', `"${String(event).slice(0, 60)}" takes exactly one payload`));
        if (consult.handles(String(event)))
          return consult.handle(socket, auth, String(event), args[0], reply);
        if (share.handles(String(event))) return share.handle(socket, auth, String(event), args[0], reply);
        handle(String(event), args[0], auth, reply);
      } catch (e) {
        log(
          `[hub] error handling ${String(event).slice(0, 60)} from ${auth.clientId}: ${(e as Error).stack ?? String(e)}`,
        );
        reply(fail('INTERNAL', 'the hub could not handle this message'));
      }
    });
  });

  const handle = (event: string, payload: unknown, auth: SocketAuth, reply: (r: Reply<unknown>) => void) => {
    const answer = (value: Promise<unknown>) =>
      void value.then(
        (v) => reply({ ok: true, value: v }),
        (e: Error) => {
          log(`[hub] error handling ${event} from ${auth.clientId}: ${e.stack ?? String(e)}`);
          reply(fail('INTERNAL', 'the hub could not handle this message'));
        },
      );
    switch (event) {
      case 'hello': {
        const p = HelloRequest.safeParse(payload);
        if (!p.success) return reply(fail('INVALID_MESSAGE', describeIssue('invalid hello', p.error)));
        const head = store.head();
        const value: HelloReply = {
          hubId: store.hubId,
          name: auth.name,
          org: auth.org,
          role: auth.role,
          unitId: auth.unitId,
          headSeq: head.headSeq,
          minSeq: head.minSeq,
          serverTime: new Date().toISOString(),
        };
        return reply({ ok: true, value });
      }
      case 'push': {
        const p = PushRequest.safeParse(payload);
        if (!p.success) return reply(fail('INVALID_MESSAGE', describeIssue('invalid push', p.error)));
        queue.push({ writer: auth, ops: p.data.ops, done: reply });
        return schedule();
      }
      case 'pull': {
        const p = PullRequest.safeParse(payload);
        if (!p.success) return reply(fail('INVALID_MESSAGE', describeIssue('invalid pull', p.error)));
        const head = store.head();
        if (p.data.after + 1 < head.minSeq) {
          return reply(
            fail(
              'SNAPSHOT_REQUIRED',
              `the hub keeps ops from seq ${head.minSeq}; cursor ${p.data.after} is older: take a snapshot`,
            ),
          );
        }
        return answer(
          store.pullPage(p.data.after, p.data.limit).then((page): PullReply => ({
            ...head,
            count: page.count,
            lastSeq: page.lastSeq,
            page: Buffer.from(page.json, 'utf8'),
          })),
        );
      }
      case 'snapshot': {
        const p = SnapshotRequest.safeParse(payload);
        if (!p.success) return reply(fail('INVALID_MESSAGE', describeIssue('invalid snapshot', p.error)));
        return answer(store.snapshotPage(p.data.after, p.data.limit).then((page): SnapshotReply => page));
      }
      default:
        return reply(
          fail('UNKNOWN_EVENT', `unknown event "${event.slice(0, 60)}"; known: hello, push, pull, snapshot`),
        );
    }
  };

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  try {
    await cot?.start();
  } catch (e) {
    await cot?.close();
    await new Promise<void>((r) => io.close(() => r()));
    await store.close();
    throw new Error(`the CoT bridge could not start: ${(e as Error).message}`);
  }
  const url = `${opts.tls ? 'https' : 'http'}://${opts.host ?? '127.0.0.1'}:${port}`;
  nodeName ||= `${opts.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    port,
    store,
    cot,
    connections: () => io.of('/').sockets.size,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(revocationTimer);
      await consult.close();
      share.close();
      await cot?.close();
      // What was pushed is committed and answered before the sockets close.
      while (committing || queue.length > 0) await (committing ?? flush());
      await cluster?.stop();
      // `local`: with the cluster adapter, io.disconnectSockets would close every node's sockets.
      io.local.disconnectSockets(true);
      await new Promise<void>((r) => io.close(() => r()));
      await cluster?.endAdapter();
      await store.close();
    },
  };
}
