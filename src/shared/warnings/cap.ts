import { create } from 'xmlbuilder2';
import type { HazardType, WarningColour } from '../domain';
import type { WarningView } from './state';

/**
 * A warning as a CAP 1.2 message (OASIS Common Alerting Protocol, the basis of GB/T 35965.1-2018):
 * docs/interop.md §Warnings has the field mapping. The format's traps are handled here once: every
 * time carries its offset (+08:00, never "Z", which the schema's pattern refuses), polygons are
 * "lat,lon" pairs (GeoJSON is lon,lat) in closed rings, and sender and identifier hold no spaces,
 * commas or '<' / '&'.
 */

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';

/** The colour → CAP severity mapping (configuration, `settings.desk.warnings.severity`). */
export type SeverityMap = Record<WarningColour, 'Extreme' | 'Severe' | 'Moderate' | 'Minor'>;
export const DEFAULT_SEVERITY: SeverityMap = {
  red: 'Extreme',
  orange: 'Severe',
  yellow: 'Moderate',
  blue: 'Minor',
};

/** CAP categories of our hazards. */
const CATEGORY: Record<HazardType, string> = {
  flood: 'Met',
  landslide: 'Geo',
  debris_flow: 'Geo',
  earthquake: 'Geo',
  forest_fire: 'Fire',
  mine_accident: 'Safety',
  hazmat: 'CBRNE',
  building_collapse: 'Infra',
  fire: 'Fire',
  traffic_accident: 'Transport',
  drought: 'Met',
  snow_ice: 'Met',
  other: 'Other',
};

/** The event named as Chinese warnings name it. */
export const HAZARD_EVENT: Record<HazardType, string> = {
  flood: '暴雨洪涝',
  landslide: '滑坡',
  debris_flow: '泥石流',
  earthquake: '地震',
  forest_fire: '森林火险',
  mine_accident: '矿山安全',
  hazmat: '危险化学品',
  building_collapse: '建筑物倒塌',
  fire: '火灾',
  traffic_accident: '道路交通',
  drought: '干旱',
  snow_ice: '道路结冰',
  other: '突发事件',
};

export const COLOUR_ZH: Record<WarningColour, string> = {
  red: '红色',
  orange: '橙色',
  yellow: '黄色',
  blue: '蓝色',
};

/** An instant as CAP writes it: China Standard Time with its offset, whole seconds. */
export function capTime(iso: string): string {
  const ms = Date.parse(iso);
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A closed ring of [lng, lat] as a CAP polygon: "lat,lon lat,lon …", the first point repeated last. */
export function capPolygon(ring: readonly (readonly [number, number])[]): string {
  const pts = [...ring];
  const [f, l] = [pts[0]!, pts.at(-1)!];
  if (f[0] !== l[0] || f[1] !== l[1]) pts.push(f);
  return pts.map(([lng, lat]) => `${+lat.toFixed(5)},${+lng.toFixed(5)}`).join(' ');
}

/** A CAP sender/identifier: no spaces, commas, '<' or '&' (CAP 1.2 §3.2.1). */
export const capToken = (s: string) => s.replace(/[\s,<&]+/g, '_');

export interface CapOptions {
  /** CAP sender: the system's identifier (e.g. a domain-like name), not a person. */
  senderId: string;
  /** Prefix of the message identifiers (the province's). */
  identifierPrefix: string;
  severity: SeverityMap;
  /** Outlines of the chosen counties (from the map pack), as GeoJSON [lng, lat] rings; none if absent. */
  countyRings?: (adcode: string) => [number, number][][];
}

export const capIdentifier = (o: Pick<CapOptions, 'identifierPrefix'>, warningId: string, kind = '') =>
  capToken(`${o.identifierPrefix}.${warningId}${kind ? `.${kind}` : ''}`);

/** What a CAP message refers to: "sender,identifier,sent". */
const reference = (o: CapOptions, v: WarningView) =>
  `${capToken(o.senderId)},${capIdentifier(o, v.warning.id)},${capTime(v.issued!.at)}`;

/**
 * The CAP message of an issued warning: Alert for a first version, Update for a version that
 * replaces an issued one (`previous`, referenced), Cancel when `cancel` (referencing the warning).
 */
export function buildCap(
  v: WarningView,
  o: CapOptions,
  previous: WarningView | null = null,
  cancel = false,
): string {
  const w = v.warning;
  if (!v.issued) throw new Error(`warning ${w.id} has not been issued: only issued warnings are exported`);
  const sent = cancel && v.cancelled ? v.cancelled.at : v.issued.at;
  const msgType = cancel ? 'Cancel' : previous ? 'Update' : 'Alert';
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(CAP_NS, 'alert');
  const add = (parent: ReturnType<typeof doc.ele>, name: string, text: string) =>
    parent.ele(name).txt(text).up();
  add(doc, 'identifier', capIdentifier(o, w.id, cancel ? 'cancel' : ''));
  add(doc, 'sender', capToken(o.senderId));
  add(doc, 'sent', capTime(sent));
  add(doc, 'status', w.exercise ? 'Exercise' : 'Actual');
  add(doc, 'msgType', msgType);
  add(doc, 'scope', 'Public');
  if (cancel && v.cancelled?.reason) add(doc, 'note', v.cancelled.reason);
  if (cancel) add(doc, 'references', reference(o, v));
  else if (previous?.issued) add(doc, 'references', reference(o, previous));
  const info = doc.ele('info');
  add(info, 'language', 'zh-CN');
  add(info, 'category', CATEGORY[w.hazard]);
  add(info, 'event', `${HAZARD_EVENT[w.hazard]}预警`);
  add(info, 'urgency', Date.parse(w.onset) <= Date.parse(sent) ? 'Immediate' : 'Expected');
  add(info, 'severity', o.severity[w.colour]);
  add(info, 'certainty', 'Likely');
  add(info, 'onset', capTime(w.onset));
  add(info, 'expires', capTime(w.expires));
  add(info, 'senderName', w.senderOrg);
  add(info, 'headline', w.headline);
  if (w.description) add(info, 'description', w.description);
  if (w.instruction) add(info, 'instruction', w.instruction);
  const param = (name: string, value: string) =>
    info.ele('parameter').ele('valueName').txt(name).up().ele('value').txt(value).up().up();
  param('warningColour', w.colour);
  param('warningLevel', String(['red', 'orange', 'yellow', 'blue'].indexOf(w.colour) + 1));
  param('warningLevelName', `${COLOUR_ZH[w.colour]}预警`);
  param('jinyingHazard', w.hazard);
  // Which polygons were drawn (the first N); the rest are the chosen counties' outlines.
  param('jinyingDrawnPolygons', String(w.area.polygons.length));
  const area = info.ele('area');
  add(area, 'areaDesc', w.area.description);
  for (const ring of w.area.polygons) add(area, 'polygon', capPolygon(ring));
  for (const c of w.area.counties)
    for (const ring of o.countyRings?.(c.adcode) ?? []) add(area, 'polygon', capPolygon(ring));
  for (const c of w.area.counties)
    area.ele('geocode').ele('valueName').txt('GB/T 2260').up().ele('value').txt(c.adcode).up().up();
  return doc.end({ prettyPrint: true });
}

/** Parse a CAP "lat,lon lat,lon …" polygon into a closed [lng, lat] ring; null when malformed. */
export function parseCapPolygon(text: string): [number, number][] | null {
  const pts: [number, number][] = [];
  for (const pair of text.trim().split(/\s+/)) {
    const [lat, lng] = pair.split(',').map(Number);
    if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat!) > 90 || Math.abs(lng!) > 180)
      return null;
    pts.push([lng!, lat!]);
  }
  if (pts.length < 3) return null;
  const [f, l] = [pts[0]!, pts.at(-1)!];
  if (f[0] !== l[0] || f[1] !== l[1]) pts.push(f);
  return pts.length >= 4 ? pts : null;
}
