import type { Candidate, RefusedAircraft, RunCardResult } from './recommend';
import { explainAvailability } from './airAvailability';

/**
 * Plain-English explanations for the CLI and logs. The app builds its own sentences from the same
 * structured fields through i18n; these are the reference wording.
 */
const f1 = (v: number) => v.toFixed(1);

function speedName(c: Candidate): string {
  return c.eta.speedBasis === 'external_load' ? 'external-load cruise, bucket slung' : 'clean cruise';
}

function flightPath(c: Candidate): string {
  const w = c.eta.waterSource;
  if (!w) return `${f1(c.distanceKm)} km`;
  return `${f1(w.toWaterKm)} km to water at ${w.location[0].toFixed(3)},${w.location[1].toFixed(3)} + ${f1(w.toIncidentKm)} km to the fire, first drop`;
}

export function explainEta(c: Candidate): string {
  const e = c.eta;
  if (c.resource === 'aircraft') {
    return (
      `launch ${f1(e.launchMinutes ?? 0)}${c.availability.length ? ` (${explainAvailability(c.availability)})` : ''} + flight ${f1(e.flightMinutes ?? 0)} (${flightPath(c)} at ${f1(e.speedKmh ?? 0)} km/h ${speedName(c)}) ` +
      `+ approach ${f1(e.approachMinutes ?? 0)} min; mission radius ${f1(e.maxRadiusKm ?? 0)} km`
    );
  }
  return (
    `mobilise ${f1(e.mobilisationMinutes ?? 0)} + drive ${f1(e.travelMinutes ?? 0)} min ` +
    `(${f1(e.roadDistanceKm ?? 0)} km road est. = ${f1(c.distanceKm)} km × ${(e.circuity ?? 1).toFixed(2)}, avg ${Math.round(e.speedKmh ?? 0)} km/h, ${e.model})`
  );
}

export function explainFix(c: Candidate): string {
  if (!c.fix) return `at base ${c.baseName ?? ''}`.trim();
  const age = c.fix.ageMinutes < 1 ? 'under a minute' : `${Math.round(c.fix.ageMinutes)} min`;
  let s = `position fix ${age} old (${c.fix.state}, ${c.confidence} confidence)`;
  if (c.fix.linkDown) s += ', LINK DOWN';
  if (c.fix.fromFuture) s += ', fix time is in the future (clock skew)';
  if (c.fix.uncertaintyKm > 0) {
    s += `; may have moved up to ${f1(c.fix.uncertaintyKm)} km, ETA ${f1(c.etaRangeMinutes[0])}–${f1(c.etaRangeMinutes[1])} min`;
  }
  return s;
}

/** One line per candidate: what, how far, how long and why it qualifies. */
export function explainCandidate(c: Candidate): string {
  const head = `#${c.rank} ${c.name} [${c.id}] (${c.resource === 'aircraft' ? `aircraft ${c.kind}` : c.kind})`;
  const why = `qualifies by ${c.qualifiesBy.join(', ')}; status ${c.status}${c.notes.includes('returning') ? ' (returning from a task)' : ''}`;
  return `${head}: ${f1(c.distanceKm)} km, ETA ${f1(c.etaMinutes)} min = ${explainEta(c)}; ${why}; ${explainFix(c)}`;
}

/** Why an aircraft cannot go: status, range, or the availability rules (night, weather) and until when. */
export function explainRefusal(r: RefusedAircraft): string {
  const head = `${r.callsign} at ${r.baseName}`;
  if (r.reason === 'not_available') return `${head}: status ${r.status}`;
  if (r.reason === 'out_of_range')
    return `${head}: out of range (${f1(r.distanceKm)} km > mission radius ${f1(r.maxRadiusKm)} km)`;
  return `${head}: ${explainAvailability(r.conditions, r.availableAt)}`;
}

export function explainRunCard(card: RunCardResult): string[] {
  const state = card.complete
    ? 'complete'
    : card.late && card.filled
      ? `filled but LATE (all on scene after the ${card.targetMinutes}-min target)`
      : 'INCOMPLETE';
  const lines = [`Run card ${card.hazard} level ${card.level}: ${state}`];
  for (const s of card.slots) {
    const got = s.filled.map(
      (x) =>
        `${x.name} ${f1(x.etaMinutes)} min${x.speedBasis === 'external_load' ? ` (bucket slung, ${f1(x.speedKmh ?? 0)} km/h)` : ''}${
          x.confidence !== 'high' ? ` (${x.confidence} confidence)` : ''
        }`,
    );
    lines.push(`  ${s.role} ${s.filled.length}/${s.needed}: ${got.join('; ') || '—'}`);
    if (s.shortfall) lines.push(`    ! ${s.shortfall}`);
  }
  if (card.fullArrivalMinutes !== null)
    lines.push(`  last filled resource arrives in ${f1(card.fullArrivalMinutes)} min`);
  return lines;
}
