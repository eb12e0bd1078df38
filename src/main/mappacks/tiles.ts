import { Worker } from 'node:worker_threads';
import { mapPackWorkerUrl } from './workerUrl';

/** A request to the MBTiles tile worker (worker.ts, role 'tiles'). */
export type TileWorkerRequest =
  | { type: 'tile'; id: number; file: string; z: number; x: number; y: number }
  | { type: 'close'; id: number; file: string };
export type TileWorkerReply =
  { id: number; ok: true; data: Uint8Array | null } | { id: number; ok: false; message: string };

/**
 * The MBTiles tile worker's handle: one worker thread, started on the first MBTiles tile asked for,
 * holding one read-only connection per tile file (better-sqlite3 is synchronous, so its reads stay
 * off the main thread). Stopped at shutdown; started again if a tile is asked for later.
 */
export class MbTilesWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (b: Buffer | null) => void; reject: (e: Error) => void }
  >();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(mapPackWorkerUrl(), { workerData: { role: 'tiles' } });
    w.unref();
    w.on('message', (m: TileWorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      if (m.ok) p.resolve(m.data ? Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength) : null);
      else p.reject(new Error(m.message));
    });
    const fail = (why: string) => {
      if (this.worker === w) this.worker = null;
      for (const p of this.pending.values()) p.reject(new Error(`the tile worker stopped (${why})`));
      this.pending.clear();
    };
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => fail(`exit code ${code}`));
    this.worker = w;
    return w;
  }

  getTile(file: string, z: number, x: number, y: number): Promise<Buffer | null> {
    const w = this.ensure();
    const id = this.nextId++;
    // Kept alive while a tile is awaited, so a request never hangs on an exiting process.
    w.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ type: 'tile', id, file, z, x, y } satisfies TileWorkerRequest);
    });
  }

  /** Close a file's connection; resolves once the worker has closed it (before its folder is renamed or removed). */
  closeFile(file: string): Promise<void> {
    const w = this.worker;
    if (!w) return Promise.resolve();
    const id = this.nextId++;
    w.ref();
    return new Promise((resolve) => {
      this.pending.set(id, { resolve: () => resolve(), reject: () => resolve() });
      w.postMessage({ type: 'close', id, file } satisfies TileWorkerRequest);
    });
  }

  stop(): void {
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }
}

/** An MBTiles file read through the tile worker, with the same face as the in-thread readers. */
export class MbTilesWorkerReader {
  constructor(
    private readonly pool: MbTilesWorker,
    readonly file: string,
  ) {}
  getTile(z: number, x: number, y: number): Promise<Buffer | null> {
    return this.pool.getTile(this.file, z, x, y);
  }
  close(): Promise<void> {
    return this.pool.closeFile(this.file);
  }
}
