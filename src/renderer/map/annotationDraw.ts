import type { Map as MlMap } from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  ValidateNotSelfIntersecting,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { AnnotationGeometry, AnnotationKind } from '../../shared/annotations/record';
import { useApp } from '../store';
import { ANNOTATION_RGB, type DrawRequest } from './annotationsSlice';

/** terra-draw's mode for each kind (a text annotation is placed like a point). */
const MODE: Record<AnnotationKind, 'point' | 'linestring' | 'polygon'> = {
  point: 'point',
  text: 'point',
  line: 'linestring',
  area: 'polygon',
};

/** 7 decimals: about a centimetre, what any map here can show. */
const PRECISION = 7;

/** An area must not cross itself, checked as it is closed (terra-draw refuses the click). */
const notSelfIntersecting: ConstructorParameters<typeof TerraDrawPolygonMode>[0] = {
  validation: (feature, { updateType }) =>
    updateType === 'finish' || updateType === 'commit'
      ? ValidateNotSelfIntersecting(feature)
      : { valid: true },
};

function create(map: MlMap, d: DrawRequest): TerraDraw {
  const c = ANNOTATION_RGB[d.category];
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({
      map,
      coordinatePrecision: PRECISION,
      prefixId: 'annotation-draw',
    }),
    modes: [
      new TerraDrawPointMode({ styles: { pointColor: c, pointWidth: 7, pointOutlineColor: '#ffffff' } }),
      new TerraDrawLineStringMode({ styles: { lineStringColor: c, lineStringWidth: 3.5 } }),
      new TerraDrawPolygonMode({
        ...notSelfIntersecting,
        styles: { fillColor: c, fillOpacity: 0.2, outlineColor: c, outlineWidth: 2.5 },
      }),
    ],
  });
  draw.start();
  draw.on('finish', (id, ctx) => {
    if (ctx.action !== 'draw') return;
    const f = draw.getSnapshotFeature(id);
    draw.removeFeatures([id]);
    const request = useApp.getState().drawing;
    if (!f || !request) return;
    // After this event and the map's own click for the same pointer: drawing ends (terra-draw is
    // stopped) only then, so that click is not taken as a selection.
    setTimeout(() => {
      const s = useApp.getState();
      s.startDrawing(null);
      void s.finishDrawing(f.geometry as AnnotationGeometry, request);
    }, 0);
  });
  return draw;
}

/**
 * Runs terra-draw on the map while the toolbar asks for a shape (`drawing` in the store): point,
 * line or area in the category's colour; a finished shape is handed to the store, which saves it
 * (the annotation layer then draws it like everyone else's). Stopped when drawing ends, and
 * dropped when the style is rebuilt (a theme or pack change removes its layers). Returns the undo.
 */
export function attachAnnotationDraw(map: MlMap): () => void {
  let draw: TerraDraw | null = null;
  let drawn: DrawRequest | null = null;
  const stop = () => {
    if (draw?.enabled) draw.stop();
    draw = null;
    drawn = null;
  };
  const apply = (d: DrawRequest | null) => {
    if (!d) return stop();
    if (draw && drawn?.category === d.category && MODE[drawn.kind] === MODE[d.kind]) return;
    stop();
    try {
      draw = create(map, d);
      draw.setMode(MODE[d.kind]);
      drawn = d;
    } catch (e) {
      if (!/not done loading/i.test(String((e as Error).message))) throw e;
      draw = null;
    }
  };
  const unsubscribe = useApp.subscribe((s, prev) => {
    if (s.drawing !== prev.drawing) apply(s.drawing);
  });
  const restyled = () => {
    if (!draw) return;
    stop();
    apply(useApp.getState().drawing);
  };
  map.on('style.load', restyled);
  apply(useApp.getState().drawing);
  return () => {
    unsubscribe();
    map.off('style.load', restyled);
    stop();
  };
}
