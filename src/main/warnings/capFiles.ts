import { createHash } from 'node:crypto';
import type { DeskConfig } from '../../shared/desk';
import {
  HAZARD_TYPES,
  WARNING_COLOURS,
  type HazardType,
  type WarningColour,
  type WarningInput,
} from '../../shared/domain';
import { CodedError } from '../../shared/ipc/errors';
import { buildCap, capIdentifier, HAZARD_EVENT, parseCapPolygon } from '../../shared/warnings/cap';
import type { WarningView } from '../../shared/warnings/state';
import { readCap, validateCap, type CapProblem } from './capXml';

/**
 * CAP files of warnings: the export of an issued (or cancelled) warning, checked against the CAP
 * 1.2 schema before anything is written, and the import of another system's CAP message into a
 * warning record that is shown on the map.
 */

export type CountyRings = (adcode: string) => [number, number][][];

function invalid(problems: CapProblem[], what: string): CodedError {
  const first = problems[0]!;
  return new CodedError(
    'INVALID',
    `${what} is not valid CAP 1.2${first.line ? ` (line ${first.line})` : ''}: ${first.message}`,
    first.line
      ? { field: 'file', variant: 'capInvalid', reason: first.message, line: first.line }
      : { field: 'file', variant: 'capRefused', reason: first.message },
  );
}

export interface CapExport {
  identifier: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  xml: string;
}

/**
 * The CAP message of a warning: Cancel for a cancelled one, Update for a version replacing an
 * issued one, Alert otherwise. A draft or an approved warning has no CAP message. The message is
 * validated against the schema; an invalid one is never returned.
 */
export function exportCap(
  views: readonly WarningView[],
  id: string,
  cfg: DeskConfig['warnings'],
  countyRings?: CountyRings,
): CapExport {
  const v = views.find((x) => x.warning.id === id);
  if (!v) throw new CodedError('NOT_FOUND', `Warning ${id} is not in this store.`, { kind: 'warning', id });
  if (!v.issued)
    throw new CodedError(
      'INVALID',
      `Warning ${id} is ${v.state}: only an issued warning is exported (approve and issue it first).`,
      { field: 'id', variant: 'notIssued' },
    );
  if (v.warning.origin === 'imported')
    throw new CodedError(
      'INVALID',
      `Warning ${id} came from another system's CAP file; export that file instead.`,
      {
        field: 'id',
        variant: 'importedNoExport',
      },
    );
  const previous = v.warning.supersedes
    ? (views.find((x) => x.warning.id === v.warning.supersedes) ?? null)
    : null;
  const cancel = v.state === 'cancelled';
  const opts = { ...cfg, ...(countyRings ? { countyRings } : {}) };
  const xml = buildCap(v, opts, previous, cancel);
  const problems = validateCap(xml);
  if (problems.length) throw invalid(problems, `The CAP message of warning ${id}`);
  return {
    identifier: capIdentifier(cfg, id, cancel ? 'cancel' : ''),
    msgType: cancel ? 'Cancel' : previous ? 'Update' : 'Alert',
    xml,
  };
}

const MAX_POINTS = 800;

/** Thin rings that hold more points than a record may carry, keeping each ring closed. */
function fitRings(rings: [number, number][][]): [number, number][][] {
  const total = rings.reduce((n, r) => n + r.length, 0);
  if (total <= MAX_POINTS) return rings;
  const step = Math.ceil(total / MAX_POINTS);
  return rings
    .map((r) => {
      const kept = r.slice(0, -1).filter((_, i) => i % step === 0);
      return kept.length >= 3 ? [...kept, kept[0]!] : [];
    })
    .filter((r) => r.length >= 4);
}

const COLOUR_OF_SEVERITY: Record<string, WarningColour> = {
  Extreme: 'red',
  Severe: 'orange',
  Moderate: 'yellow',
  Minor: 'blue',
};

/**
 * A warning record from another system's CAP 1.2 message (validated first): its first info block,
 * the first area's polygons (lat,lon → lon,lat) and GB/T 2260 county geocodes. A message of ours
 * round-trips exactly (hazard, colour and which polygons were drawn ride along as parameters).
 */
export function importCap(
  xml: string,
  countyName: (adcode: string) => string | null,
): Omit<WarningInput, 'by' | 'at'> {
  const problems = validateCap(xml);
  if (problems.length) throw invalid(problems, 'The file');
  const m = readCap(xml);
  if (!m.info)
    throw new CodedError('INVALID', 'The CAP message has no info block: there is no warning in it to show.', {
      field: 'file',
      variant: 'capNoInfo',
    });
  if (m.msgType !== 'Alert' && m.msgType !== 'Update')
    throw new CodedError(
      'INVALID',
      `The CAP message is a ${m.msgType}; only Alert and Update messages carry a warning to show.`,
      { field: 'file', variant: 'capMsgType', msgType: m.msgType },
    );
  const info = m.info;
  const p = info.parameters;
  const hazard = (HAZARD_TYPES as readonly string[]).includes(p.jinyingHazard ?? '')
    ? (p.jinyingHazard as HazardType)
    : ((Object.entries(HAZARD_EVENT).find(([, zh]) => info.event.startsWith(zh))?.[0] as HazardType) ??
      'other');
  const colour = (WARNING_COLOURS as readonly string[]).includes(p.warningColour ?? '')
    ? (p.warningColour as WarningColour)
    : (COLOUR_OF_SEVERITY[info.severity] ?? 'blue');
  const area = info.areas[0];
  const drawn = Number.parseInt(p.jinyingDrawnPolygons ?? '', 10);
  const polygonTexts = area?.polygons ?? [];
  const counties = (area?.geocodes ?? [])
    .filter((g) => g.valueName === 'GB/T 2260' && /^\d{6}$/.test(g.value))
    .map((g) => ({ adcode: g.value, name: countyName(g.value) ?? g.value }));
  // Ours: the first N polygons were drawn, the rest are the counties' outlines. Another system's: all drawn.
  const keep = Number.isFinite(drawn) && drawn >= 0 ? polygonTexts.slice(0, drawn) : polygonTexts;
  const rings = keep.map(parseCapPolygon).filter((r): r is [number, number][] => r !== null);
  const onset = info.onset || info.effective || m.sent;
  const expires = info.expires || new Date(Date.parse(onset) + 24 * 3_600_000).toISOString();
  const key = createHash('sha256').update(`${m.sender},${m.identifier}`).digest('hex').slice(0, 24);
  return {
    id: `cap-${key}`,
    hazard,
    colour,
    headline: (info.headline || info.event || m.identifier).slice(0, 200),
    description: info.description.slice(0, 4000),
    instruction: info.instruction.slice(0, 4000),
    senderOrg: (info.senderName || m.sender).slice(0, 200),
    area: {
      description: (area?.areaDesc || '（未说明区域）').slice(0, 500),
      counties: counties.slice(0, 200),
      polygons: fitRings(rings).slice(0, 20),
    },
    onset,
    expires,
    supersedes: null,
    exercise: m.status !== 'Actual',
    origin: 'imported',
    cap: {
      identifier: m.identifier.slice(0, 300),
      sender: m.sender.slice(0, 300),
      sent: m.sent.slice(0, 40),
      msgType: m.msgType,
      status: m.status,
    },
  };
}
