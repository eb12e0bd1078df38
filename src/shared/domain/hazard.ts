import * as z from 'zod';

/** Hazard types as stable English codes; their names come from i18n (`hazard.<code>`). */
export const HAZARD_TYPES = [
  'flood',
  'landslide',
  'debris_flow',
  'earthquake',
  'forest_fire',
  'mine_accident',
  'hazmat',
  'building_collapse',
  'fire',
  'traffic_accident',
  'drought',
  'snow_ice',
  'other',
] as const;
export const HazardType = z.enum(HAZARD_TYPES);
export type HazardType = z.infer<typeof HazardType>;

/**
 * Response levels of the national/provincial plans: I is the most severe (特别重大),
 * IV the least (一般).
 */
export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export const ResponseLevel = z.enum(RESPONSE_LEVELS);
export type ResponseLevel = z.infer<typeof ResponseLevel>;

/** Severity rank: 4 for level I down to 1 for level IV, for sorting. */
export function levelSeverity(level: ResponseLevel): number {
  return 4 - RESPONSE_LEVELS.indexOf(level);
}
