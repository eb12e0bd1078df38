import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../src/shared/util/random';

/** The same seed gives the same fault schedule. */
export const rng = mulberry32;

export interface Faults {
  /** Per forwarded chunk: probability of cutting the connection (both sockets destroyed). */
  cut: number;
  /** Per forwarded chunk: probability the connection turns into a black hole (nothing more is forwarded, nothing is closed). */
  stall: number;
  /** Maximum extra delay per chunk, ms (order is preserved). */
  maxDelayMs: number;
}

export const NO_FAULTS: Faults = { cut: 0, stall: 0, maxDelayMs: 0 };

/**
 * A TCP proxy between clients and the hub that drops (black-holes), delays and cuts connections
 * at random, from a seed. `heal()` stops injecting faults and closes black-holed links.
 */
export class FaultProxy {
  private server: Server;
  private links = new Set<{ a: Socket; b: Socket; stalled: boolean }>();
  private faults: Faults;
  readonly stats = { connections: 0, cuts: 0, stalls: 0, chunks: 0 };
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    readonly seed: number,
    faults: Faults,
  ) {
    this.faults = faults;
    const random = rng(seed);
    this.server = createServer((client) => {
      this.stats.connections++;
      const upstream = connect(target.port, target.host);
      const link = { a: client, b: upstream, stalled: false };
      this.links.add(link);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.links.delete(link);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      const pipe = (from: Socket, to: Socket) => {
        let chain = Promise.resolve();
        from.on('data', (chunk: Buffer) => {
          if (link.stalled) return;
          this.stats.chunks++;
          const f = this.faults;
          const r = random();
          if (r < f.cut) {
            this.stats.cuts++;
            close();
            return;
          }
          if (r < f.cut + f.stall) {
            this.stats.stalls++;
            link.stalled = true;
            return;
          }
          const delay = f.maxDelayMs > 0 ? Math.floor(random() * f.maxDelayMs) : 0;
          chain = chain.then(
            () =>
              new Promise<void>((resolve) => {
                const send = () => {
                  if (!link.stalled && !to.destroyed) to.write(chunk);
                  resolve();
                };
                if (delay > 0) setTimeout(send, delay);
                else send();
              }),
          );
        });
      };
      pipe(client, upstream);
      pipe(upstream, client);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  setFaults(f: Faults): void {
    this.faults = f;
  }

  /** Stop injecting faults; black-holed links are closed so their clients reconnect. */
  heal(): void {
    this.faults = NO_FAULTS;
    for (const l of this.links) {
      if (l.stalled) {
        l.a.destroy();
        l.b.destroy();
        this.links.delete(l);
      }
    }
  }

  /** Cut every open connection now. */
  cutAll(): void {
    for (const l of this.links) {
      l.a.destroy();
      l.b.destroy();
    }
    this.links.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
