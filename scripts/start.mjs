// `npm start`: the desktop app in Electron; where Electron's binary is missing (air-gapped
// installs: its installer downloads it), say so plainly and start web mode instead.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/** The Electron binary if it is installed. (Requiring 'electron' would try to download it.) */
function electronBinary() {
  const pkgDir = join(root, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : process.platform === 'win32'
      ? 'electron.exe'
      : 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkgDir, 'dist');
  const bin = join(dist, rel);
  return existsSync(bin) ? bin : null;
}

function needsBuild() {
  const out = join(root, 'dist/main/electron-main.cjs');
  return !existsSync(out) || !existsSync(join(root, 'dist/renderer/index.html'));
}

const bin = electronBinary();
if (bin) {
  if (needsBuild())
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  const child = spawn(bin, ['.', ...args], { stdio: 'inherit', cwd: root });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  let version = '';
  try {
    version = require('electron/package.json').version;
  } catch {
    // no package either: the message below still helps
  }
  console.error(
    [
      '',
      `Electron ${version} is not installed here: its installer downloads the binary from the internet, which this machine cannot reach.`,
      'To install it offline:',
      `  1. On a connected machine, download electron-v${version}-${process.platform}-${process.arch}.zip from an Electron release mirror your organisation trusts.`,
      `  2. Copy it into ${join(process.env.HOME ?? '~', '.cache', 'electron')}/ on this machine (or point ELECTRON_MIRROR at an internal mirror,\n     or ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron folder).`,
      '  3. Run: node node_modules/electron/install.js   and then npm start again.',
      'Starting web mode instead: open the address printed below in Chromium, Chrome, Edge or Firefox.',
      '',
    ].join('\n'),
  );
  // Web mode builds the renderer itself when it is missing or stale.
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src/main/web/cli.ts'), ...args],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
  const stop = (sig) => child.kill(sig);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
