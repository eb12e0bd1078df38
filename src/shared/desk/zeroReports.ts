import type { ZeroReport } from '../domain/zeroReport';
import type { DeskConfig } from './config';

const CST_MS = 8 * 3_600_000;

/** The duty day (China Standard Time, YYYY-MM-DD) an instant falls in. */
export function dutyDate(now: number): string {
  return new Date(now + CST_MS).toISOString().slice(0, 10);
}

/** The instant a day's zero reports are due: `dueBy` (HH:MM, China Standard Time) of that day. */
export function zeroReportDueAt(date: string, dueBy: string): number {
  return Date.parse(`${date}T${dueBy}:00+08:00`);
}

export interface ZeroReportRow {
  adcode: string;
  name: string;
  /** The city's confirmation for the day, or null. */
  report: ZeroReport | null;
  /** No confirmation and the time it was due has passed: the console flags it. */
  missing: boolean;
}

export interface ZeroReportBoard {
  date: string;
  dueAt: string;
  /** The due time has passed. */
  due: boolean;
  rows: ZeroReportRow[];
  confirmed: number;
  missing: number;
}

/**
 * The day's 零报告 board: every configured city, its confirmation if any, and whether it is missing
 * (due and not confirmed). Reports for other days or cities not configured are ignored.
 */
export function zeroReportBoard(
  reports: readonly ZeroReport[],
  cfg: DeskConfig['zeroReport'],
  now: number,
  date = dutyDate(now),
): ZeroReportBoard {
  const dueAt = zeroReportDueAt(date, cfg.dueBy);
  const due = now >= dueAt;
  const byCity = new Map<string, ZeroReport>();
  for (const r of reports) if (r.date === date) byCity.set(r.cityAdcode, r);
  const rows = cfg.cities.map((c) => {
    const report = byCity.get(c.adcode) ?? null;
    return { adcode: c.adcode, name: c.name, report, missing: due && report === null };
  });
  return {
    date,
    dueAt: new Date(dueAt).toISOString(),
    due,
    rows,
    confirmed: rows.filter((r) => r.report).length,
    missing: rows.filter((r) => r.missing).length,
  };
}
