import CoT, { CoTParser } from '@tak-ps/node-cot';
import type { HazardType, Incident, RescueUnit, UnitKind, Warning, WarningColour } from '../../shared/domain';
import { CE_UNKNOWN } from './decode';

/**
 * What the bridge sends to TAK clients: Jinying's incidents, warnings in force and units as CoT XML
 * events built with node-cot (docs/interop.md, "Cursor-on-Target" has the field mapping). Types come
 * from the CoT type catalogue node-cot ships (`dist/lib/types/cot-types.xml`), its Incident
 * Management extension: incident types `a-.-X-i-…` (here with the neutral affiliation `n`: an
 * incident is an event, not a force) and resource types `a-.-G-U-i-…` (friendly, `f`). Warning
 * areas are drawn polygons (`u-d-f`, closed by repeating the first vertex, as ATAK draws them).
 */

/** Incident Management incident types (cot-types.xml) by hazard. */
export const INCIDENT_TYPE: Record<HazardType, string> = {
  flood: 'a-n-X-i-m-f',
  landslide: 'a-n-X-i-g-l',
  debris_flow: 'a-n-X-i-g-l',
  earthquake: 'a-n-X-i-g-e',
  forest_fire: 'a-n-X-i-f-w',
  mine_accident: 'a-n-X-i-r',
  hazmat: 'a-n-X-i-c',
  building_collapse: 'a-n-X-i-i',
  fire: 'a-n-X-i-f',
  traffic_accident: 'a-n-X-i-t-v-a',
  drought: 'a-n-X-i-m-d',
  snow_ice: 'a-n-X-i-m-s',
  other: 'a-n-X-i-o',
};

/** Incident Management resource types (cot-types.xml) by unit kind; aircraft as friendly air. */
export const UNIT_TYPE: Record<UnitKind, string> = {
  fire_rescue: 'a-f-G-U-i-f',
  forest_fire: 'a-f-G-U-i-f',
  mine_rescue: 'a-f-G-U-i-s-mt',
  hazmat: 'a-f-G-U-i-f-het',
  flood: 'a-f-G-U-i-s-sfd',
  earthquake_geo: 'a-f-G-U-i-s-col',
  medical: 'a-f-G-U-i-m',
  utilities: 'a-f-G-U-i',
  social: 'a-f-G-U-i',
  aircraft: 'a-f-A',
};

/** Warning colours as ATAK's signed ARGB integers (stroke opaque, fill a quarter opaque). */
const RGB: Record<WarningColour, number> = {
  red: 0xff0000,
  orange: 0xff8000,
  yellow: 0xffff00,
  blue: 0x0050ff,
};
const argb = (alpha: number, rgb: number) => (alpha << 24) | rgb | 0;

export const uidOf = {
  incident: (id: string) => `jinying.incident.${id}`,
  unit: (id: string) => `jinying.unit.${id}`,
  warning: (id: string, ring: number) => `jinying.warning.${id}.${ring}`,
};

/** Attribute text: xml-js escapes only `"` in attributes, so the rest is escaped here. */
const attr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
const iso = (ms: number) => new Date(ms).toISOString();

interface EventParts {
  uid: string;
  type: string;
  how: string;
  time: number;
  start: number;
  stale: number;
  lat: number;
  lon: number;
  ce: number;
  le: number;
  detail: Record<string, unknown>;
}

const HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** One event as sent on a stream: the XML header, a newline, the event (protocol.txt, protocol 0). */
function build(e: EventParts): string {
  const cot = new CoT({
    event: {
      _attributes: {
        version: '2.0',
        uid: attr(e.uid),
        type: e.type,
        how: e.how,
        time: iso(e.time),
        start: iso(e.start),
        stale: iso(e.stale),
      },
      point: {
        _attributes: {
          lat: round(e.lat),
          lon: round(e.lon),
          hae: CE_UNKNOWN,
          ce: round(e.ce),
          le: round(e.le),
        },
      },
      detail: e.detail as never,
    },
  });
  return HEADER + CoTParser.to_xml(cot);
}

const round = (v: number) => Math.round(v * 1e7) / 1e7;

export function incidentEvent(i: Incident, now: number, staleMs: number): string {
  const c = i.casualties;
  return build({
    uid: uidOf.incident(i.id),
    type: INCIDENT_TYPE[i.hazard],
    how: 'h-e',
    time: now,
    start: Math.min(now, Date.parse(i.reportedAt)),
    stale: now + staleMs,
    lon: i.location[0],
    lat: i.location[1],
    ce: 100,
    le: CE_UNKNOWN,
    detail: {
      contact: { _attributes: { callsign: attr(i.title) } },
      remarks: {
        _text:
          `${i.title} | level ${i.level} | ${i.status} | reported ${i.reportedAt}` +
          ` | dead ${c.dead}, injured ${c.injured}, missing ${c.missing}, trapped ${c.trapped}` +
          (i.description ? ` | ${i.description.slice(0, 500)}` : ''),
      },
    },
  });
}

/** A unit; `device` when its position came from a mapped field device (its how and ce/le). */
export function unitEvent(
  u: RescueUnit,
  now: number,
  staleMs: number,
  device: { how: string; ce: number; le: number } | null,
): string {
  return build({
    uid: uidOf.unit(u.id),
    type: UNIT_TYPE[u.kind],
    how: device?.how || 'h-e',
    time: now,
    start: Math.min(now, Date.parse(u.positionFixAt)),
    stale: now + staleMs,
    lon: u.position[0],
    lat: u.position[1],
    ce: device?.ce ?? CE_UNKNOWN,
    le: device?.le ?? CE_UNKNOWN,
    detail: {
      contact: { _attributes: { callsign: attr(u.name) } },
      remarks: { _text: `${u.name} | ${u.status} | ${u.org} | fix ${u.positionFixAt}` },
    },
  });
}

/**
 * One shape of a warning in force (a drawn ring, or a chosen county's outline), valid from its onset
 * to its expiry; `ring` numbers the warning's shapes (its uid).
 */
export function warningEvent(
  w: Warning,
  ring: number,
  now: number,
  pts: [number, number][] = w.area.polygons[ring]!,
): string {
  const corners = pts.slice(0, -1);
  const lon = corners.reduce((s, p) => s + p[0], 0) / corners.length;
  const lat = corners.reduce((s, p) => s + p[1], 0) / corners.length;
  const counties = w.area.counties.map((c) => `${c.name} ${c.adcode}`).join(', ');
  return build({
    uid: uidOf.warning(w.id, ring),
    type: 'u-d-f',
    how: 'h-e',
    time: now,
    start: Date.parse(w.onset),
    stale: Date.parse(w.expires),
    lon,
    lat,
    ce: CE_UNKNOWN,
    le: CE_UNKNOWN,
    detail: {
      contact: { _attributes: { callsign: attr(w.headline) } },
      remarks: {
        _text:
          `${w.headline} | ${w.colour} | ${w.senderOrg} | ${w.onset} – ${w.expires}` +
          ` | ${w.area.description}${counties ? ` | counties: ${counties}` : ''}` +
          (w.instruction ? ` | ${w.instruction.slice(0, 500)}` : ''),
      },
      strokeColor: { _attributes: { value: argb(0xff, RGB[w.colour]) } },
      strokeWeight: { _attributes: { value: 3 } },
      fillColor: { _attributes: { value: argb(0x40, RGB[w.colour]) } },
      link: pts.map(([x, y]) => ({ _attributes: { point: `${round(y)},${round(x)}` } })),
      labels_on: { _attributes: { value: 'true' } },
    },
  });
}

/** Remove an event from TAK clients' maps (`t-x-d-d` with `__forcedelete`, as node-cot's ForceDelete). */
export function deleteEvent(uid: string, now: number): string {
  return build({
    uid,
    type: 't-x-d-d',
    how: 'h-g-i-g-o',
    time: now,
    start: now,
    stale: now + 20_000,
    lat: 0,
    lon: 0,
    ce: CE_UNKNOWN,
    le: CE_UNKNOWN,
    detail: { link: { _attributes: { uid: attr(uid), type: 'none', relation: 'none' } }, __forcedelete: {} },
  });
}
