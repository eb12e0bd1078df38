/**
 * Known-good records for the schema tests. Each test copies one, breaks one thing and checks that
 * the schema says no (and where).
 */
import type {
  AssignmentInput,
  AviationBaseInput,
  IncidentInput,
  RescueUnitInput,
  ScenarioInput,
  SupplyDepotInput,
} from '../../../../src/shared/domain';

export const goodIncident = (): IncidentInput => ({
  id: 'inc-1',
  title: '沁源县森林火灾',
  hazard: 'forest_fire',
  level: 'III',
  status: 'responding',
  location: [112.105, 36.585],
  countyAdcode: '140431',
  casualties: { dead: 0, injured: 1, missing: 0, trapped: 0 },
  affected: 320,
  reporter: { name: '李志刚', org: '某林场', phone: '139****0431' },
  description: '演示',
  reportedAt: '2026-11-29T06:40:00+08:00',
  updatedAt: '2026-11-29T07:48:00+08:00',
  acknowledgedAt: null,
  demo: true,
});

export const goodUnit = (): RescueUnitInput => ({
  id: 'unit-1',
  name: '沁源县消防救援站',
  kind: 'fire_rescue',
  capabilities: ['firefighting', 'search_rescue'],
  headcount: 24,
  vehicles: 6,
  status: 'available',
  homeBase: { name: '沁源县消防救援站', location: [112.254, 36.679] },
  position: [112.254, 36.679],
  positionFixAt: '2026-11-29T07:58:00+08:00',
  cityAdcode: '140400',
  org: '长治市消防救援支队',
  demo: true,
});

export const goodBase = (): AviationBaseInput => ({
  id: 'base-ZBYN',
  name: '太原武宿国际机场',
  kind: 'civil_airport',
  icao: 'ZBYN',
  location: [112.627998, 37.746899],
  aircraft: [
    {
      id: 'ac-1',
      callsign: '晋应-H01',
      model: 'AC313',
      category: 'helicopter',
      cruiseSpeedKmh: 255,
      launchMinutes: 15,
      approachMinutes: 5,
      rangeKm: 900,
      payloadKg: 4000,
      bucketLitres: 3000,
      capabilities: ['aerial_firefighting', 'aerial_rescue', 'airlift'],
      status: 'available',
      demo: true,
    },
  ],
  demo: false,
});

export const goodDepot = (): SupplyDepotInput => ({
  id: 'depot-1',
  name: '沁源县应急物资储备库',
  level: 'county',
  adcode: '140431',
  location: [112.246, 36.69],
  stock: [
    { item: 'tent', quantity: 120, unit: '顶', minimum: 70 },
    { item: 'drinking_water', quantity: 96, unit: '箱', minimum: 240 },
  ],
  demo: true,
});

export const goodAssignment = (): AssignmentInput => ({
  id: 'asg-1',
  incidentId: 'inc-1',
  resourceKind: 'unit',
  resourceId: 'unit-1',
  status: 'accepted',
  etaMinutes: 32,
  note: '村庄外围防护',
  proposedBy: '值班员',
  proposedAt: '2026-11-29T06:53:00+08:00',
  decidedAt: '2026-11-29T06:54:00+08:00',
  rejectionReason: null,
});

export const goodScenario = (): ScenarioInput => ({
  schemaVersion: 1,
  name: '测试场景',
  description: '',
  demo: true,
  incidents: [goodIncident()],
  units: [goodUnit()],
  bases: [goodBase()],
  depots: [goodDepot()],
  assignments: [goodAssignment()],
});

/**
 * The distinct paths of the issues zod reports, as "a.b.0.c" strings ("" for the record itself),
 * for compact assertions. Empty when the record is valid.
 */
export function issuePaths(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[] }[] };
}): string[] {
  return [...new Set((result.error?.issues ?? []).map((i) => i.path.map(String).join('.')))];
}
