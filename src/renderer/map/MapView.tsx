import { useEffect, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
type MlMap = maplibregl.Map;
maplibregl.setWorkerUrl(workerUrl);
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre's worker ships as its own module; serve it from our origin (the CSP allows nothing else).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useApp, useT } from '../store';
import { buildStyle, IDEOGRAPH_FONT_FAMILY } from './style';
import { applyLayerVisibility, PICKABLE_LAYERS, startPulse, syncOperationalLayers, type OverlayData } from './operationalLayers';
import { attachIcons } from './icons';
import { connectMapSlice } from './mapSlice';
import { locate } from './locate';
import { HoverCard, SelectionCard } from '../features/cards/MapCard';
import { MapSearch } from '../features/search/MapSearch';
import { LayerPanel } from '../features/layers/LayerPanel';
import { MapPacksDialog } from '../features/mappacks/MapPacksDialog';
import { ReportForm } from '../features/report/ReportForm';
import { SHANXI_BBOX } from '../../shared/geo/bounds';

declare global {
  interface Window {
    /** For tests and diagnostics: the live map instance. */
    __jinyingMap?: MlMap;
    /** For benchmarks: MapLibre itself (to draw the same load as DOM markers). */
    __jinyingMaplibre?: typeof maplibregl;
    /** For tests and benchmarks: true once the style, our layers and their data are all drawn. */
    __jinyingMapReady?: boolean;
    /** For benchmarks: when the first complete render happened (performance.now()). */
    __jinyingMapReadyAt?: number;
    /** For benchmarks: the store, to feed synthetic positions through the real update path. */
    __jinyingStore?: typeof useApp;
    /** For tests: the store's picture, to compare with what the map draws. */
    __jinyingPicture?: () => import('../../shared/ipc').Picture | null;
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

export interface Hover {
  kind: 'incident' | 'unit' | 'base' | 'depot';
  id: string;
  x: number;
  y: number;
}

function overlayData(): OverlayData | null {
  const s = useApp.getState();
  if (!s.picture) return null;
  const sel = s.selection ? locate(s.picture, s.selection) : null;
  return {
    picture: s.picture,
    reach: s.reach && s.selection?.kind === 'incident' && s.reach.incidentId === s.selection.id ? s.reach : null,
    coverage: s.layers.coverage ? s.coverage : null,
    counties: s.packData?.counties ?? null,
    selected: sel,
  };
}

export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const info = useApp((s) => s.info);
  const theme = useApp((s) => s.settings.theme);
  const picture = useApp((s) => s.picture);
  const selection = useApp((s) => s.selection);
  const flyToken = useApp((s) => s.flyToken);
  const layers = useApp((s) => s.layers);
  const reach = useApp((s) => s.reach);
  const coverage = useApp((s) => s.coverage);
  const packData = useApp((s) => s.packData);
  const t = useT();
  const pack = info?.mapPack ?? null;
  const [hover, setHover] = useState<Hover | null>(null);
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; lngLat: [number, number] } | null>(null);
  /** Packs whose bounds the view has already been fitted to (a theme change keeps the view). */
  const sameView = useRef(new Set<string>());

  useEffect(() => connectMapSlice(useApp.getState), []);

  // Create the map at once (WebGL context and worker start while the app info is on its way),
  // then build the real style when the pack is known; rebuild it on theme or pack change.
  const packId = info?.mapPack?.id;
  const hasInfo = Boolean(info);
  useEffect(() => {
    if (!container.current) return;
    performance.mark(info ? 'jinying:style' : 'jinying:map-create');
    const style = info ? buildStyle(pack, theme, window.location.origin, useApp.getState().layers) : placeholderStyle(theme);
    let map: MlMap;
    window.__jinyingMapReady = false;
    if (!mapRef.current) {
      map = new maplibregl.Map({
        container: container.current,
        style,
        bounds: pack?.bounds ?? [...SHANXI_BBOX],
        fitBoundsOptions: { padding: 24 },
        localIdeographFontFamily: IDEOGRAPH_FONT_FAMILY,
        attributionControl: { compact: false },
        maxZoom: 16,
        // Right-click is ours (report an incident here), not rotation.
        dragRotate: false,
        pitchWithRotate: false,
      });
      map.touchZoomRotate.disableRotation();
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
      attachIcons(map);
      wireInteraction(map, setHover, setCursor, setMenu);
      mapRef.current = map;
      window.__jinyingMap = map;
      window.__jinyingMaplibre = maplibregl;
      window.__jinyingPicture = () => useApp.getState().picture;
      window.__jinyingStore = useApp;
    } else {
      map = mapRef.current;
      map.setStyle(style, { diff: false });
      if (pack?.bounds && !sameView.current.has(pack.id)) {
        sameView.current.add(pack.id);
        map.fitBounds(pack.bounds, { padding: 24, duration: 0 });
      }
    }
    if (!info) return;
    return whenStyleReady(map, (m) => {
      const d = overlayData();
      // Without a picture yet, the picture effect below adds the layers when it arrives.
      if (d) syncAndMarkReady(m, d, theme);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [packId, theme, hasInfo]);

  // Feed store changes into the GeoJSON sources (WebGL layers, never DOM markers).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !picture) return;
    if (!useApp.getState().info) return;
    return whenStyleReady(map, (m) => {
      const d = overlayData();
      if (d) syncAndMarkReady(m, d, theme);
    });
  }, [picture, theme, reach, coverage, packData, selection, layers.coverage]);

  useEffect(() => {
    const map = mapRef.current;
    // Not gated on isStyleLoaded(): the pulse keeps the style busy; missing layers are skipped.
    if (map) applyLayerVisibility(map, layers);
  }, [layers]);

  useEffect(() => {
    const map = mapRef.current;
    // The pulse waits for the first complete render: every step restyles the map.
    return map ? startPulse(map, () => window.__jinyingMapReady === true) : undefined;
  }, [hasInfo]);

  // Pack layers the renderer reads itself, fetched only when needed (coverage shading; search
  // asks for them itself), so they never compete with the first render.
  const coverageOn = layers.coverage;
  useEffect(() => {
    if (coverageOn) void useApp.getState().ensurePackData();
  }, [coverageOn, packId]);

  // Reach follows the selected incident (and the picture, since units and aircraft move).
  useEffect(() => {
    const inc = selection?.kind === 'incident' ? selection.id : null;
    void useApp.getState().loadReach(inc);
  }, [selection, picture]);

  // Fly to the selection when asked.
  useEffect(() => {
    const m = mapRef.current;
    const s = useApp.getState();
    if (!m || !s.picture || !s.selection || flyToken === 0) return;
    const where = locate(s.picture, s.selection);
    if (where) m.flyTo({ center: where, zoom: Math.max(m.getZoom(), 9), duration: 800 });
  }, [flyToken]);

  useEffect(
    () => () => {
      mapRef.current?.remove();
      mapRef.current = null;
    },
    [],
  );

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="map" />
      <MapSearch onFlyTo={(center, zoom) => mapRef.current?.flyTo({ center, zoom, duration: 800 })} />
      <LayerPanel />
      {info && (!pack || info.mapPackProblem) && (
        <div className="map-notice" data-testid="map-notice">
          <span>{info.mapPackProblem ? t('map.packProblem', { message: info.mapPackProblem }) : t('map.noPack')}</span>
          <button data-testid="notice-import" onClick={() => useApp.getState().setPacksOpen(true)}>
            {t('packs.import')}
          </button>
        </div>
      )}
      <div className="map-coords" data-testid="map-coords">
        {cursor ? t('map.coords', { lng: cursor[0].toFixed(5), lat: cursor[1].toFixed(5) }) : t('map.coordsHint')}
      </div>
      {hover && <HoverCard hover={hover} />}
      <SelectionCard />
      {menu && (
        <div className="map-menu" style={{ left: menu.x, top: menu.y }} data-testid="map-menu" onMouseLeave={() => setMenu(null)}>
          <button
            data-testid="menu-report"
            onClick={() => {
              useApp.getState().setReportAt(menu.lngLat);
              setMenu(null);
            }}
          >
            {t('report.here')}
          </button>
          <div className="menu-coords">{t('map.coords', { lng: menu.lngLat[0].toFixed(5), lat: menu.lngLat[1].toFixed(5) })}</div>
        </div>
      )}
      <ReportForm />
      <MapPacksDialog />
    </div>
  );
}

/** Until the app info says which pack to draw: the theme's background only (never a wrong basemap). */
function placeholderStyle(theme: 'light' | 'dark'): maplibregl.StyleSpecification {
  return { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': theme === 'dark' ? '#0b1220' : '#eef1f4' } }] };
}

/** Push data to the map; the first time after a style (re)build, report readiness once drawn. */
function syncAndMarkReady(m: MlMap, d: OverlayData, theme: 'light' | 'dark'): void {
  syncOperationalLayers(m, d, theme, useApp.getState().layers);
  if (window.__jinyingMapReady) return;
  performance.mark('jinying:layers');
  // Not 'idle': the pulse of unacknowledged incidents keeps the map repainting.
  const check = () => {
    if (m.isStyleLoaded() && m.areTilesLoaded()) {
      window.__jinyingMapReady = true;
      window.__jinyingMapReadyAt ??= performance.now();
      m.off('render', check);
    }
  };
  m.on('render', check);
  m.triggerRepaint();
}

function wireInteraction(
  map: MlMap,
  setHover: (h: Hover | null) => void,
  setCursor: (c: [number, number] | null) => void,
  setMenu: (m: { x: number; y: number; lngLat: [number, number] } | null) => void,
): void {
  const pickable = Object.keys(PICKABLE_LAYERS);
  const pick = (point: maplibregl.PointLike) => {
    const layers = pickable.filter((l) => map.getLayer(l));
    return layers.length ? map.queryRenderedFeatures(point, { layers }) : [];
  };
  let raf = 0;
  map.on('mousemove', (e) => {
    if (raf) return;
    raf = requestAnimationFrame(() => {
      raf = 0;
      setCursor([e.lngLat.lng, e.lngLat.lat]);
      const f = pick(e.point)[0];
      const id = f?.properties?.id as string | undefined;
      const kind = f ? PICKABLE_LAYERS[f.layer.id as keyof typeof PICKABLE_LAYERS] : undefined;
      map.getCanvas().style.cursor = id || map.queryRenderedFeatures(e.point, { layers: map.getLayer('units-clusters') ? ['units-clusters'] : [] }).length ? 'pointer' : '';
      setHover(id && kind ? { kind, id, x: e.point.x, y: e.point.y } : null);
    });
  });
  map.on('mouseout', () => {
    setCursor(null);
    setHover(null);
  });
  map.on('click', (e) => {
    setMenu(null);
    const f = pick(e.point)[0];
    const id = f?.properties?.id as string | undefined;
    if (f && id) {
      useApp.getState().select({ kind: PICKABLE_LAYERS[f.layer.id as keyof typeof PICKABLE_LAYERS], id });
      return;
    }
    const cluster = map.getLayer('units-clusters') ? map.queryRenderedFeatures(e.point, { layers: ['units-clusters'] })[0] : undefined;
    if (cluster) {
      const src = map.getSource('units') as maplibregl.GeoJSONSource;
      void src.getClusterExpansionZoom(cluster.properties.cluster_id as number).then((zoom) => {
        map.easeTo({ center: (cluster.geometry as GeoJSON.Point).coordinates as [number, number], zoom: zoom + 0.2, duration: 500 });
      });
    }
  });
  map.on('contextmenu', (e) => {
    e.preventDefault();
    setMenu({ x: e.point.x, y: e.point.y, lngLat: [e.lngLat.lng, e.lngLat.lat] });
  });
}
