import { app, BrowserWindow, session } from 'electron';
import { hardenedWebPreferences, navigationAllowed, permissionAllowed, windowOpenAllowed } from './policy';

/**
 * The one window factory (DESIGN.md §5.4): context isolation, sandbox, no Node in the page,
 * navigation and window.open denied, permissions denied by default.
 */
export function createHardenedWindow(opts: { preload: string; url: string; title: string }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: opts.title,
    show: false,
    backgroundColor: '#f5f6f8',
    webPreferences: hardenedWebPreferences(opts.preload, { packaged: app.isPackaged }),
  });
  // No new windows, and nothing handed to the system browser: the renderer is untrusted, and
  // nothing leaves the machine unless configured.
  win.webContents.setWindowOpenHandler(({ url }) => ({ action: windowOpenAllowed(url) ? 'allow' : 'deny' }));
  win.webContents.on('will-navigate', (e, url) => {
    if (!navigationAllowed(url)) e.preventDefault();
  });
  // A server redirect, and any frame (a subframe too) navigating, are held to the same rule.
  win.webContents.on('will-redirect', (e, url) => {
    if (!navigationAllowed(url)) e.preventDefault();
  });
  win.webContents.on('will-frame-navigate', (e) => {
    if (!navigationAllowed(e.url)) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.url);
  return win;
}

/** Session-wide permission policy; call once before the first window. */
export function hardenSession(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((wc, permission, cb) => cb(permissionAllowed(permission, wc.getURL())));
  s.setPermissionCheckHandler((wc, permission) => permissionAllowed(permission, wc?.getURL() ?? ''));
}
