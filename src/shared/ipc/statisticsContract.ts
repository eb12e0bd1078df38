import * as z from 'zod';
import { Instant } from '../domain/primitives';
import { STAT_LEVELS, STAT_MEASURES, type AreaStat, type Measures } from '../reports/statistics';

/** The windows the statistics view offers (all sent as from–to; the kind names the file and the view). */
export const STATISTICS_WINDOW_KINDS = ['shift', 'day', 'week', 'custom'] as const;
export type StatisticsWindowKind = (typeof STATISTICS_WINDOW_KINDS)[number];

/** The steps of computing statistics, in order (pushed as `statistics:progress`). */
export const STATISTICS_PHASES = ['load', 'aggregate', 'done'] as const;
export type StatisticsPhase = (typeof STATISTICS_PHASES)[number];
export interface StatisticsProgress {
  /** The request's id, so a console follows only its own computation. */
  id: string;
  phase: StatisticsPhase;
  /** 0–100, never going down. */
  percent: number;
}

/** Statistics of a window by city and county (src/shared/reports/statistics.ts). */
export interface StatisticsResult {
  status: 'done';
  id: string;
  kind: StatisticsWindowKind;
  from: string;
  to: string;
  /** The figures are as of this instant: the window's end, or when computed if it has not ended. */
  asOf: string;
  cities: AreaStat[];
  counties: AreaStat[];
  totals: Measures;
  /** The map pack the areas come from (null: none, the table names areas by adcode). */
  packId: string | null;
}

/** Where an exported table was written (the data folder's reports/ subfolder). */
export interface StatisticsExported {
  file: string;
  fileName: string;
  bytes: number;
  rows: number;
}

const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * The statistics channels: `statistics:compute` aggregates a window (progress pushed as
 * `statistics:progress`; `statistics:cancel` stops it, and it then answers `cancelled`);
 * `statistics:export` writes a computed table as CSV into `<data>/reports/` (downloadable in a
 * browser through `report:read`). docs/reports.md, "Statistics".
 */
export const statisticsChannels = {
  'statistics:compute': {
    request: z
      .object({
        id: JobId,
        kind: z.enum(STATISTICS_WINDOW_KINDS),
        from: Instant,
        to: Instant,
      })
      .strict()
      .refine((r) => Date.parse(r.from) < Date.parse(r.to), {
        message: 'the window must end after it starts',
      })
      .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, {
        message: 'statistics cover at most a year',
      }),
    response: z.custom<StatisticsResult | { status: 'cancelled' }>(),
  },
  'statistics:cancel': {
    request: z.object({ id: JobId }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  'statistics:export': {
    request: z
      .object({
        /** The id of a computation this console made (its result is kept for export). */
        id: JobId,
        level: z.enum(STAT_LEVELS),
        sortBy: z.enum(['name', ...STAT_MEASURES]),
        sortDir: z.enum(['asc', 'desc']),
        /** Also the areas with nothing in the window. */
        includeEmpty: z.boolean(),
        locale: z.enum(['zh-CN', 'en']),
      })
      .strict(),
    response: z.custom<StatisticsExported>(),
  },
} as const;
