import { useApp, useT } from '../../store';
import { errorText } from '../../ui/errorText';

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
