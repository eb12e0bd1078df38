import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import {
  FIRE_SEASON,
  isFireSeason,
  MOVE_UP_DEFAULTS,
  moveUp,
  prepareCoverageGrid,
  type MoveUpMove,
} from '../../../../src/shared/dispatch';
import { distanceMetres } from '../../../../src/shared/geo';
import { loadScenarioText, type Aircraft, type AviationBase } from '../../../../src/shared/domain';
import { MAP_PACK } from '../geo/mapPack';
import { boxFeature } from '../../../support/geo';
import { DEMO_SCENARIO } from '../../../support/tmp';

/**
 * Move-up on the real bases of the demo scenario (Shanxi's civil airports and forest-aviation
 * stations) over the Shanxi map pack's counties, on a 2 km grid: only moves a duty officer would
 * accept (docs/dispatch.md, "Move-up").
 */
const scenario = loadScenarioText(readFileSync(DEMO_SCENARIO, 'utf8'), DEMO_SCENARIO);
if (!scenario.ok) throw new Error(scenario.error.message);
const BASES = scenario.value.bases;
const counties = JSON.parse(
  readFileSync(`${MAP_PACK}/shanxi_district_tianditu2024.geojson`, 'utf8'),
) as FeatureCollection;
const grid = prepareCoverageGrid(counties, 2);
const base = (id: string): AviationBase => BASES.find((b) => b.id === id)!;
const craft = (id: string): Aircraft => BASES.flatMap((b) => b.aircraft).find((a) => a.id === id)!;

// Beijing dates: spring is the fire season, August is not.
const SPRING = '2026-03-20T10:00:00+08:00';
const SUMMER = '2026-08-01T10:00:00+08:00';

/** The value a move is judged by, recomputed from its reported parts (docs/dispatch.md). */
function valueOf(m: MoveUpMove, horizon: number, weight: number): number {
  const f = Math.min(1, m.ferryMinutes / horizon);
  return (
    m.newlyCoveredKm2 * (1 - f) - weight * (m.leftUncoveredKm2 + (m.soleCoverKm2 - m.leftUncoveredKm2) * f)
  );
}

describe('a tiny gain is not worth a ferry flight', () => {
  it('committing 晋应-H01 at 太原武宿 loses nothing; moving 晋应-H02 to 忻州 would gain a few hundred km²: not proposed', () => {
    const r = moveUp(BASES, grid, ['base-ZBYN-ac1'], { fireSeason: false });
    expect(r.lostAreaKm2).toBe(0);
    // The minimum is 1 % of the province (≈ 1,566 km², about one county), above the 500 km² floor.
    expect(r.minGainKm2).toBeCloseTo(0.01 * grid.count * grid.cellAreaKm2, 6);
    expect(r.minGainKm2).toBeGreaterThan(1500);
    expect(r.moves).toEqual([]);
    expect(r.bestRejected).toMatchObject({ callsign: '晋应-H02', toBaseId: 'base-ZBXZ', role: 'spare' });
    expect(r.bestRejected!.gainKm2).toBeGreaterThan(0);
    expect(r.bestRejected!.gainKm2).toBeLessThan(1000);
    expect(r.bestRejected!.valueKm2).toBeLessThan(r.minGainKm2);
    // Without a minimum the same move would be proposed: the minimum is what stops it.
    const loose = moveUp(BASES, grid, ['base-ZBYN-ac1'], {
      fireSeason: false,
      minGainKm2: 0,
      minGainFraction: 0,
    });
    expect(loose.moves[0]).toMatchObject({ callsign: '晋应-H02', toBaseId: 'base-ZBXZ' });
    expect(loose.moves[0]!.gainKm2).toBe(r.bestRejected!.gainKm2);
  });

  it('a move that gains nothing is never proposed, even with no minimum', () => {
    const r = moveUp(BASES, grid, ['base-ZBYN-ac1'], {
      fireSeason: false,
      minGainKm2: 0,
      minGainFraction: 0,
    });
    for (const m of r.moves) expect(m.valueKm2).toBeGreaterThan(0);
  });

  it('on a small area the 500 km² floor applies (1 % of it would be a few km²)', () => {
    // Two 0.3° boxes around 太原 (≈ 2 × 870 km²) with the real 太原武宿 base.
    const small = {
      type: 'FeatureCollection' as const,
      features: [
        boxFeature('140105', 112.3, 37.6, 112.6, 37.9),
        boxFeature('140106', 112.6, 37.6, 112.9, 37.9),
      ],
    };
    const r = moveUp([base('base-ZBYN')], prepareCoverageGrid(small, 1), ['base-ZBYN-ac1'], {
      fireSeason: false,
    });
    expect(r.minGainKm2).toBe(MOVE_UP_DEFAULTS.minGainKm2);
  });
});

describe('forest-aviation stations keep their aircraft in the fire season', () => {
  // 大同's only firefighting helicopter (晋应-H05) is committed: the north loses its forest-fire cover.
  const commit = ['base-ZBDT-ac1'];
  const o = { hazard: 'forest_fire' as const };

  it("spring: 阳曲 station's 晋应-H16 stays home (named, with why); 吕梁's 晋应-H11 goes instead", () => {
    const r = moveUp(BASES, grid, commit, { ...o, now: SPRING });
    expect(r.fireSeason).toBe(true);
    expect(r.forestAircraftHeld).toBe(true);
    expect(r.lostAreaKm2).toBeGreaterThan(5000);
    expect(r.held).toContainEqual(
      expect.objectContaining({
        aircraftId: 'base-fa-yangqu-ac1',
        callsign: '晋应-H16',
        reason: 'fire_season_station',
      }),
    );
    const moved = r.moves.map((m) => m.aircraftId);
    for (const b of BASES.filter((x) => x.kind === 'forest_aviation'))
      for (const a of b.aircraft) expect(moved).not.toContain(a.id);
    expect(r.moves[0]).toMatchObject({
      callsign: '晋应-H11',
      fromBaseId: 'base-ZBLL',
      toBaseId: 'base-ZBDT',
    });
  });

  it("spring with the officer's override: 晋应-H16 moves 阳曲 → 大同, and says it was allowed by the override", () => {
    const r = moveUp(BASES, grid, commit, { ...o, now: SPRING, moveForestAircraft: true });
    expect(r.fireSeason).toBe(true);
    expect(r.forestAircraftHeld).toBe(false);
    expect(r.held.map((h) => h.reason)).not.toContain('fire_season_station');
    expect(r.moves[0]).toMatchObject({
      callsign: '晋应-H16',
      fromBaseId: 'base-fa-yangqu',
      fromBaseKind: 'forest_aviation',
      toBaseId: 'base-ZBDT',
      role: 'spare',
    });
    expect(r.moves[0]!.why.join('\n')).toMatch(
      /allowed: forest-aviation station aircraft moved in the fire season by the officer's override/,
    );
  });

  it('summer: the same move needs no override', () => {
    const r = moveUp(BASES, grid, commit, { ...o, now: SUMMER });
    expect(r.fireSeason).toBe(false);
    expect(r.moves[0]).toMatchObject({ callsign: '晋应-H16', toBaseId: 'base-ZBDT' });
    expect(r.moves[0]!.why.join('\n')).toMatch(/allowed: forest-aviation station, outside the fire season/);
  });

  it('the fire season by the Beijing date: 1 October through 30 June', () => {
    expect(FIRE_SEASON).toEqual({ from: { month: 10, day: 1 }, to: { month: 6, day: 30 } });
    const at = (iso: string) => isFireSeason(Date.parse(iso));
    expect(at('2026-06-30T23:59:00+08:00')).toBe(true);
    expect(at('2026-06-30T16:30:00Z')).toBe(false); // 1 July 00:30 in Beijing
    expect(at('2026-09-30T23:59:00+08:00')).toBe(false);
    expect(at('2026-09-30T16:00:00Z')).toBe(true); // 1 October 00:00 in Beijing
    expect(at('2027-01-15T12:00:00+08:00')).toBe(true);
    // An explicit fireSeason wins over the date.
    expect(moveUp(BASES, grid, commit, { ...o, now: SUMMER, fireSeason: true }).forestAircraftHeld).toBe(
      true,
    );
  });
});

describe('ferry time is part of the move, and of its cost', () => {
  const commit = ['base-ZBDT-ac1'];
  const o = { hazard: 'forest_fire' as const, now: SUMMER };

  it('晋应-H16 阳曲 → 大同: ferry = launch + distance ÷ cruise, shown and explained', () => {
    const m = moveUp(BASES, grid, commit, o).moves[0]!;
    const h16 = craft('base-fa-yangqu-ac1');
    const dKm = distanceMetres(base('base-fa-yangqu').location, base('base-ZBDT').location) / 1000;
    expect(m.distanceKm).toBeCloseTo(dKm, 6);
    expect(m.ferryMinutes).toBeCloseTo(h16.launchMinutes + (dKm / h16.cruiseSpeedKmh) * 60, 6);
    expect(m.ferryMinutes).toBeGreaterThan(75);
    expect(m.why[1]).toBe(
      `ferry ${m.ferryMinutes.toFixed(1)} min (18 min launch + ${dKm.toFixed(0)} km at 230 km/h), unavailable meanwhile: ${((m.ferryMinutes / 180) * 100).toFixed(0)}% of the 180-min horizon`,
    );
    // The area it newly covers counts only after it lands: value = newly × (1 − ferry ÷ horizon).
    expect(m.valueKm2).toBeCloseTo(valueOf(m, 180, 2), 6);
    expect(m.valueKm2).toBeLessThan(m.gainKm2 * (1 - 75 / 180));
  });

  it('a ferry longer than the horizon is worth nothing: with a 60-minute horizon 晋应-H16 (78 min away) is not sent', () => {
    const r = moveUp(BASES, grid, commit, { ...o, horizonMinutes: 60 });
    expect(r.moves.map((m) => m.callsign)).not.toContain('晋应-H16');
    for (const m of r.moves) expect(m.ferryMinutes).toBeLessThan(60);
  });
});

describe("the aircraft's role in the cost", () => {
  it('the only firefighting helicopter of 吕梁 (晋应-H11) pays double for the area it leaves; a spare pays nothing', () => {
    const r = moveUp(BASES, grid, ['base-ZBDT-ac1'], { hazard: 'forest_fire', now: SPRING });
    const h11 = r.moves.find((m) => m.callsign === '晋应-H11')!;
    expect(h11.role).toBe('sole_cover');
    expect(h11.soleCoverKm2).toBeGreaterThan(0);
    expect(h11.valueKm2).toBeCloseTo(valueOf(h11, 180, 2), 6);
    expect(h11.why[2]).toMatch(
      /^the only counting aircraft within 60 min of [\d,]+ km²: that area weighs ×2 against the move$/,
    );
    // Weighting the sole area ×1 instead of ×2: the same move is worth that much more, so the
    // best move then is worth at least as much.
    const light = moveUp(BASES, grid, ['base-ZBDT-ac1'], {
      hazard: 'forest_fire',
      now: SPRING,
      soleCoverWeight: 1,
    });
    expect(valueOf(h11, 180, 1)).toBeGreaterThan(h11.valueKm2);
    expect(light.moves[0]!.valueKm2).toBeGreaterThanOrEqual(valueOf(h11, 180, 1) - 1e-6);

    const spare = moveUp(BASES, grid, ['base-ZBDT-ac1'], { hazard: 'forest_fire', now: SUMMER }).moves[0]!;
    expect(spare).toMatchObject({
      callsign: '晋应-H16',
      role: 'spare',
      soleCoverKm2: 0,
      leftUncoveredKm2: 0,
    });
    expect(spare.why[2]).toBe(
      'spare: every place it covers within 60 min is also covered by another aircraft',
    );
  });
});

describe('a reconnaissance drone is never moved for rescue gain', () => {
  // 太原武宿 with its AC313 (晋应-H01) and its 翼龙-2H survey drone (晋应-U04); 大同's two
  // helicopters are committed. A long horizon makes the drone's slow ferry affordable.
  const taiyuan = base('base-ZBYN');
  const withDrone = (drone: Aircraft) => [
    { ...taiyuan, aircraft: [craft('base-ZBYN-ac1'), drone] },
    base('base-ZBDT'),
  ];
  const commit = ['base-ZBDT-ac1', 'base-ZBDT-ac2'];
  const o = { fireSeason: false, horizonMinutes: 600 };
  const u04 = craft('base-ZBYN-ac4');

  it('晋应-U04 stays at 太原, listed as reconnaissance only, even when every aircraft counts', () => {
    expect(u04.capabilities).toEqual(['reconnaissance']);
    for (const capabilities of [undefined, []]) {
      const r = moveUp(withDrone(u04), grid, commit, { ...o, ...(capabilities ? { capabilities } : {}) });
      expect(r.lostAreaKm2).toBeGreaterThan(20_000);
      expect(r.moves.map((m) => m.aircraftId)).not.toContain(u04.id);
      expect(r.held).toContainEqual(expect.objectContaining({ aircraftId: u04.id, reason: 'recon_only' }));
    }
  });

  it('the same airframe able to airlift would be moved to 大同: only its role keeps the drone home', () => {
    const lifter = { ...u04, capabilities: ['reconnaissance' as const, 'airlift' as const] };
    const r = moveUp(withDrone(lifter), grid, commit, o);
    expect(r.moves[0]).toMatchObject({ aircraftId: u04.id, toBaseId: 'base-ZBDT', role: 'spare' });
    expect(r.held.map((h) => h.aircraftId)).not.toContain(u04.id);
  });
});

describe('availability rules apply to move-up as to coverage', () => {
  it('no ferry into a closed base, and a grounded aircraft neither counts nor moves', () => {
    const closed = BASES.map((b) => (b.id === 'base-ZBDT' ? { ...b, weather: 'closed' as const } : b));
    const r = moveUp(closed, grid, ['base-ZBDT-ac1'], { now: SUMMER });
    expect(r.moves.map((m) => m.toBaseId)).not.toContain('base-ZBDT');
    expect(r.held).toContainEqual(
      expect.objectContaining({
        aircraftId: 'base-ZBDT-ac2',
        reason: 'cannot_launch',
        detail: expect.stringMatching(/base closed/),
      }),
    );
  });

  it('each aircraft moves at most once', () => {
    const r = moveUp(BASES, grid, ['base-ZBDT-ac1', 'base-ZBDT-ac2', 'base-fa-wutai-ac2'], {
      now: SUMMER,
      maxMoves: 6,
      minGainKm2: 0,
      minGainFraction: 0,
    });
    const ids = r.moves.map((m) => m.aircraftId);
    expect(r.moves.length).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
