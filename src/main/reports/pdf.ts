import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Prints the report's HTML to a PDF (A4, the page size and margins come from the HTML's @page). */
export type PdfPrinter = (html: string, signal: AbortSignal) => Promise<Buffer>;

/** The system Chromium (Debian's `chromium`), as the tests and web mode use it. */
const CHROMIUM = process.env.JINYING_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Web mode and the CLI: the HTML in headless Chromium (playwright-core), printed with `page.pdf`.
 * The page is loaded from a temporary file so its font can come from a file: URL, and every request
 * other than a file: one is refused (a report never reaches the network).
 */
export const chromiumPdf: PdfPrinter = async (html, signal) => {
  signal.throwIfAborted();
  // Not a literal import: the desktop bundle prints with Electron and must not carry playwright.
  const name = 'playwright-core';
  const { chromium } = (await import(name)) as typeof import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'jinying-report-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const stop = () => void browser.close().catch(() => undefined);
  signal.addEventListener('abort', stop);
  try {
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const page = await browser.newPage();
    await page.route(
      (url) => url.protocol !== 'file:',
      (route) => route.abort(),
    );
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
    signal.throwIfAborted();
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, format: 'A4' });
    return Buffer.from(pdf);
  } catch (e) {
    signal.throwIfAborted();
    throw e;
  } finally {
    signal.removeEventListener('abort', stop);
    await browser.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
};

let printer: PdfPrinter = chromiumPdf;

/** The desktop app prints with Electron's `webContents.printToPDF` (src/main/electron/reportPdf.ts). */
export function setPdfPrinter(p: PdfPrinter): void {
  printer = p;
}

export function printPdf(html: string, signal: AbortSignal): Promise<Buffer> {
  return printer(html, signal);
}
