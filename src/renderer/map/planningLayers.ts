import type { Map as MlMap, GeoJSONSource, LayerSpecification } from 'maplibre-gl';
import { create } from 'zustand';
import type { Theme } from '../../shared/ipc';
import { MAP_COLOURS } from './theme';

/**
 * What the planning view draws on the map (features/planning): lines and arrows (depot → incident,
 * resource → incident, base → base), points (a chosen site, candidates), and areas (a reach circle,
 * counties that lose or gain coverage). The view builds the GeoJSON; this module owns the sources
 * and layers, keeps them across style rebuilds, and clears them when the view closes.
 */

/** How a feature is drawn: each tone has its colour (and greedy/commit lines are dashed). */
export type PlanningTone =
  | 'ok' // in time, optimal, a chosen site
  | 'late' // late, not met, lost coverage
  | 'greedy' // the greedy choice, for comparison
  | 'move' // an aircraft's reposition
  | 'commit' // an aircraft committed to an incident
  | 'gain' // coverage won
  | 'candidate'; // another candidate site

export interface PlanningOverlay {
  lines: GeoJSON.FeatureCollection;
  arrows: GeoJSON.FeatureCollection;
  points: GeoJSON.FeatureCollection;
  areas: GeoJSON.FeatureCollection;
}

export const usePlanningMap = create<{
  overlay: PlanningOverlay | null;
  setOverlay: (o: PlanningOverlay | null) => void;
}>()((set) => ({ overlay: null, setOverlay: (overlay) => set({ overlay }) }));

const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });
export const emptyOverlay = (): PlanningOverlay => ({
  lines: empty(),
  arrows: empty(),
  points: empty(),
  areas: empty(),
});

const KM_PER_DEG = 111.195;

/**
 * A line from `from` to `to` with a filled arrowhead at `to` (head 1/5 of the line, 3–12 km long),
 * in degrees scaled by the latitude so the head keeps its shape. The line ends at the head's base.
 */
export function arrow(
  from: readonly [number, number] | readonly number[],
  to: readonly [number, number] | readonly number[],
  properties: Record<string, unknown>,
): { line: GeoJSON.Feature<GeoJSON.LineString>; head: GeoJSON.Feature<GeoJSON.Polygon> | null } {
  const cos = Math.cos((((from[1]! + to[1]!) / 2) * Math.PI) / 180);
  const dx = (to[0]! - from[0]!) * KM_PER_DEG * cos;
  const dy = (to[1]! - from[1]!) * KM_PER_DEG;
  const len = Math.hypot(dx, dy);
  const line = (end: number[]): GeoJSON.Feature<GeoJSON.LineString> => ({
    type: 'Feature',
    properties,
    geometry: { type: 'LineString', coordinates: [[from[0]!, from[1]!], end] },
  });
  if (len < 0.5) return { line: line([to[0]!, to[1]!]), head: null };
  const head = Math.min(12, Math.max(3, len / 5));
  const ux = dx / len;
  const uy = dy / len;
  const toDeg = (x: number, y: number) => [to[0]! + x / (KM_PER_DEG * cos), to[1]! + y / KM_PER_DEG];
  const bx = -ux * head;
  const by = -uy * head;
  const w = head * 0.45;
  const base = toDeg(bx, by);
  return {
    line: line(base),
    head: {
      type: 'Feature',
      properties,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [toDeg(0, 0), toDeg(bx - uy * w, by + ux * w), toDeg(bx + uy * w, by - ux * w), toDeg(0, 0)],
        ],
      },
    },
  };
}

const SOURCES = ['planning-areas', 'planning-lines', 'planning-arrows', 'planning-points'] as const;
const SOURCE_OF: Record<(typeof SOURCES)[number], keyof PlanningOverlay> = {
  'planning-areas': 'areas',
  'planning-lines': 'lines',
  'planning-arrows': 'arrows',
  'planning-points': 'points',
};

/** The planning layers, drawn over the coverage and reach layers and under the operational symbols. */
export function planningLayerSpecs(theme: Theme): LayerSpecification[] {
  const c = MAP_COLOURS[theme];
  const tone = [
    'match',
    ['get', 'tone'],
    'ok',
    c.etaFast,
    'late',
    c.etaSlow,
    'greedy',
    c.reachNo,
    'move',
    c.base,
    'commit',
    c.selection,
    'gain',
    c.coverageFull,
    c.depot,
  ] as unknown as string;
  return [
    {
      id: 'planning-area-fill',
      type: 'fill',
      source: 'planning-areas',
      filter: ['!=', ['get', 'tone'], 'candidate'],
      paint: { 'fill-color': tone, 'fill-opacity': 0.22 },
    },
    {
      id: 'planning-area-line',
      type: 'line',
      source: 'planning-areas',
      paint: { 'line-color': tone, 'line-width': 1.6, 'line-dasharray': [3, 2] },
    },
    {
      id: 'planning-lines',
      type: 'line',
      source: 'planning-lines',
      layout: { 'line-cap': 'round' },
      paint: {
        'line-color': tone,
        'line-width': ['case', ['==', ['get', 'tone'], 'greedy'], 1.5, 2.8],
        'line-opacity': ['case', ['==', ['get', 'tone'], 'greedy'], 0.7, 0.95],
      },
    },
    {
      id: 'planning-arrows',
      type: 'fill',
      source: 'planning-arrows',
      paint: { 'fill-color': tone, 'fill-opacity': 0.95 },
    },
    {
      id: 'planning-points',
      type: 'circle',
      source: 'planning-points',
      paint: {
        'circle-radius': ['case', ['==', ['get', 'tone'], 'candidate'], 3.5, 8],
        'circle-color': ['case', ['==', ['get', 'tone'], 'candidate'], tone, 'rgba(0,0,0,0)'],
        'circle-stroke-color': tone,
        'circle-stroke-width': ['case', ['==', ['get', 'tone'], 'candidate'], 0, 3],
      },
    },
  ] as LayerSpecification[];
}

/** Put the overlay on the map: sources set (or added), layers added when missing. */
function draw(map: MlMap, overlay: PlanningOverlay | null, theme: Theme): void {
  const o = overlay ?? emptyOverlay();
  for (const id of SOURCES) {
    const src = map.getSource(id) as GeoJSONSource | undefined;
    if (src) src.setData(o[SOURCE_OF[id]]);
    else map.addSource(id, { type: 'geojson', data: o[SOURCE_OF[id]] });
  }
  const before = map.getLayer('depots') ? 'depots' : undefined;
  for (const spec of planningLayerSpecs(theme)) if (!map.getLayer(spec.id)) map.addLayer(spec, before);
}

/**
 * Keep the planning overlay on `map`: drawn when it changes, and again after every style rebuild
 * (a theme or pack change drops all sources). Returns the undo.
 */
export function attachPlanningLayers(map: MlMap, theme: () => Theme): () => void {
  let drawnTheme: Theme | null = null;
  const sync = () => {
    try {
      const t = theme();
      // The theme's colours: layers of another theme are replaced.
      if (drawnTheme !== t)
        for (const s of planningLayerSpecs(t)) if (map.getLayer(s.id)) map.removeLayer(s.id);
      draw(map, usePlanningMap.getState().overlay, t);
      drawnTheme = t;
    } catch (e) {
      // The style is still loading: the next styledata event draws.
      if (!/not done loading/i.test(String((e as Error).message))) throw e;
    }
  };
  const onStyle = () => {
    if (!map.getSource('planning-lines') || drawnTheme !== theme()) sync();
  };
  map.on('styledata', onStyle);
  const off = usePlanningMap.subscribe(sync);
  sync();
  return () => {
    map.off('styledata', onStyle);
    off();
  };
}
