import { BrowserWindow, session } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PdfPrinter } from '../reports/pdf';

/** An in-memory session for printing reports only: it may load the report's file and nothing else. */
const PARTITION = 'jinying-report-print';

/**
 * The desktop app prints situation reports with `webContents.printToPDF`: the same HTML as web
 * mode and the CLI (src/main/reports/html.ts), in a hidden window that is never shown, has no
 * preload, no Node and no network (every request other than the report's own file is cancelled),
 * and is closed when the PDF is made or the job cancelled.
 */
export const electronPdf: PdfPrinter = async (html, signal) => {
  signal.throwIfAborted();
  const ses = session.fromPartition(PARTITION, { cache: false });
  ses.webRequest.onBeforeRequest((details, cb) => cb({ cancel: !details.url.startsWith('file:') }));
  ses.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  const dir = mkdtempSync(join(tmpdir(), 'jinying-report-'));
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      partition: PARTITION,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  const stop = () => win.destroy();
  signal.addEventListener('abort', stop);
  try {
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    await win.loadFile(file);
    await win.webContents.executeJavaScript('document.fonts.ready.then(() => true)');
    signal.throwIfAborted();
    return await win.webContents.printToPDF({
      preferCSSPageSize: true,
      printBackground: true,
      pageSize: 'A4',
    });
  } catch (e) {
    signal.throwIfAborted();
    throw e;
  } finally {
    signal.removeEventListener('abort', stop);
    if (!win.isDestroyed()) win.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
};
