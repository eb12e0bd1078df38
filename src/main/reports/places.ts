import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { guessLayerKind } from '../mappacks/manifest';
import { parseSourcesMd } from '../mappacks/check';
import { parseUntrustedJson } from '../../shared/util/protoKeys';

type Ring = [number, number][];
/** A boundary: its adcode, name and polygons (each a list of rings, the first the outer one). */
export interface Boundary {
  adcode: string;
  name: string;
  polygons: Ring[][];
}

/** What a report takes from a map pack: city and county names and outlines, and the attribution. */
export interface ReportPlaces {
  names: Map<string, string>;
  cities: Boundary[];
  counties: Boundary[];
  attribution: string;
}

export const NO_PLACES: ReportPlaces = { names: new Map(), cities: [], counties: [], attribution: '' };

interface Feature {
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates: unknown } | null;
}

function polygonsOf(g: Feature['geometry']): Ring[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g.type === 'MultiPolygon') return g.coordinates as Ring[][];
  return [];
}

function readLayer(file: string, code: string, name: string): Boundary[] {
  const fc = parseUntrustedJson(readFileSync(file, 'utf8'), file) as { features?: Feature[] };
  const out: Boundary[] = [];
  for (const f of fc.features ?? []) {
    const p = f.properties ?? {};
    const adcode = String(p[code] ?? '');
    if (!/^\d{6}$/.test(adcode)) continue;
    out.push({ adcode, name: String(p[name] ?? adcode), polygons: polygonsOf(f.geometry) });
  }
  return out;
}

/**
 * City and county names and outlines from a map pack folder: an installed pack (its stored
 * manifest names each layer's kind) or a pack as delivered (the manifest's layer list, or the
 * kind guessed from the file name as the importer does). Names come from the pack's
 * `city_name`/`district_name` properties; a report shows the adcode where there is none.
 */
export function loadReportPlaces(dir: string): ReportPlaces {
  if (!existsSync(dir)) throw new Error(`map pack folder ${dir} does not exist`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.geojson'));
  let manifest: { attribution?: string; layers?: { file: string; kind: string }[] } = {};
  if (existsSync(join(dir, 'manifest.json')))
    manifest = parseUntrustedJson(
      readFileSync(join(dir, 'manifest.json'), 'utf8'),
      'manifest.json',
    ) as typeof manifest;
  const kindOf = (f: string) => manifest.layers?.find((l) => l.file === f)?.kind ?? guessLayerKind(f);
  const cities = files
    .filter((f) => kindOf(f) === 'city')
    .flatMap((f) => readLayer(join(dir, f), 'city_adcode', 'city_name'));
  const counties = files
    .filter((f) => kindOf(f) === 'county')
    .flatMap((f) => readLayer(join(dir, f), 'district_adcode', 'district_name'));
  let attribution = manifest.attribution ?? '';
  if (!attribution && existsSync(join(dir, 'SOURCES.md')))
    attribution = parseSourcesMd(readFileSync(join(dir, 'SOURCES.md'), 'utf8'))?.attribution ?? '';
  const names = new Map<string, string>();
  for (const b of [...cities, ...counties]) names.set(b.adcode, b.name);
  return { names, cities, counties, attribution };
}

/** The map pack a data folder uses (its settings.json), or null when it uses none. */
export function currentPackDir(dataDir: string): string | null {
  const settings = join(dataDir, 'settings.json');
  if (!existsSync(settings)) return null;
  try {
    const id = (
      parseUntrustedJson(readFileSync(settings, 'utf8'), 'settings.json') as { mapPackId?: unknown }
    ).mapPackId;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(id)) return null;
    const dir = join(dataDir, 'packs', id);
    return existsSync(join(dir, 'manifest.json')) ? dir : null;
  } catch {
    return null;
  }
}

/** A boundary's extent, [west, south, east, north] (null for one with no coordinates). */
export function boundaryBBox(b: Boundary): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const polygon of b.polygons)
    for (const [x, y] of polygon[0] ?? []) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/**
 * The places of the pack a data folder uses, read once per pack: reports and statistics ask on
 * every request, and the pack changes rarely. A damaged pack gives no places (adcodes, no outlines)
 * rather than failing the request.
 */
export function createPlacesCache(dataDir: string): () => { dir: string | null; places: ReportPlaces } {
  let cached: { dir: string | null; places: ReportPlaces } | null = null;
  return () => {
    const dir = currentPackDir(dataDir);
    if (cached?.dir !== dir) {
      let places = NO_PLACES;
      try {
        places = dir ? loadReportPlaces(dir) : NO_PLACES;
      } catch {
        // A damaged pack: adcodes and no boundaries rather than a failure.
      }
      cached = { dir, places };
    }
    return cached;
  };
}
