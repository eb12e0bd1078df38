import { describe, expect, it } from 'vitest';
import {
  assign,
  countyCoverage,
  EXTERNAL_LOAD_SPEED_RATIO,
  explainCandidate,
  explainRunCard,
  externalLoadSpeedKmh,
  missionEta,
  recommend,
  waterLeg,
} from '../../../../src/shared/dispatch';
import { Aircraft as AircraftSchema } from '../../../../src/shared/domain';
import { distanceMetres } from '../../../../src/shared/geo';
import { aircraft, base, NOW } from './fixtures';

/** 河曲 (Hequ county, Xinzhou), on the Yellow River in the north-west corner of Shanxi. */
const HEQU: [number, number] = [111.14, 39.38];
/** 吕梁大武机场 (Lüliang Dawu airport). */
const LVLIANG: [number, number] = [111.142778, 37.683333];
/** The Yellow River at 保德 (Baode), on the way north; and a reservoir well off the route. */
const RIVER_BAODE: [number, number] = [111.09, 39.02];
const OFF_ROUTE: [number, number] = [112.2, 38.2];

// An H125 with a 900 L bucket: 235 km/h clean, no external-load figure of its own.
const h125 = aircraft('h125', {
  callsign: '晋应-H11',
  model: 'H125',
  cruiseSpeedKmh: 235,
  launchMinutes: 11,
  approachMinutes: 4,
  rangeKm: 620,
  bucketLitres: 900,
  capabilities: ['aerial_firefighting', 'aerial_rescue'],
});
// A K-MAX with its published figures: 185 km/h clean, 148 km/h with an external load.
const kmax = aircraft('kmax', {
  callsign: 'K-MAX',
  model: 'K-1200',
  cruiseSpeedKmh: 185,
  externalLoadCruiseKmh: 148,
  launchMinutes: 10,
  approachMinutes: 3,
  rangeKm: 500,
  bucketLitres: 2650,
  capabilities: ['aerial_firefighting', 'airlift'],
});
const bases = [base('lvliang', LVLIANG, [h125, kmax])];
const fire = { location: HEQU, hazard: 'forest_fire' as const, level: 'III' as const };

describe('external-load speed of bucket missions (河曲 forest fire)', () => {
  it('the default is 0.8 × clean cruise, from the K-MAX ratio 148 / 185', () => {
    expect(EXTERNAL_LOAD_SPEED_RATIO).toBe(0.8);
    expect(externalLoadSpeedKmh(h125)).toBeCloseTo(188, 9);
    expect(externalLoadSpeedKmh(kmax)).toBe(148);
    // The schema accepts the field and leaves it absent when not given.
    const parsed = AircraftSchema.parse({ ...h125, externalLoadCruiseKmh: undefined });
    expect(parsed.externalLoadCruiseKmh).toBeUndefined();
    expect(() => AircraftSchema.parse({ ...h125, externalLoadCruiseKmh: -1 })).toThrow();
  });

  it('the ETA to a bucket mission at 河曲 uses the external-load speed (hand-checked)', () => {
    const rec = recommend({ units: [], bases }, fire, { now: NOW, runCards: false });
    const d = distanceMetres(LVLIANG, HEQU) / 1000;
    // 吕梁大武 → 河曲 = 188.66 km. H125: 0.8 × 235 = 188 km/h with the bucket slung,
    // 188.66 / 188 × 60 = 60.21 min; 11 launch + 60.21 + 4 approach = 75.21 min
    // (clean it would be 11 + 48.17 + 4 = 63.17 min: 12 minutes too optimistic).
    expect(d).toBeCloseTo(188.66, 2);
    const h = rec.candidates.find((c) => c.id === 'h125')!;
    expect(h.etaMinutes).toBeCloseTo(11 + (d / 188) * 60 + 4, 9);
    expect(h.etaMinutes).toBeCloseTo(75.21, 2);
    expect(h.eta).toMatchObject({ speedBasis: 'external_load', waterSource: null });
    expect(h.eta.speedKmh).toBeCloseTo(188, 9);
    // K-MAX: its own 148 km/h: 188.66 / 148 × 60 = 76.48 min; 10 + 76.48 + 3 = 89.48 min.
    const k = rec.candidates.find((c) => c.id === 'kmax')!;
    expect(k.etaMinutes).toBeCloseTo(89.48, 2);
    expect(k.eta.speedKmh).toBe(148);
    expect(explainCandidate(h)).toMatch(/at 188\.0 km\/h external-load cruise, bucket slung/);
  });

  it('the run card bucket slot and the assignment use the same external-load ETA', () => {
    const rec = recommend({ units: [], bases }, fire, { now: NOW });
    const slot = rec.runCard!.slots.find((s) => s.role === 'helicopter_bucket')!;
    expect(slot.filled).toHaveLength(1);
    expect(slot.filled[0]).toMatchObject({ id: 'h125', speedBasis: 'external_load' });
    expect(slot.filled[0]!.etaMinutes).toBeCloseTo(75.21, 2);
    expect(explainRunCard(rec.runCard!).join('\n')).toMatch(
      /helicopter_bucket 1\/1: 晋应-H11 75\.2 min \(bucket slung, 188\.0 km\/h\)/,
    );
    const plan = assign({ units: [], bases }, [{ id: 'hequ', ...fire }], { now: NOW });
    const bucket = plan.optimal.incidents[0]!.slots.find((s) => s.role === 'helicopter_bucket')!;
    expect(bucket.assigned[0]!.id).toBe('h125');
    expect(bucket.assigned[0]!.etaMinutes).toBeCloseTo(75.21, 2);
  });

  it('a flood at the same place is not a bucket mission: clean cruise', () => {
    const rec = recommend({ units: [], bases }, { ...fire, hazard: 'flood' }, { now: NOW, runCards: false });
    const h = rec.candidates.find((c) => c.id === 'h125')!;
    // 11 + 188.66 / 235 × 60 + 4 = 63.17 min.
    expect(h.etaMinutes).toBeCloseTo(63.17, 2);
    expect(h.eta.speedBasis).toBe('clean');
  });

  it('with water sources, the time to the first drop includes the leg through the best one', () => {
    const rec = recommend({ units: [], bases }, fire, {
      now: NOW,
      runCards: false,
      waterSources: [OFF_ROUTE, RIVER_BAODE],
    });
    const h = rec.candidates.find((c) => c.id === 'h125')!;
    // Through the river at 保德: 148.70 km + 40.26 km = 188.96 km at 188 km/h = 60.31 min;
    // 11 + 60.31 + 4 = 75.31 min. The reservoir off the route would make it far longer.
    const a = distanceMetres(LVLIANG, RIVER_BAODE) / 1000;
    const b = distanceMetres(RIVER_BAODE, HEQU) / 1000;
    expect(a).toBeCloseTo(148.7, 1);
    expect(b).toBeCloseTo(40.26, 2);
    expect(h.etaMinutes).toBeCloseTo(11 + ((a + b) / 188) * 60 + 4, 9);
    expect(h.etaMinutes).toBeCloseTo(75.31, 2);
    expect(h.eta.waterSource).toMatchObject({ location: RIVER_BAODE });
    expect(h.eta.waterSource!.toWaterKm).toBeCloseTo(148.7, 1);
    expect(explainCandidate(h)).toMatch(/km to water at 111\.090,39\.020/);
    // Off the route only: 吕梁 → reservoir → 河曲 is much longer.
    const off = recommend({ units: [], bases }, fire, {
      now: NOW,
      runCards: false,
      waterSources: [OFF_ROUTE],
    });
    expect(off.candidates.find((c) => c.id === 'h125')!.etaMinutes).toBeGreaterThan(100);
  });

  it('missionEta and waterLeg are pure and refuse as airEta does', () => {
    expect(waterLeg(LVLIANG, HEQU, [])).toBeNull();
    expect(waterLeg(LVLIANG, HEQU, [OFF_ROUTE, RIVER_BAODE])!.index).toBe(1);
    const d = distanceMetres(LVLIANG, HEQU);
    expect(missionEta({ ...h125, status: 'committed' }, LVLIANG, HEQU, d, true, undefined)).toMatchObject({
      ok: false,
      reason: 'not_available',
    });
    expect(missionEta({ ...h125, rangeKm: 300 }, LVLIANG, HEQU, d, true, undefined)).toMatchObject({
      ok: false,
      reason: 'out_of_range',
    });
    // A fixed-wing tank is internal: clean even on a bucket mission.
    const m = missionEta({ ...h125, category: 'fixed_wing' }, LVLIANG, HEQU, d, true, [RIVER_BAODE]);
    expect(m).toMatchObject({ ok: true, speedBasis: 'clean', water: null, speedKmh: 235 });
  });

  it('forest-fire coverage uses the external-load speed', () => {
    const box = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: { adcode: '140930', name: '河曲县' },
          geometry: {
            type: 'Polygon' as const,
            coordinates: [
              [
                [110.5, 37.0],
                [111.8, 37.0],
                [111.8, 39.6],
                [110.5, 39.6],
                [110.5, 37.0],
              ],
            ],
          },
        },
      ],
    };
    const plain = countyCoverage(bases, box, 60, { cellKm: 4 });
    const ff = countyCoverage(bases, box, 60, { cellKm: 4, hazard: 'forest_fire' });
    // H125 within 60 min: clean (60 − 15) / 60 × 235 = 176.25 km; bucket slung 45 / 60 × 188 = 141 km.
    expect(plain.sources[0]!.reachRadiusKm).toBeCloseTo(176.25, 6);
    expect(ff.sources[0]!.reachRadiusKm).toBeCloseTo(141, 6);
    expect(ff.coveredAreaKm2).toBeLessThan(plain.coveredAreaKm2);
    expect(ff.countingCapabilities).toEqual(['aerial_firefighting']);
  });
});
