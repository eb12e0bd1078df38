import { useEffect, useMemo } from 'react';
import type { Incident } from '../../../shared/domain';
import { locateRegion, regionsFromGeoJSON } from '../../../shared/geo/polygon';
import { useApp, useLocale, useT } from '../../store';
import { formatTimeAgo } from '../../ui/time';
import { cityName } from '../../ui/places';
import { useNow } from '../../ui/useNow';
import { cityOfAdcode } from '../../model/listModel';
import { Facts } from '../../ui/Facts';

/** The incident's facts: what, where, how bad, who reported it, and when each thing happened. */
export function OverviewTab({ incident: i }: { incident: Incident }) {
  const t = useT();
  const locale = useLocale();
  const now = useNow();
  const counties = useApp((s) => s.packData?.counties ?? null);
  useEffect(() => {
    void useApp.getState().ensurePackData();
  }, []);
  // The county's name from the pack (by code, else by where the incident is).
  const county = useMemo(() => {
    if (!counties) return null;
    const regions = regionsFromGeoJSON(counties);
    return (
      (i.countyAdcode ? regions.find((r) => r.code === i.countyAdcode) : null) ??
      locateRegion(regions, [i.location[0], i.location[1]])?.region ??
      null
    );
  }, [counties, i.countyAdcode, i.location]);
  const city = cityName(locale, cityOfAdcode(i.countyAdcode ?? county?.code));
  const c = i.casualties;
  const reporter = [i.reporter.name, i.reporter.org, i.reporter.phone].filter(Boolean).join(' · ');
  return (
    <div className="overview-tab" data-testid="overview">
      {i.acknowledgedAt === null && (
        <div className="tab-state warn" data-testid="unacknowledged">
          {t('overview.unacknowledged')}
        </div>
      )}
      <section className="casualties" aria-label={t('overview.casualties')}>
        {(['dead', 'injured', 'missing', 'trapped'] as const).map((k) => (
          <div key={k} className={c[k] > 0 ? 'figure hot' : 'figure'} data-testid={`casualty-${k}`}>
            <span className="figure-n">{t('overview.n', { n: c[k] })}</span>
            <span className="figure-label">{t(`overview.${k}`)}</span>
          </div>
        ))}
        <div className="figure wide" data-testid="affected">
          <span className="figure-n">{t('overview.n', { n: i.affected })}</span>
          <span className="figure-label">{t('overview.affected')}</span>
        </div>
      </section>
      <Facts
        rows={[
          [t('overview.hazard'), t(`hazard.${i.hazard}`)],
          [t('overview.level'), t('incident.level', { level: i.level })],
          [t('overview.status'), t(`status.${i.status}`)],
          [t('overview.place'), [city, county?.name].filter(Boolean).join(' ') || t('overview.placeUnknown')],
          [
            t('overview.location'),
            t('map.coords', { lng: i.location[0].toFixed(5), lat: i.location[1].toFixed(5) }),
          ],
          [t('overview.reporter'), reporter],
          ...(i.occurredAt
            ? ([[t('overview.occurredAt'), formatTimeAgo(locale, i.occurredAt, now)]] as [string, string][])
            : []),
          [t('overview.reportedAt'), formatTimeAgo(locale, i.reportedAt, now)],
          [
            t('overview.acknowledgedAt'),
            i.acknowledgedAt ? formatTimeAgo(locale, i.acknowledgedAt, now) : t('overview.notYet'),
          ],
          [t('overview.updatedAt'), formatTimeAgo(locale, i.updatedAt, now)],
        ]}
      />
      {i.description && (
        <section>
          <h3>{t('overview.description')}</h3>
          <p className="description">{i.description}</p>
        </section>
      )}
    </div>
  );
}
