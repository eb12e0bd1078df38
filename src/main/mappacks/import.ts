import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { AppErrorCode, ErrorParams, MapPackInfo, MapPackProgress } from '../../shared/ipc';
import type { ImportOptions } from './candidate';
import { importBusy, importCancelled } from './errors';
import type { MapPackStore } from './registry';
import type { ImportSource, StagedPack } from './stage';
import { mapPackWorkerUrl } from './workerUrl';
import { CodedError } from '../../shared/ipc/errors';

/** What the main thread gives the import worker (worker.ts). */
export interface ImportWorkerData {
  dir: string;
  source: ImportSource;
  opts: ImportOptions;
  tmp: string;
}
/** What the import worker posts back: progress reports, then one result. */
export type ImportWorkerMessage =
  | { type: 'progress'; progress: MapPackProgress }
  | { type: 'done'; staged: StagedPack }
  | { type: 'error'; code: AppErrorCode | null; message: string; params?: ErrorParams | undefined };

interface Job {
  worker: Worker;
  tmp: string;
  settle: (fn: () => void) => void;
  reject: (e: Error) => void;
}

/**
 * Runs map-pack imports in a worker thread, one at a time, so that reading, unpacking and
 * checking up to 400 MB never stalls the main thread (docs/map-packs.md). The main thread only
 * renames the finished temporary folder into place (`MapPackStore.commit`). `cancel` stops the
 * worker and removes its temporary folder: no pack, no half pack, the pack in use unchanged.
 */
export class MapPackImporter {
  private job: Job | null = null;

  constructor(private readonly store: MapPackStore) {}

  get busy(): boolean {
    return this.job !== null;
  }

  run(
    source: ImportSource,
    opts: ImportOptions,
    onProgress: (p: MapPackProgress) => void = () => {},
  ): Promise<MapPackInfo> {
    if (this.job) {
      return Promise.reject(importBusy());
    }
    const tmp = this.store.newTmp();
    const data: ImportWorkerData = { dir: this.store.dir, source, opts, tmp };
    return new Promise<MapPackInfo>((resolve, reject) => {
      const worker = new Worker(mapPackWorkerUrl(), { workerData: data });
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.job = null;
        fn();
      };
      const cleanUp = () => rmSync(tmp, { recursive: true, force: true });
      this.job = { worker, tmp, settle, reject };
      worker.on('message', (m: ImportWorkerMessage) => {
        if (settled) return;
        if (m.type === 'progress') onProgress(m.progress);
        else if (m.type === 'done') {
          settle(() => {
            // The pack's tile file, if it is being served, is closed first (a file open elsewhere
            // cannot be renamed away on every system), then the staged folder is put in place.
            this.store
              .releaseTiles(m.staged.id)
              .then(() => resolve(this.store.commit(m.staged)))
              .catch((e: Error) => {
                if (m.staged.tmp) rmSync(m.staged.tmp, { recursive: true, force: true });
                reject(e);
              });
          });
        } else {
          settle(() => {
            cleanUp();
            reject(m.code ? new CodedError(m.code, m.message, m.params) : new Error(m.message));
          });
        }
      });
      worker.on('error', (e) =>
        settle(() => {
          cleanUp();
          reject(
            new CodedError(
              'MAP_PACK_INVALID',
              `The import stopped (${e.message}). Check the pack and import it again.`,
            ),
          );
        }),
      );
      worker.on('exit', (code) =>
        settle(() => {
          cleanUp();
          reject(
            new CodedError(
              'MAP_PACK_INVALID',
              `The import stopped (its worker exited with code ${code}). Check the pack and import it again.`,
            ),
          );
        }),
      );
    });
  }

  /** Stop the import running, if any: its worker ends and its temporary folder is removed. */
  async cancel(): Promise<boolean> {
    const job = this.job;
    if (!job) return false;
    // Settled first, so a result the worker posts meanwhile is ignored (nothing is committed).
    job.settle(() => {});
    await job.worker.terminate();
    rmSync(job.tmp, { recursive: true, force: true });
    job.reject(importCancelled());
    return true;
  }

  /** Stop any import (at shutdown). */
  async close(): Promise<void> {
    await this.cancel();
  }
}
