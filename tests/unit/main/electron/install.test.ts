import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';

/**
 * The hardened window, session and IPC registration install their handlers. Electron cannot run
 * here, so `electron` is replaced at its module boundary by a recorder: what each function hands
 * to Electron is captured and then exercised (the policies themselves are tested in policy.test.ts).
 */
const fake = vi.hoisted(() => {
  const ipc = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  const windows: FakeWindow[] = [];
  const session: {
    request?: (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    check?: (wc: unknown, p: string) => boolean;
  } = {};
  interface FakeWindow {
    opts: { webPreferences: Record<string, unknown> };
    webContents: {
      openHandler?: (d: { url: string }) => { action: string };
      emit: (ev: string, ...a: unknown[]) => boolean;
      listenerCount: (ev: string) => number;
    };
    loaded: string | null;
  }
  return { ipc, windows, session };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class WebContents extends Emitter {
    openHandler?: (d: { url: string }) => { action: string };
    mainFrame = { url: 'app://jinying/' };
    setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
      this.openHandler = fn;
    }
    send() {}
    getURL() {
      return 'app://jinying/';
    }
  }
  class BrowserWindow extends Emitter {
    webContents = new WebContents();
    loaded: string | null = null;
    constructor(public opts: { webPreferences: Record<string, unknown> }) {
      super();
      fake.windows.push(this as never);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    static getAllWindows() {
      return fake.windows;
    }
  }
  return {
    app: { isPackaged: true },
    BrowserWindow,
    ipcMain: {
      handle: (ch: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) =>
        fake.ipc.set(ch, fn),
      removeHandler: (ch: string) => fake.ipc.delete(ch),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof fake.session.request) => (fake.session.request = fn),
        setPermissionCheckHandler: (fn: typeof fake.session.check) => (fake.session.check = fn),
      },
    },
  };
});

const { createHardenedWindow, hardenSession } = await import('../../../../src/main/electron/window');
const { registerIpc } = await import('../../../../src/main/electron/ipc');
const { CHANNEL_NAMES } = await import('../../../../src/shared/ipc/channels');

/** An event Electron would hand to a navigation listener. */
const navEvent = (url?: string) => {
  const e = { url, prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
};

describe('the Electron glue installs its guards', () => {
  it('the window: hardened preferences, no DevTools packaged, window.open denied, every navigation kind checked', () => {
    const win = createHardenedWindow({
      preload: '/app/preload.cjs',
      url: 'app://jinying/',
      title: 't',
    }) as unknown as (typeof fake.windows)[number] & {
      webContents: EventEmitter & { openHandler: (d: { url: string }) => { action: string } };
    };
    expect(win.opts.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
      preload: '/app/preload.cjs',
    });
    expect(win.loaded).toBe('app://jinying/');
    expect(win.webContents.openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    for (const ev of ['will-navigate', 'will-redirect']) {
      const out = navEvent();
      win.webContents.emit(ev, out, 'https://evil.example/');
      expect(out.prevented, ev).toBe(true);
      const inside = navEvent();
      win.webContents.emit(ev, inside, 'app://jinying/index.html');
      expect(inside.prevented, ev).toBe(false);
    }
    const frame = navEvent('file:///etc/passwd');
    win.webContents.emit('will-frame-navigate', frame);
    expect(frame.prevented).toBe(true);
    const webview = navEvent();
    win.webContents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('the session: notifications, geolocation and media for the app only, everything else refused', () => {
    hardenSession();
    const ask = (permission: string, url: string) => {
      let answer: boolean | null = null;
      fake.session.request!({ getURL: () => url }, permission, (ok) => (answer = ok));
      return answer;
    };
    expect(ask('notifications', 'app://jinying/')).toBe(true);
    expect(ask('media', 'app://jinying/')).toBe(true);
    expect(ask('media', 'https://evil.example/')).toBe(false);
    expect(ask('display-capture', 'app://jinying/')).toBe(false);
    expect(ask('notifications', 'https://evil.example/')).toBe(false);
    expect(fake.session.check!({ getURL: () => 'app://jinying/' }, 'geolocation')).toBe(true);
    expect(fake.session.check!(null, 'geolocation')).toBe(false);
  });

  it('IPC: one handler per channel; a subframe or another origin is refused, the main frame answered; stop removes them', async () => {
    const bus = new EventEmitter();
    const runtime = { handlers: { 'duty:whoami': async () => null }, bus } as never;
    const stop = registerIpc(runtime, () => []);
    expect([...fake.ipc.keys()].sort()).toEqual(CHANNEL_NAMES.map((c) => `jinying:${c}`).sort());
    const handler = fake.ipc.get('jinying:duty:whoami')!;
    const main = { url: 'app://jinying/' };
    const sender = { mainFrame: main };
    await expect(handler({ senderFrame: main, sender }, {})).resolves.toEqual({ ok: true, value: null });
    const sub = { url: 'app://jinying/' };
    await expect(handler({ senderFrame: sub, sender }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const evil = { url: 'https://evil.example/' };
    await expect(handler({ senderFrame: evil, sender: { mainFrame: evil } }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    stop();
    expect(fake.ipc.size).toBe(0);
  });
});
