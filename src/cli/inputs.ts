import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import type { FeatureCollection } from 'geojson';
import { loadScenarioText, Scenario as ScenarioSchema, type Scenario } from '../shared/domain';
import { prototypeKeyPath } from '../shared/util/protoKeys';
import { describeParseFailure, parseJsonWithPositions, pathKey } from '../shared/domain/jsonPositions';
import { HazardType, LngLat, ResponseLevel, Capability, Id, NonNegativeInt } from '../shared/domain';
import {
  locateRegion,
  regionsFromGeoJSON,
  SHANXI_BBOX,
  isInBBox,
  type Position,
  type Region,
} from '../shared/geo';
import type { AssignIncident } from '../shared/dispatch';
import { hazardZonesFromGeoJSON, type HazardZone } from '../shared/dispatch/coverageHazard';

/**
 * Reading and validating everything the dispatch CLI takes from outside: files, coordinates and
 * codes. Every failure is a CliError whose message names the problem and what to do. JSON is read
 * with parseJsonWithPositions, which refuses prototype keys (`__proto__` …) with their line.
 */
export class CliError extends Error {}

// src/cli/ and the bundle's dist/cli/ are both two folders below the repository root.
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_SCENARIO = join(REPO_ROOT, 'assets/scenarios/shanxi-demo.json');

function readText(file: string, what: string): string {
  if (!existsSync(file)) throw new CliError(`${what} ${file} does not exist`);
  if (!statSync(file).isFile()) throw new CliError(`${what} ${file} is not a file`);
  return readFileSync(file, 'utf8');
}

export function loadScenarioFile(file: string): Scenario {
  const text = readText(file, 'scenario file');
  // Fast path (a CLI call is mostly this): the native parser, the prototype-key check and the
  // schema. Anything short of success is read again by the position-keeping loader, whose
  // message names the line and column; a file it accepts is accepted here the same.
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (prototypeKeyPath(value) === null) {
      const fast = ScenarioSchema.safeParse(value);
      if (fast.success) return fast.data;
    }
  } catch {
    // not JSON: the loader below says where
  }
  const r = loadScenarioText(text, file);
  if (!r.ok) throw new CliError(r.error.message);
  return r.value;
}

/**
 * "Now" for fix ages. `--now ISO` wins; for a demo scenario the default is the scenario's own time
 * (its newest timestamp), so its fixes are as old as the scenario says rather than days old; for
 * real data it is the clock.
 */
export function resolveNow(arg: string | undefined, scenario: Scenario): { ms: number; source: string } {
  if (arg !== undefined) {
    const ms = Date.parse(arg);
    if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(arg)) {
      throw new CliError(`--now "${arg}" is not an ISO time; use e.g. 2026-11-29T08:00:00+08:00`);
    }
    return { ms, source: '--now' };
  }
  if (scenario.demo) {
    let newest = -Infinity;
    for (const u of scenario.units) newest = Math.max(newest, Date.parse(u.positionFixAt));
    for (const i of scenario.incidents)
      newest = Math.max(newest, Date.parse(i.updatedAt), Date.parse(i.reportedAt));
    if (Number.isFinite(newest))
      return { ms: newest, source: 'scenario time (newest timestamp in the demo scenario; --now to change)' };
  }
  return { ms: Date.now(), source: 'clock' };
}

const Feature = z
  .object({
    type: z.literal('Feature'),
    properties: z.record(z.string(), z.unknown()).nullable(),
    geometry: z
      .object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) })
      .loose(),
  })
  .loose();
const FeatureCollectionSchema = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(Feature).min(1) })
  .loose();

export interface MapPack {
  dir: string;
  counties: FeatureCollection;
  countyRegions: Region[];
  /** The province outline when the pack has one, else the counties. */
  provinceRegions: Region[];
  /** Hazard-prone zones (a *hazard*.geojson or *risk*.geojson layer), or null when the pack has none. */
  hazardZones: HazardZone[] | null;
}

function readGeoJSON(file: string): FeatureCollection {
  const text = readText(file, 'map pack file');
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) throw new CliError(describeParseFailure(parsed, file));
  const r = FeatureCollectionSchema.safeParse(parsed.value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const pos = parsed.positions.get(
      pathKey(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
    ) ?? { line: 1, column: 1 };
    throw new CliError(
      `${file}:${pos.line}:${pos.column}: not a FeatureCollection of polygons (${issue.path.join('.')}: ${issue.message})`,
    );
  }
  return parsed.value as FeatureCollection;
}

/** Map packs read in this process, by folder (a batch reads each once). */
const packs = new Map<string, MapPack>();

/** Load a map pack folder: the county (district) polygons, and the province outline if present. */
export function loadMapPack(dir: string): MapPack {
  const key = resolve(dir);
  const known = packs.get(key);
  if (known) return known;
  const pack = readMapPack(dir);
  packs.set(key, pack);
  return pack;
}

function readMapPack(dir: string): MapPack {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError(
      `map pack folder ${dir} does not exist; pass --map-pack DIR with the county GeoJSON (e.g. shanxi_district_*.geojson)`,
    );
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.geojson'));
  const countyFile = files.find((f) => /district|county/i.test(f));
  if (!countyFile)
    throw new CliError(`map pack ${dir} has no county layer (a *district*.geojson or *county*.geojson file)`);
  const counties = readGeoJSON(join(dir, countyFile));
  const countyRegions = regionsFromGeoJSON(counties);
  const provinceFile = files.find((f) => /province/i.test(f));
  const provinceRegions = provinceFile
    ? regionsFromGeoJSON(readGeoJSON(join(dir, provinceFile)))
    : countyRegions;
  const hazardFile = files.find((f) => /hazard|risk/i.test(f));
  let hazardZones: HazardZone[] | null = null;
  if (hazardFile) {
    try {
      hazardZones = hazardZonesFromGeoJSON(readGeoJSON(join(dir, hazardFile)));
    } catch (e) {
      throw new CliError(`map pack ${dir}: hazard layer ${hazardFile}: ${(e as Error).message}`);
    }
  }
  return { dir, counties, countyRegions, provinceRegions, hazardZones };
}

/**
 * The map pack given, or null: there is no default pack (map data is never bundled, and the CLI
 * reads nothing outside what it is given). Without one, points are checked against Shanxi's
 * bounding box and no county is named.
 */
export function optionalMapPack(dir: string | undefined): MapPack | null {
  return dir === undefined ? null : loadMapPack(dir);
}

export function requireMapPack(dir: string | undefined): MapPack {
  if (dir === undefined)
    throw new CliError(
      'coverage needs county geometry: pass --map-pack DIR, a map pack folder with the county GeoJSON (a *district*.geojson or *county*.geojson; docs/map-packs.md). There is no default map pack.',
    );
  return loadMapPack(dir);
}

/** Parse "LON,LAT" and check it is a real coordinate inside Shanxi. */
export function parseLngLat(text: string | undefined, flag: string, pack: MapPack | null): Position {
  if (text === undefined) throw new CliError(`${flag} LON,LAT is required`);
  const parts = text.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || nums.some((n) => !Number.isFinite(n))) {
    throw new CliError(
      `${flag} "${text}" is not LON,LAT (two numbers separated by a comma, e.g. 112.55,37.87)`,
    );
  }
  const [lng, lat] = nums as [number, number];
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
    const swapped =
      lat >= -180 && lat <= 180 && lng >= -90 && lng <= 90
        ? ' (did you give LAT,LON? the order is LON,LAT)'
        : '';
    throw new CliError(
      `${flag} ${text} is out of range: longitude must be within ±180 and latitude within ±90${swapped}`,
    );
  }
  const p: Position = [lng, lat];
  const inside = pack ? locateRegion(pack.provinceRegions, p) !== null : isInBBox(p);
  if (!inside) {
    const swapped = isInBBox([lat, lng]) ? ' (did you give LAT,LON? the order is LON,LAT)' : '';
    throw new CliError(
      `${flag} ${text} is outside Shanxi (${pack ? `province outline in ${pack.dir}` : `bounding box ${SHANXI_BBOX.join(',')}`})${swapped}; ` +
        'give a point inside the province, e.g. 112.55,37.87 (Taiyuan)',
    );
  }
  return p;
}

export function parseHazard(text: string | undefined): HazardType {
  if (text === undefined)
    throw new CliError(`--hazard TYPE is required (one of: ${HazardType.options.join(', ')})`);
  const r = HazardType.safeParse(text);
  if (!r.success)
    throw new CliError(`unknown hazard "${text}"; use one of: ${HazardType.options.join(', ')}`);
  return r.data;
}

export function parseLevel(text: string | undefined, fallback: ResponseLevel): ResponseLevel {
  if (text === undefined) return fallback;
  const r = ResponseLevel.safeParse(text.toUpperCase());
  if (!r.success) throw new CliError(`unknown response level "${text}"; use I, II, III or IV`);
  return r.data;
}

export function parseNumber(
  text: string | undefined,
  flag: string,
  o: { min: number; max: number; integer?: boolean; fallback: number },
): number {
  if (text === undefined) return o.fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || (o.integer && !Number.isInteger(n))) {
    throw new CliError(`${flag} "${text}" is not ${o.integer ? 'a whole number' : 'a number'}`);
  }
  if (n < o.min || n > o.max) throw new CliError(`${flag} ${text} is out of range (${o.min} to ${o.max})`);
  return n;
}

const Need = z
  .object({
    role: z.string().min(1).max(60).optional(),
    anyOf: z.array(Capability).min(1),
    count: NonNegativeInt.max(100),
    resource: z.enum(['unit', 'aircraft', 'any']).optional(),
    minBucketLitres: NonNegativeInt.optional(),
  })
  .strict();

/** An incident in an --incidents file: a full Incident works, or just these fields. */
const AssignIncidentSchema = z
  .object({
    id: Id,
    location: LngLat,
    hazard: HazardType,
    level: ResponseLevel,
    needs: z.array(Need).optional(),
  })
  .loose();
const IncidentsFile = z.union([
  z.array(AssignIncidentSchema).min(1),
  z.object({ incidents: z.array(AssignIncidentSchema).min(1) }).loose(),
]);

export function loadIncidentsFile(file: string, pack: MapPack | null): AssignIncident[] {
  const text = readText(file, 'incidents file');
  const parsed = parseJsonWithPositions(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) throw new CliError(describeParseFailure(parsed, file));
  return incidentsFrom(parsed.value, file, pack, (path) => {
    let pos = parsed.positions.get(pathKey(path));
    for (let n = path.length; !pos && n >= 0; n--) pos = parsed.positions.get(pathKey(path.slice(0, n)));
    return `${file}:${pos?.line ?? 1}:${pos?.column ?? 1} `;
  });
}

/**
 * Incidents given inline (a batch request's `incidents` value, already parsed and free of
 * prototype keys): the same checks as a file, errors named by `label` and the path.
 */
export function incidentsFromValue(value: unknown, label: string, pack: MapPack | null): AssignIncident[] {
  return incidentsFrom(value, label, pack, () => `${label}: `);
}

function incidentsFrom(
  value: unknown,
  file: string,
  pack: MapPack | null,
  where: (path: (string | number)[]) => string,
): AssignIncident[] {
  const r = IncidentsFile.safeParse(value);
  if (!r.success) {
    // Report against the array form, which is what people write most.
    const arr = Array.isArray(value) ? z.array(AssignIncidentSchema).min(1).safeParse(value) : null;
    const issues = (arr && !arr.success ? arr.error.issues : r.error.issues).slice(0, 5);
    const lines = issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      return `  ${where(path)}${path.join('.') || '(root)'}: ${issue.message}`;
    });
    throw new CliError(
      `${file} is not an incidents file (a JSON array of {id, location: [LON, LAT], hazard, level, needs?}, or {"incidents": [...]}):\n${lines.join('\n')}`,
    );
  }
  const list = Array.isArray(r.data) ? r.data : r.data.incidents;
  const seen = new Set<string>();
  return list.map((inc, i) => {
    if (seen.has(inc.id)) throw new CliError(`${file}: incident id "${inc.id}" appears twice`);
    seen.add(inc.id);
    const p = parseLngLat(`${inc.location[0]},${inc.location[1]}`, `${file}: incidents[${i}].location`, pack);
    return {
      id: inc.id,
      location: p,
      hazard: inc.hazard,
      level: inc.level,
      ...(inc.needs ? { needs: inc.needs } : {}),
    };
  });
}

/** `--water LON,LAT` (repeatable): water sources for bucket missions. */
export function parseWater(
  texts: readonly string[] | undefined,
  pack: MapPack | null,
): Position[] | undefined {
  const w = (texts ?? []).map((t, i) => parseLngLat(t, `--water #${i + 1}`, pack));
  return w.length ? w : undefined;
}
