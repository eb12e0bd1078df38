import type { AviationBase, Capability, RescueUnit, UnitKind, UnitStatus } from '../../src/shared/domain';
import type { AssignIncident } from '../../src/shared/dispatch';
import { HAZARD_TYPES, RESPONSE_LEVELS } from '../../src/shared/domain';
import { mulberry32 } from '../../src/shared/util/random';

/**
 * Deterministic synthetic data for benchmarks and property tests: units spread over Shanxi's
 * bounding box with the kind mix and capabilities of the demo scenario, and the seven civil
 * airports with two helicopters each. Same seed, same data.
 */
export const rng = mulberry32;

const KIND_CAPS: [UnitKind, number, Capability[]][] = [
  [
    'fire_rescue',
    0.37,
    ['firefighting', 'search_rescue', 'rope_rescue', 'water_rescue', 'hazmat', 'structural_collapse'],
  ],
  ['flood', 0.14, ['water_rescue', 'search_rescue', 'logistics', 'heavy_machinery']],
  ['mine_rescue', 0.11, ['mine_rescue', 'search_rescue', 'rope_rescue', 'medical']],
  ['medical', 0.09, ['medical']],
  ['forest_fire', 0.08, ['wildfire', 'firefighting', 'search_rescue']],
  ['earthquake_geo', 0.06, ['structural_collapse', 'search_rescue', 'heavy_machinery', 'reconnaissance']],
  ['utilities', 0.06, ['power_restore', 'heavy_machinery', 'logistics']],
  ['social', 0.05, ['search_rescue', 'logistics', 'medical']],
  ['hazmat', 0.04, ['hazmat', 'firefighting', 'medical']],
];

const STATUSES: [UnitStatus, number][] = [
  ['available', 0.84],
  ['returning', 0.02],
  ['on_scene', 0.06],
  ['en_route', 0.03],
  ['out_of_service', 0.05],
];

function pickWeighted<T>(r: number, items: readonly [T, number, ...unknown[]][]): [T, number, ...unknown[]] {
  let acc = 0;
  for (const it of items) {
    acc += it[1];
    if (r < acc) return it;
  }
  return items[items.length - 1]!;
}

export const NOW_ISO = '2026-11-29T08:00:00+08:00';
const NOW_MS = Date.parse(NOW_ISO);

export function syntheticUnits(n: number, seed = 1): RescueUnit[] {
  const r = rng(seed);
  const units: RescueUnit[] = [];
  for (let i = 0; i < n; i++) {
    const [kind, , caps] = pickWeighted(r(), KIND_CAPS) as [UnitKind, number, Capability[]];
    // Each unit has its kind's first capability and a random subset of the rest.
    const capabilities = caps.filter((_, j) => j === 0 || r() < 0.5);
    const [status] = pickWeighted(r(), STATUSES) as [UnitStatus, number];
    const lng = 110.4 + r() * 3.9;
    const lat = 34.8 + r() * 5.7;
    // Most fixes are minutes old; a few are hours old.
    const ageMin = r() < 0.9 ? r() * 10 : 30 + r() * 600;
    units.push({
      id: `u${String(i).padStart(6, '0')}`,
      name: `Unit ${i}`,
      kind,
      capabilities,
      headcount: 5 + Math.floor(r() * 40),
      vehicles: 1 + Math.floor(r() * 6),
      status,
      homeBase: { name: `Station ${i}`, location: [lng, lat] },
      position: [lng, lat],
      positionFixAt: new Date(NOW_MS - ageMin * 60_000).toISOString(),
      cityAdcode: null,
      org: '',
      demo: true,
    });
  }
  return units;
}

const AIRPORTS: [string, string, number, number][] = [
  ['ZBYN', '太原武宿', 112.628, 37.7469],
  ['ZBDT', '大同云冈', 113.482, 40.0603],
  ['ZBCZ', '长治王村', 113.126, 36.2475],
  ['ZBYC', '运城关公', 111.0314, 35.1164],
  ['ZBLL', '吕梁大武', 111.1428, 37.6833],
  ['ZBLF', '临汾尧都', 111.6412, 36.1326],
  ['ZBXZ', '忻州五台山', 112.9692, 38.5975],
];

export function syntheticBases(): AviationBase[] {
  return AIRPORTS.map(([icao, name, lng, lat], i) => ({
    id: `base-${icao}`,
    name,
    kind: 'civil_airport',
    icao,
    location: [lng, lat],
    demo: true,
    aircraft: [
      {
        id: `ac-${icao}-1`,
        callsign: `H${i * 2 + 1}`,
        model: 'AC313',
        category: 'helicopter',
        cruiseSpeedKmh: 250,
        launchMinutes: 12,
        approachMinutes: 5,
        rangeKm: 900,
        payloadKg: 4000,
        bucketLitres: 3000,
        capabilities: ['aerial_firefighting', 'aerial_rescue', 'airlift'],
        status: 'available',
        demo: true,
      },
      {
        id: `ac-${icao}-2`,
        callsign: `H${i * 2 + 2}`,
        model: 'H135',
        category: 'helicopter',
        cruiseSpeedKmh: 230,
        launchMinutes: 10,
        approachMinutes: 4,
        rangeKm: 620,
        payloadKg: 1200,
        bucketLitres: 0,
        capabilities: ['medical', 'aerial_rescue', 'reconnaissance'],
        status: 'available',
        demo: true,
      },
    ],
  }));
}

export function syntheticIncidents(n: number, seed = 2): AssignIncident[] {
  const r = rng(seed);
  const hazards = HAZARD_TYPES.filter((h) => h !== 'drought' && h !== 'other');
  const out: AssignIncident[] = [];
  for (let i = 0; i < n; i++) {
    const hazard = hazards[Math.floor(r() * hazards.length)]!;
    // Mostly level IV and III, as in a busy day; a few level II.
    const x = r();
    const level = x < 0.55 ? RESPONSE_LEVELS[3] : x < 0.9 ? RESPONSE_LEVELS[2] : RESPONSE_LEVELS[1];
    out.push({ id: `inc-${i}`, hazard, level, location: [110.6 + r() * 3.5, 35.0 + r() * 5.3] });
  }
  return out;
}
