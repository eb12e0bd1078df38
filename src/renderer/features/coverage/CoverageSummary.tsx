import type { MessageKey } from '../../../shared/i18n';
import { useApp, useT } from '../../store';
import { errorText } from '../../ui/errorText';

/** Zone kinds with a name of their own; any other kind is shown as the pack names it. */
const ZONE_KINDS = new Set(['forest', 'flood', 'geological']);

/** What the coverage shading says, in words: how many counties the 1-hour network covers. */
export function CoverageSummary() {
  const t = useT();
  const coverage = useApp((s) => s.coverage);
  const error = useApp((s) => s.coverageError);
  const pack = useApp((s) => s.info?.mapPack ?? null);
  if (error)
    return (
      <div className="coverage-summary warn">{t('coverage.failed', { message: errorText(t, error) })}</div>
    );
  if (!coverage) return <div className="coverage-summary">{t('coverage.loading')}</div>;
  const full = coverage.counties.filter((c) => c.covered >= 0.999).length;
  const none = coverage.counties.filter((c) => c.covered <= 0.001).length;
  const partial = coverage.counties.length - full - none;
  const worst = [...coverage.counties]
    .filter((c) => c.covered < 0.999)
    .sort((a, b) => a.covered - b.covered)
    .slice(0, 5);
  return (
    <div className="coverage-summary" data-testid="coverage-summary">
      {!pack && <div className="warn">{t('coverage.needsPack')}</div>}
      {pack && <div>{t('coverage.counts', { minutes: coverage.minutes, full, partial, none })}</div>}
      {pack && <div className="muted">{t('coverage.countingRule')}</div>}
      {coverage.hazardWeighted && (
        <div data-testid="coverage-hazard">
          {t('coverage.hazardWeighted', {
            plain: Math.round(coverage.hazardWeighted.plainCoveredFraction * 100),
            weighted:
              coverage.hazardWeighted.weightedCoveredFraction === null
                ? '—'
                : Math.round(coverage.hazardWeighted.weightedCoveredFraction * 100),
          })}
          {coverage.hazardWeighted.zones.map((z) => (
            <div key={z.kind} className="muted">
              {t('coverage.hazardZone', {
                kind: ZONE_KINDS.has(z.kind) ? t(`coverage.zone.${z.kind}` as MessageKey) : z.kind,
                area: Math.round(z.areaKm2).toLocaleString(),
                pct: z.coveredFraction === null ? '—' : Math.round(z.coveredFraction * 100),
              })}
            </div>
          ))}
        </div>
      )}
      {worst.map((c) => (
        <div key={c.code} className="muted">
          {t('coverage.county', { name: c.name, pct: Math.round(c.covered * 100) })}
        </div>
      ))}
      {coverage.uncoveredPlaces.length > 0 && (
        <div className="warn">
          {t('coverage.places', {
            names: coverage.uncoveredPlaces.map((p) => p.name.replace(/\(.*$/, '')).join('、'),
          })}
        </div>
      )}
    </div>
  );
}
