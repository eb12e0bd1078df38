// The dispatch CLI as one esbuild bundle (dist/cli/dispatch.mjs), so a call costs a Node start and
// no TypeScript compilation. Used by scripts/build.mjs (npm run build), by the launcher
// src/cli/run.mjs (npm run dispatch: builds first when the bundle is missing or stale) and by tests.
// Plain JavaScript: it must run before anything is built.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI_ENTRY = 'src/cli/dispatch.ts';
export const CLI_BUNDLE = 'dist/cli/dispatch.mjs';
/**
 * The files the bundle was built from (esbuild's metafile inputs; dependencies through npm's
 * install record), to tell when it is stale.
 */
export const CLI_INPUTS = 'dist/cli/dispatch.inputs.json';

/** esbuild options for the CLI bundle (ESM: import.meta.url is the bundle's own, as in the source). */
export function cliBundleOptions(root = ROOT) {
  return {
    absWorkingDir: root,
    entryPoints: [CLI_ENTRY],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // A CommonJS dependency's require() inside an ESM bundle.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    minifySyntax: true,
    minifyWhitespace: true,
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  };
}

/**
 * Build the bundle. Each output is written to a temporary file and renamed into place, so a CLI
 * started meanwhile (or a second build racing this one) never reads half a bundle.
 */
export async function buildCliBundle(root = ROOT) {
  const { build } = await import('esbuild');
  const r = await build({ ...cliBundleOptions(root), write: false });
  mkdirSync(join(root, 'dist/cli'), { recursive: true });
  const put = (file, data) => {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  };
  for (const f of r.outputFiles) put(f.path, f.contents);
  // Our own sources one by one; the dependencies through npm's record of the last install
  // (rewritten by every npm install / ci), which keeps the check at a few dozen stats.
  const inputs = Object.keys(r.metafile.inputs);
  const own = inputs.filter((f) => !f.startsWith('node_modules/'));
  const installRecord = ['node_modules/.package-lock.json', 'package-lock.json'].find((f) =>
    existsSync(join(root, f)),
  );
  const deps = installRecord ? [installRecord] : inputs.filter((f) => f.startsWith('node_modules/'));
  // This file too: its options shape the bundle.
  put(join(root, CLI_INPUTS), JSON.stringify([...own.sort(), 'src/cli/bundle.mjs', ...deps]));
  return join(root, CLI_BUNDLE);
}

/** Why the bundle must be (re)built, or null when it is newer than every file it was built from. */
export function cliBundleStale(root = ROOT) {
  const bundle = join(root, CLI_BUNDLE);
  const list = join(root, CLI_INPUTS);
  if (!existsSync(bundle)) return `${CLI_BUNDLE} is missing`;
  if (!existsSync(list)) return `${CLI_INPUTS} is missing`;
  const builtAt = statSync(bundle).mtimeMs;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(list, 'utf8'));
  } catch {
    return `${CLI_INPUTS} is unreadable`;
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return `${CLI_INPUTS} lists no inputs`;
  for (const f of inputs) {
    const st = statSync(join(root, String(f)), { throwIfNoEntry: false });
    if (!st) return `${f} is gone`;
    if (st.mtimeMs > builtAt) return `${f} changed`;
  }
  return null;
}

/** Build the bundle when it is missing or stale; returns its path. */
export async function ensureCliBundle(root = ROOT, log = (s) => process.stderr.write(s)) {
  const why = cliBundleStale(root);
  if (why) {
    log(`dispatch: building ${CLI_BUNDLE} (${why})\n`);
    await buildCliBundle(root);
  }
  return join(root, CLI_BUNDLE);
}
