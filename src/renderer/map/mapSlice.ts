import type {
  CoverageResult,
  MapPackInfo,
  MapPackProgress,
  MapPackSummary,
  ReachResult,
  AppError,
} from '../../shared/ipc';
import { api } from '../services/api';
import type { GetState, SetState } from '../store/state';
import { DEFAULT_LAYER_VISIBILITY, type LayerGroup } from './operationalLayers';

/** What the pointer is over on the map. */
export interface Hover {
  kind: 'incident' | 'unit' | 'base' | 'depot';
  id: string;
  /** Position in the map's container, px. */
  x: number;
  y: number;
}

/** A camera move asked for by the rest of the app (search, "show on map"). */
export interface CameraRequest {
  center: [number, number];
  zoom: number;
  token: number;
}

type FC = GeoJSON.FeatureCollection;

/** Map state that other features may read (layer switches, reach, coverage, packs). */
export interface MapSlice {
  layers: Record<LayerGroup, boolean>;
  setLayer: (group: LayerGroup, on: boolean) => void;

  reach: ReachResult | null;
  reachError: AppError | null;
  loadReach: (incidentId: string | null) => Promise<void>;

  coverage: CoverageResult | null;
  coverageError: AppError | null;
  loadCoverage: () => Promise<void>;

  /** Pack layers the renderer itself reads (search, coverage shading), for the pack in use. */
  packData: { packId: string; counties: FC | null; points: FC | null } | null;
  loadPackData: (pack: MapPackInfo | null) => Promise<void>;
  /** Load the current pack's data unless it is already there. */
  ensurePackData: () => Promise<void>;

  packs: MapPackSummary[];
  packsOpen: boolean;
  setPacksOpen: (open: boolean) => void;
  loadPacks: () => Promise<void>;
  importPack: (req: {
    path?: string;
    file?: File;
    attribution?: string;
  }) => Promise<{ ok: true; pack: MapPackInfo } | { ok: false; error: AppError }>;
  switchPack: (id: string | null) => Promise<AppError | null>;
  removePack: (id: string) => Promise<AppError | null>;
  /** How far the import running in main's import worker is (`mappack:progress`); null when none runs. */
  packProgress: MapPackProgress | null;
  setPackProgress: (p: MapPackProgress | null) => void;
  /** Stop the import running: nothing of it is kept, the pack in use stays. */
  cancelImport: () => Promise<AppError | null>;

  /** Where a right-click asked to report an incident. */
  reportAt: [number, number] | null;
  setReportAt: (p: [number, number] | null) => void;

  /** A field commander's position report by map click: armed → the next plain click is taken. */
  positionPickArmed: boolean;
  armPositionPick: (on: boolean) => void;
  /** The place a click (or the context menu) gave for the position report, until the console takes it. */
  pickedPosition: [number, number] | null;
  setPickedPosition: (p: [number, number] | null) => void;

  hover: Hover | null;
  setHover: (h: Hover | null) => void;

  camera: CameraRequest | null;
  flyTo: (center: [number, number], zoom: number) => void;

  /** True once the map has drawn its style, our layers and their data: work that can wait waits for it. */
  mapReady: boolean;
  setMapReady: () => void;
}

type Set = SetState;
type Get = GetState;

const MAX_UPLOAD_BYTES = 700 * 1024;

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function createMapSlice(set: Set, get: Get): MapSlice {
  const afterPackChange = async () => {
    await get().loadInfo();
    await get().loadPacks();
    set({ coverage: null, packData: null });
    if (get().layers.coverage) void get().loadCoverage();
  };
  return {
    layers: { ...DEFAULT_LAYER_VISIBILITY },
    setLayer: (group, on) => {
      set((s) => ({ layers: { ...s.layers, [group]: on } }));
      if (group === 'coverage' && on) void get().loadCoverage();
    },

    reach: null,
    reachError: null,
    loadReach: async (incidentId) => {
      if (!incidentId) {
        set({ reach: null, reachError: null });
        return;
      }
      const r = await api.invoke('map:reach', { incidentId });
      set(r.ok ? { reach: r.value, reachError: null } : { reach: null, reachError: r.error });
    },

    coverage: null,
    coverageError: null,
    loadCoverage: async () => {
      const r = await api.invoke('map:coverage', {});
      set(r.ok ? { coverage: r.value, coverageError: null } : { coverage: null, coverageError: r.error });
    },

    packData: null,
    loadPackData: async (pack) => {
      if (!pack) {
        set({ packData: null });
        return;
      }
      const fetchKind = async (kind: string): Promise<FC | null> => {
        const layer = pack.layers.find((l) => l.kind === kind);
        if (!layer) return null;
        try {
          const res = await fetch(layer.url);
          return res.ok ? ((await res.json()) as FC) : null;
        } catch {
          return null;
        }
      };
      const [counties, points] = await Promise.all([fetchKind('county'), fetchKind('points')]);
      set({ packData: { packId: pack.id, counties, points } });
    },

    ensurePackData: async () => {
      const pack = get().info?.mapPack ?? null;
      if ((get().packData?.packId ?? null) === (pack?.id ?? null) && (pack === null || get().packData))
        return;
      await get().loadPackData(pack);
    },

    packs: [],
    packsOpen: false,
    setPacksOpen: (packsOpen) => {
      set({ packsOpen });
      if (packsOpen) void get().loadPacks();
    },
    loadPacks: async () => {
      const r = await api.invoke('mappack:list', {});
      if (r.ok) set({ packs: r.value.packs });
    },
    importPack: async ({ path, file, attribution }) => {
      let r;
      set({ packProgress: null });
      if (file) {
        if (file.size > MAX_UPLOAD_BYTES) {
          const sizeKb = Math.round(file.size / 1024);
          const limitKb = Math.floor(MAX_UPLOAD_BYTES / 1024);
          return {
            ok: false,
            error: { code: 'TOO_LARGE', message: `${file.name}: ${sizeKb} KB`, params: { sizeKb, limitKb } },
          };
        }
        r = await api.invoke('mappack:upload', {
          fileName: file.name,
          zipBase64: await fileToBase64(file),
          ...(attribution ? { attribution } : {}),
        });
      } else {
        r = await api.invoke('mappack:import', { path: path ?? '', ...(attribution ? { attribution } : {}) });
      }
      set({ packProgress: null });
      if (!r.ok) return { ok: false, error: r.error };
      await afterPackChange();
      return { ok: true, pack: r.value };
    },
    packProgress: null,
    setPackProgress: (packProgress) => set({ packProgress }),
    cancelImport: async () => {
      const r = await api.invoke('mappack:cancel', {});
      return r.ok ? null : r.error;
    },
    switchPack: async (id) => {
      const r = await api.invoke('mappack:use', { id });
      if (!r.ok) return r.error;
      await afterPackChange();
      return null;
    },
    removePack: async (id) => {
      const r = await api.invoke('mappack:remove', { id });
      if (!r.ok) return r.error;
      await afterPackChange();
      return null;
    },

    reportAt: null,
    setReportAt: (reportAt) => set({ reportAt }),

    positionPickArmed: false,
    armPositionPick: (positionPickArmed) => set({ positionPickArmed }),
    pickedPosition: null,
    setPickedPosition: (pickedPosition) => set({ pickedPosition, positionPickArmed: false }),

    hover: null,
    setHover: (hover) => set({ hover }),

    camera: null,
    flyTo: (center, zoom) => set((s) => ({ camera: { center, zoom, token: (s.camera?.token ?? 0) + 1 } })),

    mapReady: false,
    setMapReady: () => {
      if (!get().mapReady) set({ mapReady: true });
    },
  };
}

/** Keep map state in step with pushes from main (another window may switch packs). */
export function connectMapSlice(get: Get): () => void {
  const offChanged = api.on('mappack:changed', () => {
    void get().loadInfo();
    void get().loadPacks();
  });
  // An import in any window shows its progress in every window's pack dialog.
  const offProgress = api.on('mappack:progress', (p) => get().setPackProgress(p.phase === 'done' ? null : p));
  return () => {
    offChanged();
    offProgress();
  };
}
