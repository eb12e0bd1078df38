import { ipcMain, type BrowserWindow } from 'electron';
import { CHANNELS, IPC_INVOKE_PREFIX, IPC_PUSH_CHANNEL } from '../../shared/ipc';
import { err } from '../../shared/ipc';
import type { AppRuntime } from '../app/compose';
import { invoke } from '../services/invoke';
import { senderAllowed } from './policy';

/** One ipcMain handler per contract channel; every call checks its sender and parses its payload. */
export function registerIpc(app: AppRuntime, windows: () => BrowserWindow[]): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(IPC_INVOKE_PREFIX + channel, async (event, payload: unknown) => {
      const frame = event.senderFrame;
      if (!senderAllowed(frame?.url, !!frame && frame === event.sender.mainFrame))
        return err('FORBIDDEN', 'Requests are accepted only from the Jinying window.');
      return invoke(app.handlers, channel, payload);
    });
  }
  const forward = (event: string, payload: unknown) => {
    for (const w of windows()) if (!w.isDestroyed()) w.webContents.send(IPC_PUSH_CHANNEL, event, payload);
  };
  app.bus.on('push', forward);
  return () => {
    app.bus.off('push', forward);
    for (const channel of CHANNELS) ipcMain.removeHandler(IPC_INVOKE_PREFIX + channel);
  };
}
