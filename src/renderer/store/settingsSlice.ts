import type { AppInfo, Settings } from '../../shared/ipc';
import { api } from '../services/api';
import type { GetState, SetState } from './state';

export interface SettingsSlice {
  info: AppInfo | null;
  settings: Settings;
  /** The link to the local service (web mode's websocket); the desktop bridge is always up. */
  connected: boolean;
  loadInfo: () => Promise<void>;
  updateSettings: (patch: Partial<Settings>) => Promise<void>;
}

export function createSettingsSlice(set: SetState, get: GetState): SettingsSlice {
  return {
    info: null,
    settings: { locale: 'zh-CN', theme: 'light', mapPackId: null },
    connected: true,
    loadInfo: async () => {
      const r = await api.invoke('app:info', {});
      if (r.ok) set({ info: r.value, settings: r.value.settings });
      else set({ loadError: r.error });
    },
    updateSettings: async (patch) => {
      set({ settings: { ...get().settings, ...patch } });
      const r = await api.invoke('settings:update', patch);
      if (r.ok) set({ settings: r.value });
    },
  };
}
