import type { HazardType, Incident, LngLat } from '../domain';
import type { DeskConfig } from './config';
import { distanceMetres } from '../geo/spherical';

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
    const d = distanceMetres(report.location, inc.location) / 1000;
    if (d <= cfg.duplicateKm)
      out.push({
        incident: inc,
        distanceKm: Math.round(d * 100) / 100,
        minutesApart: Math.round(minutesApart),
      });
  }
  return out.sort((a, b) => a.distanceKm - b.distanceKm);
}
