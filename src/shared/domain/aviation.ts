import { z } from 'zod';
import { Id, LngLat, NonNegativeInt } from './primitives';
import { Capability } from './unit';

export const AIRCRAFT_CATEGORIES = ['helicopter', 'fixed_wing', 'uav'] as const;
export const AircraftCategory = z.enum(AIRCRAFT_CATEGORIES);
export type AircraftCategory = z.infer<typeof AircraftCategory>;

export const AIRCRAFT_STATUSES = ['available', 'committed', 'maintenance'] as const;
export const AircraftStatus = z.enum(AIRCRAFT_STATUSES);
export type AircraftStatus = z.infer<typeof AircraftStatus>;

export const Aircraft = z
  .object({
    id: Id,
    callsign: z.string().min(1).max(40),
    /** Make and model, e.g. "AC313", "Ka-32", "Y-5B". */
    model: z.string().min(1).max(80),
    category: AircraftCategory,
    cruiseSpeedKmh: z.number().positive().max(1200),
    /**
     * Cruise with an external load (a bucket or a sling load under a helicopter), km/h. Optional:
     * where absent the dispatch engine assumes 0.8 × cruiseSpeedKmh (EXTERNAL_LOAD_SPEED_RATIO,
     * from the published K-MAX figures: about 148 km/h with an external load against 185 km/h
     * clean; 148 / 185 = 0.8). See docs/dispatch.md, "External-load speed".
     */
    externalLoadCruiseKmh: z.number().positive().max(1200).optional(),
    /** Minutes from order to wheels-up. */
    launchMinutes: z.number().min(0).max(600),
    /** Minutes from arrival overhead to being useful on scene (approach, landing or first drop). */
    approachMinutes: z.number().min(0).max(120).default(5),
    /** Still-air range on a full load, km. A mission must fit out and back within it. */
    rangeKm: z.number().positive().max(10000),
    payloadKg: NonNegativeInt,
    /** Bambi bucket or belly tank capacity, litres; 0 when none. */
    bucketLitres: NonNegativeInt.default(0),
    capabilities: z.array(Capability).min(1),
    status: AircraftStatus,
    demo: z.boolean().default(false),
  })
  .strict();
export type Aircraft = z.infer<typeof Aircraft>;

export const BASE_KINDS = ['civil_airport', 'forest_aviation', 'general_aviation', 'helipad'] as const;
export const BaseKind = z.enum(BASE_KINDS);
export type BaseKind = z.infer<typeof BaseKind>;

export const AviationBase = z
  .object({
    id: Id,
    name: z.string().min(1).max(200),
    kind: BaseKind,
    icao: z
      .string()
      .regex(/^[A-Z]{4}$/)
      .nullable()
      .default(null),
    location: LngLat,
    aircraft: z.array(Aircraft).default([]),
    demo: z.boolean().default(false),
  })
  .strict();
export type AviationBase = z.infer<typeof AviationBase>;
export type AviationBaseInput = z.input<typeof AviationBase>;
