import { describe, expect, it } from 'vitest';
import { Aircraft, AviationBase } from '../../../../src/shared/domain';
import { goodBase, issuePaths } from './records';

const goodAircraft = () => goodBase().aircraft![0]!;

describe('Aircraft', () => {
  it('accepts a complete record', () => {
    expect(Aircraft.safeParse(goodAircraft()).success).toBe(true);
  });

  it('fills approach 5 min, no bucket, not demo by default', () => {
    const { approachMinutes: _a, bucketLitres: _b, demo: _d, ...min } = goodAircraft();
    const a = Aircraft.parse(min);
    expect(a.approachMinutes).toBe(5);
    expect(a.bucketLitres).toBe(0);
    expect(a.demo).toBe(false);
  });

  it('rejects an unknown category and status', () => {
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), category: 'balloon' }))).toEqual(['category']);
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), status: 'on_scene' }))).toEqual(['status']);
  });

  it('rejects impossible performance figures', () => {
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), cruiseSpeedKmh: 0 }))).toEqual([
      'cruiseSpeedKmh',
    ]);
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), cruiseSpeedKmh: 2500 }))).toEqual([
      'cruiseSpeedKmh',
    ]);
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), rangeKm: -900 }))).toEqual(['rangeKm']);
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), launchMinutes: -1 }))).toEqual([
      'launchMinutes',
    ]);
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), approachMinutes: 121 }))).toEqual([
      'approachMinutes',
    ]);
  });

  it('rejects negative and fractional payload and bucket', () => {
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), payloadKg: -1 }))).toEqual(['payloadKg']);
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), bucketLitres: 900.5 }))).toEqual([
      'bucketLitres',
    ]);
  });

  it('rejects unknown capabilities and unknown fields', () => {
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), capabilities: ['hover'] }))).toEqual([
      'capabilities.0',
    ]);
    expect(issuePaths(Aircraft.safeParse({ ...goodAircraft(), fuelKg: 800 }))).toEqual(['']);
  });
});

describe('AviationBase', () => {
  it('accepts a complete record and a station without ICAO code or aircraft', () => {
    expect(AviationBase.safeParse(goodBase()).success).toBe(true);
    const { icao: _i, aircraft: _a, ...station } = { ...goodBase(), kind: 'forest_aviation' as const };
    const b = AviationBase.parse(station);
    expect(b.icao).toBeNull();
    expect(b.aircraft).toEqual([]);
  });

  it('rejects an unknown kind', () => {
    expect(issuePaths(AviationBase.safeParse({ ...goodBase(), kind: 'spaceport' }))).toEqual(['kind']);
  });

  it('rejects ICAO codes that are not four capital letters', () => {
    for (const bad of ['zbyn', 'ZBY', 'TYN', 'ZBYN1', 'ZB1N']) {
      expect(issuePaths(AviationBase.safeParse({ ...goodBase(), icao: bad })), bad).toEqual(['icao']);
    }
  });

  it('names the bad aircraft inside the base', () => {
    const b = goodBase();
    const aircraft = [{ ...b.aircraft![0]!, cruiseSpeedKmh: -1 }];
    expect(issuePaths(AviationBase.safeParse({ ...b, aircraft }))).toEqual(['aircraft.0.cruiseSpeedKmh']);
  });

  it('rejects an out-of-range location and unknown fields', () => {
    expect(issuePaths(AviationBase.safeParse({ ...goodBase(), location: [112.6, 97] }))).toEqual([
      'location.1',
    ]);
    expect(issuePaths(AviationBase.safeParse({ ...goodBase(), iata: 'TYN' }))).toEqual(['']);
  });
});
