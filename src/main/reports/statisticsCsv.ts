import { translate, type LocaleCode, type MessageKey } from '../../shared/i18n';
import { STAT_MEASURES, tableRows, type SortKey, type StatLevel } from '../../shared/reports';
import type { StatisticsResult } from '../../shared/ipc/statisticsContract';
import { csvDocument } from './csv';

export interface StatisticsCsvOptions {
  level: StatLevel;
  sortBy: SortKey;
  sortDir: 'asc' | 'desc';
  includeEmpty: boolean;
  locale: LocaleCode;
}

/**
 * The table the console shows, as CSV the way the reports write it (UTF-8 with a BOM so Excel
 * opens it in Chinese, CRLF): the area, its city and codes, every measure, then the total of
 * every incident of the window. Headers in the console's language; area names as the map pack has them.
 */
export function statisticsCsv(
  result: StatisticsResult,
  o: StatisticsCsvOptions,
): { text: string; rows: number } {
  const t = (key: string) => translate(o.locale, key as MessageKey);
  const rows = tableRows(o.level === 'city' ? result.cities : result.counties, o);
  const head =
    o.level === 'city'
      ? [t('stats.col.city'), t('stats.col.cityCode')]
      : [t('stats.col.county'), t('stats.col.countyCode'), t('stats.col.city'), t('stats.col.cityCode')];
  const name = (r: (typeof rows)[number]) => (r.adcode === null ? t('stats.unknown') : r.name);
  const lines: (string | number)[][] = [[...head, ...STAT_MEASURES.map((m) => t(`stats.m.${m}`))]];
  for (const r of rows)
    lines.push([
      ...(o.level === 'city'
        ? [name(r), r.adcode ?? '']
        : [name(r), r.adcode ?? '', r.cityAdcode ? r.cityName : '', r.cityAdcode ?? '']),
      ...STAT_MEASURES.map((m) => r[m]),
    ]);
  lines.push([
    t('stats.total'),
    ...head.slice(1).map(() => ''),
    ...STAT_MEASURES.map((m) => result.totals[m]),
  ]);
  return { text: csvDocument(lines), rows: rows.length };
}

/** '20261129-0800' in Beijing time. */
const cst = (ms: number) =>
  new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');

/** ASCII, like the reports' names: the level, the window, when it was made. */
export function statisticsFileName(result: StatisticsResult, level: StatLevel, now: number): string {
  const made = new Date(now + 8 * 3_600_000)
    .toISOString()
    .slice(0, 19)
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return `statistics-${level}-${result.kind}-${cst(Date.parse(result.from))}-${cst(Date.parse(result.to))}-made-${made}.csv`;
}
