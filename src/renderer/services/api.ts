import { io, type Socket } from 'socket.io-client';
import type {
  Channel,
  JinyingBridge,
  PushEvent,
  PushPayloads,
  RequestOf,
  ResponseOf,
  Result,
} from '../../shared/ipc';

declare global {
  interface Window {
    jinying?: JinyingBridge;
    /** For benchmarks: the same api the app uses (to time a call on its own). */
    __jinyingApi?: Api;
  }
}

/**
 * The renderer's only way to main: the Electron preload bridge when present, otherwise the
 * web-mode websocket back to the server that served this page. Same contract either way.
 */
export interface InvokeOptions {
  /** Give up after this long with a TIMEOUT error (default 30 s over the websocket, none on the desktop). */
  timeoutMs?: number;
}

export interface Api {
  invoke<C extends Channel>(
    channel: C,
    req: RequestOf<C>,
    opts?: InvokeOptions,
  ): Promise<Result<ResponseOf<C>>>;
  on<E extends PushEvent>(event: E, cb: (payload: PushPayloads[E]) => void): () => void;
  onConnection(cb: (connected: boolean) => void): () => void;
  readonly transport: 'electron' | 'web';
}

const DEFAULT_TIMEOUT_MS = 30_000;

function timeoutError(ms: number): Result<never> {
  const seconds = Math.round(ms / 1000);
  return {
    ok: false,
    error: {
      code: 'TIMEOUT',
      message: `The local service did not answer in ${seconds} s. Check that it is running, then try again.`,
      params: { seconds },
    },
  };
}

function electronApi(bridge: JinyingBridge): Api {
  return {
    transport: 'electron',
    invoke: (channel, req, opts) => {
      const call = (bridge[channel] as (r: unknown) => Promise<Result<never>>)(req);
      if (!opts?.timeoutMs) return call;
      const ms = opts.timeoutMs;
      let timer = 0;
      return Promise.race([
        call,
        new Promise<Result<never>>((r) => (timer = window.setTimeout(() => r(timeoutError(ms)), ms))),
      ]).finally(() => clearTimeout(timer));
    },
    on: (event, cb) => bridge.on(event, cb),
    onConnection: () => () => undefined,
  };
}

function webApi(): Api {
  const socket: Socket = io({ transports: ['websocket'], reconnectionDelayMax: 5000 });
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  socket.on('push', (event: string, payload: unknown) => listeners.get(event)?.forEach((cb) => cb(payload)));
  return {
    transport: 'web',
    invoke: (channel, req, opts) =>
      new Promise((resolve) => {
        const ms = opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        socket
          .timeout(ms)
          .emit('invoke', channel, req, (e: Error | null, res: Result<never>) =>
            resolve(e ? timeoutError(ms) : res),
          );
      }),
    on: (event, cb) => {
      const set = listeners.get(event) ?? new Set();
      set.add(cb as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(cb as (p: unknown) => void);
    },
    onConnection: (cb) => {
      const up = () => cb(true);
      const down = () => cb(false);
      socket.on('connect', up);
      socket.on('disconnect', down);
      return () => {
        socket.off('connect', up);
        socket.off('disconnect', down);
      };
    },
  };
}

export const api: Api = window.jinying ? electronApi(window.jinying) : webApi();
window.__jinyingApi = api;
