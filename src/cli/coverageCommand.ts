import { writeFileSync } from 'node:fs';
import {
  BUCKET_HAZARDS,
  bestSite,
  countyCoverage,
  FIRE_SEASON,
  moveUp,
  MOVE_UP_DEFAULTS,
  prepareCoverageGrid,
  reachAreas,
} from '../shared/dispatch';
import { type Position } from '../shared/geo';
import { CliError, parseHazard, parseLngLat, parseNumber, parseWater, requireMapPack } from './inputs';
import { f1, pct, table } from './format';
import type { Ctx } from './dispatch';

/** `coverage`: the 1-hour network over the map pack's counties, what-if siting and move-up. */
export function cmdCoverage(c: Ctx): void {
  const pack = requireMapPack(c.v['map-pack']);
  const minutes = parseNumber(c.v.minutes, '--minutes', { min: 1, max: 600, fallback: 60 });
  const cellKm = parseNumber(c.v['cell-km'], '--cell-km', { min: 0.25, max: 20, fallback: 1 });
  const candidates = (c.v.candidate ?? []).map((t, i) => ({
    location: parseLngLat(t, `--candidate #${i + 1}`, pack),
    label: t,
  }));
  const aircraftIds = new Set(c.scenario.bases.flatMap((b) => b.aircraft.map((a) => a.id)));
  const commit = c.v.commit ?? [];
  for (const id of commit) {
    if (!aircraftIds.has(id))
      throw new CliError(
        `--commit "${id}" is not an aircraft id in the scenario; ids look like ${[...aircraftIds].slice(0, 3).join(', ')}`,
      );
  }
  const hazard = c.v.hazard === undefined ? null : parseHazard(c.v.hazard);
  const water = parseWater(c.v.water, pack);
  // Availability (weather, crew, daylight) is judged at the CLI's clock, as recommend does.
  const air = { hazard, now: c.now.ms, ...(water ? { waterSources: water } : {}) };
  const grid = prepareCoverageGrid(pack.counties, cellKm);
  const report = countyCoverage(c.scenario.bases, grid, minutes, {
    ...air,
    ...(pack.hazardZones?.length ? { hazardZones: pack.hazardZones } : {}),
  });
  // Without --candidate, the candidates are the county label points (county seats).
  const siteCandidates = candidates.length
    ? candidates
    : pack.counties.features.flatMap((f) => {
        const p = (f.properties ?? {}) as Record<string, unknown>;
        return typeof p.lon === 'number' && typeof p.lat === 'number'
          ? [
              {
                location: [p.lon, p.lat] as Position,
                label: String(p.district_name ?? p.name ?? `${p.lon},${p.lat}`),
              },
            ]
          : [];
      });
  const sites = bestSite(c.scenario.bases, grid, siteCandidates, { minutes, ...air });
  const mu = commit.length ? moveUp(c.scenario.bases, grid, commit, moveUpOptions(c, minutes, air)) : null;
  if (!commit.length)
    for (const k of MOVE_UP_FLAGS)
      if (c.v[k] !== undefined)
        throw new CliError(`--${k} applies to move-up: give --commit AIRCRAFT_ID too`);
  if (c.v['reach-geojson'])
    writeFileSync(c.v['reach-geojson'], JSON.stringify(reachAreas(c.scenario.bases, minutes, { hazard })));
  if (c.v.json) {
    c.emit({
      command: 'coverage',
      scenario: c.scenarioFile,
      mapPack: pack.dir,
      ...report,
      whatIf: {
        candidatesFrom: candidates.length ? 'arguments' : 'county label points',
        ...sites,
        ranked: sites.ranked.slice(0, candidates.length || 10),
      },
      moveUp: mu,
      moveUpClock: mu ? c.now.source : null,
    });
    return;
  }
  c.out(
    `Aviation coverage within ${minutes} min (${report.cellKm} km grid, ${pack.dir})${hazard ? ` for ${hazard}` : ''}`,
  );
  c.out(
    `counted: available aircraft with ${report.countingCapabilities.join(' or ')}${hazard && BUCKET_HAZARDS.includes(hazard) ? '; bucket helicopters at external-load speed' : ''}` +
      `${water ? `, first drop after filling at the nearest-detour water source (${water.length})` : ''}; reconnaissance-only not counted: ${report.reconAircraftIds.join(' ') || 'none'}`,
  );
  c.out(
    `province: ${pct(report.coveredFraction)} covered, ${report.coveredAreaKm2.toFixed(0)} of ${report.totalAreaKm2.toFixed(0)} km²; beyond every aircraft's range: ${report.unreachableAreaKm2.toFixed(0)} km²`,
  );
  const hw = report.hazardWeighted;
  if (hw) {
    c.out(
      `weighted by hazard-prone zones: ${hw.weightedCoveredFraction === null ? 'n/a' : pct(hw.weightedCoveredFraction)} covered (plain area: ${pct(hw.plainCoveredFraction)})`,
    );
    for (const z of hw.zones)
      c.out(
        `  ${z.kind}: ${z.areaKm2.toFixed(0)} km², ${z.coveredFraction === null ? 'n/a' : pct(z.coveredFraction)} covered`,
      );
  }
  c.out('');
  c.out(
    table(
      ['base', '>reach km', 'aircraft counted'],
      report.sources.map((s) => [
        s.baseName,
        f1(s.reachRadiusKm),
        s.aircraftIds.join(' ') || '— (none available)',
      ]),
    ),
  );
  const short = report.counties
    .filter((x) => x.status !== 'covered')
    .sort((a, b) => a.coveredFraction - b.coveredFraction || (a.adcode < b.adcode ? -1 : 1));
  c.out('');
  c.out(`${report.counties.length - short.length} of ${report.counties.length} counties fully covered.`);
  if (short.length) {
    c.out(
      table(
        ['adcode', 'county', '>area km²', '>covered', '>worst ETA min', 'status'],
        short.map((x) => [
          x.adcode,
          x.name,
          x.areaKm2.toFixed(0),
          pct(x.coveredFraction),
          f1(x.worstEtaMinutes),
          x.status,
        ]),
      ),
    );
  }
  c.out('');
  c.out('Worst-served places:');
  for (const w of report.worstServed)
    c.out(
      `  ${w.location[0]},${w.location[1]} ${w.countyName} ${w.countyAdcode}: best air ETA ${w.bestEtaMinutes === null ? 'none (out of range)' : `${f1(w.bestEtaMinutes)} min`}`,
    );
  c.out('');
  c.out(
    `What-if: a new base with one helicopter (${candidates.length ? 'given candidates' : 'candidates: county seats'}):`,
  );
  const shown = sites.ranked.slice(0, candidates.length || 5);
  c.out(
    table(
      ['site', 'location', '>gain km²', '>coverage after', '>mean ETA gain min'],
      shown.map((s) => [
        s.label ?? '',
        `${s.location[0]},${s.location[1]}`,
        s.gainKm2.toFixed(0),
        pct(s.coveredFractionAfter),
        s.meanEtaGainMinutes.toFixed(2),
      ]),
    ),
  );
  if (sites.best)
    c.out(
      `best site: ${sites.best.label ?? ''} ${sites.best.location.join(',')} (+${sites.best.gainKm2.toFixed(0)} km²)`,
    );
  if (mu) {
    c.out('');
    c.out(
      `Move-up after committing ${mu.committed.join(', ')}: coverage ${mu.coveredAreaKm2Before.toFixed(0)} → ${mu.coveredAreaKm2AfterCommit.toFixed(0)} km² (lost ${mu.lostAreaKm2.toFixed(0)} km²)`,
    );
    for (const l of mu.countiesLosing.slice(0, 10))
      c.out(`  loses ${l.lostKm2.toFixed(0)} km²: ${l.name} ${l.adcode}`);
    c.out(
      `  a move must be worth at least ${mu.minGainKm2.toFixed(0)} km² after its ferry (horizon ${mu.horizonMinutes} min) and role (sole cover ×${mu.soleCoverWeight}); ` +
        `${mu.fireSeason ? 'fire season' : 'outside the fire season'} (${c.now.source})` +
        (mu.fireSeason
          ? mu.forestAircraftHeld
            ? ': forest-station aircraft stay at their station (--move-forest-aircraft to allow)'
            : ': forest-station aircraft may move (--move-forest-aircraft)'
          : ''),
    );
    if (mu.moves.length === 0) c.out('  no move worth making: keep the aircraft where they are');
    for (const m of mu.moves) {
      c.out(
        `  move ${m.callsign} ${m.fromBaseName} → ${m.toBaseName}: +${m.gainKm2.toFixed(0)} km², ferry ${f1(m.ferryMinutes)} min, ${m.role === 'spare' ? 'spare' : 'sole cover'}, value ${m.valueKm2.toFixed(0)} km²`,
      );
      for (const w of m.why) c.out(`      ${w}`);
    }
    if (mu.bestRejected) {
      const r = mu.bestRejected;
      c.out(
        `  not proposed: ${r.callsign} → ${r.toBaseName} (+${r.gainKm2.toFixed(0)} km², ferry ${f1(r.ferryMinutes)} min, value ${r.valueKm2.toFixed(0)} km² < ${mu.minGainKm2.toFixed(0)} km²)`,
      );
    }
    const heldBy = (reason: string) =>
      mu.held
        .filter((h) => h.reason === reason)
        .map((h) => h.callsign)
        .join(', ');
    if (heldBy('fire_season_station'))
      c.out(`  kept at their forest-aviation station (fire season): ${heldBy('fire_season_station')}`);
    if (heldBy('recon_only')) c.out(`  never moved (reconnaissance only): ${heldBy('recon_only')}`);
    c.out(`  after moves: ${mu.coveredAreaKm2AfterMoves.toFixed(0)} km²`);
  }
}

const MOVE_UP_FLAGS = [
  'max-moves',
  'min-gain-km2',
  'min-gain-pct',
  'horizon-minutes',
  'fire-season',
  'move-forest-aircraft',
] as const;

/** Move-up options from the flags; the fire season follows the CLI's clock (--now, scenario time). */
function moveUpOptions(c: Ctx, minutes: number, air: Record<string, unknown>) {
  const fs = c.v['fire-season'];
  if (fs !== undefined && fs !== 'yes' && fs !== 'no')
    throw new CliError(
      `--fire-season "${fs}" must be yes or no (default: from the date, ${FIRE_SEASON.from.day} Oct – ${FIRE_SEASON.to.day} Jun)`,
    );
  return {
    minutes,
    ...air,
    now: c.now.ms,
    maxMoves: parseNumber(c.v['max-moves'], '--max-moves', {
      min: 0,
      max: 20,
      integer: true,
      fallback: MOVE_UP_DEFAULTS.maxMoves,
    }),
    minGainKm2: parseNumber(c.v['min-gain-km2'], '--min-gain-km2', {
      min: 0,
      max: 1_000_000,
      fallback: MOVE_UP_DEFAULTS.minGainKm2,
    }),
    minGainFraction:
      parseNumber(c.v['min-gain-pct'], '--min-gain-pct', {
        min: 0,
        max: 100,
        fallback: MOVE_UP_DEFAULTS.minGainFraction * 100,
      }) / 100,
    horizonMinutes: parseNumber(c.v['horizon-minutes'], '--horizon-minutes', {
      min: 1,
      max: 7 * 24 * 60,
      fallback: MOVE_UP_DEFAULTS.horizonMinutes,
    }),
    ...(fs !== undefined ? { fireSeason: fs === 'yes' } : {}),
    moveForestAircraft: c.v['move-forest-aircraft'] === true,
  };
}
