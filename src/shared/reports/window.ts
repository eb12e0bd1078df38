import * as z from 'zod';
import { Id, Instant } from '../domain/primitives';
import type { Incident, TimelineEntry } from '../domain';
import { shiftDateOf, shiftStart } from '../desk/shift';

/**
 * The time window of a situation report (态势报告): a shift, a day, one incident, or any from–to.
 * Instants are UTC; days and shifts are counted in China Standard Time (UTC+8, no daylight saving),
 * whatever the machine's zone, because the command centre works in Beijing time.
 */
export const REPORT_WINDOW_KINDS = ['shift', 'day', 'incident', 'custom'] as const;
export const ReportWindowKind = z.enum(REPORT_WINDOW_KINDS);
export type ReportWindowKind = z.infer<typeof ReportWindowKind>;

export const ReportWindow = z
  .object({
    kind: ReportWindowKind,
    from: Instant,
    to: Instant,
    /** The incident of an `incident` window (its report covers it alone). */
    incidentId: Id.nullable().default(null),
  })
  .strict()
  .refine((w) => Date.parse(w.from) < Date.parse(w.to), { message: 'the window must end after it starts' })
  .refine((w) => w.kind !== 'incident' || w.incidentId !== null, {
    message: 'an incident window names its incident',
  });
export type ReportWindow = z.infer<typeof ReportWindow>;

const CST_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The Beijing-time calendar day holding `now`: 00:00 to 24:00 CST. */
export function dayWindow(now: number): ReportWindow {
  const start = Math.floor((now + CST_MS) / DAY_MS) * DAY_MS - CST_MS;
  return { kind: 'day', from: iso(start), to: iso(start + DAY_MS), incidentId: null };
}

/**
 * The 24-hour duty shift (24小时值班) holding `now`: from the change time (`settings.desk.shiftChange`,
 * default 08:00 China Standard Time) to the next day's.
 */
export function shiftWindow(now: number, shiftChange = '08:00'): ReportWindow {
  const start = shiftStart(shiftDateOf(now, shiftChange), shiftChange);
  return { kind: 'shift', from: iso(start), to: iso(start + DAY_MS), incidentId: null };
}

/**
 * One incident, from when it happened (or was reported, if earlier) to when it was closed, or to
 * `now` while open. The closing time is the timeline's; an imported closed record without one uses
 * its last change.
 */
export function incidentWindow(
  incident: Incident,
  timeline: readonly TimelineEntry[],
  now: number,
): ReportWindow {
  const start = Math.min(
    Date.parse(incident.reportedAt),
    incident.occurredAt ? Date.parse(incident.occurredAt) : Infinity,
  );
  let end = now;
  if (incident.status === 'closed') {
    const closed = timeline.find(
      (e) => e.incidentId === incident.id && e.kind === 'status' && e.data.to === 'closed',
    );
    end = Date.parse(closed?.at ?? incident.updatedAt);
  }
  // The window includes its end instant's minute (a report at the closing minute counts).
  return {
    kind: 'incident',
    from: iso(start),
    to: iso(Math.max(end, start) + 60_000),
    incidentId: incident.id,
  };
}

/** Parts of an instant in Beijing time, for the document's dates ("2026年11月29日 08:00"). */
function cstParts(ms: number) {
  const d = new Date(ms + CST_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hh: two(d.getUTCHours()),
    mm: two(d.getUTCMinutes()),
  };
}

/** '2026年11月29日 08:00' in Beijing time. */
export function cstDateTime(at: string | number): string {
  const p = cstParts(typeof at === 'number' ? at : Date.parse(at));
  return `${p.y}年${p.m}月${p.d}日 ${p.hh}:${p.mm}`;
}

/** '2026年11月29日' in Beijing time (the document's date, in the official form). */
export function cstDate(at: string | number): string {
  const p = cstParts(typeof at === 'number' ? at : Date.parse(at));
  return `${p.y}年${p.m}月${p.d}日`;
}

/** '2026-11-29 08:00' in Beijing time (tables, CSV). */
export function cstStamp(at: string | number): string {
  const p = cstParts(typeof at === 'number' ? at : Date.parse(at));
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')} ${p.hh}:${p.mm}`;
}
