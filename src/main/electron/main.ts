/** Electron entry: lifecycle only. Wiring is in app/compose.ts; security rules in policy.ts. */
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { startApp, type AppRuntime } from '../app/compose';
import { parseStartArgs } from '../app/args';
import { rendererDir } from '../app/paths';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { createHardenedWindow, hardenSession } from './window';
import { registerIpc } from './ipc';
import { APP_ORIGIN } from './policy';
import { setPdfPrinter } from '../reports/pdf';
import { electronPdf } from './reportPdf';

registerAppScheme();
// One instance at a time: a second one would open the same store and hub link with the
// same client id and op sequence. It hands over to the first and exits before doing anything.
const primary = app.requestSingleInstanceLock();
if (!primary) {
  app.quit();
  process.exit(0);
}

/** Our own flags, with Electron's and Chromium's removed. */
function ownArgs(argv: string[]): string[] {
  const known = new Set(['--map-pack', '--scenario', '--data', '--hub', '--token', '--hub-ca']);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [name] = a.split('=');
    if (known.has(name!)) {
      out.push(a);
      if (!a.includes('=') && i + 1 < argv.length) out.push(argv[++i]!);
    }
  }
  return out;
}

let runtime: AppRuntime | null = null;
let stopIpc: (() => void) | null = null;

async function boot(): Promise<void> {
  const args = parseStartArgs(ownArgs(process.argv.slice(1)));
  const dataDir = args.data === parseStartArgs([]).data ? join(app.getPath('userData'), 'data') : args.data;
  // Situation reports print with Electron here (web mode and the CLI use Chromium).
  setPdfPrinter(electronPdf);
  runtime = await startApp({
    dataDir,
    mode: 'desktop',
    mapPackDir: args.mapPack,
    scenarioFile: args.scenario,
    hub: { url: args.hub, token: args.token, ca: args.hubCa },
  });
  hardenSession();
  serveAppProtocol(rendererDir(), runtime.packFile, runtime.packTile);
  stopIpc = registerIpc(runtime, () => BrowserWindow.getAllWindows());
  createHardenedWindow({
    preload: join(__dirname, 'preload.cjs'),
    url: `${APP_ORIGIN}/`,
    title: '晋应 Jinying',
  });
}

app.on('second-instance', () => {
  const w = BrowserWindow.getAllWindows()[0];
  if (w) {
    if (w.isMinimized()) w.restore();
    w.focus();
  }
});

app
  .whenReady()
  .then(boot)
  .catch((e: unknown) => fail(e));

function fail(e: unknown): void {
  dialog.showErrorBox(
    '晋应 Jinying could not start',
    `${(e as Error).message ?? e}\n\nFix the problem named above and start Jinying again.`,
  );
  // Close the store (checkpointing its WAL) before leaving, if it was opened.
  void (runtime?.close() ?? Promise.resolve()).finally(() => app.exit(1));
}

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !runtime) return;
  // Shutdown order: stop IPC, then close the store (checkpoints the WAL), then quit.
  e.preventDefault();
  quitting = true;
  stopIpc?.();
  void runtime.close().finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());
process.on('unhandledRejection', (e) => console.error('[jinying] unhandled rejection', e));
// Errors during boot surface as a dialog rather than a silent exit.
process.on('uncaughtException', (e) => (runtime ? console.error('[jinying]', e) : fail(e)));
