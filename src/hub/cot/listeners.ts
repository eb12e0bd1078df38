import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { CotConfig, CotLimits } from './config';
import { datagramFrame, StreamFramer, type Frame } from './framing';

/**
 * The bridge's transports, Node's own: a plain TCP stream server, a TLS stream server that
 * requires a client certificate signed by the configured CA, and a UDP socket joined to the SA
 * multicast group. Each stream gets a bounded framer and a token bucket; a framing error or
 * overflow closes that stream alone; a message over the rate is dropped. Nothing a peer sends can
 * throw out of here.
 */

/** Where a message came from, for logs and per-sender limits. */
export interface Source {
  transport: 'tcp' | 'tls' | 'udp';
  peer: string;
}

export interface ListenerEvents {
  message: (frame: Frame, from: Source) => void;
  /** A refusal at the transport: code for the counters, reason for the log. */
  refused: (code: string, reason: string, from: Source) => void;
  /** A stream client connected (send it the picture). */
  connected: (client: StreamClient) => void;
}

export interface StreamClient {
  readonly source: Source;
  send: (data: string) => void;
}

/** Write no more to a client whose unread output exceeds this: it is closed (too slow). */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
/** A stream with nothing received for this long is closed. */
const IDLE_MS = 10 * 60 * 1000;

class Bucket {
  private tokens: number;
  private at = Date.now();
  constructor(private readonly l: CotLimits) {
    this.tokens = l.burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.l.burst, this.tokens + ((now - this.at) / 1000) * this.l.ratePerSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class CotListeners {
  readonly clients = new Set<Socket>();
  private readonly streams = new Map<Socket, StreamClient>();
  private tcp: Server | null = null;
  private tls: Server | null = null;
  private udp: UdpSocket | null = null;
  private readonly udpBuckets = new Map<string, Bucket>();

  constructor(
    private readonly cfg: CotConfig,
    private readonly on: ListenerEvents,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    const { cfg } = this;
    if (cfg.tcpPort !== null) {
      this.tcp = createTcpServer((s) => this.stream(s, 'tcp'));
      await listen(this.tcp, cfg.tcpPort, cfg.host);
    }
    if (cfg.tls) {
      const tls = createTlsServer(
        {
          cert: cfg.tls.cert,
          key: cfg.tls.key,
          ca: cfg.tls.ca,
          requestCert: true,
          rejectUnauthorized: true,
          minVersion: 'TLSv1.2',
        },
        (s) => this.stream(s, 'tls'),
      );
      tls.on('tlsClientError', (e, s) =>
        this.on.refused('tls', `TLS handshake refused: ${e.message}`, { transport: 'tls', peer: peerOf(s) }),
      );
      this.tls = tls;
      await listen(tls, cfg.tls.port, cfg.host);
    }
    if (cfg.multicast) await this.startUdp(cfg.multicast);
  }

  ports(): { tcp: number | null; tls: number | null; udp: number | null } {
    const p = (s: Server | null) => (s ? (s.address() as AddressInfo).port : null);
    return { tcp: p(this.tcp), tls: p(this.tls), udp: this.udp ? this.udp.address().port : null };
  }

  /** Send to every connected stream client. */
  broadcast(data: string): void {
    for (const c of this.streams.values()) c.send(data);
  }

  private stream(socket: Socket, transport: 'tcp' | 'tls'): void {
    const source: Source = { transport, peer: peerOf(socket) };
    socket.on('error', () => undefined);
    if (this.clients.size >= this.cfg.limits.maxConnections) {
      this.on.refused(
        'connections',
        `more than ${this.cfg.limits.maxConnections} stream connections`,
        source,
      );
      socket.destroy();
      return;
    }
    const framer = new StreamFramer(this.cfg.limits.maxMessageBytes);
    const bucket = new Bucket(this.cfg.limits);
    const client: StreamClient = {
      source,
      send: (data) => {
        if (socket.destroyed) return;
        if (socket.writableLength > MAX_OUTPUT_BYTES) {
          this.on.refused('slow-client', `${MAX_OUTPUT_BYTES} bytes unread: closing`, source);
          socket.destroy();
          return;
        }
        socket.write(data);
      },
    };
    this.clients.add(socket);
    this.streams.set(socket, client);
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    socket.on('close', () => {
      this.clients.delete(socket);
      this.streams.delete(socket);
    });
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = framer.push(chunk);
      } catch (e) {
        const code = /longer|limit/.test((e as Error).message) ? 'too-large' : 'framing';
        this.on.refused(code, `${(e as Error).message}: closing the stream`, source);
        socket.destroy();
        return;
      }
      for (const f of frames) {
        if (bucket.take()) this.on.message(f, source);
        else this.on.refused('rate', `more than ${this.cfg.limits.ratePerSecond} messages a second`, source);
      }
    });
    this.on.connected(client);
  }

  private async startUdp(m: NonNullable<CotConfig['multicast']>): Promise<void> {
    const udp = createSocket({ type: 'udp4', reuseAddr: true });
    udp.on('error', (e) => this.log(`[cot] multicast socket error: ${e.message}`));
    udp.on('message', (buf, rinfo) => {
      const source: Source = { transport: 'udp', peer: `${rinfo.address}:${rinfo.port}` };
      let bucket = this.udpBuckets.get(rinfo.address);
      if (!bucket) {
        if (this.udpBuckets.size > 10_000) this.udpBuckets.clear();
        this.udpBuckets.set(rinfo.address, (bucket = new Bucket(this.cfg.limits)));
      }
      if (!bucket.take()) {
        this.on.refused('rate', `more than ${this.cfg.limits.ratePerSecond} datagrams a second`, source);
        return;
      }
      const f = datagramFrame(buf, this.cfg.limits.maxMessageBytes);
      if ('refused' in f)
        this.on.refused(/limit/.test(f.refused) ? 'too-large' : 'framing', f.refused, source);
      else this.on.message(f, source);
    });
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(m.port, () => {
        udp.off('error', reject);
        try {
          udp.addMembership(m.group, m.iface ?? undefined);
          resolve();
        } catch (e) {
          reject(
            new Error(`could not join ${m.group}${m.iface ? ` on ${m.iface}` : ''}: ${(e as Error).message}`),
          );
        }
      });
    });
    this.udp = udp;
  }

  async close(): Promise<void> {
    for (const s of this.clients) s.destroy();
    const closeServer = (s: Server | null) => new Promise<void>((r) => (s ? s.close(() => r()) : r()));
    await Promise.all([closeServer(this.tcp), closeServer(this.tls)]);
    if (this.udp) await new Promise<void>((r) => this.udp!.close(() => r()));
  }
}

function peerOf(s: Socket): string {
  return `${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'}`;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
