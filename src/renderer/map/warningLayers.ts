import { useEffect, type RefObject } from 'react';
import type { GeoJSONSource, LayerSpecification, Map as MlMap } from 'maplibre-gl';
import type { WarningColour } from '../../shared/domain';
import type { Theme } from '../../shared/ipc';
import { inForce, type WarningView } from '../../shared/warnings/state';
import { api } from '../services/api';
import { useApp } from '../store';
import type { WarningPreview } from './warningsSlice';

type FC = GeoJSON.FeatureCollection;

export const WARNING_SOURCE = 'warning-areas';

/** The colours of the four levels (the national warning colours), and the preview's. */
export const WARNING_RGB: Record<WarningColour, string> = {
  red: '#e53935',
  orange: '#fb8c00',
  yellow: '#fdd835',
  blue: '#1e88e5',
};

/**
 * The areas of the warnings in force, and the draft being written (dashed): each chosen county's
 * outline from the pack (`district_adcode`) and each drawn ring, with its colour.
 */
export function warningAreas(
  views: readonly WarningView[],
  preview: WarningPreview | null,
  counties: FC | null,
): FC {
  const byCode = new Map<string, GeoJSON.Feature>();
  for (const f of counties?.features ?? []) {
    const code = String((f.properties ?? {}).district_adcode ?? '');
    if (code) byCode.set(code, f);
  }
  const features: GeoJSON.Feature[] = [];
  const add = (
    id: string,
    colour: WarningColour,
    area: WarningPreview['area'],
    draft: boolean,
    headline: string,
  ) => {
    const properties = { id, colour: WARNING_RGB[colour], draft, headline };
    for (const c of area.counties) {
      const f = byCode.get(c.adcode);
      if (f)
        features.push({
          type: 'Feature',
          geometry: f.geometry,
          properties: { ...properties, adcode: c.adcode },
        });
    }
    for (const ring of area.polygons)
      features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties });
  };
  for (const v of views)
    if (inForce(v)) add(v.warning.id, v.warning.colour, v.warning.area, false, v.warning.headline);
  if (preview) add('preview', preview.colour, preview.area, true, '');
  return { type: 'FeatureCollection', features };
}

function layerSpecs(theme: Theme): LayerSpecification[] {
  return [
    {
      id: 'warning-fill',
      type: 'fill',
      source: WARNING_SOURCE,
      paint: {
        'fill-color': ['get', 'colour'],
        'fill-opacity': ['case', ['get', 'draft'], 0.15, theme === 'dark' ? 0.32 : 0.28],
      },
    },
    {
      id: 'warning-line',
      type: 'line',
      source: WARNING_SOURCE,
      paint: {
        'line-color': ['get', 'colour'],
        'line-width': ['case', ['get', 'draft'], 2.5, 1.8],
        'line-dasharray': [2, 1],
      },
    },
  ];
}

/** Warnings sit over the county fills and under the boundary lines, labels and operational layers. */
const ABOVE = [
  'county-line',
  'city-line',
  'river-line',
  'province-line',
  'city-label',
  'county-label',
  'coverage-fill',
  'reach-fill',
  'depots',
];

export function syncWarningAreas(map: MlMap, fc: FC, theme: Theme): void {
  const src = map.getSource(WARNING_SOURCE) as GeoJSONSource | undefined;
  if (src) src.setData(fc);
  else map.addSource(WARNING_SOURCE, { type: 'geojson', data: fc });
  const before = ABOVE.find((id) => map.getLayer(id));
  for (const spec of layerSpecs(theme)) {
    if (map.getLayer(spec.id)) map.removeLayer(spec.id);
    map.addLayer(spec, before);
  }
}

/**
 * Keeps the warnings on the map: loads them at start and whenever any console changes one, draws
 * those in force (and the draft being written) in their colours, again after every style rebuild.
 */
export function useWarningLayer(mapRef: RefObject<MlMap | null>, theme: Theme): void {
  const warnings = useApp((s) => s.warnings);
  const preview = useApp((s) => s.warningPreview);
  const counties = useApp((s) => s.packData?.counties ?? null);
  const hasWarnings = warnings.length > 0 || preview !== null;

  useEffect(() => {
    const { loadWarnings } = useApp.getState();
    void loadWarnings();
    return api.on('picture:changed', (p) => {
      if (p.entities.includes('warning') || p.entities.includes('warning_action')) void loadWarnings();
    });
  }, []);
  useEffect(() => {
    if (hasWarnings) void useApp.getState().ensurePackData();
  }, [hasWarnings]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const fc = warningAreas(warnings, preview, counties);
    const apply = () => {
      try {
        syncWarningAreas(map, fc, theme);
      } catch (e) {
        if (!/not done loading/i.test(String((e as Error).message))) throw e;
      }
    };
    apply();
    const again = () => {
      if (!map.getSource(WARNING_SOURCE)) apply();
    };
    map.on('styledata', again);
    return () => {
      map.off('styledata', again);
    };
  }, [mapRef, warnings, preview, counties, theme]);
}
