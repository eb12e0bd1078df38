import {
  STAT_MEASURES,
  type AreaStat,
  type Measures,
  type SortKey,
  type StatLevel,
  type StatMeasure,
} from '../../../shared/reports/statistics';
import type { MessageKey } from '../../../shared/i18n';
import { useApp, useLocale, useT } from '../../store';
import { formatCount } from '../../ui/numbers';

export interface Sort {
  by: SortKey;
  dir: 'asc' | 'desc';
}

/**
 * The areas of a level with every measure, sortable by any column, the window's totals in the
 * footer. The chosen measure's column stands out; clicking an area on the map outlines it and
 * fits the map to it (areas the map pack lacks, and incidents with no place, are listed but not
 * on the map).
 */
export function StatisticsTable(props: {
  rows: AreaStat[];
  totals: Measures;
  level: StatLevel;
  measure: StatMeasure;
  sort: Sort;
  onSort: (s: Sort) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const focused = useApp((s) => s.choroplethFocus?.adcode ?? null);
  const { focusArea } = useApp.getState();
  const n = (x: number) => formatCount(locale, x);
  const header = (key: SortKey, label: string, full = label) => {
    const active = props.sort.by === key;
    const dir = active ? props.sort.dir : null;
    return (
      <th
        key={key}
        className={`${key === 'name' ? 'area' : 'num'}${key === props.measure ? ' measure' : ''}`}
        aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
      >
        <button
          type="button"
          className="sort"
          data-testid={`stats-sort-${key}`}
          title={t('stats.sortBy', { column: full })}
          onClick={() =>
            props.onSort({
              by: key,
              // A new column starts from the largest (names from the first code).
              dir: active ? (props.sort.dir === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc',
            })
          }
        >
          {label}
          {dir && <span aria-hidden="true">{dir === 'asc' ? ' ▲' : ' ▼'}</span>}
        </button>
      </th>
    );
  };
  return (
    <table className="stats-table" data-testid="stats-table">
      <thead>
        <tr>
          {header('name', t(props.level === 'city' ? 'stats.level.city' : 'stats.level.county'))}
          {STAT_MEASURES.map((m) =>
            header(m, t(`stats.short.${m}` as MessageKey), t(`stats.m.${m}` as MessageKey)),
          )}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => {
          const onMap = r.inPack && r.bbox !== null && r.adcode !== null;
          const name = r.adcode === null ? t('stats.unknown') : r.name;
          return (
            <tr
              key={r.adcode ?? '-'}
              data-testid="stats-row"
              data-adcode={r.adcode ?? ''}
              className={`${onMap ? 'on-map' : 'off-map'}${focused && focused === r.adcode ? ' focused' : ''}`}
              onClick={onMap ? () => focusArea(r.adcode, r.bbox) : undefined}
            >
              <td className="area">
                {onMap ? (
                  <button
                    type="button"
                    className="link"
                    data-testid="stats-area"
                    title={t('stats.showArea', { name })}
                    onClick={(e) => {
                      e.stopPropagation();
                      focusArea(r.adcode, r.bbox);
                    }}
                  >
                    {name}
                  </button>
                ) : (
                  <span>{name}</span>
                )}
                {props.level === 'county' && r.cityAdcode && <span className="muted"> {r.cityName}</span>}
                {!r.inPack && r.adcode !== null && <span className="muted"> {t('stats.notInPack')}</span>}
              </td>
              {STAT_MEASURES.map((m) => (
                <td key={m} className={m === props.measure ? 'num measure' : 'num'}>
                  {n(r[m])}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr data-testid="stats-totals">
          <th className="area" scope="row">
            {t('stats.total')}
          </th>
          {STAT_MEASURES.map((m) => (
            <td key={m} className={m === props.measure ? 'num measure' : 'num'} data-measure={m}>
              {n(props.totals[m])}
            </td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}
