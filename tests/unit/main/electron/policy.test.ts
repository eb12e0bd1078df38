import { describe, expect, it } from 'vitest';
import {
  APP_CSP,
  hardenedWebPreferences,
  isAppUrl,
  navigationAllowed,
  permissionAllowed,
  senderAllowed,
  windowOpenAllowed,
} from '../../../../src/main/electron/policy';

describe('window security policy (applied by the one window factory)', () => {
  it('web preferences: isolation and sandbox on, Node off everywhere', () => {
    const p = hardenedWebPreferences('/x/preload.cjs');
    expect(p.contextIsolation).toBe(true);
    expect(p.sandbox).toBe(true);
    expect(p.nodeIntegration).toBe(false);
    expect(p.nodeIntegrationInWorker).toBe(false);
    expect(p.nodeIntegrationInSubFrames).toBe(false);
    expect(p.webSecurity).toBe(true);
    expect(p.webviewTag).toBe(false);
    expect(p.allowRunningInsecureContent).toBe(false);
    // DevTools off in a packaged build (the default), on only in development.
    expect(p.devTools).toBe(false);
    expect(hardenedWebPreferences('/x/preload.cjs', { packaged: false }).devTools).toBe(true);
  });

  it('navigation stays inside app://jinying', () => {
    expect(navigationAllowed('app://jinying/index.html')).toBe(true);
    for (const u of [
      'https://example.com/',
      'file:///etc/passwd',
      'app://other/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(navigationAllowed(u), u).toBe(false);
    }
  });

  it('window.open is denied; the app’s pages may notify, locate and use camera and microphone, nothing else, and no other origin anything', () => {
    expect(windowOpenAllowed('app://jinying/')).toBe(false);
    for (const p of ['clipboard-read', 'openExternal', 'midi', 'display-capture']) {
      expect(permissionAllowed(p, 'app://jinying/'), p).toBe(false);
    }
    expect(permissionAllowed('notifications', 'app://jinying/')).toBe(true);
    expect(permissionAllowed('geolocation', 'app://jinying/index.html')).toBe(true);
    expect(permissionAllowed('notifications', 'https://evil.example/')).toBe(false);
    expect(permissionAllowed('geolocation', '')).toBe(false);
    // A consultation's camera and microphone: the app's pages only.
    expect(permissionAllowed('media', 'app://jinying/index.html')).toBe(true);
    expect(permissionAllowed('media', 'https://evil.example/')).toBe(false);
  });

  it('IPC answers only frames of the app origin', () => {
    expect(senderAllowed('app://jinying/index.html', true)).toBe(true);
    expect(senderAllowed('app://jinying/index.html', false)).toBe(false);
    expect(senderAllowed('https://evil.example/', true)).toBe(false);
    expect(senderAllowed(undefined, true)).toBe(false);
    expect(isAppUrl('app://jinying.evil/')).toBe(false);
  });

  it('CSP denies by default and allows no remote origin', () => {
    expect(APP_CSP).toMatch(/default-src 'none'/);
    expect(APP_CSP).not.toMatch(/https?:/);
    expect(APP_CSP).not.toMatch(/unsafe-eval/);
  });
});
