import { describe, expect, it } from 'vitest';
import {
  Adcode,
  Id,
  Instant,
  Latitude,
  LngLat,
  Longitude,
  NonNegativeInt,
} from '../../../../src/shared/domain';

describe('LngLat', () => {
  it('accepts [lng, lat] in range, including the extremes', () => {
    expect(LngLat.safeParse([112.56, 37.87]).success).toBe(true);
    expect(LngLat.safeParse([-180, -90]).success).toBe(true);
    expect(LngLat.safeParse([180, 90]).success).toBe(true);
  });

  it('rejects out-of-range longitude and latitude', () => {
    expect(Longitude.safeParse(180.0001).success).toBe(false);
    expect(Latitude.safeParse(-90.5).success).toBe(false);
    expect(LngLat.safeParse([112.5, 91]).success).toBe(false);
    expect(LngLat.safeParse([-181, 37]).success).toBe(false);
  });

  it('names the bad element: a swapped [lat, lng] with lat > 90 fails on index 1', () => {
    // A Shanxi point written lat-first only fails when the "latitude" is out of range, which
    // is why the loader tests also check the bbox of the demo file.
    const r = LngLat.safeParse([37.87, 112.56]);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual([1]);
  });

  it('rejects NaN, Infinity, strings, and wrong tuple lengths', () => {
    for (const bad of [
      [Number.NaN, 37],
      [Infinity, 37],
      ['112.5', 37],
      [112.5],
      [112.5, 37, 800],
      {},
      null,
    ]) {
      expect(LngLat.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('Id', () => {
  it('accepts letters, digits, "-", "_", ".", ":"', () => {
    for (const ok of ['a', 'unit-fire-stn-140431', 'base-ZBYN-ac1', 'x_y.z:1', '0abc']) {
      expect(Id.safeParse(ok).success, ok).toBe(true);
    }
  });

  it('rejects empty, too long, leading punctuation, spaces and non-ASCII', () => {
    for (const bad of ['', 'a'.repeat(65), '-a', '.a', 'a b', '消防站', 'a/b', 'a\n']) {
      expect(Id.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(Id.safeParse('a'.repeat(64)).success).toBe(true);
  });
});

describe('Adcode', () => {
  it('accepts 6-digit GB/T 2260 codes as strings', () => {
    expect(Adcode.safeParse('140105').success).toBe(true);
    expect(Adcode.safeParse('140000').success).toBe(true);
  });

  it('rejects numbers, short/long codes and letters', () => {
    for (const bad of [140105, '14010', '1401050', '14010x', ' 140105', '']) {
      expect(Adcode.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('Instant', () => {
  it('accepts ISO-8601 with an offset or Z, with or without fractions', () => {
    for (const ok of ['2026-11-29T08:00:00+08:00', '2026-11-29T00:00:00Z', '2026-11-29T08:00:00.250+08:00']) {
      expect(Instant.safeParse(ok).success, ok).toBe(true);
    }
  });

  it('rejects local times without offset, dates only, missing seconds and garbage', () => {
    for (const bad of [
      '2026-11-29T08:00:00',
      '2026-11-29',
      '2026-11-29T08:00+08:00',
      'yesterday',
      1764374400000,
    ]) {
      expect(Instant.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('NonNegativeInt', () => {
  it('accepts 0 and positive integers, rejects negatives and fractions', () => {
    expect(NonNegativeInt.safeParse(0).success).toBe(true);
    expect(NonNegativeInt.safeParse(12).success).toBe(true);
    expect(NonNegativeInt.safeParse(-1).success).toBe(false);
    expect(NonNegativeInt.safeParse(1.5).success).toBe(false);
  });
});
