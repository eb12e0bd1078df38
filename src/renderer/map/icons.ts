import type { Map as MlMap } from 'maplibre-gl';
import type {
  HazardType,
  UnitKind,
  UnitStatus,
  BaseKind,
  DepotLevel,
  ResponseLevel,
} from '../../shared/domain';
import type { Theme } from '../../shared/ipc';
import { MAP_COLOURS } from './theme';

/**
 * Map icons drawn on a canvas at run time (no sprite sheet, no network): one image per
 * combination actually used, created when MapLibre first asks for it (`styleimagemissing`).
 * The legend draws the same images, so map and legend always agree.
 *
 * Names: `inc:<hazard>:<level>:<theme>`, `unit:<kind>:<status>:<stale 0|1>:<theme>`,
 * `base:<kind>:<theme>`, `depot:<level>:<warning 0|1>:<theme>`, `cluster:<count>:<theme>`.
 */

/** One character per hazard, drawn in the incident badge (the legend names them in full). */
export const HAZARD_GLYPH: Record<HazardType, string> = {
  flood: '洪',
  landslide: '滑',
  debris_flow: '泥',
  earthquake: '震',
  forest_fire: '林',
  mine_accident: '矿',
  hazmat: '化',
  building_collapse: '塌',
  fire: '火',
  traffic_accident: '交',
  drought: '旱',
  snow_ice: '雪',
  other: '事',
};

export const UNIT_GLYPH: Record<UnitKind, string> = {
  fire_rescue: '消',
  forest_fire: '森',
  mine_rescue: '矿',
  hazmat: '化',
  flood: '汛',
  earthquake_geo: '震',
  medical: '医',
  utilities: '电',
  social: '社',
  aircraft: '航',
};

export const STATUS_COLOUR: Record<UnitStatus, string> = {
  available: '#2e7d32',
  dispatched: '#ef6c00',
  en_route: '#1565c0',
  on_scene: '#c62828',
  returning: '#00838f',
  out_of_service: '#757575',
};

const BASE_GLYPH: Record<BaseKind, string> = {
  civil_airport: '机',
  forest_aviation: '林',
  general_aviation: '通',
  helipad: 'H',
};
const DEPOT_SIZE: Record<DepotLevel, number> = { province: 24, city: 20, county: 16 };

const FONT =
  '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
const RATIO = 2;

type Drawn = { width: number; height: number; data: Uint8ClampedArray };

function canvas(w: number, h: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const c = document.createElement('canvas');
  c.width = w * RATIO;
  c.height = h * RATIO;
  const ctx = c.getContext('2d')!;
  ctx.scale(RATIO, RATIO);
  return [c, ctx];
}

function glyph(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  size: number,
  colour: string,
): void {
  ctx.fillStyle = colour;
  ctx.font = `700 ${size}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x, y + size * 0.06);
}

function roundRect(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** Draw the named icon; null when the name is not one of ours. */
export function drawIcon(name: string): HTMLCanvasElement | null {
  const parts = name.split(':');
  const theme = (parts[parts.length - 1] === 'dark' ? 'dark' : 'light') as Theme;
  const c = MAP_COLOURS[theme];
  const halo = theme === 'dark' ? '#0b1220' : '#ffffff';
  switch (parts[0]) {
    case 'inc': {
      const [, hazard, level] = parts as [string, HazardType, ResponseLevel];
      const size = { I: 34, II: 31, III: 28, IV: 26 }[level] ?? 26;
      const [cv, ctx] = canvas(size, size);
      const r = size / 2;
      // A warning diamond: reads as "incident" at a glance, distinct from round units and square depots.
      ctx.beginPath();
      ctx.moveTo(r, 1);
      ctx.lineTo(size - 1, r);
      ctx.lineTo(r, size - 1);
      ctx.lineTo(1, r);
      ctx.closePath();
      ctx.fillStyle = c.incident[level] ?? c.incident.IV;
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = halo;
      ctx.stroke();
      glyph(ctx, HAZARD_GLYPH[hazard] ?? '事', r, r, size * 0.42, level === 'III' ? '#222' : '#fff');
      return cv;
    }
    case 'unit': {
      const [, kind, status, stale] = parts as [string, UnitKind, UnitStatus, string];
      const size = 18;
      const [cv, ctx] = canvas(size, size);
      const colour = STATUS_COLOUR[status] ?? '#757575';
      ctx.beginPath();
      ctx.arc(size / 2, size / 2, size / 2 - 1.5, 0, Math.PI * 2);
      if (stale === '1') {
        // A stale fix is drawn hollow and dashed: the unit may no longer be where it is shown.
        ctx.fillStyle = halo;
        ctx.fill();
        ctx.setLineDash([2.5, 2]);
        ctx.lineWidth = 2;
        ctx.strokeStyle = colour;
        ctx.stroke();
        glyph(ctx, UNIT_GLYPH[kind] ?? '队', size / 2, size / 2, 10, colour);
      } else {
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = halo;
        ctx.stroke();
        glyph(ctx, UNIT_GLYPH[kind] ?? '队', size / 2, size / 2, 10, '#fff');
      }
      return cv;
    }
    case 'base': {
      const [, kind] = parts as [string, BaseKind];
      const size = 24;
      const [cv, ctx] = canvas(size, size);
      ctx.beginPath();
      // A triangle pointing up: a launch point.
      ctx.moveTo(size / 2, 1.5);
      ctx.lineTo(size - 1.5, size - 2);
      ctx.lineTo(1.5, size - 2);
      ctx.closePath();
      ctx.fillStyle = c.base;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = halo;
      ctx.stroke();
      glyph(ctx, BASE_GLYPH[kind] ?? '机', size / 2, size * 0.62, 10, theme === 'dark' ? '#1a1030' : '#fff');
      return cv;
    }
    case 'depot': {
      const [, level, warning] = parts as [string, DepotLevel, string];
      const s = DEPOT_SIZE[level] ?? 16;
      const pad = 4;
      const [cv, ctx] = canvas(s + pad * 2, s + pad * 2);
      roundRect(ctx, pad, pad, s, s, 3);
      ctx.fillStyle = c.depot;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = halo;
      ctx.stroke();
      glyph(ctx, '储', pad + s / 2, pad + s / 2, s * 0.55, theme === 'dark' ? '#062a2e' : '#fff');
      if (warning === '1') {
        ctx.beginPath();
        ctx.arc(s + pad - 1, pad + 1, 5, 0, Math.PI * 2);
        ctx.fillStyle = c.depotWarning;
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = halo;
        ctx.stroke();
        glyph(ctx, '!', s + pad - 1, pad + 1, 8, '#fff');
      }
      return cv;
    }
    case 'cluster': {
      const n = Number(parts[1]);
      const label = n >= 1000 ? `${Math.round(n / 100) / 10}k` : String(n);
      const size = 22 + Math.min(16, Math.log10(Math.max(n, 1)) * 6);
      const [cv, ctx] = canvas(size, size);
      ctx.beginPath();
      ctx.arc(size / 2, size / 2, size / 2 - 1.5, 0, Math.PI * 2);
      ctx.fillStyle = theme === 'dark' ? 'rgba(105,240,174,0.85)' : 'rgba(46,125,50,0.88)';
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = halo;
      ctx.stroke();
      glyph(ctx, label, size / 2, size / 2, label.length > 3 ? 9 : 11, theme === 'dark' ? '#06220f' : '#fff');
      return cv;
    }
  }
  return null;
}

function imageData(cv: HTMLCanvasElement): Drawn {
  const ctx = cv.getContext('2d')!;
  return { width: cv.width, height: cv.height, data: ctx.getImageData(0, 0, cv.width, cv.height).data };
}

/** Give the map our icons on demand. Returns a detach function. */
export function attachIcons(map: MlMap): () => void {
  map.setMissingStyleImageResolver((id) => {
    if (map.hasImage(id)) return;
    const cv = drawIcon(id);
    if (cv) map.addImage(id, imageData(cv), { pixelRatio: RATIO });
  });
  return () => map.setMissingStyleImageResolver(null);
}

/**
 * Add the named icons now, before the layers that use them: a missing image costs a round trip
 * from the worker per tile, which shows on the first render.
 */
export function ensureIcons(map: MlMap, names: Iterable<string>): void {
  for (const id of names) {
    if (map.hasImage(id)) continue;
    const cv = drawIcon(id);
    if (cv) map.addImage(id, imageData(cv), { pixelRatio: RATIO });
  }
}

const urlCache = new Map<string, string>();
/** The same icon as a data: URL, for the legend and cards. */
export function iconUrl(name: string): string {
  let u = urlCache.get(name);
  if (!u) {
    u = drawIcon(name)?.toDataURL() ?? '';
    urlCache.set(name, u);
  }
  return u;
}

/** Each cluster shows its exact count; the images are made as counts appear. */
export function clusterIconExpression(theme: Theme): unknown {
  return ['concat', 'cluster:', ['to-string', ['get', 'point_count']], ':', theme];
}
