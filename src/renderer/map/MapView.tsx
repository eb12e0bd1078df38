import { useEffect, useRef } from 'react';
import * as maplibregl from 'maplibre-gl';
type MlMap = maplibregl.Map;
maplibregl.setWorkerUrl(workerUrl);
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre's worker ships as its own module; serve it from our origin (the CSP allows nothing else).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useApp, useT } from '../store';
import { buildStyle, IDEOGRAPH_FONT_FAMILY } from './style';
import { syncOperationalLayers, OPERATIONAL_SOURCES } from './operationalLayers';

/** Shanxi's extent, the default view when no pack gives bounds. */
const SHANXI_BOUNDS: [number, number, number, number] = [110.2, 34.5, 114.6, 40.8];

declare global {
  interface Window {
    /** For tests and diagnostics: the live map instance. */
    __jinyingMap?: MlMap;
  }
}

/**
 * Run `fn` once the style accepts sources and layers: now if it does, else on the next
 * `styledata` event that makes it possible. Returns a cancel function for effect cleanup.
 */
function whenStyleReady(map: MlMap, fn: (m: MlMap) => void): () => void {
  const attempt = () => {
    try {
      fn(map);
      return true;
    } catch (e) {
      if (!/not done loading/i.test(String((e as Error).message))) throw e;
      return false;
    }
  };
  if (attempt()) return () => undefined;
  const retry = () => {
    if (attempt()) map.off('styledata', retry);
  };
  map.on('styledata', retry);
  return () => map.off('styledata', retry);
}

export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const info = useApp((s) => s.info);
  const theme = useApp((s) => s.settings.theme);
  const picture = useApp((s) => s.picture);
  const selection = useApp((s) => s.selection);
  const flyToken = useApp((s) => s.flyToken);
  const select = useApp((s) => s.select);
  const t = useT();
  const pack = info?.mapPack ?? null;

  // Create the map once the app info (and so the pack) is known; rebuild the style on theme/pack change.
  useEffect(() => {
    if (!container.current || !info) return;
    const style = buildStyle(pack, theme, window.location.origin);
    let map: MlMap;
    if (!mapRef.current) {
      map = new maplibregl.Map({
        container: container.current,
        style,
        bounds: pack?.bounds ?? SHANXI_BOUNDS,
        fitBoundsOptions: { padding: 20 },
        localIdeographFontFamily: IDEOGRAPH_FONT_FAMILY,
        attributionControl: { compact: false, customAttribution: pack ? undefined : t('map.attributionNone') },
        maxZoom: 16,
      });
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
      for (const layer of OPERATIONAL_SOURCES) {
        map.on('click', layer, (e) => {
          const id = e.features?.[0]?.properties?.id as string | undefined;
          const kind = ({ incidents: 'incident', units: 'unit', bases: 'base', depots: 'depot' } as const)[layer];
          if (id) select({ kind, id });
        });
        map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
        map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
      }
      mapRef.current = map;
      window.__jinyingMap = map;
    } else {
      map = mapRef.current;
      map.setStyle(style);
    }
    return whenStyleReady(map, (m) => {
      const p = useApp.getState().picture;
      if (p) syncOperationalLayers(m, p, theme);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [info?.mapPack?.id, theme, Boolean(info)]);

  // Feed store changes into the GeoJSON sources (WebGL layers, never DOM markers).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !picture) return;
    return whenStyleReady(map, (m) => syncOperationalLayers(m, useApp.getState().picture ?? picture, theme));
  }, [picture, theme]);

  // Fly to the selection when asked.
  useEffect(() => {
    const m = mapRef.current;
    const p = useApp.getState().picture;
    if (!m || !p || !selection || flyToken === 0) return;
    const where =
      selection.kind === 'incident'
        ? p.incidents.find((x) => x.id === selection.id)?.location
        : selection.kind === 'unit'
          ? p.units.find((x) => x.id === selection.id)?.position
          : selection.kind === 'base'
            ? p.bases.find((x) => x.id === selection.id)?.location
            : p.depots.find((x) => x.id === selection.id)?.location;
    if (where) m.flyTo({ center: where, zoom: Math.max(m.getZoom(), 9), duration: 800 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flyToken]);

  useEffect(() => () => mapRef.current?.remove(), []);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="map" />
      {info && !pack && <div className="map-notice">{info.mapPackProblem ? t('map.packProblem', { message: info.mapPackProblem }) : t('map.noPack')}</div>}
    </div>
  );
}
