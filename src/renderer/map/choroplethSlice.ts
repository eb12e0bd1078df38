import type { BBox, StatClass, StatLevel } from '../../shared/reports/statistics';
import type { GetState, SetState } from '../store/state';

/** A choropleth to draw over the map's areas (the statistics view sets it; the map draws it). */
export interface Choropleth {
  level: StatLevel;
  /** The measure's value per area adcode; areas not listed are drawn as 0. */
  values: Record<string, number>;
  classes: StatClass[];
}

export interface ChoroplethSlice {
  choropleth: Choropleth | null;
  /** The area picked in the table: outlined, and the map fits it once per `token`. */
  choroplethFocus: { adcode: string; bbox: BBox | null; token: number } | null;
  setChoropleth: (c: Choropleth | null) => void;
  focusArea: (adcode: string | null, bbox?: BBox | null) => void;
}

export function createChoroplethSlice(set: SetState, get: GetState): ChoroplethSlice {
  return {
    choropleth: null,
    choroplethFocus: null,
    setChoropleth: (choropleth) =>
      set(choropleth ? { choropleth } : { choropleth: null, choroplethFocus: null }),
    focusArea: (adcode, bbox = null) =>
      set({
        choroplethFocus: adcode ? { adcode, bbox, token: (get().choroplethFocus?.token ?? 0) + 1 } : null,
      }),
  };
}
