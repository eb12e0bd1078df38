import * as z from 'zod';

/**
 * The duty desk's rules as configuration (docs/duty-desk.md): reporting deadlines (信息报送时限),
 * the grading thresholds behind the suggested level, and when a report is late (迟报) or an order
 * unanswered. Defaults follow the national rules; a centre may tighten them.
 */
/** Shanxi's 11 prefecture-level cities (GB/T 2260), the default 零报告 list. */
export const SHANXI_CITIES: { adcode: string; name: string }[] = [
  { adcode: '140100', name: '太原市' },
  { adcode: '140200', name: '大同市' },
  { adcode: '140300', name: '阳泉市' },
  { adcode: '140400', name: '长治市' },
  { adcode: '140500', name: '晋城市' },
  { adcode: '140600', name: '朔州市' },
  { adcode: '140700', name: '晋中市' },
  { adcode: '140800', name: '运城市' },
  { adcode: '140900', name: '忻州市' },
  { adcode: '141000', name: '临汾市' },
  { adcode: '141100', name: '吕梁市' },
];

const CapSeverity = z.enum(['Extreme', 'Severe', 'Moderate', 'Minor']);

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
    /**
     * The 24-hour duty shift changes at this time of day (China Standard Time, HH:MM); the roster's
     * own times take precedence for a day it has.
     */
    shiftChange: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM')
      .default('08:00'),
    /**
     * 预警 as CAP 1.2 (docs/interop.md): the sender (the system's identifier, no spaces or commas),
     * the prefix of message identifiers, and the colour → CAP severity mapping.
     */
    warnings: z
      .object({
        senderId: z
          .string()
          .regex(/^[^\s,<&]{1,200}$/, 'no spaces, commas, "<" or "&"')
          .default('jinying.yjt.shanxi.gov.cn'),
        identifierPrefix: z
          .string()
          .regex(/^[^\s,<&]{1,100}$/, 'no spaces, commas, "<" or "&"')
          .default('CN-SX-JINYING'),
        severity: z
          .object({
            red: CapSeverity.default('Extreme'),
            orange: CapSeverity.default('Severe'),
            yellow: CapSeverity.default('Moderate'),
            blue: CapSeverity.default('Minor'),
          })
          .strict()
          .default({ red: 'Extreme', orange: 'Severe', yellow: 'Moderate', blue: 'Minor' }),
      })
      .strict()
      .default({
        senderId: 'jinying.yjt.shanxi.gov.cn',
        identifierPrefix: 'CN-SX-JINYING',
        severity: { red: 'Extreme', orange: 'Severe', yellow: 'Moderate', blue: 'Minor' },
      }),
    /**
     * 零报告: the cities that confirm each day, and the time (China Standard Time, HH:MM) by which
     * they must have; after it the province's console flags every city that has not.
     */
    zeroReport: z
      .object({
        cities: z
          .array(z.object({ adcode: z.string().regex(/^\d{6}$/), name: z.string().trim().min(1).max(100) }))
          .min(1)
          .max(200)
          .default(SHANXI_CITIES),
        dueBy: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM')
          .default('09:00'),
      })
      .strict()
      .default({ cities: SHANXI_CITIES, dueBy: '09:00' }),
  })
  .strict();
export type DeskConfig = z.infer<typeof DeskConfig>;

export const DEFAULT_DESK_CONFIG: DeskConfig = DeskConfig.parse({});
