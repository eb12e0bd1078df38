import type {
  Assignment,
  AviationBase,
  Casualties,
  HazardType,
  Incident,
  IncidentStatus,
  LngLat,
  RescueUnit,
  ResponseLevel,
  SupplyDepot,
  TimelineEntry,
} from '../domain';
import { HAZARD_TYPES, MINUTES_KINDS, RESPONSE_LEVELS } from '../domain';
import { reportMinutes, type ReportMinutes } from './minutes';
import { reportingDeadlines, type DeadlineKind } from '../desk/deadlines';
import type { DeskConfig } from '../desk/config';
import type { ReportWindow } from './window';

/**
 * The timeline kinds a report reads. The incident's state (status, level, figures) is read whatever
 * its time: an entry after the window's end still tells what stood before it (its `from`, its
 * `before`), and closing the day after must not make an incident closed in the day's report. The
 * reports that meet deadlines and the forces' movements are read up to the window's end. Positions,
 * notes and the rest stay in the store.
 */
export const REPORT_STATE_KINDS = ['status', 'level', 'figures'] as const;
export const REPORT_UNTIL_KINDS = [
  'report_initial',
  'report_followup',
  'report_final',
  'unit_status',
  // 会商纪要: the consultations' decisions and action items (src/shared/reports/minutes.ts).
  ...MINUTES_KINDS,
] as const;

/** What a report is made from: the store's records, and its timeline entries before the window's end. */
export interface ReportSource {
  incidents: readonly Incident[];
  units: readonly RescueUnit[];
  bases: readonly AviationBase[];
  depots: readonly SupplyDepot[];
  assignments: readonly Assignment[];
  /** Entries of REPORT_STATE_KINDS, and of REPORT_UNTIL_KINDS before the window's end (others are ignored). */
  timeline: readonly TimelineEntry[];
}

/** Names of cities and counties by adcode (the map pack's), where known. */
export type PlaceNames = ReadonlyMap<string, string>;

export interface ReportOptions {
  window: ReportWindow;
  /** When the report is made: states are as of min(window end, now). */
  now: number;
  desk: DeskConfig;
  places?: PlaceNames;
  /** The issuing organ (发文机关) printed in the 红头. */
  issuer?: string;
}

export interface ReportIncident {
  id: string;
  title: string;
  hazard: HazardType;
  level: ResponseLevel;
  status: IncidentStatus;
  open: boolean;
  newInWindow: boolean;
  closedInWindow: boolean;
  reportedAt: string;
  closedAt: string | null;
  location: LngLat;
  countyAdcode: string | null;
  cityAdcode: string | null;
  place: string;
  casualties: Casualties;
  affected: number;
  unitsSent: number;
  aircraftSent: number;
  onScene: number;
  overdue: DeadlineKind[];
  demo: boolean;
}

export interface CountRow {
  open: number;
  closed: number;
  total: number;
}

export interface PlaceRow {
  adcode: string | null;
  name: string;
  incidents: number;
  casualties: Casualties;
  affected: number;
}

export interface CityRow extends PlaceRow {
  counties: PlaceRow[];
}

export interface ForceRow {
  assignmentId: string;
  incidentId: string;
  incidentTitle: string;
  resourceKind: 'unit' | 'aircraft';
  resourceId: string;
  name: string;
  /** Headcount of a unit; the aircraft's model for an aircraft. */
  detail: string;
  headcount: number;
  decidedAt: string;
  onScene: boolean;
}

export interface OverdueRow {
  incidentId: string;
  title: string;
  kind: DeadlineKind;
  dueAt: string;
  overdueMinutes: number;
}

export interface SituationReport {
  window: ReportWindow;
  /** The states below are as of this instant: the window's end, or now if it has not ended. */
  asOf: string;
  generatedAt: string;
  issuer: string;
  totals: {
    incidents: number;
    open: number;
    closed: number;
    newInWindow: number;
    casualties: Casualties;
    affected: number;
  };
  byLevel: (CountRow & { level: ResponseLevel })[];
  byHazard: (CountRow & { hazard: HazardType })[];
  byPlace: CityRow[];
  incidents: ReportIncident[];
  forces: {
    units: number;
    aircraft: number;
    headcount: number;
    onSceneUnits: number;
    onSceneHeadcount: number;
    rows: ForceRow[];
  };
  aviation: { sorties: number; aircraft: number };
  supplies: {
    /** False: nothing in the store records supplies shipped, so the report says so. */
    shipmentsRecorded: false;
    depotsBelowMinimum: {
      id: string;
      name: string;
      items: { item: string; quantity: number; minimum: number; unit: string }[];
    }[];
  };
  overdue: OverdueRow[];
  /** 会商纪要 of the incidents covered, as recorded before `asOf`. */
  minutes: ReportMinutes[];
  demo: boolean;
}

const ms = (iso: string) => Date.parse(iso);
const zero = (): Casualties => ({ dead: 0, injured: 0, missing: 0, trapped: 0 });
function addCasualties(to: Casualties, c: Casualties): void {
  to.dead += c.dead;
  to.injured += c.injured;
  to.missing += c.missing;
  to.trapped += c.trapped;
}

/** The city of a county: its adcode's first four digits and '00' (GB/T 2260). */
export function cityOf(countyAdcode: string | null): string | null {
  return countyAdcode ? `${countyAdcode.slice(0, 4)}00` : null;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** The last entry before `end`, and the first at or after it (entries oldest first). */
function around(entries: readonly TimelineEntry[] | undefined, end: number) {
  let before: TimelineEntry | undefined;
  let after: TimelineEntry | undefined;
  for (const e of entries ?? []) {
    if (ms(e.at) < end) before = e;
    else {
      after = e;
      break;
    }
  }
  return { before, after };
}

const isCasualties = (x: unknown): x is Casualties =>
  !!x &&
  typeof x === 'object' &&
  ['dead', 'injured', 'missing', 'trapped'].every(
    (k) => typeof (x as Record<string, unknown>)[k] === 'number',
  );

/**
 * A situation report of a window, from the store's records and timeline (pure).
 *
 * The incidents it covers were open at some time in the window: reported before its end and not
 * closed before its start (an `incident` window covers that incident alone). Each is described as
 * it stood at the window's end (`asOf`): its status, level and figures are the timeline's last
 * before that instant, or the record's when the timeline holds none. Forces are the assignments
 * decided in the window (accepted, or accepted and since released); a unit is on scene when its last
 * status before `asOf` was 到达现场 (or, for a window ending now, its status). An aviation sortie
 * is an aircraft assignment decided in the window: the store records no flights. Overdue reports are
 * the reporting deadlines (src/shared/desk/deadlines.ts) past due at `asOf`.
 */
export function buildSituationReport(src: ReportSource, opts: ReportOptions): SituationReport {
  const from = ms(opts.window.from);
  const to = ms(opts.window.to);
  const asOf = Math.min(to, opts.now);
  const places = opts.places ?? new Map<string, string>();
  const placeName = (code: string | null) => (code ? (places.get(code) ?? code) : '未知');

  const timeline = [...src.timeline].sort((a, b) => ms(a.at) - ms(b.at) || (a.id < b.id ? -1 : 1));
  const byIncident = groupBy(timeline, (e) => e.incidentId);
  const unitStatusByUnit = groupBy(
    timeline.filter((e) => e.kind === 'unit_status' && e.unitId),
    (e) => e.unitId!,
  );
  const unitsById = new Map(src.units.map((u) => [u.id, u]));
  const aircraftById = new Map(
    src.bases.flatMap((b) => b.aircraft.map((a) => [a.id, { aircraft: a, base: b }] as const)),
  );

  const rows: ReportIncident[] = [];
  const stateOf = new Map<string, Incident>();
  for (const inc of src.incidents) {
    if (opts.window.kind === 'incident' && inc.id !== opts.window.incidentId) continue;
    const entries = byIncident.get(inc.id) ?? [];
    const statuses = entries.filter((e) => e.kind === 'status');
    const closedEntry = statuses.find((e) => e.data.to === 'closed');
    const closedAt = closedEntry ? closedEntry.at : inc.status === 'closed' ? inc.updatedAt : null;
    if (ms(inc.reportedAt) >= to) continue;
    if (closedAt && ms(closedAt) < from) continue;

    const s = around(statuses, asOf);
    const status = (s.before?.data.to ?? s.after?.data.from ?? inc.status) as IncidentStatus;
    const l = around(
      entries.filter((e) => e.kind === 'level'),
      asOf,
    );
    const level = (l.before?.data.to ?? l.after?.data.from ?? inc.level) as ResponseLevel;
    const f = around(
      entries.filter((e) => e.kind === 'figures'),
      asOf,
    );
    let casualties = inc.casualties;
    let affected = inc.affected;
    if (f.before && isCasualties(f.before.data.casualties)) {
      casualties = f.before.data.casualties;
      affected = Number(f.before.data.affected ?? affected);
    } else if (f.after) {
      const before = f.after.data.before as { casualties?: unknown; affected?: unknown } | undefined;
      if (before && isCasualties(before.casualties)) {
        casualties = before.casualties;
        affected = Number(before.affected ?? affected);
      }
    }
    const asItStood: Incident = { ...inc, status, level, casualties, affected };
    stateOf.set(inc.id, asItStood);
    const overdue = reportingDeadlines(
      asItStood,
      entries.filter((e) => ms(e.at) < asOf),
      opts.desk,
      asOf,
    ).filter((d) => d.overdue);
    const county = inc.countyAdcode;
    rows.push({
      id: inc.id,
      title: inc.title,
      hazard: inc.hazard,
      level,
      status,
      open: status !== 'closed',
      newInWindow: ms(inc.reportedAt) >= from,
      closedInWindow: closedAt !== null && ms(closedAt) >= from && ms(closedAt) < to && status === 'closed',
      reportedAt: inc.reportedAt,
      closedAt: status === 'closed' ? closedAt : null,
      location: inc.location,
      countyAdcode: county,
      cityAdcode: cityOf(county),
      place: county ? `${placeName(cityOf(county))}${placeName(county)}` : '未知',
      casualties: { ...zero(), ...casualties },
      affected,
      unitsSent: 0,
      aircraftSent: 0,
      onScene: 0,
      overdue: overdue.map((d) => d.kind),
      demo: inc.demo,
    });
  }
  rows.sort((a, b) => ms(a.reportedAt) - ms(b.reportedAt) || (a.id < b.id ? -1 : 1));
  const rowById = new Map(rows.map((r) => [r.id, r]));

  // Forces: assignments decided in the window, to the incidents covered.
  const forceRows: ForceRow[] = [];
  const onSceneAt = (unitId: string): boolean => {
    const st = around(unitStatusByUnit.get(unitId), asOf);
    if (st.before) return st.before.data.to === 'on_scene';
    if (st.after) return st.after.data.from === 'on_scene';
    // No recorded movement: the unit's status is only known now.
    return asOf >= opts.now - 60_000 && unitsById.get(unitId)?.status === 'on_scene';
  };
  for (const a of src.assignments) {
    if (a.status !== 'accepted' && a.status !== 'released') continue;
    if (!a.decidedAt || ms(a.decidedAt) < from || ms(a.decidedAt) >= to) continue;
    const inc = rowById.get(a.incidentId);
    if (!inc) continue;
    if (a.resourceKind === 'unit') {
      const u = unitsById.get(a.resourceId);
      const here = a.status === 'accepted' && onSceneAt(a.resourceId);
      inc.unitsSent++;
      if (here) inc.onScene++;
      forceRows.push({
        assignmentId: a.id,
        incidentId: a.incidentId,
        incidentTitle: inc.title,
        resourceKind: 'unit',
        resourceId: a.resourceId,
        name: u?.name ?? a.resourceId,
        detail: u ? `${u.headcount}人` : '',
        headcount: u?.headcount ?? 0,
        decidedAt: a.decidedAt,
        onScene: here,
      });
    } else {
      const x = aircraftById.get(a.resourceId);
      inc.aircraftSent++;
      forceRows.push({
        assignmentId: a.id,
        incidentId: a.incidentId,
        incidentTitle: inc.title,
        resourceKind: 'aircraft',
        resourceId: a.resourceId,
        name: x ? `${x.aircraft.callsign}（${x.base.name}）` : a.resourceId,
        detail: x?.aircraft.model ?? '',
        headcount: 0,
        decidedAt: a.decidedAt,
        onScene: false,
      });
    }
  }
  forceRows.sort((a, b) => ms(a.decidedAt) - ms(b.decidedAt) || (a.assignmentId < b.assignmentId ? -1 : 1));
  const unitRows = forceRows.filter((r) => r.resourceKind === 'unit');
  const airRows = forceRows.filter((r) => r.resourceKind === 'aircraft');

  // Counts by level and hazard, casualties by city and county.
  const count = <K extends string>(keys: readonly K[], key: (r: ReportIncident) => K) =>
    keys
      .map((k) => {
        const rs = rows.filter((r) => key(r) === k);
        return {
          k,
          open: rs.filter((r) => r.open).length,
          closed: rs.filter((r) => !r.open).length,
          total: rs.length,
        };
      })
      .filter((c) => c.total > 0);
  const placeRow = (adcode: string | null, rs: readonly ReportIncident[]): PlaceRow => {
    const casualties = zero();
    let affected = 0;
    for (const r of rs) {
      addCasualties(casualties, r.casualties);
      affected += r.affected;
    }
    return { adcode, name: placeName(adcode), incidents: rs.length, casualties, affected };
  };
  const byCity = groupBy(rows, (r) => r.cityAdcode ?? '');
  const byPlace: CityRow[] = [...byCity.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1))
    .map(([city, rs]) => ({
      ...placeRow(city || null, rs),
      counties: [...groupBy(rs, (r) => r.countyAdcode ?? '').entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([county, cs]) => placeRow(county || null, cs)),
    }));
  const totalCasualties = zero();
  let totalAffected = 0;
  for (const r of rows) {
    addCasualties(totalCasualties, r.casualties);
    totalAffected += r.affected;
  }

  const overdue: OverdueRow[] = [];
  for (const r of rows) {
    if (r.overdue.length === 0) continue;
    const inc = stateOf.get(r.id)!;
    for (const d of reportingDeadlines(
      inc,
      (byIncident.get(r.id) ?? []).filter((e) => ms(e.at) < asOf),
      opts.desk,
      asOf,
    )) {
      if (!d.overdue) continue;
      overdue.push({
        incidentId: r.id,
        title: r.title,
        kind: d.kind,
        dueAt: d.dueAt,
        overdueMinutes: Math.floor((asOf - ms(d.dueAt)) / 60_000),
      });
    }
  }

  return {
    window: opts.window,
    asOf: new Date(asOf).toISOString(),
    generatedAt: new Date(opts.now).toISOString(),
    issuer: opts.issuer ?? '山西省应急指挥中心',
    totals: {
      incidents: rows.length,
      open: rows.filter((r) => r.open).length,
      closed: rows.filter((r) => !r.open).length,
      newInWindow: rows.filter((r) => r.newInWindow).length,
      casualties: totalCasualties,
      affected: totalAffected,
    },
    byLevel: count(RESPONSE_LEVELS, (r) => r.level).map(({ k, ...c }) => ({ level: k, ...c })),
    byHazard: count(HAZARD_TYPES, (r) => r.hazard).map(({ k, ...c }) => ({ hazard: k, ...c })),
    byPlace,
    incidents: rows,
    forces: {
      units: unitRows.length,
      aircraft: airRows.length,
      headcount: unitRows.reduce((n, r) => n + r.headcount, 0),
      onSceneUnits: unitRows.filter((r) => r.onScene).length,
      onSceneHeadcount: unitRows.filter((r) => r.onScene).reduce((n, r) => n + r.headcount, 0),
      rows: forceRows,
    },
    aviation: { sorties: airRows.length, aircraft: new Set(airRows.map((r) => r.resourceId)).size },
    supplies: {
      shipmentsRecorded: false,
      depotsBelowMinimum: src.depots
        .map((d) => ({
          id: d.id,
          name: d.name,
          items: d.stock
            .filter((s) => s.quantity < s.minimum)
            .map((s) => ({ item: s.item, quantity: s.quantity, minimum: s.minimum, unit: s.unit })),
        }))
        .filter((d) => d.items.length > 0),
    },
    overdue,
    minutes: reportMinutes(rows, timeline, asOf),
    demo: rows.some((r) => r.demo),
  };
}
