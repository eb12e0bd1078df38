import pg from 'pg';
import type { Server as IoServer } from 'socket.io';
import type { LogEntry } from '../../shared/sync/protocol';
import type { HubStore } from '../store';

/** How often a node looks at the head even without a notification (a lost LISTEN connection). */
const SAFETY_POLL_MS = 1000;

export interface ClusterNode {
  /** Wake-ups and catch-ups so far (for /health and the benchmark). */
  stats: () => { wakeUps: number; catchUps: number };
  /** Stop listening and catching up (before the sockets close). */
  stop: () => Promise<void>;
  /** End the adapter's connections (after socket.io closed, which closes the adapter). */
  endAdapter: () => Promise<void>;
}

/**
 * One node of several on one PostgreSQL database (docs/hub-operations.md, "Several nodes").
 * The log stays the database's: every commit notifies the channel, and each node, woken (or at
 * the latest every second), catches its memory up from its head and fans the other nodes' entries
 * out to its own sockets, in seq order, before its own next ones. Ephemeral events (consultation
 * signalling, anything emitted to a room) cross nodes through socket.io's PostgreSQL adapter; the
 * log's fan-out does not (each node sends it to its own sockets: `io.local`).
 */
export async function startClusterNode(d: {
  store: HubStore;
  io: IoServer;
  url: string;
  onRemote: (entries: LogEntry[], headSeq: number) => void;
  log: (line: string) => void;
}): Promise<ClusterNode> {
  const { store } = d;
  let wakeUps = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  store.onRemoteEntries = d.onRemote;
  const wake = () => {
    wakeUps++;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = store
      .catchUp()
      .then(() => undefined)
      .catch((e: Error) => d.log(`[hub] catching up with the other nodes failed: ${e.message}`))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          wake();
        }
      });
  };
  const stopListening = await store.backend.listen!(wake, (e) =>
    d.log(`[hub] the commit notifications' connection failed: ${e.message}; listening again`),
  );
  const timer = setInterval(wake, SAFETY_POLL_MS);
  timer.unref();
  const adapterPool = new pg.Pool({ connectionString: d.url, max: 2 });
  adapterPool.on('error', (e) => d.log(`[hub] socket.io adapter connection: ${e.message}`));
  // Loaded here, not at the top: a hub on SQLite (and the CLI's token commands) never needs it.
  const { createAdapter } = await import('@socket.io/postgres-adapter');
  d.io.adapter(
    createAdapter(adapterPool, {
      errorHandler: (e: Error) => d.log(`[hub] socket.io adapter: ${e.message}`),
    }),
  );
  return {
    stats: () => ({ wakeUps, catchUps: store.stats().catchUps }),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await stopListening();
      await running;
      store.onRemoteEntries = null;
    },
    endAdapter: () => adapterPool.end(),
  };
}
