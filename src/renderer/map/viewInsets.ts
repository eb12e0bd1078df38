import type { Map as MlMap } from 'maplibre-gl';
import type { AppState } from '../store';
import { inView, insetsFrom, sameInsets, type Insets, type Side } from './camera';
import { locate } from './locate';
import { isFollowing } from './sharedView';

/**
 * The map's padding follows the panels over it, and the selection is kept in the part they leave
 * visible (camera.ts holds the pure geometry).
 */

/** Room kept around the selection inside the visible part of the map (its symbol and halo). */
const SELECTION_MARGIN_PX = 36;

/** How far the panels marked `data-map-inset` (and the map's corner controls) reach into the map. */
export function measureInsets(map: MlMap, area: HTMLElement): Insets {
  const box = map.getContainer().getBoundingClientRect();
  const panels: { side: Side; box: DOMRect }[] = [];
  area.querySelectorAll<HTMLElement>('[data-map-inset]').forEach((el) => {
    const side = el.dataset.mapInset as Side;
    if (side === 'top' || side === 'right' || side === 'bottom' || side === 'left')
      panels.push({ side, box: el.getBoundingClientRect() });
  });
  return insetsFrom(box, panels, SELECTION_MARGIN_PX);
}

function paddingOf(map: MlMap): Insets {
  const p = map.getPadding();
  return { top: p.top ?? 0, right: p.right ?? 0, bottom: p.bottom ?? 0, left: p.left ?? 0 };
}

/** Set the padding without moving what is on screen (the padded centre moves instead), then `then`. */
export function applyPadding(map: MlMap, p: Insets, then: () => void): void {
  if (map.isMoving()) {
    map.once('moveend', () => applyPadding(map, p, then));
    return;
  }
  if (!sameInsets(paddingOf(map), p)) {
    const { clientWidth: w, clientHeight: h } = map.getContainer();
    const centre = map.unproject([p.left + (w - p.left - p.right) / 2, p.top + (h - p.top - p.bottom) / 2]);
    map.jumpTo({ center: centre, padding: p });
  }
  then();
}

/** Bring the selection into the visible part of the map if it is not there (or always, with `fly`). */
export function keepInView(map: MlMap, s: AppState, fly: boolean): void {
  // Following a consultation's presenter, the camera is the presenter's.
  if (!s.picture || !s.selection || isFollowing()) return;
  const where = locate(s.picture, s.selection);
  if (!where) return;
  const { clientWidth: width, clientHeight: height } = map.getContainer();
  const pad = paddingOf(map);
  if (fly) {
    map.flyTo({ center: where, zoom: Math.max(map.getZoom(), 9), duration: 800 });
    return;
  }
  if (inView(map.project(where), { width, height }, pad)) return;
  map.easeTo({ center: where, duration: 500 });
}
