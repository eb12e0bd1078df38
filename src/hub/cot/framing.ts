/**
 * How CoT messages are cut out of a TCP/TLS stream and out of a UDP datagram, as the TAK protocol
 * description shipped with node-cot (`dist/lib/proto/protocol.txt`) defines them:
 * - stream, protocol 0: XML `<event>`s one after another, each ending at `</event>`;
 * - stream, TAK protocol: `0xbf <varint length> <protobuf TakMessage>`, one after another;
 * - mesh (UDP), protocol 0: one XML event per datagram; TAK protocol: `0xbf <varint version> 0xbf
 *   <protobuf>` (version 1 is the only one defined).
 * A stream may mix the two message forms (a client switches after negotiation). Nothing here
 * parses XML: it only finds where each message ends, within a bounded buffer.
 */

export type Frame = { kind: 'xml'; bytes: Buffer } | { kind: 'proto'; bytes: Buffer };

/** The stream cannot go on: a message too large, or bytes that start no message. Close it. */
export class FrameError extends Error {}

const MAGIC = 0xbf;
const END = Buffer.from('</event>', 'latin1');
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Read a protobuf varint at `at`: [value, bytes used], null when incomplete; throws when too long. */
function readVarint(buf: Buffer, at: number): [number, number] | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (at + i >= buf.length) return null;
    const b = buf[at + i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  throw new FrameError('a TAK protocol length longer than 5 bytes');
}

/** Cuts one connection's bytes into messages; keeps at most `maxBytes` (plus one chunk) buffered. */
export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  /** Where the search for `</event>` resumes in the current XML message. */
  private scanned = 0;

  constructor(private readonly maxBytes: number) {}

  /** Add bytes; returns the complete messages. Throws FrameError: close the connection. */
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Frame[] = [];
    for (;;) {
      let start = 0;
      while (start < this.buf.length && isSpace(this.buf[start]!)) start++;
      if (start > 0) {
        this.buf = this.buf.subarray(start);
        this.scanned = Math.max(0, this.scanned - start);
      }
      if (this.buf.length === 0) return out;
      const first = this.buf[0]!;
      if (first === MAGIC) {
        const v = readVarint(this.buf, 1);
        if (!v) return out;
        const [len, used] = v;
        if (len === 0) throw new FrameError('an empty TAK protocol message');
        if (len > this.maxBytes)
          throw new FrameError(`a TAK protocol message of ${len} bytes; the limit is ${this.maxBytes}`);
        if (this.buf.length < 1 + used + len) return out;
        out.push({ kind: 'proto', bytes: this.buf.subarray(1 + used, 1 + used + len) });
        this.buf = this.buf.subarray(1 + used + len);
        this.scanned = 0;
        continue;
      }
      if (first !== 0x3c /* < */)
        throw new FrameError(`bytes that start no CoT message (0x${first.toString(16).padStart(2, '0')})`);
      const from = Math.max(0, this.scanned - END.length);
      const end = this.buf.indexOf(END, from);
      if (end < 0 || end + END.length > this.maxBytes) {
        if (this.buf.length > this.maxBytes || end >= 0)
          throw new FrameError(`an XML message longer than ${this.maxBytes} bytes (no </event> within it)`);
        this.scanned = this.buf.length;
        return out;
      }
      out.push({ kind: 'xml', bytes: this.buf.subarray(0, end + END.length) });
      this.buf = this.buf.subarray(end + END.length);
      this.scanned = 0;
    }
  }

  /** Bytes held waiting for the rest of a message. */
  get buffered(): number {
    return this.buf.length;
  }
}

/** The one message of a mesh datagram, or why it is refused. */
export function datagramFrame(buf: Buffer, maxBytes: number): Frame | { refused: string } {
  if (buf.length > maxBytes)
    return { refused: `a datagram of ${buf.length} bytes; the limit is ${maxBytes}` };
  if (buf[0] === MAGIC) {
    let v: [number, number] | null;
    try {
      v = readVarint(buf, 1);
    } catch (e) {
      return { refused: (e as Error).message };
    }
    if (!v || buf[1 + v[1]] !== MAGIC) return { refused: 'a TAK protocol header without its closing 0xbf' };
    if (v[0] !== 1) return { refused: `TAK protocol version ${v[0]}; only version 1 is understood` };
    return { kind: 'proto', bytes: buf.subarray(2 + v[1]) };
  }
  let start = 0;
  while (start < buf.length && isSpace(buf[start]!)) start++;
  if (buf[start] !== 0x3c) return { refused: 'a datagram that is neither CoT XML nor TAK protocol' };
  return { kind: 'xml', bytes: buf.subarray(start) };
}
