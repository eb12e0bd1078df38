import type { StoreClient } from '../db/client';
import { CodedError } from '../../shared/ipc/errors';
import { SyncEngine, type SyncStatus } from './engine';

export interface PullOnceOptions {
  /** The store the hub's records are pulled into (the report CLI's throw-away one). */
  store: StoreClient;
  hubUrl: string;
  token: string;
  /** How long to try to reach the hub before saying it cannot be reached (default 15 s). */
  connectTimeoutMs?: number;
  /** How long the whole catch-up may take once connected (default 10 min). */
  syncTimeoutMs?: number;
  signal?: AbortSignal;
  /** One line of progress at a time (connected, ops or snapshot records applied). */
  onProgress?: (line: string) => void;
}

export interface PullOnceResult {
  /** The hub's person for the token, and its role. */
  name: string | null;
  role: string | null;
  /** The hub's sequence the store now holds everything up to. */
  cursor: number;
}

/**
 * Brings a store up to the hub's head once, with the sync engine (the one protocol client): the
 * same hello, paged pull and snapshot fallback as a console, then stops. The store's outbox is
 * pushed too (empty for a fresh store). Fails with a coded error that says what to do: the hub
 * could not be reached in time (`SYNC_OFFLINE`), or it refused the token or our protocol version
 * (`FORBIDDEN`).
 */
export async function pullOnce(o: PullOnceOptions): Promise<PullOnceResult> {
  const connectMs = o.connectTimeoutMs ?? 15_000;
  let lastError = '';
  let failed: (e: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  failure.catch(() => undefined);
  let connected = false;
  let connectedResolve: () => void = () => undefined;
  const whenConnected = new Promise<void>((r) => (connectedResolve = r));
  let lastProgress = '';
  const say = (line: string) => {
    if (line !== lastProgress) o.onProgress?.(line);
    lastProgress = line;
  };
  const onStatus = (s: SyncStatus) => {
    if (s.state === 'error' && s.error && /^(UNAUTHORIZED|UNSUPPORTED_PROTOCOL)/.test(s.error)) {
      const code = s.error.split(':')[0];
      failed(
        new CodedError(
          'FORBIDDEN',
          code === 'UNSUPPORTED_PROTOCOL'
            ? `The hub at ${o.hubUrl} speaks another protocol version (${s.error}): use a Jinying version matching the hub's.`
            : `The hub at ${o.hubUrl} refused the token (${s.error}). Check the token file holds the token the hub administrator gave you, or ask them for a new one (npm run hub -- token create --role viewer …).`,
          { url: o.hubUrl },
        ),
      );
    }
    if (!connected && (s.state === 'syncing' || s.state === 'online') && s.name) {
      connected = true;
      connectedResolve();
    }
    if (s.progress) say(`${s.progress.phase} ${s.progress.done}/${s.progress.total}`);
  };
  const engine = new SyncEngine({
    store: o.store,
    hubUrl: o.hubUrl,
    token: o.token,
    onStatus,
    onProgress: (done, total) => say(`pull ${done}/${total} ops`),
    log: (line) => {
      lastError = line;
    },
    reconnectDelayMs: 300,
    reconnectDelayMaxMs: 2000,
  });
  const onAbort = () => failed(new DOMException('cancelled', 'AbortError'));
  o.signal?.addEventListener('abort', onAbort);
  let timer: NodeJS.Timeout | undefined;
  try {
    o.signal?.throwIfAborted();
    await engine.start();
    o.onProgress?.(`connecting to ${o.hubUrl}`);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // The status reported (throttled) may be behind: a refusal wins over "unreachable".
        onStatus(engine.status());
        reject(
          new CodedError(
            'SYNC_OFFLINE',
            `Could not reach the hub at ${o.hubUrl} within ${Math.round(connectMs / 1000)} s` +
              `${lastError ? ` (${lastError.replace(/^\[sync\] /, '')})` : ''}. Check the address (http://host:port), ` +
              'that the hub is running (a plain GET to it answers "Jinying hub …"), and that this machine can reach it.',
            { url: o.hubUrl },
          ),
        );
      }, connectMs);
    });
    timeout.catch(() => undefined);
    await Promise.race([whenConnected, failure, timeout]);
    clearTimeout(timer);
    const st = engine.status();
    say(`connected to ${o.hubUrl} as ${st.name ?? '?'} (${st.role ?? '?'}); hub head ${st.headSeq}`);
    await Promise.race([engine.syncNow(o.syncTimeoutMs ?? 10 * 60_000), failure]);
    const done = engine.status();
    const local = await o.store.call('syncState');
    return { name: done.name, role: done.role, cursor: local.cursor };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
    await engine.stop();
  }
}
