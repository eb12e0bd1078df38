import * as z from 'zod';
import { Id, Instant, LngLat, NonNegativeInt } from './primitives';
import { Capability } from './unit';

export const AIRCRAFT_CATEGORIES = ['helicopter', 'fixed_wing', 'uav'] as const;
export const AircraftCategory = z.enum(AIRCRAFT_CATEGORIES);
export type AircraftCategory = z.infer<typeof AircraftCategory>;

export const AIRCRAFT_STATUSES = ['available', 'committed', 'maintenance'] as const;
export const AircraftStatus = z.enum(AIRCRAFT_STATUSES);
export type AircraftStatus = z.infer<typeof AircraftStatus>;

/** Crew posture (机组在位 / 机组待命): at the base ready to go, or on call and recalled to it. */
export const CREW_POSTURES = ['on_base', 'on_call'] as const;
export const CrewPosture = z.enum(CREW_POSTURES);
export type CrewPosture = z.infer<typeof CrewPosture>;

/** Airspace approval for the flight (空域审批): approved, or still pending with air traffic control. */
export const AIRSPACE_APPROVALS = ['approved', 'pending'] as const;
export const AirspaceApproval = z.enum(AIRSPACE_APPROVALS);
export type AirspaceApproval = z.infer<typeof AirspaceApproval>;

/**
 * The weather status of a base, set by the duty officer (docs/dispatch.md, "Aircraft
 * availability"): visual meteorological conditions (目视气象条件, VFR), instrument conditions
 * (仪表气象条件, IFR: only IFR-capable aircraft launch), or closed (关闭: nothing launches).
 */
export const BASE_WEATHER = ['vfr', 'ifr', 'closed'] as const;
export const BaseWeather = z.enum(BASE_WEATHER);
export type BaseWeather = z.infer<typeof BaseWeather>;

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
    /*
     * Availability (docs/dispatch.md, "Aircraft availability"). All optional, so scenarios and
     * records written before these fields stay valid and unchanged; the dispatch engine supplies
     * the documented defaults (src/shared/dispatch/airAvailability.ts).
     */
    /** Crew at the base (on_base, default) or on call (on_call: onCallLaunchMinutes apply). */
    crewPosture: CrewPosture.optional(),
    /** Minutes from order to wheels-up with the crew on call; default launchMinutes + 45. */
    onCallLaunchMinutes: z.number().min(0).max(600).optional(),
    /** May fly at night (night-vision goggles and a night-rated crew); default per category. */
    nightCapable: z.boolean().optional(),
    /** May fly in instrument conditions (IFR-certified aircraft and crew); default per category. */
    ifrCapable: z.boolean().optional(),
    /** Airspace approval for its flights; default approved. Pending holds the launch. */
    airspaceApproval: AirspaceApproval.optional(),
    /** When the approval was asked for (set with `pending`): the hold is counted from it. */
    airspaceRequestedAt: Instant.nullable().optional(),
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
    /** Weather status set by the duty officer; default vfr. */
    weather: BaseWeather.optional(),
    /** When and by whom the weather status was last set (null: never set, the default applies). */
    weatherSetAt: Instant.nullable().optional(),
    weatherSetBy: z.string().max(100).nullable().optional(),
    demo: z.boolean().default(false),
  })
  .strict();
export type AviationBase = z.infer<typeof AviationBase>;
export type AviationBaseInput = z.input<typeof AviationBase>;
