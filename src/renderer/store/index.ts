import { useMemo } from 'react';
import { create } from 'zustand';
import type { LocaleCode } from '../../shared/i18n';
import { api } from '../services/api';
import { connectMapSlice, createMapSlice } from '../map/mapSlice';
import { createChoroplethSlice } from '../map/choroplethSlice';
import { createWarningsSlice } from '../map/warningsSlice';
import { createAnnotationsSlice } from '../map/annotationsSlice';
import { translator, type T } from '../ui/translate';
import { createPictureSlice } from './pictureSlice';
import { createSettingsSlice } from './settingsSlice';
import { createWorkspaceSlice } from './workspaceSlice';
import { createDispatchSlice } from './dispatchSlice';
import { createSyncSlice } from './syncSlice';
import type { AppState } from './state';
import { touchesPicture } from '../model/pictureEntities';

export type { AppState } from './state';
export type { ListTab, IncidentTab, Selection, ListFilter } from './workspaceSlice';
export { LIST_TABS, INCIDENT_TABS } from './workspaceSlice';

/**
 * One store made of feature slices (DESIGN.md §1, §11). Components read it with a selector
 * (`useApp((s) => s.picture)`), never whole; actions are read with `useApp.getState()`.
 */
export const useApp = create<AppState>()((set, get) => ({
  ...createPictureSlice(set, get),
  ...createSettingsSlice(set, get),
  ...createWorkspaceSlice(set, get),
  ...createDispatchSlice(set, get),
  ...createSyncSlice(set, get),
  ...createMapSlice(set, get),
  ...createChoroplethSlice(set, get),
  ...createWarningsSlice(set, get),
  ...createAnnotationsSlice(set, get),
}));

export type { T } from '../ui/translate';

/** Translate with the current locale. */
export function useT(): T {
  const locale = useLocale();
  return useMemo(() => translator(locale), [locale]);
}

export function useLocale(): LocaleCode {
  return useApp((s) => s.settings.locale) as LocaleCode;
}

/** Wire push events and connection state into the store. Call once at start; returns the undo. */
export function connectStore(): () => void {
  const s = useApp.getState;
  const offs = [
    api.on('picture:changed', ({ entities }) => {
      if (touchesPicture(entities)) void s().loadPicture();
      if (s().syncStatus && s().syncStatus!.state !== 'disabled') void s().loadReceipts();
    }),
    api.on('settings:changed', (settings) => useApp.setState({ settings })),
    api.on('sync:status', (syncStatus) => {
      const wasDisabled = !s().syncStatus || s().syncStatus!.state === 'disabled';
      s().setSyncStatus(syncStatus);
      if (wasDisabled && syncStatus.state !== 'disabled') void s().loadReceipts();
    }),
    api.onConnection((connected) => {
      useApp.setState({ connected });
      if (connected) void Promise.all([s().loadInfo(), s().loadPicture(), s().loadSyncStatus()]);
    }),
    connectMapSlice(s),
  ];
  void Promise.all([
    s().loadInfo(),
    s().loadPicture(),
    s()
      .loadSyncStatus()
      .then(() => {
        if (s().syncStatus && s().syncStatus!.state !== 'disabled') void s().loadReceipts();
      }),
  ]);
  return () => offs.forEach((off) => off());
}
