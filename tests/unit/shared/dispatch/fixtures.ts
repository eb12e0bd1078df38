import type { Aircraft, AviationBase, RescueUnit, SupplyDepot } from '../../../../src/shared/domain';
import { destination } from '../../../../src/shared/geo';

/** Hand-made fixtures around a point in the Taiyuan basin. */
export const NOW = '2026-11-29T08:00:00+08:00';
export const NOW_MS = Date.parse(NOW);
export const HERE: [number, number] = [112.55, 37.85];

export function at(km: number, bearing = 90, from: readonly [number, number] = HERE): [number, number] {
  return destination(from, km * 1000, bearing);
}

export function unit(id: string, o: Partial<RescueUnit> = {}): RescueUnit {
  const position = o.position ?? HERE;
  return {
    id,
    name: `Unit ${id}`,
    kind: 'fire_rescue',
    capabilities: ['firefighting'],
    headcount: 20,
    vehicles: 3,
    status: 'available',
    homeBase: { name: `Station ${id}`, location: position },
    position,
    positionFixAt: new Date(NOW_MS - 60_000).toISOString(),
    cityAdcode: null,
    org: '',
    demo: true,
    ...o,
  };
}

export function aircraft(id: string, o: Partial<Aircraft> = {}): Aircraft {
  return {
    id,
    callsign: id.toUpperCase(),
    model: 'AC313',
    category: 'helicopter',
    cruiseSpeedKmh: 250,
    launchMinutes: 12,
    approachMinutes: 5,
    rangeKm: 600,
    payloadKg: 3000,
    bucketLitres: 3000,
    capabilities: ['aerial_firefighting', 'aerial_rescue'],
    status: 'available',
    demo: true,
    ...o,
  };
}

export function base(id: string, location: [number, number], aircraftList: Aircraft[]): AviationBase {
  return {
    id,
    name: `Base ${id}`,
    kind: 'civil_airport',
    icao: null,
    location,
    aircraft: aircraftList,
    demo: true,
  };
}

export function depot(id: string, o: Partial<SupplyDepot> & Pick<SupplyDepot, 'location'>): SupplyDepot {
  return { id, name: `Depot ${id}`, level: 'county', adcode: '140105', stock: [], demo: true, ...o };
}
