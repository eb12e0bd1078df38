import type { MapPackInfo } from '../../shared/ipc';
import type { ImportOptions } from './candidate';
import type { MapPackStore } from './registry';
import { stagePack } from './stage';

/**
 * Imports in the calling thread, for tests and the bench's "before" rows only: the app imports
 * through the import worker (`MapPackImporter`, import.ts), which keeps the main thread free. Same
 * pipeline (stage.ts), same commit (`MapPackStore.commit`), same errors.
 */

/** Import a folder, a .zip or a tile file from a local path, in this thread. */
export function importPathInThread(store: MapPackStore, path: string, opts: ImportOptions = {}): MapPackInfo {
  return store.commit(stagePack(store.dir, { kind: 'path', path }, opts, store.newTmp()));
}
