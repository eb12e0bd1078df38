import { useEffect, useState, type RefObject } from 'react';
import type { ExpressionSpecification, GeoJSONSource, LayerSpecification, Map as MlMap } from 'maplibre-gl';
import type { Theme } from '../../shared/ipc';
import { classOf, type StatLevel } from '../../shared/reports/statistics';
import { useApp } from '../store';
import type { Choropleth } from './choroplethSlice';

type FC = GeoJSON.FeatureCollection;

export const CHOROPLETH_SOURCE = 'statistics-areas';
export const CHOROPLETH_LAYERS = ['statistics-fill', 'statistics-line', 'statistics-focus'] as const;

/**
 * Class colours: the 0 class a faint wash (so "nothing" still reads as a counted area), then a
 * purple ramp (ColorBrewer Purples), apart from the incident levels' reds and blues and the
 * coverage view's red-yellow-green. With fewer classes they are spread over the ramp, so two
 * classes never come out as two near-identical tints.
 */
const RAMPS: Record<Theme, { zero: string; ramp: readonly string[] }> = {
  light: { zero: '#f4f3f8', ramp: ['#cbc9e2', '#9e9ac8', '#807dba', '#6a51a3', '#4a1486'] },
  dark: { zero: '#232336', ramp: ['#3f3868', '#5a4e94', '#7b6fb8', '#a39bd6', '#d4cff0'] },
};

/** The colour of each of `classes` classes (the first the 0 class). */
export function classColours(theme: Theme, classes: number): string[] {
  const { zero, ramp } = RAMPS[theme];
  const k = Math.max(0, classes - 1);
  const pick = (j: number) =>
    ramp[k === 1 ? Math.floor(ramp.length / 2) : Math.round((j * (ramp.length - 1)) / (k - 1))]!;
  return [zero, ...Array.from({ length: k }, (_, j) => pick(j))];
}

/** The pack property holding an area's adcode at each level (the Shanxi pack's; others are tried). */
const CODE_PROPS: Record<StatLevel, string[]> = {
  county: ['district_adcode', 'adcode', 'code'],
  city: ['city_adcode', 'adcode', 'code'],
};

/** The pack's polygons of a level with each area's value and class (what the layers draw). */
export function choroplethGeoJson(shapes: FC, c: Choropleth): FC {
  return {
    type: 'FeatureCollection',
    features: shapes.features.flatMap((f) => {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const key = CODE_PROPS[c.level].find((k) => p[k] !== undefined && p[k] !== null);
      if (!key) return [];
      const adcode = String(p[key]);
      const value = c.values[adcode] ?? 0;
      const name = String(p[c.level === 'city' ? 'city_name' : 'district_name'] ?? p.name ?? adcode);
      return [{ ...f, properties: { adcode, name, value, cls: classOf(value, c.classes) } }];
    }),
  };
}

function layerSpecs(theme: Theme, classes: number, focus: string | null): LayerSpecification[] {
  const colours = classColours(theme, Math.max(classes, 1));
  const fill = [
    'match',
    ['get', 'cls'],
    ...colours.flatMap((colour, i) => [i, colour]),
    colours[colours.length - 1]!,
  ] as unknown as ExpressionSpecification;
  return [
    {
      id: 'statistics-fill',
      type: 'fill',
      source: CHOROPLETH_SOURCE,
      paint: { 'fill-color': fill, 'fill-opacity': 0.78 },
    },
    {
      id: 'statistics-line',
      type: 'line',
      source: CHOROPLETH_SOURCE,
      paint: { 'line-color': theme === 'dark' ? '#8a84b8' : '#6a5f9e', 'line-width': 0.6 },
    },
    {
      id: 'statistics-focus',
      type: 'line',
      source: CHOROPLETH_SOURCE,
      filter: ['==', ['get', 'adcode'], focus ?? ''],
      paint: { 'line-color': theme === 'dark' ? '#ffd54f' : '#d84315', 'line-width': 3 },
    },
  ];
}

/**
 * The choropleth goes above the province's fill and under the first of these present (in style
 * order): the pack's boundary lines, rivers and labels stay readable over it, and every operational
 * layer stays above it.
 */
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

/** Draw (or refresh, or remove with `fc` null) the choropleth on a loaded style. */
export function syncChoropleth(
  map: MlMap,
  fc: FC | null,
  theme: Theme,
  classes: number,
  focus: string | null,
): void {
  if (!fc) {
    for (const id of CHOROPLETH_LAYERS) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(CHOROPLETH_SOURCE)) map.removeSource(CHOROPLETH_SOURCE);
    return;
  }
  const src = map.getSource(CHOROPLETH_SOURCE) as GeoJSONSource | undefined;
  if (src) src.setData(fc);
  else map.addSource(CHOROPLETH_SOURCE, { type: 'geojson', data: fc });
  const before = ABOVE.find((id) => map.getLayer(id));
  for (const spec of layerSpecs(theme, classes, focus)) {
    if (map.getLayer(spec.id)) map.removeLayer(spec.id);
    map.addLayer(spec, before);
  }
}

/** The pack layer of a kind, fetched once per address (the county layer comes from the map slice). */
const shapeCache = new Map<string, Promise<FC | null>>();
function fetchShapes(url: string): Promise<FC | null> {
  let p = shapeCache.get(url);
  if (!p) {
    p = fetch(url)
      .then((r) => (r.ok ? (r.json() as Promise<FC>) : null))
      .catch(() => null);
    shapeCache.set(url, p);
  }
  return p;
}

/** The polygons of the choropleth's level from the pack in use (null while loading, or with no pack). */
function useShapes(level: StatLevel | null): FC | null {
  const pack = useApp((s) => s.info?.mapPack ?? null);
  const counties = useApp((s) => s.packData?.counties ?? null);
  const [cities, setCities] = useState<{ url: string; fc: FC | null } | null>(null);
  const cityUrl = pack?.layers.find((l) => l.kind === 'city')?.url ?? null;
  useEffect(() => {
    if (level === 'county') void useApp.getState().ensurePackData();
    if (level === 'city' && cityUrl && cities?.url !== cityUrl) {
      let live = true;
      void fetchShapes(cityUrl).then((fc) => live && setCities({ url: cityUrl, fc }));
      return () => {
        live = false;
      };
    }
  }, [level, cityUrl, cities?.url, pack?.id]);
  if (!level || !pack) return null;
  return level === 'county' ? counties : cities?.url === cityUrl ? cities.fc : null;
}

/**
 * Keeps the statistics choropleth on the map: drawn while the store holds one, under our
 * operational layers, again after every style rebuild (theme, pack); the area picked in the table
 * outlined and fitted into the visible part of the map (the map's padding keeps it clear of panels).
 */
export function useChoroplethLayer(mapRef: RefObject<MlMap | null>, theme: Theme): void {
  const choropleth = useApp((s) => s.choropleth);
  const focus = useApp((s) => s.choroplethFocus);
  const shapes = useShapes(choropleth?.level ?? null);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const fc = choropleth && shapes ? choroplethGeoJson(shapes, choropleth) : null;
    const apply = () => {
      try {
        syncChoropleth(map, fc, theme, choropleth?.classes.length ?? 1, focus?.adcode ?? null);
        return true;
      } catch (e) {
        if (!/not done loading/i.test(String((e as Error).message))) throw e;
        return false;
      }
    };
    apply();
    // A style rebuild drops our source: put it back once the new style accepts it.
    const again = () => {
      if (fc && !map.getSource(CHOROPLETH_SOURCE)) apply();
    };
    map.on('styledata', again);
    return () => {
      map.off('styledata', again);
    };
  }, [mapRef, choropleth, shapes, theme, focus?.adcode]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !focus?.bbox) return;
    const [w, s, e, n] = focus.bbox;
    map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 40, maxZoom: 10, duration: 600 },
    );
  }, [mapRef, focus?.token, focus?.bbox]);
}
