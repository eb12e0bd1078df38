/**
 * A user-space relay in front of coturn that the test can make lossy: the one thing between a
 * relay-only console (`?consultRelay=1`) and its TURN server, so it impairs that console's media
 * path alone while the others reach Janus directly.
 *
 * TURN over TCP (RFC 8656 §11.5) carries framed messages: a STUN message (first two bits 00; 20
 * bytes of header plus its length) or ChannelData (channel number 0x4000-0x7FFF, length, data
 * padded to 4 bytes). The relay reads the frames in both directions and drops, with probability
 * `loss`, the ones that carry the console's UDP datagrams to and from Janus: ChannelData and the
 * Send/Data indications. TURN's own requests and responses (Allocate, Refresh, CreatePermission,
 * ChannelBind) always pass, as TCP would deliver them. So `loss` is what a lossy path between the
 * console and the media server does to RTP, RTCP, DTLS and the ICE checks, and `loss = 1` cuts
 * that path while the TURN allocation stays up, ready for the path to heal.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TurnRelay {
  /** turn:<host>:<port>?transport=tcp, for the hub's `turn.urls`. */
  url: string;
  /** 0 … 1: the share of datagrams dropped from now on (both directions). */
  setLoss: (loss: number) => void;
  /** Datagrams passed and dropped since the start. */
  counts: () => { passed: number; dropped: number };
  close: () => Promise<void>;
}

const SEND_INDICATION = 0x0016;
const DATA_INDICATION = 0x0017;

/** mulberry32: a small seeded generator, so a run's drops can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Length of the frame at the start of `buf`, or 0 if it is not complete yet. */
function frameLength(buf: Buffer): number {
  if (buf.length < 4) return 0;
  const first = buf.readUInt16BE(0);
  const len = buf.readUInt16BE(2);
  const total = (first & 0xc000) === 0 ? 20 + len : 4 + len + ((4 - (len % 4)) % 4);
  return buf.length >= total ? total : 0;
}

/** Whether the frame carries a datagram for the peer (what a lossy network would lose). */
function isDatagram(frame: Buffer): boolean {
  const first = frame.readUInt16BE(0);
  if ((first & 0xc000) !== 0) return true; // ChannelData
  return first === SEND_INDICATION || first === DATA_INDICATION;
}

/** Listen on `host` (port chosen by the system) and forward to coturn at `target`. */
export async function startTurnRelay(host: string, target: { host: string; port: number }, seed = 1) {
  let loss = 0;
  let passed = 0;
  let dropped = 0;
  const rand = random(seed);
  const sockets = new Set<Socket>();

  /** Copy frames from `from` to `to`, dropping datagrams at the current loss. */
  const pipe = (from: Socket, to: Socket) => {
    let pending: Buffer = Buffer.alloc(0);
    from.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const out: Buffer[] = [];
      for (let n = frameLength(pending); n > 0; n = frameLength(pending)) {
        const frame = pending.subarray(0, n);
        pending = pending.subarray(n);
        if (isDatagram(frame)) {
          if (loss > 0 && rand() < loss) {
            dropped++;
            continue;
          }
          passed++;
        }
        out.push(frame);
      }
      if (out.length) to.write(Buffer.concat(out));
    });
  };

  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const relay: TurnRelay = {
    url: `turn:${host}:${port}?transport=tcp`,
    setLoss: (l) => {
      if (!(l >= 0 && l <= 1)) throw new Error(`loss must be between 0 and 1, not ${l}`);
      loss = l;
    },
    counts: () => ({ passed, dropped }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return relay;
}
