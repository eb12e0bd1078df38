import { useMemo } from 'react';
import type { Incident } from '../../../shared/domain';
import { reachNetwork } from '../../../shared/dispatch';
import { distanceMetres } from '../../../shared/geo/spherical';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime, formatTimeAgo } from '../../ui/time';
import { useNow } from '../../ui/useNow';
import { availabilityText } from '../../model/availabilityText';
import { resourceName } from '../../model/names';

const NEAREST_DEPOTS = 5;

/**
 * Resources sent to the incident (with where each one is now), and near it: the aviation bases
 * whose aircraft reach it within the hour, the nearest ground teams by ETA, the nearest depots.
 * A row selects the resource (and shows it on the map).
 */
export function ResourcesTab({ incident }: { incident: Incident }) {
  const t = useT();
  const locale = useLocale();
  const now = useNow();
  const picture = useApp((s) => s.picture);
  const reach = useApp((s) => (s.reach?.incidentId === incident.id ? s.reach : null));
  const reachError = useApp((s) => s.reachError);
  const reachLayer = useApp((s) => s.layers.reach);
  const select = useApp.getState().select;

  const sent = (picture?.assignments ?? []).filter(
    (a) => a.incidentId === incident.id && (a.status === 'accepted' || a.status === 'proposed'),
  );
  const ended = (picture?.assignments ?? []).filter(
    (a) => a.incidentId === incident.id && (a.status === 'released' || a.status === 'rejected'),
  );
  const within = reach
    ? reach.bases
        .filter((b) => b.etaMinutes !== null && b.etaMinutes <= reach.minutes)
        .sort((a, b) => a.etaMinutes! - b.etaMinutes!)
    : [];
  // Reconnaissance-only drones never count in the network (main's reach leaves them out); they
  // are listed apart with their times, from the same pure engine over the picture's bases.
  const minutes = reach?.minutes ?? 60;
  // Judged at `now` (daylight, weather, crew, airspace): the same availability rules as main's.
  const net = useMemo(
    () =>
      picture
        ? reachNetwork(picture.bases, incident.location, { minutes, hazard: incident.hazard, now })
        : null,
    [picture, incident.location, incident.hazard, minutes, now],
  );
  const recon = (net?.recon ?? []).filter((r) => r.status === 'available');
  // Aircraft that could do the job but are held on the ground (night, IFR, base closed), and why.
  const grounded = net
    ? [...net.within, ...net.beyond].flatMap((b) =>
        b.aircraft
          .filter((a) => a.counts && a.refused === 'conditions')
          .map((a) => ({ ...a, baseId: b.baseId, baseName: b.baseName })),
      )
    : [];
  const depots = useMemo(
    () =>
      (picture?.depots ?? [])
        .map((d) => ({ d, km: distanceMetres(incident.location, d.location) / 1000 }))
        .sort((a, b) => a.km - b.km)
        .slice(0, NEAREST_DEPOTS),
    [picture, incident.location],
  );

  const unitOf = (id: string) => picture?.units.find((u) => u.id === id);
  const aircraftBase = (id: string) => picture?.bases.find((b) => b.aircraft.some((a) => a.id === id));

  return (
    <div className="resources-tab" data-testid="resources">
      <section data-testid="resources-sent">
        <h3>{t('resources.sent', { n: sent.length })}</h3>
        {sent.length === 0 && <div className="dp-muted">{t('resources.noneSent')}</div>}
        <ul className="res-list">
          {sent.map((a) => {
            const u = a.resourceKind === 'unit' ? unitOf(a.resourceId) : undefined;
            const base = a.resourceKind === 'aircraft' ? aircraftBase(a.resourceId) : undefined;
            const eta = a.etaMinutes === null ? null : Date.parse(a.proposedAt) + a.etaMinutes * 60_000;
            return (
              <li key={a.id} data-id={a.resourceId}>
                <button
                  type="button"
                  className="res-row"
                  onClick={() =>
                    u
                      ? select({ kind: 'unit', id: u.id }, true)
                      : base && select({ kind: 'base', id: base.id }, true)
                  }
                >
                  <span className="res-name">{resourceName(picture, a.resourceKind, a.resourceId)}</span>
                  <span className="res-line">
                    {a.status === 'proposed' ? t('dispatch.proposed') : t('dispatch.assigned')}
                    {u ? ` · ${t(`unitStatus.${u.status}`)}` : ''}
                    {eta !== null ? ` · ${t('resources.arrives', { time: formatTime(locale, eta) })}` : ''}
                  </span>
                  {u && (
                    <span className="res-line">
                      {t('unit.fixAt', { time: formatTimeAgo(locale, u.positionFixAt, now) })}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
        {ended.length > 0 && <div className="dp-muted">{t('resources.ended', { n: ended.length })}</div>}
      </section>
      <section data-testid="resources-reach">
        {reachError && (
          <div className="tab-state error">{t('reach.failed', { message: errorText(t, reachError) })}</div>
        )}
        {!reach && !reachError && <div className="dp-muted">{t('resources.loading')}</div>}
        {reach && (
          <>
            <h3>{t('reach.air', { minutes: reach.minutes, n: within.length })}</h3>
            {within.length === 0 && (
              <div className="dp-warn">{t('reach.noneWithin', { minutes: reach.minutes })}</div>
            )}
            <ul className="res-list">
              {within.map((b) => (
                <li key={b.baseId} data-id={b.baseId}>
                  <button
                    type="button"
                    className="res-row"
                    onClick={() => select({ kind: 'base', id: b.baseId }, true)}
                  >
                    <span className="res-name">{b.name}</span>
                    <span className="res-eta">{t('dispatch.eta', { min: Math.round(b.etaMinutes!) })}</span>
                    {b.aircraft && (
                      <span className="res-line">{t('reach.countedBy', { aircraft: b.aircraft })}</span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
            {grounded.length > 0 && (
              <div data-testid="resources-grounded">
                <h3>{t('reach.grounded', { n: grounded.length })}</h3>
                <ul className="res-list">
                  {grounded.map((a) => (
                    <li key={a.id} data-id={a.id}>
                      <button
                        type="button"
                        className="res-row"
                        onClick={() => select({ kind: 'base', id: a.baseId }, true)}
                      >
                        <span className="res-name">
                          {t('reach.reconRow', { callsign: a.callsign, base: a.baseName })}
                        </span>
                        <span className="res-line warn">{availabilityText(t, locale, a.availability)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {recon.length > 0 && (
              <div data-testid="resources-recon">
                <h3>{t('reach.recon', { n: recon.length })}</h3>
                <ul className="res-list">
                  {recon.map((r) => (
                    <li key={r.id} data-id={r.id}>
                      <button
                        type="button"
                        className="res-row"
                        onClick={() => select({ kind: 'base', id: r.baseId }, true)}
                      >
                        <span className="res-name">
                          {t('reach.reconRow', { callsign: r.callsign, base: r.baseName })}
                        </span>
                        <span className="res-eta">
                          {r.etaMinutes === null
                            ? t('reach.reconOut')
                            : t('dispatch.eta', { min: Math.round(r.etaMinutes) })}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <h3>{t('reach.ground', { n: reach.units.length })}</h3>
            <ul className="res-list">
              {reach.units.map((u) => (
                <li key={u.unitId} data-id={u.unitId}>
                  <button
                    type="button"
                    className="res-row"
                    onClick={() => select({ kind: 'unit', id: u.unitId }, true)}
                  >
                    <span className="res-name">{u.name}</span>
                    <span className="res-eta">{t('dispatch.eta', { min: Math.round(u.etaMinutes) })}</span>
                    <span className={u.stale ? 'res-line warn' : 'res-line'}>
                      {t('dispatch.distance', { km: Math.round(u.distanceKm) })}
                      {u.stale ? ` · ${t('reach.staleFix')}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {!reachLayer && <div className="dp-muted">{t('reach.layerOff')}</div>}
          </>
        )}
      </section>
      <section data-testid="resources-depots">
        <h3>{t('resources.depots')}</h3>
        <ul className="res-list">
          {depots.map(({ d, km }) => {
            const below = d.stock.filter((s) => s.quantity < s.minimum).length;
            return (
              <li key={d.id} data-id={d.id}>
                <button
                  type="button"
                  className="res-row"
                  onClick={() => select({ kind: 'depot', id: d.id }, true)}
                >
                  <span className="res-name">{d.name}</span>
                  <span className="res-eta">{t('dispatch.distance', { km: Math.round(km) })}</span>
                  <span className={below ? 'res-line warn' : 'res-line'}>
                    {t('depot.items', { n: d.stock.length })}
                    {below ? ` · ⚠ ${t('resources.depotBelow', { n: below })}` : ''}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
