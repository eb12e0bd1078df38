import { buildRoadGraph, roadGraphRouter } from '../../shared/geo/roadGraph';
import { hazardZonesFromGeoJSON } from '../../shared/dispatch/coverageHazard';
import type { RoadRouter } from '../../shared/geo';
import { locateRegion, regionsFromGeoJSON, type Region } from '../../shared/geo/polygon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import type { Channel, MapPackInfo, MapPackProgress, ParsedRequestOf, ResponseOf } from '../../shared/ipc';
import { parseUntrustedJson } from '../../shared/util/protoKeys';
import type { StoreClient } from '../db/client';
import type { PushBus } from '../services/handlers';
import { computeCoverage, computeReach } from '../services/mapReach';
import type { SettingsFile } from '../services/settingsFile';
import { MapPackImporter } from './import';
import { MapPackStore, type PackTile } from './registry';
import { CodedError } from '../../shared/ipc/errors';

export type MapChannel = Extract<Channel, `mappack:${string}` | `map:${string}`>;
export type MapHandlers = { [C in MapChannel]: (req: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

export interface MapServices {
  /** The pack in use and, when the chosen one cannot be used, why. */
  current: () => { info: MapPackInfo | null; problem: string | null };
  packFile: (packId: string, file: string) => string | null;
  /** A tile of a pack's tile file for `/packs/<id>/tiles/<z>/<x>/<y>`; null when the pack has no tiles. */
  packTile: (packId: string, z: number, x: number, y: number) => Promise<PackTile | null>;
  /** Stop an import running and close open tile files (at shutdown). */
  close: () => Promise<void>;
  /** Import (or re-use, when already installed) the folder given on the command line, and use it. */
  importAtStart: (path: string) => Promise<void>;
  /**
   * Where a point is by the pack in use: its county's code, and whether it is inside the pack's
   * province (null when the pack has no such layer, or no pack is in use).
   */
  placeOf: (p: [number, number]) => { countyAdcode: string | null; inProvince: boolean | null };
  /** A router over the road layer of the pack in use, or null when it has none (crow-flies then). */
  roadRouter: () => RoadRouter | null;
  /**
   * A layer of the pack in use, parsed (the same object until the pack changes, so grids built
   * from it are cached), with the pack's id; null without a pack or such a layer.
   */
  packLayer: (kind: 'county' | 'hazards') => { packId: string; fc: FeatureCollection } | null;
  handlers: MapHandlers;
}

export interface MapServiceDeps {
  dataDir: string;
  settings: SettingsFile;
  bus: PushBus;
  store: StoreClient;
  log: (line: string) => void;
}

/** Map packs (import, list, use, remove) and the reach/coverage results the map draws. */
export function createMapServices(d: MapServiceDeps): MapServices {
  const packs = new MapPackStore(join(d.dataDir, 'packs'));
  // What an import cut short by a crash left behind (never a pack in use).
  packs.sweepLeftovers();
  // Imports run in a worker thread (worker.ts), reporting progress to every window.
  const importer = new MapPackImporter(packs);
  const progress = (p: MapPackProgress) => d.bus.push('mappack:progress', p);
  let startProblem: string | null = null;

  const current = (): { info: MapPackInfo | null; problem: string | null } => {
    const id = d.settings.get().mapPackId;
    if (!id) return { info: null, problem: startProblem };
    try {
      return { info: packs.describe(id), problem: startProblem };
    } catch (e) {
      return { info: null, problem: (e as Error).message };
    }
  };
  const use = (id: string | null) => {
    const s = d.settings.update({ mapPackId: id });
    d.bus.push('settings:changed', s);
    d.bus.push('mappack:changed', { currentId: id });
  };
  const geojsonOf = (info: MapPackInfo, kind: string): FeatureCollection | null => {
    const layer = info.layers.find((l) => l.kind === kind);
    const file = layer && packs.fileFor(info.id, layer.file);
    if (!layer || !file) return null;
    try {
      return parseUntrustedJson(readFileSync(file, 'utf8'), layer.file) as FeatureCollection;
    } catch (e) {
      throw new CodedError(
        'MAP_PACK_INVALID',
        `Map pack "${info.name}" is damaged (${(e as Error).message}). Remove the pack and import it again.`,
      );
    }
  };

  const regionCache = new Map<string, Region[] | null>();
  const regionsOf = (info: MapPackInfo, kind: 'county' | 'province'): Region[] | null => {
    const k = `${info.id}\u0000${kind}`;
    if (!regionCache.has(k)) {
      const fc = geojsonOf(info, kind);
      regionCache.set(k, fc ? regionsFromGeoJSON(fc) : null);
    }
    return regionCache.get(k)!;
  };
  const placeOf = (p: [number, number]) => {
    const info = current().info;
    if (!info) return { countyAdcode: null, inProvince: null };
    const counties = regionsOf(info, 'county');
    const county = counties ? locateRegion(counties, p)?.region : null;
    const province = regionsOf(info, 'province');
    const code = county && /^\d{6}$/.test(county.code) ? county.code : null;
    return { countyAdcode: code, inProvince: province ? locateRegion(province, p) !== null : null };
  };

  const routers = new Map<string, RoadRouter | null>();
  const roadRouter = (): RoadRouter | null => {
    const info = current().info;
    if (!info) return null;
    if (!routers.has(info.id)) {
      const fc = geojsonOf(info, 'roads');
      // Checked when the pack was imported, so building it does not fail on a pack we installed.
      routers.set(
        info.id,
        fc ? roadGraphRouter(buildRoadGraph(fc.features), { name: `roads:${info.name}` }) : null,
      );
    }
    return routers.get(info.id)!;
  };

  const layerCache = new Map<string, FeatureCollection | null>();
  const packLayer = (kind: 'county' | 'hazards') => {
    const info = current().info;
    if (!info) return null;
    const k = `${info.id}\u0000${kind}`;
    if (!layerCache.has(k)) layerCache.set(k, geojsonOf(info, kind));
    const fc = layerCache.get(k)!;
    return fc ? { packId: info.id, fc } : null;
  };

  const handlers: MapHandlers = {
    'mappack:list': async () => ({ packs: packs.list(), currentId: current().info?.id ?? null }),
    'mappack:import': async (req) => {
      const info = await importer.run(
        { kind: 'path', path: req.path },
        { attribution: req.attribution, name: req.name },
        progress,
      );
      startProblem = null;
      use(info.id);
      return info;
    },
    'mappack:upload': async (req) => {
      const bytes = Buffer.from(req.zipBase64, 'base64');
      const name = req.fileName.replace(/\.zip$/i, '');
      const info = await importer.run(
        { kind: 'zip', bytes, name, from: `upload:${req.fileName}` },
        { attribution: req.attribution },
        progress,
      );
      startProblem = null;
      use(info.id);
      return info;
    },
    'mappack:cancel': async () => ({ cancelled: await importer.cancel() }),
    'mappack:use': async (req) => {
      if (req.id === null) {
        use(null);
        return null;
      }
      const info = packs.describe(req.id);
      use(info.id);
      return info;
    },
    'mappack:remove': async (req) => {
      await packs.releaseTiles(req.id);
      packs.remove(req.id);
      if (d.settings.get().mapPackId === req.id) use(null);
      else d.bus.push('mappack:changed', { currentId: d.settings.get().mapPackId });
      return null;
    },
    'map:reach': async (req) => {
      const p = await d.store.call('picture');
      const incident = p.incidents.find((i) => i.id === req.incidentId);
      if (!incident) {
        throw new CodedError(
          'NOT_FOUND',
          'That incident is no longer in the picture. Refresh and select it again.',
          { kind: 'incident', id: req.incidentId },
        );
      }
      return computeReach(p, incident, req.minutes ?? 60);
    },
    'map:coverage': async (req) => {
      const p = await d.store.call('picture');
      const info = current().info;
      const counties = info ? geojsonOf(info, 'county') : null;
      const points = info ? geojsonOf(info, 'points') : null;
      const places = (points?.features ?? []).flatMap((f) => {
        const props = (f.properties ?? {}) as Record<string, unknown>;
        const name = String(props.name_zh ?? props.name ?? '');
        return f.geometry?.type === 'Point' && name
          ? [{ name, location: f.geometry.coordinates as [number, number] }]
          : [];
      });
      const hazards = info ? geojsonOf(info, 'hazards') : null;
      return computeCoverage(
        p,
        counties,
        places,
        info?.id ?? 'none',
        req.minutes ?? 60,
        req.at ?? Date.now(),
        hazards ? hazardZonesFromGeoJSON(hazards) : null,
      );
    },
  };

  return {
    current,
    placeOf,
    roadRouter,
    packLayer,
    packFile: (id, file) => packs.fileFor(id, file),
    packTile: async (id, z, x, y) => {
      try {
        return await packs.tile(id, z, x, y);
      } catch (e) {
        // A tile file damaged after import: that request fails, the server goes on.
        d.log(`[jinying] map pack ${id}: tile ${z}/${x}/${y} unreadable: ${(e as Error).message}`);
        packs.closeTiles(id);
        return null;
      }
    },
    close: async () => {
      await importer.close();
      await packs.releaseTiles();
    },
    importAtStart: async (path) => {
      try {
        const info = await importer.run({ kind: 'path', path }, {});
        d.settings.update({ mapPackId: info.id });
        startProblem = null;
      } catch (e) {
        // The pack in use (if any) stays; the problem is shown on the map.
        startProblem = (e as Error).message;
        d.log(`[jinying] map pack not used: ${(e as Error).message}`);
      }
    },
    handlers,
  };
}
