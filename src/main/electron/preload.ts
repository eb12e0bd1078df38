/**
 * Sandboxed preload: exposes `window.jinying` with one method per contract channel and a push
 * subscription. The page never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
// Only the zod-free names: the preload stays a few kilobytes (lint-enforced, size-tested).
import { CHANNEL_NAMES, IPC_INVOKE_PREFIX, IPC_PUSH_CHANNEL, PUSH_EVENTS } from '../../shared/ipc/channels';

const bridge: Record<string, unknown> = {};
for (const channel of CHANNEL_NAMES) {
  bridge[channel] = (req: unknown) => ipcRenderer.invoke(IPC_INVOKE_PREFIX + channel, req);
}
bridge.on = (event: string, cb: (payload: unknown) => void) => {
  if (!(PUSH_EVENTS as readonly string[]).includes(event)) throw new Error(`unknown push event ${event}`);
  const listener = (_e: IpcRendererEvent, name: string, payload: unknown) => {
    if (name === event) cb(payload);
  };
  ipcRenderer.on(IPC_PUSH_CHANNEL, listener);
  return () => ipcRenderer.off(IPC_PUSH_CHANNEL, listener);
};

contextBridge.exposeInMainWorld('jinying', bridge);
