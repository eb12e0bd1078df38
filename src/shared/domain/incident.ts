import * as z from 'zod';
import { Adcode, Id, Instant, LngLat, NonNegativeInt } from './primitives';
import { HazardType, ResponseLevel } from './hazard';

/**
 * Incident lifecycle. Status only moves forward along this list (sync relies on it:
 * a later status always wins over an earlier one, whatever the clocks say).
 */
export const INCIDENT_STATUSES = ['reported', 'verified', 'responding', 'contained', 'closed'] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export function incidentStatusRank(s: IncidentStatus): number {
  return INCIDENT_STATUSES.indexOf(s);
}

/** True when moving from `from` to `to` is allowed (forward, or staying put). */
export function canMoveIncidentStatus(from: IncidentStatus, to: IncidentStatus): boolean {
  return incidentStatusRank(to) >= incidentStatusRank(from);
}

export const Casualties = z
  .object({
    dead: NonNegativeInt.default(0),
    injured: NonNegativeInt.default(0),
    missing: NonNegativeInt.default(0),
    trapped: NonNegativeInt.default(0),
  })
  .strict();
export type Casualties = z.infer<typeof Casualties>;

export const Reporter = z
  .object({
    name: z.string().min(1).max(100),
    org: z.string().max(200).optional(),
    phone: z.string().max(40).optional(),
  })
  .strict();

/** How a report reached the desk: a phone call, a lower-level authority, a monitoring system, the field. */
export const INCIDENT_SOURCES = ['phone', 'lower_level', 'system', 'field'] as const;
export const IncidentSource = z.enum(INCIDENT_SOURCES);
export type IncidentSource = z.infer<typeof IncidentSource>;

export const Incident = z
  .object({
    id: Id,
    title: z.string().min(1).max(200),
    hazard: HazardType,
    level: ResponseLevel,
    status: IncidentStatus,
    location: LngLat,
    countyAdcode: Adcode.nullable().default(null),
    casualties: Casualties.default({ dead: 0, injured: 0, missing: 0, trapped: 0 }),
    /** People affected (受灾人口): drives relief-supply needs. */
    affected: NonNegativeInt.default(0),
    reporter: Reporter,
    description: z.string().max(4000).default(''),
    reportedAt: Instant,
    /** When it happened (事发时间), when known; a report long after it is 迟报. */
    occurredAt: Instant.nullable().default(null),
    /** How the report came in (报送方式). */
    source: IncidentSource.default('phone'),
    /** Written when the incident is closed (结案小结). */
    closingSummary: z.string().max(2000).default(''),
    updatedAt: Instant,
    /** Set when a duty officer has acknowledged the incident (the map stops pulsing it). */
    acknowledgedAt: Instant.nullable().default(null),
    demo: z.boolean().default(false),
  })
  .strict();
export type Incident = z.infer<typeof Incident>;
export type IncidentInput = z.input<typeof Incident>;
