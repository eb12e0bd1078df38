import { describe, expect, it } from 'vitest';
import {
  daylightAt,
  isDaylight,
  sunriseSunset,
  sunTimes,
  sunTimesOn,
} from '../../../../src/shared/geo/solar';

/**
 * Sunrise, sunset and civil twilight against reference values, within ±2 minutes.
 *
 * Published: Beijing (天安门, 116.391° E 39.907° N), winter solstice 2021 sunrise 07:32:25 and sunset
 * 16:52:46 Beijing time, summer solstice 04:46 and 19:47 (the figures printed every year in Chinese
 * almanac tables and the press).
 *
 * Shanxi: the machine that builds this project reaches no almanac service, so the Shanxi references
 * were computed with an independent ephemeris, astronomy-engine 2.1.19 (VSOP87 sun, SearchRiseSet
 * with the same standard horizon: 34′ refraction, upper limb; SearchAltitude −6° for civil
 * twilight), at sea level, and are written here as fixed numbers. Places: 太原 (112.549° E 37.857° N),
 * 大同 (113.300° E 40.076° N), 运城 (111.007° E 35.026° N).
 */
const BEIJING: [number, number] = [116.391, 39.907];
const TAIYUAN: [number, number] = [112.549, 37.857];
const DATONG: [number, number] = [113.3, 40.076];
const YUNCHENG: [number, number] = [111.007, 35.026];

/** An instant from a Beijing-time wall clock on a date. */
const cst = (date: string, hhmmss: string) => Date.parse(`${date}T${hhmmss}+08:00`);
const TWO_MIN = 2 * 60_000;

function near(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(TWO_MIN);
}

describe('sunrise and sunset (NOAA algorithm)', () => {
  it('Beijing at the solstices matches the published times', () => {
    const w = sunTimesOn(BEIJING, '2021-12-21');
    near(w.sunrise, cst('2021-12-21', '07:32:25'));
    near(w.sunset, cst('2021-12-21', '16:52:46'));
    const s = sunTimesOn(BEIJING, '2025-06-21');
    near(s.sunrise, cst('2025-06-21', '04:46:00'));
    near(s.sunset, cst('2025-06-21', '19:47:00'));
  });

  const cases: [string, [number, number], string, string, string, string, string][] = [
    // place, position, date, sunrise, sunset, civil dawn, civil dusk (Beijing time)
    ['太原', TAIYUAN, '2025-03-20', '06:33:39', '18:41:28', '06:07:28', '19:07:42'],
    ['太原', TAIYUAN, '2025-06-21', '05:07:53', '19:55:17', '04:36:27', '20:26:43'],
    ['太原', TAIYUAN, '2025-09-23', '06:18:17', '18:25:30', '05:52:03', '18:51:41'],
    ['太原', TAIYUAN, '2025-12-21', '07:41:37', '17:14:02', '07:12:09', '17:43:29'],
    ['大同', DATONG, '2025-06-21', '04:57:52', '19:59:18', '04:24:54', '20:32:16'],
    ['大同', DATONG, '2025-12-21', '07:45:12', '17:04:26', '07:14:35', '17:35:03'],
    ['运城', YUNCHENG, '2025-03-20', '06:39:54', '18:47:29', '06:14:40', '19:12:45'],
    ['运城', YUNCHENG, '2025-12-21', '07:40:00', '17:27:59', '07:11:49', '17:56:10'],
  ];
  for (const [name, p, date, rise, set, dawn, dusk] of cases) {
    it(`${name} on ${date}: sunrise ${rise}, sunset ${set}, civil twilight ${dawn}–${dusk}`, () => {
      const s = sunTimesOn(p, date);
      expect(s.date).toBe(date);
      near(s.sunrise, cst(date, rise));
      near(s.sunset, cst(date, set));
      near(s.civilDawn, cst(date, dawn));
      near(s.civilDusk, cst(date, dusk));
      // The memoised pair used by the engine is the same.
      const [r, st] = sunriseSunset(p, cst(date, '12:00:00'));
      expect(r).toBe(s.sunrise);
      expect(st).toBe(s.sunset);
    });
  }

  it('the solar day of an instant: a Beijing-time evening and the next early morning are different days', () => {
    // 23:30 Beijing time on 1 Dec is 15:30 UTC; at 112.5° E local mean time is already 2 Dec 23:00 −…
    // what matters: the day whose noon is nearest. 23:30 CST belongs to 1 Dec, 06:00 CST to 2 Dec.
    expect(sunTimes(TAIYUAN, cst('2026-12-01', '23:30:00')).date).toBe('2026-12-01');
    expect(sunTimes(TAIYUAN, cst('2026-12-02', '06:00:00')).date).toBe('2026-12-02');
  });

  it('day and night at 太原 on a December night: the next sunrise is ~07:27 the next morning', () => {
    const evening = daylightAt(TAIYUAN, cst('2026-12-01', '21:00:00'));
    expect(evening.day).toBe(false);
    near(evening.nextSunrise, cst('2026-12-02', '07:27:06'));
    const dawn = isDaylight(TAIYUAN, cst('2026-12-02', '06:30:00'));
    expect(dawn.day).toBe(false);
    near(dawn.nextSunrise, cst('2026-12-02', '07:27:06'));
    const noon = isDaylight(TAIYUAN, cst('2026-12-02', '12:00:00'));
    expect(noon.day).toBe(true);
    near(noon.sunset, cst('2026-12-02', '17:10:48'));
  });
});
