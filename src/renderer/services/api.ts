import { io, type Socket } from 'socket.io-client';
import type { Channel, JinyingBridge, PushEvent, PushPayloads, RequestOf, ResponseOf, Result } from '../../shared/ipc';

declare global {
  interface Window {
    jinying?: JinyingBridge;
  }
}

/**
 * The renderer's only way to main: the Electron preload bridge when present, otherwise the
 * web-mode websocket back to the server that served this page. Same contract either way.
 */
export interface Api {
  invoke<C extends Channel>(channel: C, req: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends PushEvent>(event: E, cb: (payload: PushPayloads[E]) => void): () => void;
  onConnection(cb: (connected: boolean) => void): () => void;
  readonly transport: 'electron' | 'web';
}

function electronApi(bridge: JinyingBridge): Api {
  return {
    transport: 'electron',
    invoke: (channel, req) => (bridge[channel] as (r: unknown) => Promise<Result<never>>)(req),
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
    invoke: (channel, req) =>
      new Promise((resolve) => {
        socket
          .timeout(30_000)
          .emit('invoke', channel, req, (e: Error | null, res: Result<never>) =>
            resolve(
              e
                ? {
                    ok: false,
                    error: { code: 'TIMEOUT', message: 'The local service did not answer in 30 s. Check that it is running, then try again.', params: { seconds: 30 } },
                  }
                : res,
            ),
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
