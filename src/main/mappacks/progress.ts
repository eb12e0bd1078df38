import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import type { MapPackImportPhase, MapPackProgress } from '../../shared/ipc';

/** Progress reports of an import (the shared `MapPackProgress`: step, bytes or files, percent). */
export type ProgressSink = (p: MapPackProgress) => void;
type ImportPhase = MapPackImportPhase;

/** Each step's share of the bar: reading and writing the bytes weigh most. */
const PHASE_SPAN: Record<ImportPhase, [number, number]> = {
  read: [0, 35],
  unzip: [35, 55],
  check: [55, 75],
  write: [75, 99],
  done: [100, 100],
};
const READ_CHUNK = 4 * 1024 * 1024;

/** Reports progress at most every 50 ms (and at every new step), never backwards. */
export class Progress {
  private last = 0;
  private percent = 0;
  private phase: ImportPhase | null = null;
  constructor(private readonly sink: ProgressSink | undefined) {}
  report(phase: ImportPhase, done: number, total: number, file: string | null = null, force = false): void {
    if (!this.sink) return;
    const now = Date.now();
    if (!force && phase === this.phase && now - this.last < 50 && done < total) return;
    const [a, b] = PHASE_SPAN[phase];
    this.percent = Math.max(
      this.percent,
      Math.floor(a + ((b - a) * Math.min(done, total)) / Math.max(total, 1)),
    );
    this.phase = phase;
    this.last = now;
    this.sink({ phase, done, total, file, percent: this.percent });
  }
}

/** Read a whole file in chunks, reporting each (a 200 MB read is otherwise one silent call). */
export function readChunked(path: string, onBytes: (n: number) => void): Uint8Array {
  const size = statSync(path).size;
  const buf = Buffer.allocUnsafe(size);
  const fd = openSync(path, 'r');
  try {
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, Math.min(READ_CHUNK, size - off), off);
      if (n === 0) break;
      off += n;
      onBytes(n);
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** Write bytes in chunks, reporting each. */
export function writeChunked(path: string, bytes: Uint8Array, onBytes: (n: number) => void): void {
  const fd = openSync(path, 'w');
  try {
    let off = 0;
    while (off < bytes.length) {
      const n = writeSync(fd, bytes, off, Math.min(READ_CHUNK, bytes.length - off));
      off += n;
      onBytes(n);
    }
    if (bytes.length === 0) onBytes(0);
  } finally {
    closeSync(fd);
  }
}
