import type { Map as MlMap, GeoJSONSource, LayerSpecification } from 'maplibre-gl';
import type { Picture, Theme } from '../../shared/ipc';
import { hasStockWarning } from '../../shared/domain';
import { MAP_COLOURS } from './theme';

/** A unit whose last fix is older than this is drawn as uncertain (grey, hollow). */
export const STALE_FIX_MS = 30 * 60 * 1000;

export const OPERATIONAL_SOURCES = ['incidents', 'units', 'bases', 'depots'] as const;
export type OperationalSource = (typeof OPERATIONAL_SOURCES)[number];

type FC = GeoJSON.FeatureCollection<GeoJSON.Point>;
const point = (id: string, coords: [number, number], properties: Record<string, unknown>): GeoJSON.Feature<GeoJSON.Point> => ({
  type: 'Feature',
  id: undefined,
  properties: { id, ...properties },
  geometry: { type: 'Point', coordinates: coords },
});

/** GeoJSON for each operational layer, straight from the store's picture. */
export function pictureToGeoJson(p: Picture, now: number): Record<OperationalSource, FC> {
  return {
    incidents: {
      type: 'FeatureCollection',
      features: p.incidents
        .filter((i) => i.status !== 'closed')
        .map((i) => point(i.id, i.location, { name: i.title, hazard: i.hazard, level: i.level, status: i.status, unacked: i.acknowledgedAt === null })),
    },
    units: {
      type: 'FeatureCollection',
      features: p.units.map((u) =>
        point(u.id, u.position, { name: u.name, kind: u.kind, status: u.status, stale: now - Date.parse(u.positionFixAt) > STALE_FIX_MS }),
      ),
    },
    bases: {
      type: 'FeatureCollection',
      features: p.bases.map((b) =>
        point(b.id, b.location, { name: b.name, kind: b.kind, available: b.aircraft.filter((a) => a.status === 'available').length, total: b.aircraft.length }),
      ),
    },
    depots: {
      type: 'FeatureCollection',
      features: p.depots.map((d) => point(d.id, d.location, { name: d.name, level: d.level, warning: hasStockWarning(d) })),
    },
  };
}

export function operationalLayerSpecs(theme: Theme): LayerSpecification[] {
  const c = MAP_COLOURS[theme];
  return [
    {
      id: 'depots',
      type: 'circle',
      source: 'depots',
      paint: {
        'circle-radius': ['match', ['get', 'level'], 'province', 7, 'city', 5.5, 4],
        'circle-color': c.depot,
        'circle-stroke-color': ['case', ['get', 'warning'], c.depotWarning, c.labelHalo],
        'circle-stroke-width': ['case', ['get', 'warning'], 2.5, 1],
      },
    },
    {
      id: 'bases',
      type: 'circle',
      source: 'bases',
      paint: { 'circle-radius': 7, 'circle-color': c.base, 'circle-stroke-color': c.labelHalo, 'circle-stroke-width': 1.5 },
    },
    {
      id: 'units',
      type: 'circle',
      source: 'units',
      paint: {
        'circle-radius': 4,
        'circle-color': ['case', ['get', 'stale'], c.unitStale, c.unit],
        'circle-stroke-color': c.labelHalo,
        'circle-stroke-width': 1,
      },
    },
    {
      id: 'incidents',
      type: 'circle',
      source: 'incidents',
      paint: {
        'circle-radius': ['match', ['get', 'level'], 'I', 11, 'II', 9.5, 'III', 8, 7],
        'circle-color': ['match', ['get', 'level'], 'I', c.incident.I, 'II', c.incident.II, 'III', c.incident.III, c.incident.IV],
        'circle-stroke-color': c.labelHalo,
        'circle-stroke-width': 2,
      },
    },
  ];
}

/** Add (or refresh) the four operational sources and their layers on a loaded style. */
export function syncOperationalLayers(map: MlMap, picture: Picture, theme: Theme, now = Date.now()): void {
  const data = pictureToGeoJson(picture, now);
  for (const id of OPERATIONAL_SOURCES) {
    const src = map.getSource(id) as GeoJSONSource | undefined;
    if (src) src.setData(data[id]);
    else map.addSource(id, { type: 'geojson', data: data[id] });
  }
  for (const spec of operationalLayerSpecs(theme)) if (!map.getLayer(spec.id)) map.addLayer(spec);
}
