import * as z from 'zod';
import { Adcode, Id, Instant } from './primitives';
import { Person } from './timeline';

/**
 * 零报告: each day each city confirms to the province that it has no incident to report (or that it
 * has reported). One record per city and duty day (`zr-<date>-<city adcode>`); a later confirmation
 * of the same day replaces the earlier one, and the op log keeps both.
 */
export const ZERO_REPORT_STATUSES = ['no_incident', 'reported'] as const;
export const ZeroReportStatus = z.enum(ZERO_REPORT_STATUSES);
export type ZeroReportStatus = z.infer<typeof ZeroReportStatus>;

export const DutyDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a duty day is YYYY-MM-DD (China Standard Time)');

export const ZeroReport = z
  .object({
    id: Id,
    /** The duty day it is for, in China Standard Time. */
    date: DutyDate,
    cityAdcode: Adcode,
    cityName: z.string().trim().min(1).max(100),
    /** 无事件 (nothing to report), or 有事件已报 (the city's incidents are reported). */
    status: ZeroReportStatus,
    note: z.string().max(500).default(''),
    /** Who confirmed it: at the hub, the token's person, whatever the client claims. */
    by: Person,
    at: Instant,
  })
  .strict()
  .refine((r) => r.id === zeroReportId(r.date, r.cityAdcode), {
    message: 'id must be zr-<date>-<city adcode>',
    path: ['id'],
  });
export type ZeroReport = z.infer<typeof ZeroReport>;

export function zeroReportId(date: string, cityAdcode: string): string {
  return `zr-${date}-${cityAdcode}`;
}
