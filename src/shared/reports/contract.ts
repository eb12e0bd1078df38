import * as z from 'zod';
import { Id, Instant } from '../domain/primitives';
import { ReportWindowKind } from './window';

/** The formats a situation report is written in. */
export const REPORT_FORMATS = ['pdf', 'docx', 'csv', 'geojson'] as const;
export const ReportFormat = z.enum(REPORT_FORMATS);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** The steps of making a report, in order (pushed as `report:progress`). */
export const REPORT_PHASES = ['load', 'aggregate', 'render', 'write', 'done'] as const;
export type ReportPhase = (typeof REPORT_PHASES)[number];
export interface ReportProgress {
  /** The request's id, so a console follows only its own report. */
  id: string;
  phase: ReportPhase;
  /** The whole job, 0–100, never going down. */
  percent: number;
}

/** Where a report was written (the data folder's reports/ subfolder) and what it holds. */
export interface ReportWritten {
  status: 'written';
  file: string;
  fileName: string;
  bytes: number;
  format: ReportFormat;
  incidents: number;
  from: string;
  to: string;
}

const FileName = z.string().regex(/^[A-Za-z0-9_.-]{1,120}$/);

/**
 * The report channels of the contract. `report:create` makes a report of a window in one format
 * and writes it into `<data>/reports/`; `report:cancel` stops the one running (its request then
 * answers `cancelled`, and nothing is left behind); `report:read` hands a written report back to a
 * browser, which cannot open the data folder (web mode downloads it).
 */
export const reportChannels = {
  'report:create': {
    request: z
      .object({
        /** Chosen by the console, to match `report:progress` pushes and to cancel. */
        id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
        kind: ReportWindowKind,
        /** Shift, day, custom: the window. An incident's window is its own (reported to closed, or now). */
        from: Instant.optional(),
        to: Instant.optional(),
        incidentId: Id.optional(),
        format: ReportFormat,
      })
      .strict()
      .refine(
        (r) =>
          r.kind === 'incident' ? r.incidentId !== undefined : r.from !== undefined && r.to !== undefined,
        {
          message: 'give incidentId for an incident report, from and to otherwise',
        },
      )
      .refine((r) => !r.from || !r.to || Date.parse(r.from) < Date.parse(r.to), {
        message: 'the window must end after it starts',
      })
      .refine((r) => !r.from || !r.to || Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, {
        message: 'a report covers at most a year',
      }),
    response: z.custom<ReportWritten | { status: 'cancelled' }>(),
  },
  'report:cancel': {
    request: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  'report:read': {
    request: z.object({ fileName: FileName }).strict(),
    response: z.object({ fileName: z.string(), mime: z.string(), base64: z.string() }),
  },
} as const;
