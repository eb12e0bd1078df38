import type {
  Map as MlMap,
  GeoJSONSource,
  LayerSpecification,
  FilterSpecification,
  ExpressionSpecification,
} from 'maplibre-gl';
import type { CoverageResult, Picture, ReachResult, Theme } from '../../shared/ipc';
import { hasStockWarning } from '../../shared/domain';
import { circlePolygon } from '../../shared/geo/circle';
import { MAP_COLOURS } from './theme';
import { clusterIconExpression, ensureIcons } from './icons';

/** A unit whose last fix is older than this is drawn as uncertain (hollow, dashed). */
export const STALE_FIX_MS = 30 * 60 * 1000;
/** Units are grouped into clusters below this zoom. */
export const UNIT_CLUSTER_MAX_ZOOM = 8;

export const OPERATIONAL_SOURCES = ['incidents', 'units', 'bases', 'depots'] as const;
export type OperationalSource = (typeof OPERATIONAL_SOURCES)[number];
/** Layers a click or hover can pick, mapped to the kind of thing they show. */
export const PICKABLE_LAYERS = {
  incidents: 'incident',
  units: 'unit',
  bases: 'base',
  depots: 'depot',
} as const;

/** Switchable layer groups (the layer panel) and the MapLibre layers in each. */
export const LAYER_GROUPS = {
  incidents: ['incidents-pulse', 'incidents'],
  units: ['units-clusters', 'units'],
  bases: ['bases'],
  depots: ['depots'],
  reach: ['reach-fill', 'reach-line', 'reach-links'],
  coverage: ['coverage-fill', 'coverage-gap', 'coverage-places'],
  boundaries: ['province-fill', 'province-line', 'city-line', 'county-line'],
  labels: ['city-label', 'county-label', 'centre-label'],
  rivers: ['river-line'],
  airports: ['airport-point'],
  grid: ['grid'],
} as const;
export type LayerGroup = keyof typeof LAYER_GROUPS;
export const DEFAULT_LAYER_VISIBILITY: Record<LayerGroup, boolean> = {
  incidents: true,
  units: true,
  bases: true,
  depots: true,
  reach: true,
  coverage: false,
  boundaries: true,
  labels: true,
  rivers: true,
  airports: true,
  grid: true,
};

type FC = GeoJSON.FeatureCollection;
const point = (
  id: string,
  coords: readonly [number, number] | readonly number[],
  properties: Record<string, unknown>,
): GeoJSON.Feature<GeoJSON.Point> => ({
  type: 'Feature',
  properties: { id, ...properties },
  geometry: { type: 'Point', coordinates: [coords[0]!, coords[1]!] },
});
const empty = (): FC => ({ type: 'FeatureCollection', features: [] });

/** GeoJSON for each operational layer, straight from the store's picture. */
export function pictureToGeoJson(
  p: Picture,
  now: number,
): Record<OperationalSource, GeoJSON.FeatureCollection<GeoJSON.Point>> {
  return {
    incidents: {
      type: 'FeatureCollection',
      features: p.incidents
        .filter((i) => i.status !== 'closed')
        .map((i) =>
          point(i.id, i.location, {
            name: i.title,
            hazard: i.hazard,
            level: i.level,
            status: i.status,
            unacked: i.acknowledgedAt === null,
            icon: `inc:${i.hazard}:${i.level}`,
            rank: 4 - ['I', 'II', 'III', 'IV'].indexOf(i.level),
          }),
        ),
    },
    units: {
      type: 'FeatureCollection',
      features: p.units.map((u) => {
        const stale = now - Date.parse(u.positionFixAt) > STALE_FIX_MS;
        return point(u.id, u.position, {
          name: u.name,
          kind: u.kind,
          status: u.status,
          stale,
          icon: `unit:${u.kind}:${u.status}:${stale ? 1 : 0}`,
        });
      }),
    },
    bases: {
      type: 'FeatureCollection',
      features: p.bases.map((b) =>
        point(b.id, b.location, {
          name: b.name,
          kind: b.kind,
          available: b.aircraft.filter((a) => a.status === 'available').length,
          total: b.aircraft.length,
          icon: `base:${b.kind}`,
        }),
      ),
    },
    depots: {
      type: 'FeatureCollection',
      features: p.depots.map((d) => {
        const warning = hasStockWarning(d);
        return point(d.id, d.location, {
          name: d.name,
          level: d.level,
          warning,
          icon: `depot:${d.level}:${warning ? 1 : 0}`,
        });
      }),
    },
  };
}

/** Reach of each base (circles) and candidate units' lines to the incident. */
export function reachToGeoJson(r: ReachResult | null, p: Picture | null): { areas: FC; links: FC } {
  if (!r || !p) return { areas: empty(), links: empty() };
  const incident = p.incidents.find((i) => i.id === r.incidentId);
  const areas: GeoJSON.Feature[] = r.bases
    .filter((b) => b.reachM > 0)
    .map((b) => ({
      type: 'Feature',
      properties: {
        baseId: b.baseId,
        name: b.name,
        reaches: b.etaMinutes !== null && b.etaMinutes <= r.minutes,
        eta: b.etaMinutes,
      },
      geometry: circlePolygon(b.location, b.reachM, 72),
    }));
  const links: GeoJSON.Feature[] = incident
    ? r.units.map((u) => ({
        type: 'Feature',
        properties: { unitId: u.unitId, eta: Math.round(u.etaMinutes), stale: u.stale },
        geometry: {
          type: 'LineString',
          coordinates: [
            [u.position[0], u.position[1]],
            [incident.location[0], incident.location[1]],
          ],
        },
      }))
    : [];
  return {
    areas: { type: 'FeatureCollection', features: areas },
    links: { type: 'FeatureCollection', features: links },
  };
}

/** Counties of the pack with their coverage share, and the uncovered named places. */
export function coverageToGeoJson(
  c: CoverageResult | null,
  counties: FC | null,
): { counties: FC; places: FC } {
  if (!c || !counties) return { counties: empty(), places: empty() };
  const byCode = new Map(c.counties.map((x) => [x.code, x]));
  const features = counties.features.map((f) => {
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const code = String(props.district_adcode ?? props.adcode ?? props.code ?? '');
    const cov = byCode.get(code);
    return {
      ...f,
      properties: { ...props, covered: cov?.covered ?? 0, worstEta: cov?.worstEtaMinutes ?? -1 },
    };
  });
  return {
    counties: { type: 'FeatureCollection', features },
    places: {
      type: 'FeatureCollection',
      features: c.uncoveredPlaces.map((pl, i) => point(`place-${i}`, pl.location, { name: pl.name })),
    },
  };
}

const visible = (on: boolean) => (on ? 'visible' : 'none') as 'visible' | 'none';

export function operationalLayerSpecs(
  theme: Theme,
  vis: Record<LayerGroup, boolean> = DEFAULT_LAYER_VISIBILITY,
): LayerSpecification[] {
  const c = MAP_COLOURS[theme];
  const icon = (): ExpressionSpecification => ['concat', ['get', 'icon'], `:${theme}`];
  const symbol = (
    id: string,
    source: string,
    group: LayerGroup,
    extra: Partial<LayerSpecification> = {},
  ): LayerSpecification =>
    ({
      id,
      type: 'symbol',
      source,
      layout: {
        'icon-image': icon(),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        visibility: visible(vis[group]),
      },
      ...extra,
    }) as LayerSpecification;
  const notCluster: FilterSpecification = ['!', ['has', 'point_count']];
  return [
    {
      id: 'coverage-fill',
      type: 'fill',
      source: 'coverage-counties',
      layout: { visibility: visible(vis.coverage) },
      paint: {
        // Anything short of full coverage must stand out: yellow is reached only at 90%.
        'fill-color': [
          'interpolate',
          ['linear'],
          ['get', 'covered'],
          0,
          c.coverageNone,
          0.9,
          c.coverageHalf,
          0.999,
          c.coverageHalf,
          1,
          c.coverageFull,
        ],
        'fill-opacity': 0.55,
      },
    },
    {
      id: 'coverage-gap',
      type: 'line',
      source: 'coverage-counties',
      filter: ['<', ['get', 'covered'], 0.999],
      layout: { visibility: visible(vis.coverage) },
      paint: {
        'line-color': c.coverageGap,
        'line-width': ['interpolate', ['linear'], ['get', 'covered'], 0, 2.4, 0.99, 0.8],
        'line-dasharray': [2, 1],
      },
    },
    {
      id: 'coverage-places',
      type: 'circle',
      source: 'coverage-places',
      layout: { visibility: visible(vis.coverage) },
      paint: {
        'circle-radius': 7,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': c.coverageGap,
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: 'reach-fill',
      type: 'fill',
      source: 'reach-areas',
      layout: { visibility: visible(vis.reach) },
      // Only bases that reach the incident are tinted; overlapping tints must stay readable.
      filter: ['==', ['get', 'reaches'], true],
      paint: { 'fill-color': c.reachYes, 'fill-opacity': 0.07 },
    },
    {
      id: 'reach-line',
      type: 'line',
      source: 'reach-areas',
      layout: { visibility: visible(vis.reach) },
      paint: {
        'line-color': ['case', ['get', 'reaches'], c.reachYes, c.reachNo],
        'line-width': ['case', ['get', 'reaches'], 1.8, 0.8],
        'line-dasharray': [4, 2],
      },
    },
    {
      id: 'reach-links',
      type: 'line',
      source: 'reach-links',
      layout: { visibility: visible(vis.reach), 'line-cap': 'round' },
      paint: {
        'line-color': [
          'interpolate',
          ['linear'],
          ['get', 'eta'],
          30,
          c.etaFast,
          90,
          c.etaMid,
          180,
          c.etaSlow,
        ],
        'line-width': 2,
        'line-opacity': ['case', ['get', 'stale'], 0.45, 0.85],
      },
    },
    symbol('depots', 'depots', 'depots'),
    symbol('bases', 'bases', 'bases'),
    {
      id: 'units-clusters',
      type: 'symbol',
      source: 'units',
      filter: ['has', 'point_count'],
      layout: {
        'icon-image': clusterIconExpression(theme) as ExpressionSpecification,
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        visibility: visible(vis.units),
      },
    },
    symbol('units', 'units', 'units', { filter: notCluster }),
    // A still halo on unacknowledged incidents; the pulse itself is CSS over it (pulse.ts).
    {
      id: 'incidents-pulse',
      type: 'circle',
      source: 'incidents',
      filter: ['==', ['get', 'unacked'], true],
      layout: { visibility: visible(vis.incidents) },
      paint: {
        'circle-radius': 16,
        'circle-color': [
          'match',
          ['get', 'level'],
          'I',
          c.incident.I,
          'II',
          c.incident.II,
          'III',
          c.incident.III,
          c.incident.IV,
        ],
        'circle-opacity': 0.35,
        'circle-stroke-width': 0,
      },
    },
    symbol('incidents', 'incidents', 'incidents', {
      layout: {
        'icon-image': icon(),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'symbol-sort-key': ['get', 'rank'],
        visibility: visible(vis.incidents),
      },
    } as Partial<LayerSpecification>),
    {
      id: 'selection-halo',
      type: 'circle',
      source: 'selection',
      paint: {
        'circle-radius': 19,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': c.selection,
        'circle-stroke-width': 3,
      },
    },
  ];
}

export interface OverlayData {
  picture: Picture;
  reach: ReachResult | null;
  coverage: CoverageResult | null;
  counties: FC | null;
  selected: [number, number] | null;
}

/** What each source was last built from, per map: unchanged inputs are not sent to the worker again. */
const lastInputs = new WeakMap<MlMap, Map<string, unknown[]>>();
const sameInputs = (a: unknown[] | undefined, b: unknown[]) =>
  !!a && a.length === b.length && a.every((x, i) => x === b[i]);

/** Add (or refresh) our sources and layers on a loaded style. Cheap to call again: only changed data moves. */
export function syncOperationalLayers(
  map: MlMap,
  data: OverlayData,
  theme: Theme,
  vis: Record<LayerGroup, boolean>,
  now = Date.now(),
): void {
  const p = data.picture;
  // A unit's staleness changes with time, so the units layer is rebuilt at least once a minute.
  const minute = Math.floor(now / 60_000);
  const sel = data.selected;
  const inputs: Record<string, { deps: unknown[]; build: () => FC }> = {
    incidents: {
      deps: [p.incidents],
      build: () => pictureToGeoJson({ ...p, units: [], bases: [], depots: [] }, now).incidents,
    },
    units: {
      deps: [p.units, minute],
      build: () => pictureToGeoJson({ ...p, incidents: [], bases: [], depots: [] }, now).units,
    },
    bases: {
      deps: [p.bases],
      build: () => pictureToGeoJson({ ...p, incidents: [], units: [], depots: [] }, now).bases,
    },
    depots: {
      deps: [p.depots],
      build: () => pictureToGeoJson({ ...p, incidents: [], units: [], bases: [] }, now).depots,
    },
    'reach-areas': { deps: [data.reach, p.incidents], build: () => reachToGeoJson(data.reach, p).areas },
    'reach-links': { deps: [data.reach, p.incidents], build: () => reachToGeoJson(data.reach, p).links },
    'coverage-counties': {
      deps: [data.coverage, data.counties],
      build: () => coverageToGeoJson(data.coverage, data.counties).counties,
    },
    'coverage-places': {
      deps: [data.coverage, data.counties],
      build: () => coverageToGeoJson(data.coverage, data.counties).places,
    },
    selection: {
      deps: [sel?.[0], sel?.[1]],
      build: () => ({ type: 'FeatureCollection', features: sel ? [point('sel', sel, {})] : [] }),
    },
  };
  let last = lastInputs.get(map);
  if (!last) lastInputs.set(map, (last = new Map()));
  for (const [id, { deps, build }] of Object.entries(inputs)) {
    const src = map.getSource(id) as GeoJSONSource | undefined;
    if (src && sameInputs(last.get(id), deps)) continue;
    last.set(id, deps);
    const fc = build();
    ensureIcons(map, iconNames(fc, theme));
    if (src) {
      src.setData(fc);
    } else if (id === 'units') {
      map.addSource(id, {
        type: 'geojson',
        data: fc,
        cluster: true,
        clusterMaxZoom: UNIT_CLUSTER_MAX_ZOOM,
        clusterRadius: 36,
      });
    } else {
      map.addSource(id, { type: 'geojson', data: fc });
    }
  }
  for (const spec of operationalLayerSpecs(theme, vis)) if (!map.getLayer(spec.id)) map.addLayer(spec);
}

function* iconNames(fc: FC, theme: Theme): Iterable<string> {
  const seen = new Set<unknown>();
  for (const f of fc.features) {
    const icon = f.properties?.icon;
    if (icon && !seen.has(icon)) {
      seen.add(icon);
      yield `${String(icon)}:${theme}`;
    }
  }
}

/** Show or hide each layer group (basemap layers a pack lacks are simply absent). */
export function applyLayerVisibility(map: MlMap, vis: Record<LayerGroup, boolean>): void {
  for (const [group, ids] of Object.entries(LAYER_GROUPS) as [LayerGroup, readonly string[]][]) {
    for (const id of ids) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible(vis[group]));
  }
}
