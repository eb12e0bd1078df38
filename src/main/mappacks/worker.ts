import { parentPort, workerData } from 'node:worker_threads';
import type { ImportOptions } from './candidate';
import type { ImportWorkerData, ImportWorkerMessage } from './import';
import { MbTilesReader } from './mbtiles';
import { stagePack, type ImportSource } from './stage';
import type { TileWorkerReply, TileWorkerRequest } from './tiles';
import { CodedError } from '../../shared/ipc/errors';

/**
 * The map-pack import worker (one per import; docs/map-packs.md, docs/architecture.md): reads,
 * unpacks, checks and writes a pack into its temporary folder, off the main thread, posting
 * progress as it goes. It never touches a pack in use: the main thread renames the result into
 * place. Stopping it (cancel) leaves only the temporary folder, which the main thread removes.
 */
const port = parentPort;
if (!port) throw new Error('the map-pack worker must run in a worker thread');
const post = (m: ImportWorkerMessage) => port.postMessage(m);

if ((workerData as { role?: string }).role === 'tiles') serveTiles();
else runImport(workerData as ImportWorkerData);

/**
 * Role 'tiles': MBTiles tiles for the main thread (one read-only connection per file, opened on the
 * first tile asked for), so a synchronous SQLite read never blocks the window.
 */
function serveTiles(): void {
  const readers = new Map<string, MbTilesReader>();
  port!.on('message', (m: TileWorkerRequest) => {
    if (m.type === 'close') {
      readers.get(m.file)?.close();
      readers.delete(m.file);
      port!.postMessage({ id: m.id, ok: true, data: null } satisfies TileWorkerReply);
      return;
    }
    try {
      let r = readers.get(m.file);
      if (!r) {
        r = new MbTilesReader(m.file);
        readers.set(m.file, r);
      }
      port!.postMessage({ id: m.id, ok: true, data: r.getTile(m.z, m.x, m.y) } satisfies TileWorkerReply);
    } catch (e) {
      port!.postMessage({ id: m.id, ok: false, message: (e as Error).message } satisfies TileWorkerReply);
    }
  });
}

function runImport(job: ImportWorkerData): void {
  try {
    const source: ImportSource = job.source;
    const opts: ImportOptions = job.opts;
    const staged = stagePack(job.dir, source, opts, job.tmp, (p) => post({ type: 'progress', progress: p }));
    post({ type: 'done', staged });
  } catch (e) {
    if (e instanceof CodedError) post({ type: 'error', code: e.code, message: e.message, params: e.params });
    // Anything else (a disk full, a permission) is reported as it would be in the main thread.
    else post({ type: 'error', code: null, message: (e as Error)?.message ?? String(e) });
  }
}
