import { closeSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliDecompress, brotliDecompressSync, gunzip, gunzipSync } from 'node:zlib';
import { bytesToHeader, Compression, PMTiles, type Header, type Source } from 'pmtiles';
import { parseUntrustedJson } from '../../shared/util/protoKeys';

/**
 * PMTiles v3 archives (https://github.com/protomaps/PMTiles) read from a local file: the header and
 * metadata synchronously at import (to check them, in the import worker), tiles through the `pmtiles`
 * package when served: asynchronous file reads and decompression (libuv's thread pool), so serving
 * tiles never blocks the main thread. Tiles come back decompressed.
 */

const HEADER_BYTES = 127;

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, offset);
  return n === length ? buf : buf.subarray(0, n);
}

function decompress(buf: Buffer, c: Compression): Buffer {
  if (c === Compression.None || c === Compression.Unknown) return buf;
  if (c === Compression.Gzip) return gunzipSync(buf);
  if (c === Compression.Brotli) return brotliDecompressSync(buf);
  throw new Error(`its compression (${Compression[c] ?? c}) is not supported; use gzip or none`);
}

/** Header and JSON metadata of a PMTiles file. Throws an Error saying why the file is unusable. */
export function readPmtilesInfo(path: string): { header: Header; metadata: Record<string, unknown> } {
  const fd = openSync(path, 'r');
  try {
    const head = readAt(fd, 0, HEADER_BYTES);
    if (head.length < HEADER_BYTES || head.subarray(0, 7).toString('latin1') !== 'PMTiles')
      throw new Error('it is not a PMTiles file');
    if (head[7] !== 3) throw new Error(`it is PMTiles version ${head[7]}; only version 3 is supported`);
    const header = bytesToHeader(
      head.buffer.slice(head.byteOffset, head.byteOffset + HEADER_BYTES) as ArrayBuffer,
    );
    if (
      ![Compression.None, Compression.Unknown, Compression.Gzip, Compression.Brotli].includes(
        header.tileCompression,
      )
    ) {
      throw new Error(
        `its tile compression (${Compression[header.tileCompression] ?? header.tileCompression}) is not supported; use gzip or none`,
      );
    }
    let metadata: Record<string, unknown> = {};
    if (header.jsonMetadataLength > 0) {
      if (header.jsonMetadataLength > 16 * 1024 * 1024) throw new Error('its metadata is larger than 16 MB');
      const raw = decompress(
        readAt(fd, header.jsonMetadataOffset, header.jsonMetadataLength),
        header.internalCompression,
      );
      const parsed = parseUntrustedJson(raw.toString('utf8'), 'metadata');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        metadata = parsed as Record<string, unknown>;
    }
    return { header, metadata };
  } finally {
    closeSync(fd);
  }
}

const gunzipAsync = promisify(gunzip);
const brotliAsync = promisify(brotliDecompress);

async function decompressAsync(buf: Buffer, c: Compression): Promise<Buffer> {
  if (c === Compression.None || c === Compression.Unknown) return buf;
  if (c === Compression.Gzip) return gunzipAsync(buf);
  if (c === Compression.Brotli) return brotliAsync(buf);
  throw new Error(`its compression (${Compression[c] ?? c}) is not supported; use gzip or none`);
}

class LocalFileSource implements Source {
  constructor(
    private readonly file: Promise<FileHandle>,
    private readonly key: string,
  ) {}
  getKey(): string {
    return this.key;
  }
  async getBytes(offset: number, length: number): Promise<{ data: ArrayBuffer }> {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await (await this.file).read(buf, 0, length, offset);
    return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer };
  }
}

/** An open PMTiles file serving decompressed tiles by XYZ address. */
export class PmtilesReader {
  private readonly handle: Promise<FileHandle>;
  private readonly archive: PMTiles;

  constructor(readonly file: string) {
    this.handle = open(file, 'r');
    // A file that cannot be opened fails the tile asked for (handled there), not the process.
    this.handle.catch(() => {});
    this.archive = new PMTiles(new LocalFileSource(this.handle, file), undefined, async (buf, c) => {
      const out = await decompressAsync(Buffer.from(buf), c);
      return out.buffer.slice(out.byteOffset, out.byteOffset + out.length) as ArrayBuffer;
    });
  }

  async getTile(z: number, x: number, y: number): Promise<Buffer | null> {
    if (!Number.isInteger(z) || z < 0 || z > 30) return null;
    const n = 2 ** z;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) return null;
    const r = await this.archive.getZxy(z, x, y);
    return r ? Buffer.from(r.data) : null;
  }

  close(): void {
    this.handle.then(
      (h) => h.close().catch(() => {}),
      () => {},
    );
  }
}
