import { useEffect, type RefObject } from 'react';
import type {
  ExpressionSpecification,
  GeoJSONSource,
  LayerSpecification,
  Map as MlMap,
  MapMouseEvent,
} from 'maplibre-gl';
import type { Annotation } from '../../shared/annotations/record';
import type { Theme } from '../../shared/ipc';
import { api } from '../services/api';
import { useApp } from '../store';
import { ANNOTATION_RGB, annotationFocus } from './annotationsSlice';
import { attachAnnotationDraw } from './annotationDraw';
import { LABEL_FONTS } from './style';

type FC = GeoJSON.FeatureCollection;

export const ANNOTATION_SOURCE = 'annotations';
export const ANNOTATION_LABEL_SOURCE = 'annotation-labels';

/** Where a shape's label goes: the point itself, a line's middle point, an area's outline's mean. */
export function labelPoint(a: Pick<Annotation, 'geometry'>): [number, number] {
  const g = a.geometry;
  if (g.type === 'Point') return g.coordinates;
  if (g.type === 'LineString') return g.coordinates[Math.floor((g.coordinates.length - 1) / 2)]!;
  const ring = g.coordinates[0]!.slice(0, -1);
  const sum = ring.reduce((s, p) => [s[0] + p[0], s[1] + p[1]], [0, 0]);
  return [sum[0] / ring.length, sum[1] / ring.length];
}

/** The shapes (with their colour) and their labels, the selected one marked. */
export function annotationFeatures(
  list: readonly Annotation[],
  selected: string | null,
): { shapes: FC; labels: FC } {
  const shapes: GeoJSON.Feature[] = [];
  const labels: GeoJSON.Feature[] = [];
  for (const a of list) {
    const properties = {
      id: a.id,
      kind: a.kind,
      category: a.category,
      colour: ANNOTATION_RGB[a.category],
      label: a.label,
      selected: a.id === selected,
    };
    if (a.kind !== 'text') shapes.push({ type: 'Feature', id: a.id, geometry: a.geometry, properties });
    if (a.label)
      labels.push({ type: 'Feature', geometry: { type: 'Point', coordinates: labelPoint(a) }, properties });
  }
  return {
    shapes: { type: 'FeatureCollection', features: shapes },
    labels: { type: 'FeatureCollection', features: labels },
  };
}

/** The layers, in drawing order; the ones a click selects an annotation on. */
export const ANNOTATION_LAYERS = [
  'annotation-fill',
  'annotation-line',
  'annotation-point',
  'annotation-label',
];

function layerSpecs(theme: Theme): LayerSpecification[] {
  const sel: ExpressionSpecification = ['get', 'selected'];
  const halo = theme === 'dark' ? '#0b1220' : '#ffffff';
  return [
    {
      id: 'annotation-fill',
      type: 'fill',
      source: ANNOTATION_SOURCE,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': ['case', sel, 0.3, 0.16] },
    },
    {
      id: 'annotation-line',
      type: 'line',
      source: ANNOTATION_SOURCE,
      filter: ['!=', ['geometry-type'], 'Point'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['get', 'colour'],
        'line-width': ['case', sel, 5, ['==', ['get', 'kind'], 'line'], 3.5, 2.5],
      },
    },
    {
      id: 'annotation-point',
      type: 'circle',
      source: ANNOTATION_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': ['case', sel, 9, 7],
        'circle-color': ['get', 'colour'],
        'circle-stroke-color': halo,
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'annotation-label',
      type: 'symbol',
      source: ANNOTATION_LABEL_SOURCE,
      layout: {
        'text-field': ['get', 'label'],
        'text-font': LABEL_FONTS,
        'text-size': ['case', ['==', ['get', 'kind'], 'text'], 16, 13],
        'text-offset': ['case', ['==', ['get', 'kind'], 'point'], ['literal', [0, 1.3]], ['literal', [0, 0]]],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: {
        'text-color': ['get', 'colour'],
        'text-halo-color': halo,
        'text-halo-width': ['case', sel, 3, 1.6],
      },
    },
  ] as LayerSpecification[];
}

/** Annotations sit over the fills (warnings, coverage, reach) and under the operational symbols. */
const BELOW = [
  'depots',
  'bases',
  'units-clusters',
  'units',
  'incidents-pulse',
  'incidents',
  'selection-halo',
];

export function syncAnnotationLayers(map: MlMap, data: { shapes: FC; labels: FC }, theme: Theme): void {
  for (const [id, fc] of [
    [ANNOTATION_SOURCE, data.shapes],
    [ANNOTATION_LABEL_SOURCE, data.labels],
  ] as const) {
    const src = map.getSource(id) as GeoJSONSource | undefined;
    if (src) src.setData(fc);
    else map.addSource(id, { type: 'geojson', data: fc });
  }
  const before = BELOW.find((id) => map.getLayer(id));
  for (const spec of layerSpecs(theme)) {
    if (map.getLayer(spec.id)) map.removeLayer(spec.id);
    map.addLayer(spec, before);
  }
}

/**
 * Keeps the annotations of the incident in focus on the map: loads them when the focus changes and
 * whenever any console changes one, draws them in their category's colours with their labels
 * (again after every style rebuild), selects one on a click, and runs the drawing (annotationDraw.ts).
 */
export function useAnnotationLayer(mapRef: RefObject<MlMap | null>, theme: Theme, ready: boolean): void {
  const focus = useApp(annotationFocus);
  const list = useApp((s) => s.annotations);
  const selected = useApp((s) => s.selectedAnnotation);

  useEffect(() => {
    void useApp.getState().loadAnnotations(focus);
    return api.on('picture:changed', (p) => {
      if (p.entities.includes('annotation')) void useApp.getState().loadAnnotations(focus);
    });
  }, [focus]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const undoDraw = attachAnnotationDraw(map);
    const click = (e: MapMouseEvent) => {
      const s = useApp.getState();
      if (s.drawing) return;
      const layers = ANNOTATION_LAYERS.filter((l) => map.getLayer(l));
      const hit = layers.length ? map.queryRenderedFeatures(e.point, { layers })[0] : undefined;
      const id = hit?.properties?.id as string | undefined;
      if (id || s.selectedAnnotation) s.selectAnnotation(id ?? null);
    };
    map.on('click', click);
    return () => {
      map.off('click', click);
      undoDraw();
    };
  }, [mapRef, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const data = annotationFeatures(list, selected);
    const apply = () => {
      try {
        syncAnnotationLayers(map, data, theme);
      } catch (e) {
        if (!/not done loading/i.test(String((e as Error).message))) throw e;
      }
    };
    apply();
    const again = () => {
      if (!map.getSource(ANNOTATION_SOURCE)) apply();
    };
    map.on('styledata', again);
    return () => {
      map.off('styledata', again);
    };
  }, [mapRef, list, selected, theme]);
}
