import { contentSecurityPolicy } from '../app/staticFiles';

/**
 * The security rules every window follows, as plain data and functions so they can be tested
 * without Electron (DESIGN.md §5.4). window.ts applies them.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'jinying';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface HardenedWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  /** DevTools only in development: a packaged build has none (nobody pokes at a duty desk's page). */
  devTools: boolean;
  preload: string;
}

export function hardenedWebPreferences(
  preload: string,
  opts: { packaged: boolean } = { packaged: true },
): HardenedWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !opts.packaged,
    preload,
  };
}

/** Only our own bundled pages; everything else (http, file, other schemes) is refused. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Navigation inside the window: allowed only within the app origin. */
export const navigationAllowed = (url: string): boolean => isAppUrl(url);

/** window.open and target=_blank: always denied. */
export const windowOpenAllowed = (_url: string): boolean => false;

/**
 * Permissions the app's own pages may have: desktop notifications (the duty desk's alerts),
 * geolocation (a field commander's position report from the laptop's fix) and media, the camera
 * and microphone of a consultation (调度会商, docs/consultation.md). Everything else (screen
 * capture, clipboard, external protocols…) is denied, and so is every request from any other origin.
 */
const APP_PERMISSIONS = new Set(['notifications', 'geolocation', 'media']);
export const permissionAllowed = (permission: string, requestingUrl: string): boolean =>
  APP_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);

/** Deny-by-default CSP for app:// pages (the same policy as web mode, without a websocket). */
export const APP_CSP = contentSecurityPolicy();

/**
 * IPC sender check: only the window's main frame, showing our app origin, may call main (a
 * subframe, even one of our origin, may not).
 */
export const senderAllowed = (frameUrl: string | undefined, isMainFrame: boolean): boolean =>
  isMainFrame && frameUrl !== undefined && isAppUrl(frameUrl);
