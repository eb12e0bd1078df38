import {
  classLabel,
  type StatClass,
  type StatLevel,
  type StatMeasure,
} from '../../../shared/reports/statistics';
import type { MessageKey } from '../../../shared/i18n';
import { useApp, useLocale, useT } from '../../store';
import { formatCount } from '../../ui/numbers';
import { classColours } from '../../map/choroplethLayer';

/**
 * The choropleth's key: each class's colour and range ("0", "1–2", "3–5") with how many areas fall
 * in it, the measure's total over the window, and how much of it the map cannot show (incidents
 * with no county, or in areas the map pack lacks).
 */
export function StatisticsLegend(props: {
  classes: StatClass[];
  measure: StatMeasure;
  level: StatLevel;
  total: number;
  unplaced: number;
}) {
  const t = useT();
  const locale = useLocale();
  const theme = useApp((s) => s.settings.theme);
  const colours = classColours(theme, props.classes.length);
  const n = (x: number) => formatCount(locale, x);
  return (
    <div className="stats-legend" data-testid="stats-legend">
      <div className="stats-legend-title">
        {t('stats.legend', {
          measure: t(`stats.m.${props.measure}` as MessageKey),
          level: t(`stats.level.${props.level}` as MessageKey),
        })}
      </div>
      <ul>
        {props.classes.map((c, i) => (
          <li key={`${c.min}-${c.max}`} data-testid="stats-legend-class" data-count={c.count}>
            <span className="swatch" style={{ background: colours[i] }} />
            <span className="range">{classLabel(c, n)}</span>
            <span className="count">{t('stats.legend.areas', { n: n(c.count) })}</span>
          </li>
        ))}
      </ul>
      <div className="stats-legend-total" data-testid="stats-legend-total">
        {t('stats.legend.total', { total: n(props.total) })}
      </div>
      {props.unplaced > 0 && (
        <div className="muted" data-testid="stats-legend-unplaced">
          {t('stats.legend.unplaced', { n: n(props.unplaced) })}
        </div>
      )}
    </div>
  );
}
