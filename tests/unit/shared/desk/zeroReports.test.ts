import { describe, expect, it } from 'vitest';
import { DEFAULT_DESK_CONFIG, DeskConfig } from '../../../../src/shared/desk/config';
import { dutyDate, zeroReportBoard } from '../../../../src/shared/desk/zeroReports';
import { ZeroReport, zeroReportId } from '../../../../src/shared/domain';

const cfg = DEFAULT_DESK_CONFIG.zeroReport;
const at = (cst: string) => Date.parse(`${cst}+08:00`);
const report = (
  date: string,
  adcode: string,
  name: string,
  status: 'no_incident' | 'reported' = 'no_incident',
) =>
  ZeroReport.parse({
    id: zeroReportId(date, adcode),
    date,
    cityAdcode: adcode,
    cityName: name,
    status,
    by: { name: '王芳', org: '太原市应急局', role: 'duty-officer' },
    at: new Date(at(`${date}T08:10:00`)).toISOString(),
  });

describe('零报告 board (fake clock)', () => {
  it('lists Shanxi’s 11 cities by default, due at 09:00 China Standard Time', () => {
    expect(cfg.cities).toHaveLength(11);
    expect(cfg.cities.map((c) => c.name)).toContain('吕梁市');
    expect(cfg.dueBy).toBe('09:00');
  });

  it('the duty day is the China Standard Time date, also just after midnight UTC+8', () => {
    expect(dutyDate(Date.parse('2026-12-01T16:30:00Z'))).toBe('2026-12-02'); // 00:30 CST
    expect(dutyDate(Date.parse('2026-12-01T15:59:00Z'))).toBe('2026-12-01'); // 23:59 CST
  });

  it('flags nobody before the due time, and every city that has not confirmed from 09:00', () => {
    const reports = [
      report('2026-12-02', '140100', '太原市'),
      report('2026-12-02', '141100', '吕梁市', 'reported'),
    ];
    const before = zeroReportBoard(reports, cfg, at('2026-12-02T08:59:59'));
    expect(before.due).toBe(false);
    expect(before.missing).toBe(0);
    expect(before.confirmed).toBe(2);
    const after = zeroReportBoard(reports, cfg, at('2026-12-02T09:00:00'));
    expect(after.due).toBe(true);
    expect(after.missing).toBe(9);
    expect(after.rows.find((r) => r.adcode === '140100')!.missing).toBe(false);
    expect(after.rows.find((r) => r.adcode === '140200')!.missing).toBe(true);
    expect(after.rows.find((r) => r.adcode === '141100')!.report!.status).toBe('reported');
  });

  it('counts only the day’s reports of configured cities, at a configured time', () => {
    const two = DeskConfig.parse({
      zeroReport: {
        cities: [
          { adcode: '140100', name: '太原市' },
          { adcode: '140200', name: '大同市' },
        ],
        dueBy: '08:30',
      },
    }).zeroReport;
    const reports = [
      report('2026-12-01', '140100', '太原市'), // yesterday's: does not count today
      report('2026-12-02', '140300', '阳泉市'), // not on this desk's list
    ];
    const b = zeroReportBoard(reports, two, at('2026-12-02T08:30:00'));
    expect(b.rows.map((r) => [r.name, r.missing])).toEqual([
      ['太原市', true],
      ['大同市', true],
    ]);
    expect(b.dueAt).toBe('2026-12-02T00:30:00.000Z');
  });

  it('refuses a record whose id does not name its day and city, and a bad due time', () => {
    expect(() => ZeroReport.parse({ ...report('2026-12-02', '140100', '太原市'), id: 'zr-x' })).toThrow(
      /zr-<date>/,
    );
    expect(DeskConfig.safeParse({ zeroReport: { dueBy: '25:00' } }).success).toBe(false);
  });
});
