import type { HazardType, Incident, LngLat } from '../domain';
import type { DeskConfig } from './config';

const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

function distanceKm(a: LngLat, b: LngLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return (2 * R * Math.asin(Math.min(1, Math.sqrt(h)))) / 1000;
}

export interface PossibleDuplicate {
  incident: Incident;
  distanceKm: number;
  minutesApart: number;
}

/**
 * Open incidents of the same hazard within `duplicateKm` and `duplicateHours` of a new report: it
 * may be the same event reported twice (asked about before the report is saved). Nearest first.
 */
export function possibleDuplicates(
  report: { hazard: HazardType; location: LngLat; at: string },
  incidents: readonly Incident[],
  cfg: Pick<DeskConfig, 'duplicateKm' | 'duplicateHours'>,
): PossibleDuplicate[] {
  const t = Date.parse(report.at);
  const out: PossibleDuplicate[] = [];
  for (const inc of incidents) {
    if (inc.status === 'closed' || inc.hazard !== report.hazard) continue;
    const when = Date.parse(inc.occurredAt ?? inc.reportedAt);
    const minutesApart = Math.abs(t - when) / 60_000;
    if (minutesApart > cfg.duplicateHours * 60) continue;
    const d = distanceKm(report.location, inc.location);
    if (d <= cfg.duplicateKm) out.push({ incident: inc, distanceKm: Math.round(d * 100) / 100, minutesApart: Math.round(minutesApart) });
  }
  return out.sort((a, b) => a.distanceKm - b.distanceKm);
}
