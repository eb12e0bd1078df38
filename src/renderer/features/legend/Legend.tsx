import { HAZARD_TYPES, RESPONSE_LEVELS, UNIT_STATUSES, type HazardType } from '../../../shared/domain';
import { useApp, useT } from '../../store';
import { iconUrl, STATUS_COLOUR } from '../../map/icons';
import { MAP_COLOURS } from '../../map/theme';

/** The key to every symbol on the map, drawn with the same code as the map's icons. */
export function Legend() {
  const t = useT();
  const theme = useApp((s) => s.settings.theme);
  const picture = useApp((s) => s.picture);
  const layers = useApp((s) => s.layers);
  const c = MAP_COLOURS[theme];
  // Hazards present on the map first; the rest only on demand would clutter the wall.
  const present = new Set<HazardType>(picture?.incidents.map((i) => i.hazard) ?? []);
  const hazards = HAZARD_TYPES.filter((h) => present.has(h));
  const img = (name: string, size = 18) => (
    <img src={iconUrl(`${name}:${theme}`)} width={size} height={size} alt="" />
  );
  return (
    <div className="legend" data-testid="legend">
      <div className="legend-title">{t('legend.incidents')}</div>
      <div className="legend-row">
        {RESPONSE_LEVELS.map((l) => (
          <span key={l} className="legend-item">
            {img(`inc:other:${l}`)} {t('incident.level', { level: l })}
          </span>
        ))}
      </div>
      <div className="legend-row">
        {hazards.map((h) => (
          <span key={h} className="legend-item">
            {img(`inc:${h}:IV`, 16)} {t(`hazard.${h}`)}
          </span>
        ))}
        <span className="legend-item">
          <span className="pulse-dot" style={{ background: c.incident.II }} /> {t('legend.unacknowledged')}
        </span>
      </div>
      <div className="legend-title">{t('legend.units')}</div>
      <div className="legend-row">
        {UNIT_STATUSES.map((s) => (
          <span key={s} className="legend-item">
            <span className="swatch round" style={{ background: STATUS_COLOUR[s] }} /> {t(`unitStatus.${s}`)}
          </span>
        ))}
        <span className="legend-item">
          {img('unit:fire_rescue:available:1', 16)} {t('legend.staleFix')}
        </span>
        <span className="legend-item">
          {img('cluster:12', 18)} {t('legend.cluster')}
        </span>
      </div>
      <div className="legend-row">
        <span className="legend-item">
          {img('base:forest_aviation', 18)} {t('panel.bases')}
        </span>
        <span className="legend-item">
          {img('depot:province:0', 18)} {t('panel.depots')}
        </span>
        <span className="legend-item">
          {img('depot:county:1', 18)} {t('depot.stockWarning')}
        </span>
      </div>
      {layers.reach && (
        <>
          <div className="legend-title">{t('legend.reach')}</div>
          <div className="legend-row">
            <span className="legend-item">
              <span className="swatch ring" style={{ borderColor: c.reachYes }} /> {t('legend.reachYes')}
            </span>
            <span className="legend-item">
              <span className="swatch ring" style={{ borderColor: c.reachNo }} /> {t('legend.reachNo')}
            </span>
            <span className="legend-item">
              <span
                className="swatch bar"
                style={{ background: `linear-gradient(90deg, ${c.etaFast}, ${c.etaMid}, ${c.etaSlow})` }}
              />{' '}
              {t('legend.eta')}
            </span>
          </div>
        </>
      )}
      {layers.coverage && (
        <>
          <div className="legend-title">{t('legend.coverage')}</div>
          <div className="legend-row">
            <span className="legend-item">
              <span
                className="swatch bar"
                style={{
                  background: `linear-gradient(90deg, ${c.coverageNone}, ${c.coverageHalf} 85%, ${c.coverageFull} 90%)`,
                }}
              />{' '}
              0% → 90% → 100%
            </span>
            <span className="legend-item">
              <span className="swatch ring dashed" style={{ borderColor: c.coverageGap }} />{' '}
              {t('legend.uncovered')}
            </span>
          </div>
        </>
      )}
    </div>
  );
}
