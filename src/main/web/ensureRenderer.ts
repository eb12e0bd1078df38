import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot, rendererDir } from '../app/paths';

/** Newest modification time under a folder (0 when it does not exist). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * In a source checkout, build the renderer when it is missing or older than its sources
 * (src/renderer and the src/shared code it bundles). A packaged app ships it built and has no
 * sources, so this does nothing there.
 */
export function ensureRendererBuilt(log: (line: string) => void = (l) => console.log(l)): void {
  const root = appRoot();
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const src = join(root, 'src', 'renderer');
  if (!existsSync(src) || !existsSync(vite)) return;
  const index = join(rendererDir(), 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newestMtime(src), newestMtime(join(root, 'src', 'shared')));
  if (built >= sources) return;
  log(
    built
      ? '[jinying] the renderer is older than its sources: rebuilding (about 10 s)…'
      : '[jinying] building the renderer (about 10 s)…',
  );
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0)
    throw new Error('the renderer build failed (see the messages above); fix them and start again');
  log('[jinying] renderer built.');
}
