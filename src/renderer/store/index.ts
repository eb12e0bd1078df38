import { create } from 'zustand';
import type { AppError, AppInfo, Picture, Settings } from '../../shared/ipc';
import { translate, type LocaleCode, type MessageKey } from '../../shared/i18n';
import { api } from '../services/api';
import { createMapSlice, type MapSlice } from '../map/mapSlice';

export type PanelTab = 'incidents' | 'units' | 'bases' | 'depots';
export interface Selection {
  kind: 'incident' | 'unit' | 'base' | 'depot';
  id: string;
}

interface PictureSlice {
  picture: Picture | null;
  loadError: AppError | null;
  loadPicture: () => Promise<void>;
}

interface AppSlice {
  info: AppInfo | null;
  settings: Settings;
  connected: boolean;
  loadInfo: () => Promise<void>;
  updateSettings: (patch: Partial<Settings>) => Promise<void>;
}

interface UiSlice {
  tab: PanelTab;
  filter: string;
  selection: Selection | null;
  /** Bumped to ask the map to fly to the selection. */
  flyToken: number;
  setTab: (t: PanelTab) => void;
  setFilter: (f: string) => void;
  select: (s: Selection | null, fly?: boolean) => void;
}

export type AppState = PictureSlice & AppSlice & UiSlice & MapSlice;

/**
 * Picture reloads are coalesced: a burst of picture:changed pushes (units moving, a sync page
 * applied) costs one request in flight plus at most one more, never one per push.
 */
function coalescing(load: () => Promise<void>): { request: () => Promise<void> } {
  let inFlight: Promise<void> | null = null;
  let again = false;
  const run = (): Promise<void> =>
    (inFlight = load().finally(() => {
      inFlight = null;
      if (again) {
        again = false;
        void run();
      }
    }));
  return {
    request: () => {
      if (inFlight) {
        again = true;
        return inFlight;
      }
      return run();
    },
  };
}

const pictureLoader = coalescing(async () => {
  const r = await api.invoke('picture:get', {});
  if (r.ok) useApp.setState({ picture: r.value, loadError: null });
  else useApp.setState({ loadError: r.error });
});

/** One store made of feature slices (DESIGN.md §1). */
export const useApp = create<AppState>()((set, get) => ({
  picture: null,
  loadError: null,
  loadPicture: () => pictureLoader.request(),

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

  tab: 'incidents',
  filter: '',
  selection: null,
  flyToken: 0,
  setTab: (tab) => set({ tab }),
  setFilter: (filter) => set({ filter }),
  select: (selection, fly = false) => set((s) => ({ selection, flyToken: fly ? s.flyToken + 1 : s.flyToken })),

  ...createMapSlice(set, get),
}));

/** Translate with the current locale. */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const locale = useApp((s) => s.settings.locale) as LocaleCode;
  return (key, params) => translate(locale, key, params);
}

/** Wire push events and connection state into the store. Call once at start. */
export function connectStore(): void {
  const { loadPicture, loadInfo } = useApp.getState();
  api.on('picture:changed', () => void loadPicture());
  api.on('settings:changed', (s) => useApp.setState({ settings: s }));
  api.onConnection((connected) => {
    useApp.setState({ connected });
    if (connected) void Promise.all([loadInfo(), loadPicture()]);
  });
  void Promise.all([loadInfo(), loadPicture()]);
}
