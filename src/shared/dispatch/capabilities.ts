import { CAPABILITIES, type Capability, type HazardType } from '../domain';

/**
 * Which capabilities qualify a unit or aircraft for a hazard: having ANY of them is enough to be
 * ranked. Only the capabilities that work on the hazard itself are listed (a mine accident ranks
 * mine-rescue teams, not ambulances); supporting roles such as medical come in through the run
 * card. Kept as data so a province can tune it.
 */
export type HazardCapabilityTable = Readonly<Record<HazardType, readonly Capability[]>>;

export const DEFAULT_HAZARD_CAPABILITIES: HazardCapabilityTable = {
  flood: ['water_rescue', 'search_rescue', 'aerial_rescue', 'airlift'],
  landslide: ['search_rescue', 'heavy_machinery', 'structural_collapse', 'reconnaissance'],
  debris_flow: ['search_rescue', 'heavy_machinery', 'water_rescue', 'reconnaissance'],
  earthquake: [
    'structural_collapse',
    'search_rescue',
    'heavy_machinery',
    'aerial_rescue',
    'airlift',
    'reconnaissance',
  ],
  forest_fire: ['wildfire', 'aerial_firefighting', 'firefighting'],
  mine_accident: ['mine_rescue'],
  hazmat: ['hazmat', 'firefighting'],
  building_collapse: ['structural_collapse', 'search_rescue', 'rope_rescue', 'heavy_machinery'],
  fire: ['firefighting'],
  traffic_accident: ['firefighting', 'medical', 'search_rescue'],
  drought: ['logistics'],
  snow_ice: ['logistics', 'power_restore', 'heavy_machinery'],
  other: ['search_rescue', 'medical', 'logistics'],
};

/** Bit for a capability (16 capabilities fit in a 32-bit mask). */
export function capabilityBit(c: Capability): number {
  const i = CAPABILITIES.indexOf(c);
  if (i < 0) throw new RangeError(`unknown capability ${String(c)}`);
  return 1 << i;
}

export function capabilityMask(caps: readonly Capability[]): number {
  let m = 0;
  for (const c of caps) m |= capabilityBit(c);
  return m >>> 0;
}

/** Capabilities present in a mask, in the canonical CAPABILITIES order. */
export function capabilitiesOf(mask: number): Capability[] {
  return CAPABILITIES.filter((c) => (mask & capabilityBit(c)) !== 0);
}
