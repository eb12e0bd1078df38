import type { PictureSlice } from './pictureSlice';
import type { SettingsSlice } from './settingsSlice';
import type { WorkspaceSlice } from './workspaceSlice';
import type { DispatchSlice } from './dispatchSlice';
import type { SyncSlice } from './syncSlice';
import type { MapSlice } from '../map/mapSlice';
import type { ChoroplethSlice } from '../map/choroplethSlice';
import type { WarningsSlice } from '../map/warningsSlice';
import type { AnnotationsSlice } from '../map/annotationsSlice';

/** The one store, made of feature slices (DESIGN.md §1, §11). Read it through selectors only. */
export type AppState = PictureSlice &
  SettingsSlice &
  WorkspaceSlice &
  DispatchSlice &
  SyncSlice &
  MapSlice &
  ChoroplethSlice &
  WarningsSlice &
  AnnotationsSlice;

export type SetState = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
export type GetState = () => AppState;
