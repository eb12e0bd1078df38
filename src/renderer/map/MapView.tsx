import { useEffect, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
type MlMap = maplibregl.Map;
maplibregl.setWorkerUrl(workerUrl);
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre's worker ships as its own module; serve it from our origin (the CSP allows nothing else).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useApp, useT, type AppState } from '../store';
import { useEscape } from '../ui/useEscape';
import { buildStyle, IDEOGRAPH_FONT_FAMILY } from './style';
import {
  applyLayerVisibility,
  PICKABLE_LAYERS,
  syncOperationalLayers,
  type OverlayData,
} from './operationalLayers';
import { attachIcons } from './icons';
import { attachPlanningLayers } from './planningLayers';
import { attachSharedView } from './sharedView';
import { locate } from './locate';
import { PulseMarkers } from './pulse';
import { useChoroplethLayer } from './choroplethLayer';
import { useWarningLayer } from './warningLayers';
import { useAnnotationLayer } from './annotationLayers';
import { applyPadding, keepInView, measureInsets } from './viewInsets';
import type { Side } from './camera';
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

/**
 * Run `fn` after the next frame has been painted. What the map does for a selection (halo, reach,
 * camera) waits for it: on software rendering one map frame takes longer than the whole panel, and
 * the words the officer needs must not wait behind a picture.
 */
function afterPaint(fn: () => void): () => void {
  let timer = 0;
  const raf = requestAnimationFrame(() => {
    timer = window.setTimeout(fn, 0);
  });
  return () => {
    cancelAnimationFrame(raf);
    clearTimeout(timer);
  };
}

function overlayData(s: AppState): OverlayData | null {
  if (!s.picture) return null;
  const sel = s.selection ? locate(s.picture, s.selection) : null;
  return {
    picture: s.picture,
    reach:
      s.reach && s.selection?.kind === 'incident' && s.reach.incidentId === s.selection.id ? s.reach : null,
    coverage: s.layers.coverage ? s.coverage : null,
    counties: s.packData?.counties ?? null,
    selected: sel,
  };
}

/**
 * The map: draws the store's state and reports what the user does on it (hover, click, right
 * click) back to the store. It imports no feature; the panels over it are composed by App and
 * marked `data-map-inset="<side>"`, and the map keeps the selection clear of them (padding).
 */
export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const pulseRef = useRef<PulseMarkers | null>(null);
  const info = useApp((s) => s.info);
  const theme = useApp((s) => s.settings.theme);
  const picture = useApp((s) => s.picture);
  const selection = useApp((s) => s.selection);
  const flyToken = useApp((s) => s.flyToken);
  const camera = useApp((s) => s.camera);
  const layers = useApp((s) => s.layers);
  const reach = useApp((s) => s.reach);
  const coverage = useApp((s) => s.coverage);
  const packData = useApp((s) => s.packData);
  // The pulse and the padding wait for the first complete render (they would slow it down).
  const ready = useApp((s) => s.mapReady);
  const t = useT();
  const pack = info?.mapPack ?? null;
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; lngLat: [number, number] } | null>(null);
  /** The selection the map has caught up with (halo, reach, camera): it follows the panel by a frame. */
  const [shown, setShown] = useState<AppState['selection']>(null);
  /** Packs whose bounds the view has already been fitted to (a theme change keeps the view). */
  const sameView = useRef(new Set<string>());
  useEscape(menu !== null, () => setMenu(null));
  const fieldUnit = useApp((s) =>
    s.syncStatus?.role === 'field-commander' ? (s.syncStatus.unitId ?? null) : null,
  );
  const picking = useApp((s) => s.positionPickArmed);
  useEscape(picking, () => useApp.getState().armPositionPick(false));

  // Create the map at once (WebGL context and worker start while the app info is on its way),
  // then build the real style when the pack is known; rebuild it on theme or pack change.
  const packId = info?.mapPack?.id;
  const hasInfo = Boolean(info);
  useEffect(() => {
    if (!container.current) return;
    performance.mark(info ? 'jinying:style' : 'jinying:map-create');
    const style = info
      ? buildStyle(pack, theme, window.location.origin, useApp.getState().layers)
      : placeholderStyle(theme);
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
      wireInteraction(map, setCursor, setMenu);
      attachPlanningLayers(map, () => useApp.getState().settings.theme);
      attachSharedView(map);
      mapRef.current = map;
      pulseRef.current = new PulseMarkers(map);
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
      const d = overlayData({ ...useApp.getState(), selection: null });
      // Without a picture yet, the picture effect below adds the layers when it arrives.
      if (d) syncAndMarkReady(m, d, theme);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [packId, theme, hasInfo]);

  // The statistics view's choropleth (choroplethLayer.ts), kept through style rebuilds.
  useChoroplethLayer(mapRef, theme);
  // Warnings in force (warningLayers.ts), kept through style rebuilds.
  useWarningLayer(mapRef, theme);
  // The annotations of the incident in focus, and drawing them (annotationLayers.ts).
  useAnnotationLayer(mapRef, theme, ready);

  // The map follows the selection one painted frame after the panels (see afterPaint).
  useEffect(() => afterPaint(() => setShown(selection)), [selection]);

  // Feed store changes into the GeoJSON sources (WebGL layers, never DOM markers).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !picture) return;
    if (!useApp.getState().info) return;
    return whenStyleReady(map, (m) => {
      const d = overlayData({ ...useApp.getState(), selection: shown });
      if (d) syncAndMarkReady(m, d, theme);
    });
  }, [picture, theme, reach, coverage, packData, shown, layers.coverage]);

  useEffect(() => {
    const map = mapRef.current;
    // Not gated on isStyleLoaded(): missing layers are skipped.
    if (map) applyLayerVisibility(map, layers);
  }, [layers]);

  // The pulse of unacknowledged incidents (CSS rings over the map).
  useEffect(() => {
    if (ready) pulseRef.current?.sync(picture?.incidents ?? [], theme, layers.incidents);
  }, [picture, theme, layers.incidents, ready]);

  // Pack layers the renderer reads itself, fetched only when needed (coverage shading; search
  // asks for them itself), so they never compete with the first render.
  const coverageOn = layers.coverage;
  useEffect(() => {
    if (coverageOn) void useApp.getState().ensurePackData();
  }, [coverageOn, packId]);

  // Reach follows the selected incident (and the picture, since units and aircraft move).
  useEffect(() => {
    void useApp.getState().loadReach(shown?.kind === 'incident' ? shown.id : null);
  }, [shown, picture]);

  // Padding follows the panels over the map; the selection is kept in the part left visible.
  useEffect(() => {
    const map = mapRef.current;
    const area = container.current?.parentElement;
    if (!map || !area || !ready) return;
    // The map's own corner controls stand over it too.
    const corners: [string, Side][] = [
      ['.maplibregl-ctrl-top-right', 'right'],
      ['.maplibregl-ctrl-bottom-left', 'bottom'],
      ['.maplibregl-ctrl-bottom-right', 'bottom'],
    ];
    for (const [sel, side] of corners)
      map.getContainer().querySelector<HTMLElement>(sel)?.setAttribute('data-map-inset', side);
    let cancel = () => undefined as void;
    const update = () => {
      cancel();
      cancel = afterPaint(() =>
        applyPadding(map, measureInsets(map, area), () => keepInView(map, useApp.getState(), false)),
      );
    };
    const resize = new ResizeObserver(update);
    const watch = () => {
      resize.disconnect();
      resize.observe(area);
      area.querySelectorAll('[data-map-inset]').forEach((el) => resize.observe(el));
    };
    const marked = (n: Node) => n instanceof HTMLElement && n.hasAttribute('data-map-inset');
    const mutations = new MutationObserver((records) => {
      if (
        !records.some(
          (r) =>
            r.type === 'attributes' || [...r.addedNodes].some(marked) || [...r.removedNodes].some(marked),
        )
      )
        return;
      watch();
      update();
    });
    mutations.observe(area, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['data-map-inset'],
    });
    watch();
    update();
    return () => {
      cancel();
      resize.disconnect();
      mutations.disconnect();
    };
  }, [ready]);

  // A new selection is brought into view if it is hidden; "show on map" flies to it.
  useEffect(() => {
    const m = mapRef.current;
    if (m) keepInView(m, useApp.getState(), false);
  }, [shown]);
  useEffect(() => {
    const m = mapRef.current;
    if (!m || flyToken === 0) return;
    return afterPaint(() => keepInView(m, useApp.getState(), true));
  }, [flyToken]);
  useEffect(() => {
    const m = mapRef.current;
    if (m && camera) m.flyTo({ center: camera.center, zoom: camera.zoom, duration: 800 });
  }, [camera]);

  useEffect(
    () => () => {
      pulseRef.current?.clear();
      mapRef.current?.remove();
      mapRef.current = null;
    },
    [],
  );

  return (
    <>
      <div ref={container} className="map" data-testid="map" />
      {info && (!pack || info.mapPackProblem) && (
        <div className="map-notice" data-testid="map-notice" data-map-inset="bottom">
          <span>
            {info.mapPackProblem ? t('map.packProblem', { message: info.mapPackProblem }) : t('map.noPack')}
          </span>
          <button data-testid="notice-import" onClick={() => useApp.getState().setPacksOpen(true)}>
            {t('packs.import')}
          </button>
        </div>
      )}
      <div className="map-coords" data-testid="map-coords" data-map-inset="bottom">
        {cursor
          ? t('map.coords', { lng: cursor[0].toFixed(5), lat: cursor[1].toFixed(5) })
          : t('map.coordsHint')}
      </div>
      {menu && (
        <div
          className="map-menu"
          role="menu"
          style={{ left: menu.x, top: menu.y }}
          data-testid="map-menu"
          onMouseLeave={() => setMenu(null)}
        >
          <button
            role="menuitem"
            data-testid="menu-report"
            autoFocus
            onClick={() => {
              useApp.getState().setReportAt(menu.lngLat);
              setMenu(null);
            }}
          >
            {t('report.here')}
          </button>
          {fieldUnit && (
            <button
              role="menuitem"
              data-testid="menu-my-position"
              onClick={() => {
                useApp.getState().setPickedPosition(menu.lngLat);
                setMenu(null);
              }}
            >
              {t('unitConsole.positionHere')}
            </button>
          )}
          <div className="menu-coords">
            {t('map.coords', { lng: menu.lngLat[0].toFixed(5), lat: menu.lngLat[1].toFixed(5) })}
          </div>
        </div>
      )}
    </>
  );
}

/** Until the app info says which pack to draw: the theme's background only (never a wrong basemap). */
function placeholderStyle(theme: 'light' | 'dark'): maplibregl.StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [
      {
        id: 'background',
        type: 'background',
        paint: { 'background-color': theme === 'dark' ? '#0b1220' : '#eef1f4' },
      },
    ],
  };
}

/** Push data to the map; the first time after a style (re)build, report readiness once drawn. */
function syncAndMarkReady(m: MlMap, d: OverlayData, theme: 'light' | 'dark'): void {
  syncOperationalLayers(m, d, theme, useApp.getState().layers);
  if (window.__jinyingMapReady) return;
  performance.mark('jinying:layers');
  const check = () => {
    if (m.isStyleLoaded() && m.areTilesLoaded()) {
      window.__jinyingMapReady = true;
      window.__jinyingMapReadyAt ??= performance.now();
      m.off('render', check);
      useApp.getState().setMapReady();
    }
  };
  m.on('render', check);
  m.triggerRepaint();
}

function wireInteraction(
  map: MlMap,
  setCursor: (c: [number, number] | null) => void,
  setMenu: (m: { x: number; y: number; lngLat: [number, number] } | null) => void,
): void {
  const { setHover, select } = useApp.getState();
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
      // While drawing, terra-draw owns the cursor (annotationDraw.ts).
      if (useApp.getState().drawing) return setHover(null);
      const f = pick(e.point)[0];
      const id = f?.properties?.id as string | undefined;
      const kind = f ? PICKABLE_LAYERS[f.layer.id as keyof typeof PICKABLE_LAYERS] : undefined;
      if (useApp.getState().positionPickArmed) {
        map.getCanvas().style.cursor = 'crosshair';
        return;
      }
      map.getCanvas().style.cursor =
        id ||
        map.queryRenderedFeatures(e.point, {
          layers: map.getLayer('units-clusters') ? ['units-clusters'] : [],
        }).length
          ? 'pointer'
          : '';
      setHover(id && kind ? { kind, id, x: e.point.x, y: e.point.y } : null);
    });
  });
  map.on('mouseout', () => {
    setCursor(null);
    setHover(null);
  });
  map.on('click', (e) => {
    setMenu(null);
    // While drawing, a click is a point of the shape (annotationDraw.ts), not a selection.
    if (useApp.getState().drawing) return;
    if (useApp.getState().positionPickArmed) {
      useApp.getState().setPickedPosition([e.lngLat.lng, e.lngLat.lat]);
      map.getCanvas().style.cursor = '';
      return;
    }
    const f = pick(e.point)[0];
    const id = f?.properties?.id as string | undefined;
    if (f && id) {
      select({ kind: PICKABLE_LAYERS[f.layer.id as keyof typeof PICKABLE_LAYERS], id });
      return;
    }
    const cluster = map.getLayer('units-clusters')
      ? map.queryRenderedFeatures(e.point, { layers: ['units-clusters'] })[0]
      : undefined;
    if (cluster) {
      const src = map.getSource('units') as maplibregl.GeoJSONSource;
      void src.getClusterExpansionZoom(cluster.properties.cluster_id as number).then((zoom) => {
        map.easeTo({
          center: (cluster.geometry as GeoJSON.Point).coordinates as [number, number],
          zoom: zoom + 0.2,
          duration: 500,
        });
      });
    }
  });
  map.on('contextmenu', (e) => {
    e.preventDefault();
    setMenu({ x: e.point.x, y: e.point.y, lngLat: [e.lngLat.lng, e.lngLat.lat] });
  });
}
