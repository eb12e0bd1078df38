import * as z from 'zod';
import { Adcode, Id, Instant, LngLat, NonNegativeInt } from './primitives';

export const UNIT_KINDS = [
  'fire_rescue',
  'forest_fire',
  'mine_rescue',
  'hazmat',
  'flood',
  'earthquake_geo',
  'medical',
  'utilities',
  'social',
  'aircraft',
] as const;
export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;

/** What a unit can do; the dispatch engine matches these against the hazard. */
export const CAPABILITIES = [
  'firefighting',
  'wildfire',
  'water_rescue',
  'search_rescue',
  'rope_rescue',
  'structural_collapse',
  'mine_rescue',
  'hazmat',
  'medical',
  'power_restore',
  'heavy_machinery',
  'logistics',
  'aerial_firefighting',
  'aerial_rescue',
  'airlift',
  'reconnaissance',
] as const;
export const Capability = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof Capability>;

export const UNIT_STATUSES = [
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'returning',
  'out_of_service',
] as const;
export const UnitStatus = z.enum(UNIT_STATUSES);
export type UnitStatus = z.infer<typeof UnitStatus>;

export const HomeBase = z.object({ name: z.string().min(1).max(200), location: LngLat }).strict();

export const RescueUnit = z
  .object({
    id: Id,
    name: z.string().min(1).max(200),
    kind: UnitKind,
    capabilities: z.array(Capability).min(1),
    headcount: NonNegativeInt,
    vehicles: NonNegativeInt.default(0),
    status: UnitStatus,
    homeBase: HomeBase,
    /** Last known position and when it was fixed; the age is always shown. */
    position: LngLat,
    positionFixAt: Instant,
    cityAdcode: Adcode.nullable().default(null),
    /** Parent organisation (e.g. 太原市消防救援支队). */
    org: z.string().max(200).default(''),
    demo: z.boolean().default(false),
  })
  .strict();
export type RescueUnit = z.infer<typeof RescueUnit>;
export type RescueUnitInput = z.input<typeof RescueUnit>;
