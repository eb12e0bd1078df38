import type { Map as MlMap, MapLibreEvent } from 'maplibre-gl';
import { create } from 'zustand';
import type { SharedView } from '../../shared/consult/share';
import { useApp } from '../store';
import { LAYER_GROUPS, type LayerGroup } from './operationalLayers';

/**
 * The map's side of a consultation's shared picture (features/consult/share.ts holds the session).
 * - `present`: every change of this map's view (camera, visible layers, selection) goes to `onLocal`;
 * - `follow`: the presenter's view is applied (camera with jumpTo, layers and the selection through
 *   the store); a move of the user's own (drag, wheel, keys, the zoom buttons, search or "show on
 *   map") pauses following;
 * - `paused`: the presenter's latest view is kept, and applied at once on resume.
 */
export type ShareMode = 'off' | 'present' | 'follow' | 'paused';

interface SharedMapState {
  mode: ShareMode;
  /** The presenter's latest view (kept while paused). */
  incoming: SharedView | null;
  /** This map's view, whenever it changes while presenting. */
  onLocal: ((v: SharedView) => void) | null;
  setMode: (mode: ShareMode) => void;
  receive: (view: SharedView | null) => void;
  setOnLocal: (fn: ((v: SharedView) => void) | null) => void;
}

export const useSharedMap = create<SharedMapState>()((set) => ({
  mode: 'off',
  incoming: null,
  onLocal: null,
  setMode: (mode) => set({ mode }),
  receive: (incoming) => set({ incoming }),
  setOnLocal: (onLocal) => set({ onLocal }),
}));

const GROUPS = Object.keys(LAYER_GROUPS) as LayerGroup[];
let attached: MlMap | null = null;

/** The view of the map the shared view is attached to (null before there is a map). */
export const currentView = (): SharedView | null => (attached ? readView(attached) : null);

/** This map's view as the others would see it. */
export function readView(map: MlMap): SharedView {
  const c = map.getCenter().wrap();
  const s = useApp.getState();
  return {
    center: [c.lng, c.lat],
    zoom: map.getZoom(),
    bearing: map.getBearing(),
    pitch: map.getPitch(),
    layers: GROUPS.filter((g) => s.layers[g]),
    selection: s.selection ? { kind: s.selection.kind, id: s.selection.id } : null,
  };
}

type Camera = Pick<SharedView, 'center' | 'zoom' | 'bearing' | 'pitch'>;
const cameraOf = (map: MlMap): Camera => {
  const c = map.getCenter().wrap();
  return { center: [c.lng, c.lat], zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() };
};
const sameCamera = (a: Camera, b: Camera) =>
  Math.abs(a.center[0] - b.center[0]) < 1e-6 &&
  Math.abs(a.center[1] - b.center[1]) < 1e-6 &&
  Math.abs(a.zoom - b.zoom) < 1e-4 &&
  Math.abs(a.bearing - b.bearing) < 1e-3 &&
  Math.abs(a.pitch - b.pitch) < 1e-3;
const sameSelection = (a: SharedView['selection'], b: SharedView['selection']) =>
  a?.kind === b?.kind && a?.id === b?.id;

/**
 * Attach the shared view to the map (once, by MapView). Returns the detach function.
 * Following, the camera the map reached for the presenter's view is kept: a move of this console's
 * own making that is not the user's (bringing a selection into view, new padding) goes back to it.
 */
export function attachSharedView(map: MlMap): () => void {
  attached = map;
  let applying = false;
  /** The camera this map reached for the presenter's latest view. */
  let target: Camera | null = null;

  const emit = () => {
    const s = useSharedMap.getState();
    if (s.mode === 'present') s.onLocal?.(readView(map));
  };
  const jump = (c: Camera) => {
    applying = true;
    try {
      map.jumpTo({ center: c.center, zoom: c.zoom, bearing: c.bearing, pitch: c.pitch });
    } finally {
      applying = false;
    }
    target = cameraOf(map);
  };
  /** Apply the presenter's view: the camera always, layers and selection where they changed. */
  const apply = (v: SharedView, prev: SharedView | null) => {
    jump(v);
    const app = useApp.getState();
    if (!prev || prev.layers.join() !== v.layers.join())
      for (const g of GROUPS) {
        const on = v.layers.includes(g);
        if (app.layers[g] !== on) app.setLayer(g, on);
      }
    if (!prev || !sameSelection(prev.selection, v.selection))
      if (!sameSelection(app.selection, v.selection)) app.select(v.selection);
  };

  const onMoveStart = (e: MapLibreEvent<unknown>) => {
    if (!applying && e.originalEvent && useSharedMap.getState().mode === 'follow')
      useSharedMap.getState().setMode('paused');
  };
  const onMoveEnd = (e: MapLibreEvent<unknown>) => {
    if (applying || e.originalEvent || useSharedMap.getState().mode !== 'follow' || !target) return;
    if (!sameCamera(cameraOf(map), target)) jump(target);
  };
  map.on('move', emit);
  map.on('movestart', onMoveStart);
  map.on('moveend', onMoveEnd);

  const offApp = useApp.subscribe((s, prev) => {
    if (s.layers !== prev.layers || s.selection !== prev.selection) emit();
    // Search, "show on map": the user moves the map, so following pauses.
    if (
      (s.camera !== prev.camera || s.flyToken !== prev.flyToken) &&
      useSharedMap.getState().mode === 'follow'
    )
      useSharedMap.getState().setMode('paused');
  });
  const offShare = useSharedMap.subscribe((s, prev) => {
    if (s.mode === 'present' && prev.mode !== 'present') emit();
    if (s.mode !== 'follow') {
      if (prev.mode === 'follow') target = null;
      return;
    }
    const entering = prev.mode !== 'follow';
    if (s.incoming && (entering || s.incoming !== prev.incoming))
      apply(s.incoming, entering ? null : prev.incoming);
  });
  return () => {
    map.off('move', emit);
    map.off('movestart', onMoveStart);
    map.off('moveend', onMoveEnd);
    offApp();
    offShare();
    if (attached === map) attached = null;
  };
}

/** True while the presenter's view drives this map: its own moves for a selection stay put. */
export const isFollowing = (): boolean => useSharedMap.getState().mode === 'follow';
