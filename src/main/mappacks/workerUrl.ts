import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the map-pack worker (imports, MBTiles tiles) lives: the bundled file beside the app's bundle, or the TypeScript source. */
export function mapPackWorkerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.cjs') || here.endsWith('.js')) {
    // Packaged: unpacked beside the asar, since worker threads cannot read inside one.
    const bundled = fileURLToPath(new URL('./mappack-worker.cjs', here)).replace(
      `app.asar${sep}`,
      `app.asar.unpacked${sep}`,
    );
    if (existsSync(bundled)) return pathToFileURL(bundled);
  }
  return new URL('./worker-dev.mjs', here);
}
