import * as z from 'zod';

/**
 * The duty desk's rules as configuration (docs/duty-desk.md): reporting deadlines (信息报送时限),
 * the grading thresholds behind the suggested level, and when a report is late (迟报) or an order
 * unanswered. Defaults follow the national rules; a centre may tighten them.
 */
export const DeskConfig = z
  .object({
    /** 初报: the first written report within this many minutes of 接报. */
    initialReportMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
    /** Level I/II: reported to the province (or higher) within this many minutes of becoming I/II. */
    majorReportMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
    /** 续报: at least once every this many hours while the incident is open. */
    followupHours: z
      .number()
      .int()
      .min(1)
      .max(7 * 24)
      .default(24),
    /** 终报: within this many hours of closing. */
    finalReportHours: z
      .number()
      .int()
      .min(1)
      .max(7 * 24)
      .default(24),
    /** A report more than this many hours after the event is marked 迟报. */
    lateReportHours: z
      .number()
      .min(0.25)
      .max(7 * 24)
      .default(2),
    /** An accepted order nobody acknowledged (接令) within this many minutes raises an alert. */
    orderAckMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(10),
    /** How often an unacknowledged alert sounds again, seconds. */
    alertRepeatSeconds: z.number().int().min(10).max(3600).default(60),
    /**
     * Grading of production-safety accidents (《生产安全事故报告和调查处理条例》): the least deaths
     * (missing counted as dead) or injuries that make an incident 特别重大 (I), 重大 (II), 较大 (III).
     */
    grading: z
      .object({
        dead: z.tuple([z.number().int(), z.number().int(), z.number().int()]).default([30, 10, 3]),
        injured: z.tuple([z.number().int(), z.number().int(), z.number().int()]).default([100, 50, 10]),
      })
      .strict()
      .default({ dead: [30, 10, 3], injured: [100, 50, 10] }),
    /** A new report this close (km) and this recent (hours) to an open incident of the same hazard may be a duplicate. */
    duplicateKm: z.number().min(0).max(100).default(5),
    duplicateHours: z.number().min(0).max(72).default(2),
    /** A run card counts as met only when all its resources are on scene within this many minutes. */
    runCardTargetMinutes: z
      .number()
      .int()
      .min(10)
      .max(24 * 60)
      .default(60),
  })
  .strict();
export type DeskConfig = z.infer<typeof DeskConfig>;

export const DEFAULT_DESK_CONFIG: DeskConfig = DeskConfig.parse({});
