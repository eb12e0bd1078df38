import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateTime, formatRelative, formatTime, formatTimeAgo } from '../../../src/renderer/ui/time';
import { formatCount } from '../../../src/renderer/ui/numbers';
import { translator } from '../../../src/renderer/ui/translate';
import { errorText } from '../../../src/renderer/ui/errorText';

/** The machine is in New York: every time must still read in Beijing time, with its date. */
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('times in China Standard Time, whatever the machine zone', () => {
  it('runs in a zone that is not China (the premise of the test)', () => {
    // 08:05 UTC on 1 Dec is 03:05 in New York (UTC−5); the OS zone is honoured by Date itself.
    expect(new Date('2026-12-01T08:05:00Z').getHours()).toBe(3);
    expect(new Date('2026-12-01T08:05:00Z').getTimezoneOffset()).toBe(300);
  });

  it('writes the date and time in Beijing time, in both languages', () => {
    expect(chinaDateTime('2026-12-01T08:05:00Z')).toBe('2026-12-01 16:05');
    expect(formatTime('zh-CN', '2026-12-01T08:05:00Z')).toBe('2026-12-01 16:05 北京时间');
    expect(formatTime('en', '2026-12-01T08:05:00Z')).toBe('2026-12-01 16:05 CST');
    // An instant given with its own offset, a number and a Date mean the same time.
    expect(formatTime('en', '2026-12-01T16:05:00+08:00')).toBe('2026-12-01 16:05 CST');
    expect(formatTime('en', Date.parse('2026-12-01T08:05:00Z'))).toBe('2026-12-01 16:05 CST');
  });

  it('moves to the next day at midnight in Beijing, not in New York', () => {
    // 16:30 UTC on 30 Nov is 00:30 on 1 Dec in Beijing (and 11:30 on 30 Nov in New York).
    expect(formatTime('zh-CN', '2026-11-30T16:30:00Z')).toBe('2026-12-01 00:30 北京时间');
    // A 24-hour clock, never "24:05".
    expect(chinaDateTime('2026-11-30T16:05:00Z')).toBe('2026-12-01 00:05');
  });

  it('puts the relative time only beside the time itself', () => {
    const now = Date.parse('2026-12-01T08:10:00Z');
    expect(formatRelative('zh-CN', '2026-12-01T08:05:00Z', now)).toBe('5 分钟前');
    expect(formatRelative('en', '2026-12-01T08:05:00Z', now)).toBe('5 min ago');
    expect(formatRelative('zh-CN', '2026-12-01T08:09:40Z', now)).toBe('刚刚');
    expect(formatRelative('zh-CN', '2026-12-01T08:40:00Z', now)).toBe('30 分钟后');
    expect(formatTimeAgo('zh-CN', '2026-12-01T08:05:00Z', now)).toBe('2026-12-01 16:05 北京时间（5 分钟前）');
    expect(formatTimeAgo('en', '2026-12-01T05:10:00Z', now)).toBe('2026-12-01 13:10 CST (3 h ago)');
  });

  it('words a time in an error from main in Beijing time too', () => {
    const e = {
      code: 'FIX_IN_FUTURE' as const,
      message: 'fix ahead',
      params: { id: 'unit-1', fixAt: '2026-12-01T08:05:00Z' },
    };
    expect(errorText(translator('zh-CN'), e)).toContain('（2026-12-01 16:05 北京时间）');
    expect(errorText(translator('en'), e)).toContain('2026-12-01 16:05 CST');
  });

  it('says nothing false for a value that is not a time', () => {
    expect(formatTime('zh-CN', 'not a time')).toBe('—');
    expect(formatTimeAgo('en', 'not a time', Date.now())).toBe('—');
  });
});

describe('numbers with thousands separators', () => {
  it('groups counts in both languages', () => {
    expect(formatCount('zh-CN', 12000)).toBe('12,000');
    expect(formatCount('en', 1234567)).toBe('1,234,567');
    expect(formatCount('en', 950)).toBe('950');
  });

  it('every count put into a message is grouped', () => {
    expect(translator('zh-CN')('incident.affected', { n: 12000 })).toBe('受灾 12,000 人');
    expect(translator('en')('incident.affected', { n: 12000 })).toBe('12,000 affected');
    // Text parameters (coordinates, names) are left as they are.
    expect(translator('en')('map.coords', { lng: '112.56028', lat: '37.86944' })).toContain('112.56028');
  });
});
