import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  airEta,
  airEtaAtDistance,
  airReachRadiusM,
  constantCircuity,
  crowFliesGroundModel,
  destination,
  missionRadiusM,
  terrainAt,
  terrainCircuity,
  UNIT_KINDS_FOR_TEST,
} from './etaHelpers';

const helicopter = {
  cruiseSpeedKmh: 250,
  launchMinutes: 12,
  approachMinutes: 5,
  rangeKm: 600,
  status: 'available' as const,
};

describe('ground ETA (crow-flies × circuity)', () => {
  const model = crowFliesGroundModel({ circuity: constantCircuity(1.3) });

  it('short trip: mobilisation + road km at the local speed (hand-checked)', () => {
    // 10 km great circle × 1.3 = 13 km road; fire_rescue: 3 min + 13 km / 40 km/h = 19.5 min → 22.5 min.
    const from = destination([112.5, 37.8], 10_000, 90);
    const eta = model.estimate(from, [112.5, 37.8], 'fire_rescue');
    expect(eta.distanceM).toBeCloseTo(10_000, 3);
    expect(eta.roadDistanceM).toBeCloseTo(13_000, 2);
    expect(eta.mobilisationS / 60).toBe(3);
    expect(eta.totalS / 60).toBeCloseTo(22.5, 6);
  });

  it('long trip: the first 20 km at the local speed, the rest at trunk speed (hand-checked)', () => {
    // 100 km × 1.3 = 130 km: 20 km / 40 = 30 min, 110 km / 70 = 94.2857 min, + 3 → 127.2857 min.
    const from = destination([112.5, 37.8], 100_000, 0);
    const eta = model.estimate(from, [112.5, 37.8], 'fire_rescue');
    expect(eta.totalS / 60).toBeCloseTo(3 + 30 + (110 / 70) * 60, 6);
  });

  it('a unit exactly at the incident needs only its mobilisation time', () => {
    const eta = model.estimate([112.5, 37.8], [112.5, 37.8], 'medical');
    expect(eta.distanceM).toBe(0);
    expect(eta.totalS).toBe(5 * 60);
  });

  it('the lower bound never exceeds a real estimate (property)', () => {
    const terrain = crowFliesGroundModel();
    fc.assert(
      fc.property(
        fc.tuple(
          fc.double({ min: 110.3, max: 114.5, noNaN: true }),
          fc.double({ min: 34.7, max: 40.7, noNaN: true }),
        ),
        fc.tuple(
          fc.double({ min: 110.3, max: 114.5, noNaN: true }),
          fc.double({ min: 34.7, max: 40.7, noNaN: true }),
        ),
        fc.constantFrom(...UNIT_KINDS_FOR_TEST),
        (a, b, kind) => {
          const e = terrain.estimate(a, b, kind);
          expect(terrain.lowerBoundS(e.distanceM)).toBeLessThanOrEqual(e.totalS + 1e-9);
          expect(terrain.lowerBoundForKindS!(e.distanceM, kind)).toBeLessThanOrEqual(e.totalS + 1e-9);
          expect(terrain.lowerBoundS(e.distanceM)).toBeLessThanOrEqual(
            terrain.lowerBoundForKindS!(e.distanceM, kind) + 1e-9,
          );
        },
      ),
    );
  });

  it('rejects nonsense profiles', () => {
    expect(() => crowFliesGroundModel({ profiles: { medical: { localSpeedKmh: 0 } } })).toThrow(RangeError);
    expect(() => constantCircuity(0.9)).toThrow(RangeError);
  });
});

describe('terrain circuity', () => {
  it('basin towns and mountain counties', () => {
    expect(terrainAt([112.55, 37.85])).toBe('basin'); // Taiyuan
    expect(terrainAt([111.0, 35.05])).toBe('basin'); // Yuncheng
    expect(terrainAt([113.6, 38.9])).toBe('mountain'); // Wutai Shan
    expect(terrainAt([111.1, 38.5])).toBe('mountain'); // Lüliang
  });

  it("a trip's factor is the mean of its two ends", () => {
    const m = crowFliesGroundModel({ circuity: terrainCircuity({ basin: 1.2, mountain: 1.6 }) });
    expect(m.estimate([113.6, 38.9], [112.55, 37.85], 'fire_rescue').circuity).toBeCloseTo(1.4, 9);
  });
});

describe('air ETA', () => {
  it('launch + distance ÷ cruise + approach (hand-checked)', () => {
    // 100 km at 250 km/h = 24 min; + 12 + 5 = 41 min.
    const eta = airEtaAtDistance(helicopter, 100_000);
    expect(eta.ok && eta.totalS / 60).toBeCloseTo(41, 9);
  });

  it('refuses beyond the mission radius: range × (1 − 10 % reserve) ÷ 2', () => {
    expect(missionRadiusM(helicopter)).toBe(270_000);
    expect(airEtaAtDistance(helicopter, 270_000).ok).toBe(true);
    const r = airEtaAtDistance(helicopter, 270_001);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('out_of_range');
  });

  it('refuses aircraft that are not available', () => {
    for (const status of ['committed', 'maintenance'] as const) {
      const r = airEta({ ...helicopter, status }, [112, 37], [112.1, 37]);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toBe('not_available');
    }
  });

  it('reach radius within a time: min(mission radius, (T − launch − approach) × speed)', () => {
    expect(airReachRadiusM(helicopter, 3600)).toBeCloseTo(((60 - 17) / 60) * 250_000, 6);
    expect(airReachRadiusM(helicopter, 10 * 3600)).toBe(270_000);
    expect(airReachRadiusM(helicopter, 10 * 60)).toBeLessThan(0);
    expect(airReachRadiusM({ ...helicopter, status: 'maintenance' }, 3600)).toBe(-Infinity);
  });
});
