import { hazardName, levelName, statusName, type SituationReport } from '../../shared/reports';

/**
 * The incidents of the window as an RFC 7946 FeatureCollection (WGS84 [lng, lat] points), each
 * with its figures as they stood at the report's time, and the window itself in `metadata`
 * (a foreign member, which RFC 7946 allows at the top level).
 */
export function reportGeoJson(r: SituationReport): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    metadata: {
      title: '态势报告',
      issuer: r.issuer,
      window: r.window,
      asOf: r.asOf,
      generatedAt: r.generatedAt,
      totals: r.totals,
      forces: {
        units: r.forces.units,
        aircraft: r.forces.aircraft,
        headcount: r.forces.headcount,
        onSceneUnits: r.forces.onSceneUnits,
      },
      overdue: r.overdue.length,
      demo: r.demo,
    },
    features: r.incidents.map((i) => ({
      type: 'Feature',
      id: i.id,
      geometry: { type: 'Point', coordinates: [i.location[0], i.location[1]] },
      properties: {
        id: i.id,
        title: i.title,
        hazard: i.hazard,
        hazardName: hazardName(i.hazard),
        level: i.level,
        levelName: levelName(i.level),
        status: i.status,
        statusName: statusName(i.status),
        open: i.open,
        reportedAt: i.reportedAt,
        closedAt: i.closedAt,
        countyAdcode: i.countyAdcode,
        cityAdcode: i.cityAdcode,
        place: i.place,
        dead: i.casualties.dead,
        injured: i.casualties.injured,
        missing: i.casualties.missing,
        trapped: i.casualties.trapped,
        affected: i.affected,
        unitsSent: i.unitsSent,
        aircraftSent: i.aircraftSent,
        onScene: i.onScene,
        overdue: i.overdue,
        demo: i.demo,
      },
    })),
  });
}
