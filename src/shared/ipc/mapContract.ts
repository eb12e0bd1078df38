import * as z from 'zod';
import { Id, LngLat } from '../domain';
import { MAX_REQUEST_BYTES } from './limits';

/** Map packs (docs/map-packs.md) and the map's computed layers: reach and the 1-hour coverage. */

const Empty = z.object({}).strict();

/** Largest base64 .zip a web-mode upload may carry (fits in MAX_REQUEST_BYTES with its envelope). */
export const MAX_UPLOAD_BASE64 = MAX_REQUEST_BYTES - 4096;

/** A map pack layer as the renderer loads it (URL served by app:// or the web-mode server). */
export const MapPackLayerKind = z.enum([
  'province',
  'city',
  'county',
  'rivers',
  'roads',
  'hazards',
  'points',
  'other',
]);
export type MapPackLayerKind = z.infer<typeof MapPackLayerKind>;

/** Tile formats a pack's MBTiles/PMTiles file may hold: raster images, or Mapbox vector tiles (pbf). */
export const MapTileFormat = z.enum(['png', 'jpg', 'webp', 'pbf']);
export type MapTileFormat = z.infer<typeof MapTileFormat>;

/** The tiles of a pack (one .mbtiles or .pmtiles file), served at `url` with {z}/{x}/{y} filled in. */
export const MapPackTiles = z.object({
  file: z.string(),
  format: MapTileFormat,
  url: z.string(),
  minzoom: z.number(),
  maxzoom: z.number(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  /** Vector tiles: the layers inside them (from the file's `vector_layers`). */
  vectorLayers: z.array(z.object({ id: z.string(), fields: z.array(z.string()) })),
  /** Vector tiles: the property drawn as a label, when the pack's manifest names one. */
  labelField: z.string().nullable(),
});
export type MapPackTiles = z.infer<typeof MapPackTiles>;

export const MapPackInfo = z.object({
  id: z.string(),
  name: z.string(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  licence: z.string(),
  attribution: z.string(),
  layers: z.array(
    z.object({ kind: MapPackLayerKind, url: z.string(), file: z.string(), features: z.number() }),
  ),
  tiles: MapPackTiles.nullable(),
});
export type MapPackInfo = z.infer<typeof MapPackInfo>;

/** An installed map pack as listed in the pack manager. */
export const MapPackSummary = z.object({
  id: z.string(),
  name: z.string(),
  attribution: z.string(),
  licence: z.string(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  importedAt: z.string(),
  layers: z.number(),
});
export type MapPackSummary = z.infer<typeof MapPackSummary>;

const PackId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);
/** Import a pack from a folder or .zip path on this machine (the desktop picks it with a dialog). */
export const MapPackImportRequest = z
  .object({
    path: z.string().min(1).max(4096),
    /** Attribution for a pack that carries none (asked of the user when the import says so). */
    attribution: z.string().max(500).optional(),
    name: z.string().max(200).optional(),
  })
  .strict();
/** The steps of an import, in order (the import worker reports them with `mappack:progress`). */
export const MAP_PACK_IMPORT_PHASES = ['read', 'unzip', 'check', 'write', 'done'] as const;
export type MapPackImportPhase = (typeof MAP_PACK_IMPORT_PHASES)[number];
/** One progress report of an import: the step, its progress, the whole import's percent. */
export interface MapPackProgress {
  phase: MapPackImportPhase;
  /** Bytes (of the files read, unpacked, checked, written); 1 of 1 when done. */
  done: number;
  total: number;
  /** The file being worked on, when there is one. */
  file: string | null;
  /** The whole import, 0–100, never going down; 100 only with phase 'done'. */
  percent: number;
}
/** Import a .zip sent as base64 (web mode, where the browser cannot name a path). */
export const MapPackUploadRequest = z
  .object({
    fileName: z.string().min(1).max(255),
    zipBase64: z.string().max(MAX_UPLOAD_BASE64),
    attribution: z.string().max(500).optional(),
  })
  .strict();

/** 60-minute air reach of each base and ground ETA of candidate units for one incident. */
export const ReachResult = z.object({
  incidentId: z.string(),
  minutes: z.number(),
  bases: z.array(
    z.object({
      baseId: z.string(),
      name: z.string(),
      location: LngLat,
      /** Radius reachable within `minutes` by the base's best available aircraft, metres; 0 when none. */
      reachM: z.number(),
      /** Air ETA from the base to the incident, minutes, or null when out of range / no aircraft. */
      etaMinutes: z.number().nullable(),
      aircraft: z.string().nullable(),
    }),
  ),
  units: z.array(
    z.object({
      unitId: z.string(),
      name: z.string(),
      position: LngLat,
      etaMinutes: z.number(),
      distanceKm: z.number(),
      stale: z.boolean(),
    }),
  ),
  /** Which engine computed it, so the map can say so. */
  engine: z.string(),
});
export type ReachResult = z.infer<typeof ReachResult>;

/** How well the 1-hour aviation network covers each county of the current map pack. */
export const CoverageResult = z.object({
  minutes: z.number(),
  counties: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** Share of the county's area within `minutes` of at least one base, 0..1. */
      covered: z.number(),
      /** Worst best air ETA anywhere in the county, minutes; null when part of it is out of every aircraft's range. */
      worstEtaMinutes: z.number().nullable(),
    }),
  ),
  /** Worst-served points of the counties, and named places (city centres, airports), outside the network. */
  uncoveredPlaces: z.array(z.object({ name: z.string(), location: LngLat })),
  /**
   * Coverage weighted by the pack's hazard zones (forest, flood, geological-hazard areas) beside
   * plain area; null when the pack has no hazard layer.
   */
  hazardWeighted: z
    .object({
      plainCoveredFraction: z.number(),
      weightedCoveredFraction: z.number().nullable(),
      zones: z.array(
        z.object({
          kind: z.string(),
          areaKm2: z.number(),
          coveredFraction: z.number().nullable(),
        }),
      ),
    })
    .nullable(),
  engine: z.string(),
});
export type CoverageResult = z.infer<typeof CoverageResult>;

export const mapChannels = {
  'mappack:list': {
    request: Empty,
    response: z.object({ packs: z.array(MapPackSummary), currentId: z.string().nullable() }),
  },
  'mappack:import': { request: MapPackImportRequest, response: MapPackInfo },
  'mappack:upload': { request: MapPackUploadRequest, response: MapPackInfo },
  'mappack:use': { request: z.object({ id: PackId.nullable() }).strict(), response: MapPackInfo.nullable() },
  'mappack:remove': { request: z.object({ id: PackId }).strict(), response: z.null() },
  /** Stop the import running (its worker is stopped, nothing of it stays); false when none was. */
  'mappack:cancel': { request: Empty, response: z.object({ cancelled: z.boolean() }) },
  'map:reach': {
    request: z.object({ incidentId: Id, minutes: z.number().min(5).max(240).optional() }).strict(),
    response: ReachResult,
  },
  'map:coverage': {
    request: z
      .object({
        minutes: z.number().min(5).max(240).optional(),
        /** The moment to judge aircraft availability at (ms since the epoch); default now. */
        at: z.number().int().positive().optional(),
      })
      .strict(),
    response: CoverageResult,
  },
};
