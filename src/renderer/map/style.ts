import type { StyleSpecification, LayerSpecification, FilterSpecification } from 'maplibre-gl';
import type { MapPackInfo, MapPackTiles, Theme } from '../../shared/ipc';
import { MAP_COLOURS } from './theme';
import { cityCentresGeoJson, CITY_CENTRES_ATTRIBUTION } from './cityCentres';
import { DEFAULT_LAYER_VISIBILITY, LAYER_GROUPS, type LayerGroup } from './operationalLayers';

/** CJK labels are drawn locally with this font stack; no glyph server is ever contacted. */
export const LABEL_FONTS = [
  'Noto Sans CJK SC',
  'Noto Sans SC',
  'Source Han Sans SC',
  'Microsoft YaHei',
  'PingFang SC',
  'sans-serif',
];
export const IDEOGRAPH_FONT_FAMILY = LABEL_FONTS.map((f) => (f.includes(' ') ? `"${f}"` : f)).join(', ');

/** A 1° graticule over China's extent: orientation when no basemap is loaded. */
export function graticule(): GeoJSON.FeatureCollection {
  const features: GeoJSON.Feature[] = [];
  for (let lng = 70; lng <= 140; lng++) {
    features.push({
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'LineString',
        coordinates: [
          [lng, 15],
          [lng, 55],
        ],
      },
    });
  }
  for (let lat = 15; lat <= 55; lat++) {
    features.push({
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'LineString',
        coordinates: [
          [70, lat],
          [140, lat],
        ],
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The basemap style, built in code from the map pack and theme. Without `glyphs`, text is
 * rendered from local fonts; every source is our own origin, so nothing leaves the machine.
 */
export function buildStyle(
  pack: MapPackInfo | null,
  theme: Theme,
  origin: string,
  vis: Record<LayerGroup, boolean> = DEFAULT_LAYER_VISIBILITY,
): StyleSpecification {
  const c = MAP_COLOURS[theme];
  const sources: StyleSpecification['sources'] = { grid: { type: 'geojson', data: graticule() } };
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': c.background } },
    { id: 'grid', type: 'line', source: 'grid', paint: { 'line-color': c.grid, 'line-width': 0.6 } },
  ];
  const label = (
    id: string,
    source: string,
    field: unknown,
    size: number,
    minzoom = 0,
  ): LayerSpecification => ({
    id,
    type: 'symbol',
    source,
    minzoom,
    layout: {
      'text-field': field as string,
      'text-font': LABEL_FONTS,
      'text-size': size,
      'symbol-placement': 'point',
    },
    paint: { 'text-color': c.label, 'text-halo-color': c.labelHalo, 'text-halo-width': 1.2 },
  });
  if (pack?.tiles) addTiles(pack.tiles, pack.attribution, origin, c, sources, layers, label);
  const drawOrder: Record<string, number> = {
    province: 0,
    county: 1,
    city: 2,
    hazards: 1,
    rivers: 3,
    roads: 4,
    other: 4,
    points: 5,
  };
  const packLayers = [...(pack?.layers ?? [])].sort(
    (a, b) => (drawOrder[a.kind] ?? 9) - (drawOrder[b.kind] ?? 9),
  );
  const labels: LayerSpecification[] = [];
  let provinceLine: LayerSpecification | null = null;
  for (const layer of packLayers) {
    const src = `pack-${layer.kind}-${layer.file}`;
    sources[src] = {
      type: 'geojson',
      data: new URL(layer.url, origin).toString(),
      attribution: pack?.attribution,
    };
    switch (layer.kind) {
      case 'province':
        layers.push({
          id: 'province-fill',
          type: 'fill',
          source: src,
          paint: { 'fill-color': c.provinceFill },
        });
        provinceLine = {
          id: 'province-line',
          type: 'line',
          source: src,
          paint: { 'line-color': c.provinceLine, 'line-width': 2.2 },
        };
        break;
      case 'county':
        layers.push({
          id: 'county-line',
          type: 'line',
          source: src,
          paint: { 'line-color': c.countyLine, 'line-width': 0.7 },
        });
        labels.push(label('county-label', src, ['get', 'district_name'], 11, 7.5));
        break;
      case 'city':
        layers.push({
          id: 'city-line',
          type: 'line',
          source: src,
          paint: { 'line-color': c.cityLine, 'line-width': 1.3, 'line-dasharray': [3, 1.5] },
        });
        labels.push(label('city-label', src, ['get', 'city_name'], 13, 5));
        break;
      case 'rivers':
        layers.push({
          id: 'river-line',
          type: 'line',
          source: src,
          paint: { 'line-color': c.river, 'line-width': 1.4 },
        });
        break;
      case 'hazards':
        // Hazard-prone zones (what weighted coverage counts): a faint warm wash under everything.
        layers.push({
          id: `hazard-fill-${layer.file}`,
          type: 'fill',
          source: src,
          paint: { 'fill-color': '#d9822b', 'fill-opacity': 0.12 },
        });
        break;
      case 'roads':
        // The layer dispatch routes on: expressways heavier than the rest.
        layers.push({
          id: 'road-line',
          type: 'line',
          source: src,
          paint: {
            'line-color': c.label,
            'line-opacity': 0.55,
            'line-width': ['match', ['get', 'highway'], ['motorway', '高速', '高速公路'], 2, 1],
          },
        });
        break;
      case 'points':
        layers.push({
          id: 'airport-point',
          type: 'circle',
          source: src,
          filter: ['==', ['get', 'kind'], 'airport'],
          paint: {
            'circle-radius': 3,
            'circle-color': c.background,
            'circle-stroke-color': c.label,
            'circle-stroke-width': 1,
          },
        });
        break;
      default:
        layers.push({
          id: `other-${layer.file}`,
          type: 'line',
          source: src,
          paint: { 'line-color': c.countyLine },
        });
    }
  }
  if (!pack) {
    // No pack: the built-in city centres give orientation. Points only, never a boundary.
    sources.centres = { type: 'geojson', data: cityCentresGeoJson(), attribution: CITY_CENTRES_ATTRIBUTION };
    layers.push({
      id: 'centre-point',
      type: 'circle',
      source: 'centres',
      paint: {
        'circle-radius': 4,
        'circle-color': c.background,
        'circle-stroke-color': c.centre,
        'circle-stroke-width': 2,
      },
    });
    labels.push({
      ...label('centre-label', 'centres', ['get', 'name_zh'], 13),
      layout: { ...label('centre-label', 'centres', ['get', 'name_zh'], 13).layout, 'text-offset': [0, 1.1] },
    } as LayerSpecification);
  }
  // Boundaries above fills, labels above everything of the basemap.
  if (provinceLine) layers.push(provinceLine);
  layers.push(...labels);
  // Honour the layer switches from the first frame (no flash of hidden layers after a rebuild).
  const groupOf = new Map<string, LayerGroup>();
  for (const [g, ids] of Object.entries(LAYER_GROUPS) as [LayerGroup, readonly string[]][])
    for (const id of ids) groupOf.set(id, g);
  for (const l of layers) {
    const g = groupOf.get(l.id);
    if (g && !vis[g])
      (l as { layout?: Record<string, unknown> }).layout = {
        ...((l as { layout?: Record<string, unknown> }).layout ?? {}),
        visibility: 'none',
      };
  }
  return { version: 8, sources, layers };
}

const GEOMETRY_IS = (...types: string[]) =>
  ['match', ['geometry-type'], types, true, false] as unknown as FilterSpecification;

/**
 * A pack's tiles, under everything else of the basemap. Raster tiles: one raster layer (above the
 * background, below the grid). Vector tiles: each of the file's `vector_layers` drawn generically
 * with the theme's colours (fill for polygons, line for lines, circle for points); text only when
 * the pack's manifest names a label field. Tiles come from our own origin only.
 */
function addTiles(
  tiles: MapPackTiles,
  attribution: string,
  origin: string,
  c: (typeof MAP_COLOURS)[Theme],
  sources: StyleSpecification['sources'],
  layers: LayerSpecification[],
  label: (id: string, source: string, field: unknown, size: number, minzoom?: number) => LayerSpecification,
): void {
  // Not new URL(): it would percent-encode the {z}/{x}/{y} placeholders.
  const url = `${origin.replace(/\/+$/, '')}${tiles.url}`;
  const common = {
    tiles: [url],
    minzoom: tiles.minzoom,
    maxzoom: tiles.maxzoom,
    attribution,
    ...(tiles.bounds ? { bounds: tiles.bounds } : {}),
  };
  if (tiles.format !== 'pbf') {
    sources['pack-tiles'] = { type: 'raster', tileSize: 256, ...common };
    layers.splice(1, 0, { id: 'tiles-raster', type: 'raster', source: 'pack-tiles' });
    return;
  }
  sources['pack-tiles'] = { type: 'vector', ...common };
  const labels: LayerSpecification[] = [];
  for (const vl of tiles.vectorLayers) {
    const base = { source: 'pack-tiles', 'source-layer': vl.id };
    layers.push(
      {
        id: `tiles-${vl.id}-fill`,
        type: 'fill',
        ...base,
        filter: GEOMETRY_IS('Polygon', 'MultiPolygon'),
        paint: { 'fill-color': c.provinceFill, 'fill-outline-color': c.countyLine },
      },
      {
        id: `tiles-${vl.id}-line`,
        type: 'line',
        ...base,
        filter: GEOMETRY_IS('LineString', 'MultiLineString'),
        paint: { 'line-color': c.countyLine, 'line-width': 0.8 },
      },
      {
        id: `tiles-${vl.id}-circle`,
        type: 'circle',
        ...base,
        filter: GEOMETRY_IS('Point', 'MultiPoint'),
        paint: {
          'circle-radius': 2.5,
          'circle-color': c.background,
          'circle-stroke-color': c.label,
          'circle-stroke-width': 1,
        },
      },
    );
    if (tiles.labelField && vl.fields.includes(tiles.labelField)) {
      labels.push({
        ...label(`tiles-${vl.id}-label`, 'pack-tiles', ['get', tiles.labelField], 11),
        'source-layer': vl.id,
      } as LayerSpecification);
    }
  }
  layers.push(...labels);
}
