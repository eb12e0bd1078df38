import type { WarningArea, WarningColour } from '../../shared/domain';
import type { WarningView } from '../../shared/warnings/state';
import { api } from '../services/api';
import type { GetState, SetState } from '../store/state';

/** An area to outline on the map before it is saved (the draft being written). */
export interface WarningPreview {
  colour: WarningColour;
  area: Pick<WarningArea, 'counties' | 'polygons'>;
}

/** The warnings every console shows (the map draws those in force), loaded once per change. */
export interface WarningsSlice {
  warnings: WarningView[];
  warningPreview: WarningPreview | null;
  loadWarnings: () => Promise<void>;
  setWarningPreview: (p: WarningPreview | null) => void;
}

export function createWarningsSlice(set: SetState, _get: GetState): WarningsSlice {
  return {
    warnings: [],
    warningPreview: null,
    loadWarnings: async () => {
      const r = await api.invoke('warning:list', {});
      if (r.ok) set({ warnings: r.value });
    },
    setWarningPreview: (warningPreview) => set({ warningPreview }),
  };
}
