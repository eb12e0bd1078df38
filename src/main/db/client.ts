import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StoreArgs, StoreOp, StoreResult } from './api';
import { CodedError, type ErrorParams } from '../../shared/ipc/errors';

/** Where the worker lives: the bundled file next to the app's bundle, or the TypeScript source in development. */
function workerSpec(): { url: URL } {
  const here = import.meta.url;
  if (here.endsWith('.cjs') || here.endsWith('.js')) {
    // Packaged: the worker is unpacked beside the asar, since worker threads cannot read inside one.
    const bundled = fileURLToPath(new URL('./db-worker.cjs', here)).replace(
      `app.asar${sep}`,
      `app.asar.unpacked${sep}`,
    );
    if (existsSync(bundled)) return { url: pathToFileURL(bundled) };
  }
  // Running from source (tsx, vitest): the worker needs the TypeScript loader too.
  return { url: new URL('./worker-dev.mjs', here) };
}

/**
 * The main process's handle on the store worker. Calls are serialised by the worker, so each is
 * one transaction against one writer.
 */
export class StoreClient {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private closed = false;
  /** Set when the worker died: every later call fails at once with this, rather than hanging. */
  private dead: CodedError | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly file: string,
  ) {
    worker.on(
      'message',
      (m: {
        id?: number;
        ok?: boolean;
        value?: unknown;
        error?: { code: string; message: string; params?: ErrorParams };
      }) => {
        if (m.id === undefined) return;
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else
          p.reject(
            new CodedError(
              m.error?.code ?? 'STORE_FAILED',
              m.error?.message ?? 'store error',
              m.error?.params,
            ),
          );
      },
    );
    const die = (why: string) => {
      this.dead ??= new CodedError(
        'STORE_STOPPED',
        `The local store stopped (${why}). Nothing more can be saved until Jinying is restarted; restart it now. ` +
          'Changes already saved are kept.',
      );
      this.failAll(this.dead);
    };
    worker.on('error', (e) => die(e.message));
    worker.on('exit', (code) => {
      if (!this.closed) die(`its worker exited with code ${code}`);
    });
  }

  static open(file: string): Promise<StoreClient> {
    const spec = workerSpec();
    const worker = new Worker(spec.url, { workerData: { file } });
    return new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: boolean; error?: { code: string; message: string } }) => {
        if (m.ready === undefined) return;
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (m.ready) resolve(new StoreClient(worker, file));
        else {
          void worker.terminate();
          reject(
            new CodedError(m.error?.code ?? 'STORE_OPEN_FAILED', m.error?.message ?? `cannot open ${file}`),
          );
        }
      };
      const onError = (e: Error) => reject(e);
      const onExit = (code: number) =>
        reject(
          new CodedError(
            'STORE_OPEN_FAILED',
            `the store worker for ${file} exited with code ${code} before it was ready`,
          ),
        );
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
    });
  }

  call<K extends StoreOp>(
    op: K,
    ...args: StoreArgs<K> extends void ? [] : [StoreArgs<K>]
  ): Promise<StoreResult<K>> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closed) return Promise.reject(new CodedError('STORE_CLOSED', 'the store is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, op, args: args[0] });
    });
  }

  /** Finish pending calls, close the connection (checkpointing the WAL), stop the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.dead) {
      this.closed = true;
      return;
    }
    await new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      const onMessage = (m: { closed?: boolean }) => {
        if (m.closed) {
          this.worker.off('message', onMessage);
          resolve();
        }
      };
      this.worker.on('message', onMessage);
      this.worker.postMessage({ close: true });
    });
    this.closed = true;
    await this.worker.terminate();
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
