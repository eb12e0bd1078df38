import { useState } from 'react';
import {
  AIRSPACE_APPROVALS,
  BASE_WEATHER,
  CREW_POSTURES,
  type AviationBase,
  type RescueUnit,
  type SupplyDepot,
} from '../../../shared/domain';
import { ifrCapable, nightCapable } from '../../../shared/dispatch/airAvailability';
import { sunTimes } from '../../../shared/geo/solar';
import { mayDispatch } from '../../../shared/sync/roles';
import { api } from '../../services/api';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import type { MessageKey } from '../../../shared/i18n';
import { useApp, useLocale, useT } from '../../store';
import { STALE_FIX_MS } from '../../map/operationalLayers';
import { formatCount } from '../../ui/numbers';
import { cityName } from '../../ui/places';
import { formatTimeAgo } from '../../ui/time';
import { useNow } from '../../ui/useNow';
import { cityOfAdcode, stockBelowMinimumFirst } from '../../model/listModel';
import { Facts } from '../../ui/Facts';

function Head({
  kicker,
  title,
  badge,
  onClose,
  onFly,
}: {
  kicker: string;
  title: string;
  badge?: string;
  onClose: () => void;
  onFly: () => void;
}) {
  const t = useT();
  return (
    <>
      <header className="detail-head">
        <div className="detail-title">
          <div className="kicker">{kicker}</div>
          <h2>{title}</h2>
          {badge && (
            <div className="detail-badges">
              <span className="badge">{badge}</span>
            </div>
          )}
        </div>
        <button
          type="button"
          className="close"
          data-testid="detail-close"
          aria-label={t('card.close')}
          title={t('card.close')}
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="detail-actions">
        <button type="button" data-testid="detail-fly" onClick={onFly}>
          {t('card.flyTo')}
        </button>
      </div>
    </>
  );
}

export function UnitDetails({ unit: u, onClose }: { unit: RescueUnit; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const now = useNow();
  const { select } = useApp.getState();
  const sentTo = useApp((s) => {
    const a = s.picture?.assignments.find(
      (x) => x.resourceId === u.id && (x.status === 'accepted' || x.status === 'proposed'),
    );
    return a ? (s.picture?.incidents.find((i) => i.id === a.incidentId) ?? null) : null;
  });
  const stale = now - Date.parse(u.positionFixAt) > STALE_FIX_MS;
  const fix = formatTimeAgo(locale, u.positionFixAt, now);
  return (
    <>
      <Head
        kicker={`${t('detail.unit')} · ${t(`unitKind.${u.kind}`)}`}
        title={u.name}
        badge={t(`unitStatus.${u.status}`)}
        onClose={onClose}
        onFly={() => select({ kind: 'unit', id: u.id }, true)}
      />
      <div className="detail-body">
        {stale && <div className="tab-state warn">⚠ {t('unit.fixStaleAt', { time: fix })}</div>}
        {sentTo && (
          <button
            type="button"
            className="res-row"
            data-testid="unit-sent-to"
            onClick={() => select({ kind: 'incident', id: sentTo.id }, true)}
          >
            <span className="res-name">{t('detail.sentTo', { title: sentTo.title })}</span>
          </button>
        )}
        <Facts
          rows={[
            [
              t('detail.people'),
              `${t('unit.headcount', { n: u.headcount })} · ${t('card.vehicles', { n: u.vehicles })}`,
            ],
            [
              t('detail.capabilities'),
              u.capabilities.map((c) => t(`capability.${c}` as MessageKey)).join(t('list.separator')),
            ],
            [t('detail.org'), u.org || '—'],
            [t('detail.city'), cityName(locale, cityOfAdcode(u.cityAdcode)) ?? '—'],
            [t('detail.home'), u.homeBase.name],
            [t('detail.fix'), fix],
            [
              t('overview.location'),
              t('map.coords', { lng: u.position[0].toFixed(5), lat: u.position[1].toFixed(5) }),
            ],
          ]}
        />
      </div>
    </>
  );
}

export function BaseDetails({ base: b, onClose }: { base: AviationBase; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const now = useNow();
  const { select } = useApp.getState();
  const connected = useApp((s) => s.connected);
  const syncRole = useApp((s) => s.syncRole);
  const [error, setError] = useState<string | null>(null);
  // Readiness is the duty officer's decision: a role that may not dispatch only reads it.
  const readOnly = (syncRole !== null && !mayDispatch(syncRole)) || !connected;
  const available = b.aircraft.filter((a) => a.status === 'available').length;
  const sun = sunTimes(b.location, now);
  const run = (p: Promise<{ ok: boolean; error?: Parameters<typeof errorText>[1] }>) => {
    setError(null);
    void p.then((r) => {
      if (!r.ok && r.error) setError(t('base.setFailed', { message: errorText(t, r.error) }));
    });
  };
  return (
    <>
      <Head
        kicker={`${t('detail.base')} · ${t(`baseKind.${b.kind}`)}`}
        title={b.name}
        badge={b.icao ?? undefined}
        onClose={onClose}
        onFly={() => select({ kind: 'base', id: b.id }, true)}
      />
      <div className="detail-body">
        <div className={available === 0 ? 'dp-warn' : 'dp-ok'}>
          {t('base.aircraft', { available, total: b.aircraft.length })}
        </div>
        <fieldset className="act-form base-readiness" data-testid="base-readiness">
          <label>
            {t('base.weather')}
            <select
              data-testid="base-weather"
              value={b.weather ?? 'vfr'}
              disabled={readOnly}
              onChange={(e) =>
                run(
                  api.invoke('base:setWeather', {
                    id: b.id,
                    weather: e.target.value as (typeof BASE_WEATHER)[number],
                  }),
                )
              }
            >
              {BASE_WEATHER.map((w) => (
                <option key={w} value={w}>
                  {t(`weather.${w}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="dp-muted" data-testid="base-weather-set">
            {b.weatherSetAt
              ? t('base.weatherSet', { by: b.weatherSetBy ?? '—', time: formatTime(locale, b.weatherSetAt) })
              : t('base.weatherDefault')}
          </div>
          <div className="dp-muted" data-testid="base-daylight">
            {t('base.daylight', {
              sunrise: formatTime(locale, sun.sunrise ?? Number.NaN),
              sunset: formatTime(locale, sun.sunset ?? Number.NaN),
            })}
          </div>
          {error && (
            <div className="tab-state error" role="alert">
              {error}
            </div>
          )}
        </fieldset>
        <table className="table" data-testid="aircraft-table">
          <thead>
            <tr>
              <th>{t('detail.callsign')}</th>
              <th>{t('detail.model')}</th>
              <th>{t('detail.aircraftStatus')}</th>
              <th>{t('detail.crew')}</th>
              <th>{t('detail.airspace')}</th>
            </tr>
          </thead>
          <tbody>
            {b.aircraft.map((a) => (
              <tr key={a.id} data-id={a.id} className={a.status === 'available' ? '' : 'muted-row'}>
                <td>{a.callsign}</td>
                <td>
                  {a.model} <span className="dp-muted">{t(`aircraftCategory.${a.category}`)}</span>
                  {/* Performance and what it may fly in (night, IFR), under the model to keep the table narrow. */}
                  <div className="dp-muted" data-testid={`flight-rules-${a.id}`}>
                    {t('detail.cruise')} {t('detail.kmh', { n: a.cruiseSpeedKmh })} · {t('detail.range')}{' '}
                    {t('detail.km', { n: a.rangeKm })} ·{' '}
                    {t(nightCapable(a) ? 'aircraft.nightCapable' : 'aircraft.dayOnly')} ·{' '}
                    {t(ifrCapable(a) ? 'aircraft.ifrCapable' : 'aircraft.vfrOnly')}
                  </div>
                </td>
                <td>{t(`aircraftStatus.${a.status}`)}</td>
                <td>
                  <select
                    data-testid={`crew-${a.id}`}
                    value={a.crewPosture ?? 'on_base'}
                    disabled={readOnly}
                    onChange={(e) =>
                      run(
                        api.invoke('aircraft:setReadiness', {
                          id: a.id,
                          crewPosture: e.target.value as (typeof CREW_POSTURES)[number],
                        }),
                      )
                    }
                  >
                    {CREW_POSTURES.map((p) => (
                      <option key={p} value={p}>
                        {t(`crew.${p}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    data-testid={`airspace-${a.id}`}
                    value={a.airspaceApproval ?? 'approved'}
                    disabled={readOnly}
                    onChange={(e) =>
                      run(
                        api.invoke('aircraft:setReadiness', {
                          id: a.id,
                          airspaceApproval: e.target.value as (typeof AIRSPACE_APPROVALS)[number],
                        }),
                      )
                    }
                  >
                    {AIRSPACE_APPROVALS.map((p) => (
                      <option key={p} value={p}>
                        {t(`airspace.${p}`)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Facts
          rows={[
            [
              t('overview.location'),
              t('map.coords', { lng: b.location[0].toFixed(5), lat: b.location[1].toFixed(5) }),
            ],
          ]}
        />
      </div>
    </>
  );
}

/** A depot with its whole stock table, the items below their minimum first. */
export function DepotDetails({ depot: d, onClose }: { depot: SupplyDepot; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const { select } = useApp.getState();
  const stock = stockBelowMinimumFirst(d.stock);
  const below = stock.filter((s) => s.quantity < s.minimum).length;
  return (
    <>
      <Head
        kicker={`${t('detail.depot')} · ${t(`depotLevel.${d.level}`)}`}
        title={d.name}
        onClose={onClose}
        onFly={() => select({ kind: 'depot', id: d.id }, true)}
      />
      <div className="detail-body">
        {below > 0 ? (
          <div className="tab-state warn">⚠ {t('resources.depotBelow', { n: below })}</div>
        ) : (
          <div className="dp-ok">{t('detail.stockOk')}</div>
        )}
        <table className="table stock" data-testid="stock-table">
          <thead>
            <tr>
              <th>{t('detail.item')}</th>
              <th className="num">{t('detail.quantity')}</th>
              <th className="num">{t('detail.minimum')}</th>
              <th>{t('detail.stockState')}</th>
            </tr>
          </thead>
          <tbody>
            {stock.map((s) => {
              const short = s.quantity < s.minimum;
              return (
                <tr key={s.item} data-item={s.item} className={short ? 'below' : ''}>
                  <td>{t(`supply.${s.item}`)}</td>
                  <td className="num">
                    {formatCount(locale, s.quantity)} {s.unit}
                  </td>
                  <td className="num">
                    {formatCount(locale, s.minimum)} {s.unit}
                  </td>
                  <td>
                    {short
                      ? t('detail.short', { n: s.minimum - s.quantity, unit: s.unit })
                      : t('detail.enough')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Facts
          rows={[
            [t('detail.city'), cityName(locale, cityOfAdcode(d.adcode)) ?? t('depotLevel.province')],
            [
              t('overview.location'),
              t('map.coords', { lng: d.location[0].toFixed(5), lat: d.location[1].toFixed(5) }),
            ],
          ]}
        />
      </div>
    </>
  );
}
