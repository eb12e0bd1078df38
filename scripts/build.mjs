// Builds the desktop app: main process, store worker and preload with esbuild (CommonJS, as
// Electron loads them), the renderer with Vite. Output in dist/. See docs/architecture.md.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildCliBundle } from '../src/cli/bundle.mjs';

// import.meta.url inside a CommonJS bundle: the bundle's own file URL.
const banner = { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" };
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['electron', 'better-sqlite3'],
  define: { 'import.meta.url': '__bundleUrl' },
  banner,
  logLevel: 'info',
};

await build({
  ...common,
  entryPoints: { 'electron-main': 'src/main/electron/main.ts' },
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
});
await build({
  ...common,
  entryPoints: { 'db-worker': 'src/main/db/worker.ts' },
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
});
await build({
  ...common,
  entryPoints: { 'mappack-worker': 'src/main/mappacks/worker.ts' },
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
});
// The preload runs sandboxed: only 'electron' may stay external.
await build({
  ...common,
  external: ['electron'],
  entryPoints: { preload: 'src/main/electron/preload.ts' },
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
});
// The dispatch CLI (ESM; `npm run dispatch` also builds it when stale: src/cli/run.mjs).
await buildCliBundle();
execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });

// What each bundle weighs (the preload must stay small: docs/architecture.md).
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const sizeOf = (dir, re) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => re.test(String(f)))
    .reduce((sum, f) => sum + statSync(join(dir, String(f))).size, 0);
console.log('\nBundle sizes:');
for (const f of ['preload.cjs', 'electron-main.cjs', 'db-worker.cjs', 'mappack-worker.cjs'])
  console.log(`  dist/main/${f.padEnd(18)} ${kb(statSync(join('dist/main', f)).size)}`);
console.log(`  dist/cli/dispatch.mjs        ${kb(statSync('dist/cli/dispatch.mjs').size)}`);
console.log(`  dist/renderer (js)          ${kb(sizeOf('dist/renderer', /\.js$/))}`);
console.log(`  dist/renderer (css)         ${kb(sizeOf('dist/renderer', /\.css$/))}`);
