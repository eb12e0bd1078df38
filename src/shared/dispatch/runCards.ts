import type { AircraftCategory, Capability, HazardType, ResponseLevel, UnitKind } from '../domain';

/**
 * Run cards (预案力量编成): per hazard and response level, the mix of resources a response needs.
 * A slot asks for `count[level]` resources that have ANY of `anyOf`; `resource` restricts it to
 * ground units or aircraft, `minBucketLitres` asks for a bucket or tank. Slots are filled in the
 * order listed, each from the ETA ranking, so specific slots come before general ones (a forest
 * team is not used up as a plain fire engine).
 *
 * The numbers are a starting point for a province's own cards, documented in docs/dispatch.md;
 * pass your own table to `recommend` / `assign` to change them.
 */
export interface RunCardSlot {
  /** Stable code for the role, e.g. 'forest_fire_team'; the UI names it through i18n. */
  role: string;
  anyOf: readonly Capability[];
  resource: 'unit' | 'aircraft' | 'any';
  /** Only these ground unit kinds (optional). */
  kinds?: readonly UnitKind[];
  /** Only these aircraft categories (optional). */
  categories?: readonly AircraftCategory[];
  /** Aircraft must carry a bucket or tank of at least this many litres. */
  minBucketLitres?: number;
  /** Resources needed at response level I, II, III, IV. */
  count: readonly [number, number, number, number];
}

export type RunCardTable = Readonly<Record<HazardType, readonly RunCardSlot[]>>;

const slot = (
  role: string,
  anyOf: Capability[],
  count: [number, number, number, number],
  extra: Partial<Omit<RunCardSlot, 'role' | 'anyOf' | 'count'>> = {},
): RunCardSlot => ({ role, anyOf, count, resource: 'unit', ...extra });

const medical = (count: [number, number, number, number]) => slot('medical', ['medical'], count);

export const DEFAULT_RUN_CARDS: RunCardTable = {
  forest_fire: [
    slot('forest_fire_team', ['wildfire'], [6, 4, 2, 1]),
    slot('helicopter_bucket', ['aerial_firefighting'], [3, 2, 1, 0], {
      resource: 'aircraft',
      categories: ['helicopter'],
      minBucketLitres: 1,
    }),
    slot('fire_engine', ['firefighting'], [4, 2, 1, 1]),
    medical([2, 1, 1, 0]),
  ],
  flood: [
    slot('water_rescue_team', ['water_rescue'], [6, 4, 2, 1]),
    slot('rescue_helicopter', ['aerial_rescue', 'airlift'], [2, 1, 1, 0], { resource: 'aircraft' }),
    medical([3, 2, 1, 0]),
    slot('logistics', ['logistics'], [2, 1, 1, 0]),
  ],
  earthquake: [
    slot('collapse_rescue_team', ['structural_collapse'], [8, 4, 2, 1]),
    slot('search_team', ['search_rescue'], [4, 2, 1, 1]),
    slot('heavy_machinery', ['heavy_machinery'], [4, 2, 1, 0]),
    slot('air_support', ['aerial_rescue', 'airlift', 'reconnaissance'], [2, 1, 1, 0], {
      resource: 'aircraft',
    }),
    medical([6, 3, 2, 1]),
    slot('logistics', ['logistics'], [3, 2, 1, 0]),
  ],
  mine_accident: [
    slot('mine_rescue_team', ['mine_rescue'], [6, 4, 2, 1]),
    medical([3, 2, 1, 1]),
    slot('power_restore', ['power_restore'], [1, 1, 0, 0]),
  ],
  hazmat: [
    slot('hazmat_team', ['hazmat'], [4, 2, 1, 1]),
    slot('fire_engine', ['firefighting'], [4, 2, 2, 1]),
    medical([2, 2, 1, 1]),
  ],
  building_collapse: [
    slot('collapse_rescue_team', ['structural_collapse'], [4, 3, 2, 1]),
    slot('rope_rescue', ['rope_rescue'], [1, 1, 1, 0]),
    slot('heavy_machinery', ['heavy_machinery'], [2, 1, 1, 0]),
    medical([3, 2, 1, 1]),
  ],
  landslide: [
    slot('search_team', ['search_rescue'], [4, 3, 2, 1]),
    slot('heavy_machinery', ['heavy_machinery'], [4, 2, 1, 1]),
    slot('reconnaissance', ['reconnaissance'], [1, 1, 1, 0], { resource: 'aircraft' }),
    medical([2, 2, 1, 0]),
  ],
  debris_flow: [
    slot('search_team', ['search_rescue'], [4, 3, 2, 1]),
    slot('heavy_machinery', ['heavy_machinery'], [4, 2, 1, 1]),
    slot('reconnaissance', ['reconnaissance'], [1, 1, 1, 0], { resource: 'aircraft' }),
    medical([2, 2, 1, 0]),
  ],
  fire: [slot('fire_engine', ['firefighting'], [6, 4, 3, 2]), medical([2, 1, 1, 1])],
  traffic_accident: [slot('extrication', ['firefighting'], [3, 2, 1, 1]), medical([4, 3, 2, 1])],
  drought: [slot('logistics', ['logistics'], [4, 3, 2, 1])],
  snow_ice: [
    slot('power_restore', ['power_restore'], [3, 2, 1, 1]),
    slot('heavy_machinery', ['heavy_machinery'], [3, 2, 1, 0]),
    slot('logistics', ['logistics'], [3, 2, 1, 1]),
  ],
  other: [slot('search_team', ['search_rescue'], [2, 2, 1, 1]), medical([1, 1, 1, 0])],
};

const LEVEL_INDEX: Record<ResponseLevel, 0 | 1 | 2 | 3> = { I: 0, II: 1, III: 2, IV: 3 };

/** Slots with their count for a level (slots needing 0 at that level are left out). */
export function runCardFor(
  hazard: HazardType,
  level: ResponseLevel,
  table: RunCardTable = DEFAULT_RUN_CARDS,
): { slot: RunCardSlot; needed: number }[] {
  const slots = table[hazard] ?? [];
  return slots.map((s) => ({ slot: s, needed: s.count[LEVEL_INDEX[level]] })).filter((x) => x.needed > 0);
}
