import type { Socket } from 'socket.io';
import { LIMITS, type ErrorCode } from '../../shared/sync/protocol';

/**
 * Per-connection limits (docs/hub-operations.md, "Limits"). A message over the size limit, or
 * beyond the connection's rate, is refused with a coded reply (`TOO_LARGE`, `RATE_LIMITED`) and
 * not processed; the connection stays open. Only a message above the transport's hard cap
 * (twice the size limit) makes socket.io drop the connection.
 */
export interface ConnectionLimits {
  /** Messages a connection may send per second, sustained (0: no limit). */
  messagesPerSecond: number;
  /** Messages it may send at once before the rate applies. */
  messageBurst: number;
  /** Ops it may push per second, sustained (0: no limit). */
  opsPerSecond: number;
  /** Ops it may push at once before the rate applies. */
  opsBurst: number;
  /** The largest message processed, in bytes (its socket.io packets together). */
  maxMessageBytes: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  messagesPerSecond: 100,
  messageBurst: 400,
  opsPerSecond: 10_000,
  opsBurst: 40_000,
  maxMessageBytes: LIMITS.maxMessageBytes,
};

/** socket.io's own cap (maxHttpBufferSize): above it the transport drops the connection. */
export const transportCap = (l: ConnectionLimits): number => Math.max(2 * l.maxMessageBytes, 1024 * 1024);

/** A token bucket: `take(n)` succeeds while the bucket holds n, refilled at `rate` per second. */
class Bucket {
  private level: number;
  private last = performance.now();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.level = burst;
  }
  /** 0 when taken; otherwise the milliseconds until n would be there. */
  take(n: number): number {
    if (this.rate <= 0) return 0;
    const t = performance.now();
    this.level = Math.min(this.burst, this.level + ((t - this.last) * this.rate) / 1000);
    this.last = t;
    if (this.level >= n) {
      this.level -= n;
      return 0;
    }
    return Math.ceil(((Math.min(n, this.burst) - this.level) * 1000) / this.rate);
  }
}

export interface Refusal {
  code: ErrorCode;
  message: string;
}

/** The limits of one connection: call `check` for every message before handling it. */
export class ConnectionLimiter {
  private readonly messages: Bucket;
  private readonly ops: Bucket;
  /** Bytes of the packets received since the last message was checked. */
  private pending = 0;

  constructor(
    socket: Socket,
    private readonly l: ConnectionLimits,
  ) {
    this.messages = new Bucket(l.messagesPerSecond, l.messageBurst);
    this.ops = new Bucket(l.opsPerSecond, l.opsBurst);
    // engine.io hands each packet over before socket.io decodes it into an event (binary
    // attachments are packets of their own): their sizes add up to the message's.
    socket.conn.on('packet', (p: { type: string; data?: unknown }) => {
      if (p.type !== 'message') return;
      const d = p.data;
      this.pending +=
        typeof d === 'string'
          ? Buffer.byteLength(d)
          : d instanceof ArrayBuffer || ArrayBuffer.isView(d)
            ? d.byteLength
            : 0;
    });
  }

  /** Null when the message may be handled; otherwise the refusal to answer it with. */
  check(event: string, payload: unknown): Refusal | null {
    const bytes = this.pending;
    this.pending = 0;
    if (bytes > this.l.maxMessageBytes)
      return {
        code: 'TOO_LARGE',
        message: `"${event.slice(0, 60)}" is ${bytes} bytes; this hub takes messages of at most ${this.l.maxMessageBytes} bytes: send less at once`,
      };
    const wait = this.messages.take(1);
    if (wait > 0)
      return {
        code: 'RATE_LIMITED',
        message: `more than ${this.l.messagesPerSecond} messages a second on this connection; retry in ${wait} ms`,
      };
    const ops = (payload as { ops?: unknown } | null)?.ops;
    if (event === 'push' && Array.isArray(ops)) {
      const opsWait = this.ops.take(ops.length);
      if (opsWait > 0)
        return {
          code: 'RATE_LIMITED',
          message: `more than ${this.l.opsPerSecond} ops a second on this connection; retry in ${opsWait} ms`,
        };
    }
    return null;
  }
}
