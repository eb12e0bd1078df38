import { useState } from 'react';
import { hasStockWarning } from '../../../shared/domain';
import { formatAge, type LocaleCode } from '../../../shared/i18n';
import type { Picture } from '../../../shared/ipc';
import { api } from '../../services/api';
import { useApp, useT, type Selection } from '../../store';
import { errorText } from '../../ui/errorText';
import { STALE_FIX_MS } from '../../map/operationalLayers';
import type { Hover } from '../../map/MapView';

type T = ReturnType<typeof useT>;

export interface CardText {
  title: string;
  icon: string | null;
  lines: { text: string; warn?: boolean }[];
}

/** The essentials of one thing on the map, for the hover and click cards. */
export function describe(p: Picture, s: Selection, t: T, locale: LocaleCode, now: number): CardText | null {
  switch (s.kind) {
    case 'incident': {
      const i = p.incidents.find((x) => x.id === s.id);
      if (!i) return null;
      const c = i.casualties;
      return {
        title: i.title,
        icon: `inc:${i.hazard}:${i.level}`,
        lines: [
          { text: `${t(`hazard.${i.hazard}`)} · ${t('incident.level', { level: i.level })} · ${t(`status.${i.status}`)}` },
          { text: t('incident.casualties', c) },
          { text: `${t('incident.affected', { n: i.affected })} · ${t('card.reported', { age: formatAge(locale, i.reportedAt, now) })}` },
          ...(i.acknowledgedAt === null ? [{ text: t('card.unacknowledged'), warn: true }] : []),
        ],
      };
    }
    case 'unit': {
      const u = p.units.find((x) => x.id === s.id);
      if (!u) return null;
      const stale = now - Date.parse(u.positionFixAt) > STALE_FIX_MS;
      const age = formatAge(locale, u.positionFixAt, now);
      return {
        title: u.name,
        icon: `unit:${u.kind}:${u.status}:${stale ? 1 : 0}`,
        lines: [
          { text: `${t(`unitKind.${u.kind}`)} · ${t(`unitStatus.${u.status}`)}` },
          { text: `${t('unit.headcount', { n: u.headcount })} · ${t('card.vehicles', { n: u.vehicles })}` },
          stale ? { text: `⚠ ${t('unit.fixStale', { age })}`, warn: true } : { text: t('unit.fixAge', { age }) },
          ...(u.org ? [{ text: u.org }] : []),
        ],
      };
    }
    case 'base': {
      const b = p.bases.find((x) => x.id === s.id);
      if (!b) return null;
      const avail = b.aircraft.filter((a) => a.status === 'available').length;
      return {
        title: b.name,
        icon: `base:${b.kind}`,
        lines: [
          { text: `${t(`baseKind.${b.kind}`)}${b.icao ? ` · ${b.icao}` : ''}` },
          { text: t('base.aircraft', { available: avail, total: b.aircraft.length }), warn: avail === 0 },
          ...b.aircraft.slice(0, 4).map((a) => ({ text: `${a.callsign} ${a.model} · ${t(`aircraftStatus.${a.status}`)}` })),
        ],
      };
    }
    case 'depot': {
      const d = p.depots.find((x) => x.id === s.id);
      if (!d) return null;
      const warn = hasStockWarning(d);
      return {
        title: d.name,
        icon: `depot:${d.level}:${warn ? 1 : 0}`,
        lines: [
          { text: `${t(`depotLevel.${d.level}`)} · ${t('depot.items', { n: d.stock.length })}` },
          ...(warn ? [{ text: `⚠ ${t('depot.stockWarning')}`, warn: true }] : []),
          ...d.stock
            .slice(0, 5)
            .map((x) => ({ text: `${t(`supply.${x.item}`)} ${x.quantity}${x.unit}${x.quantity < x.minimum ? ` (< ${x.minimum})` : ''}`, warn: x.quantity < x.minimum })),
        ],
      };
    }
  }
}

export function HoverCard({ hover }: { hover: Hover }) {
  const t = useT();
  const picture = useApp((s) => s.picture);
  const locale = useApp((s) => s.settings.locale) as LocaleCode;
  const selection = useApp((s) => s.selection);
  if (!picture || (selection && selection.id === hover.id)) return null;
  const d = describe(picture, hover, t, locale, Date.now());
  if (!d) return null;
  return (
    <div className="map-hover" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="hover-card">
      <div className="card-title">{d.title}</div>
      {d.lines.slice(0, 2).map((l, i) => (
        <div key={i} className={l.warn ? 'card-line warn' : 'card-line'}>
          {l.text}
        </div>
      ))}
    </div>
  );
}

/** The card for the selected thing, with its actions; for an incident, its reach and ground ETAs. */
export function SelectionCard() {
  const t = useT();
  const picture = useApp((s) => s.picture);
  const selection = useApp((s) => s.selection);
  const locale = useApp((s) => s.settings.locale) as LocaleCode;
  const reach = useApp((s) => s.reach);
  const reachError = useApp((s) => s.reachError);
  const layersReach = useApp((s) => s.layers.reach);
  const [error, setError] = useState<string | null>(null);
  if (!picture || !selection) return null;
  const d = describe(picture, selection, t, locale, Date.now());
  if (!d) return null;
  const incident = selection.kind === 'incident' ? picture.incidents.find((i) => i.id === selection.id) : undefined;
  const r = reach && incident && reach.incidentId === incident.id ? reach : null;
  const within = r ? r.bases.filter((b) => b.etaMinutes !== null && b.etaMinutes <= r.minutes).sort((a, b) => a.etaMinutes! - b.etaMinutes!) : [];

  const acknowledge = async () => {
    if (!incident) return;
    const res = await api.invoke('incident:acknowledge', { id: incident.id });
    setError(res.ok ? null : errorText(t, res.error));
    if (res.ok) void useApp.getState().loadPicture();
  };

  return (
    <div className="map-card" data-testid="map-card" data-kind={selection.kind} data-id={selection.id}>
      <div className="card-head">
        <div className="card-title">{d.title}</div>
        <button className="close" aria-label={t('card.close')} onClick={() => useApp.getState().select(null)}>
          ×
        </button>
      </div>
      {d.lines.map((l, i) => (
        <div key={i} className={l.warn ? 'card-line warn' : 'card-line'}>
          {l.text}
        </div>
      ))}
      <div className="card-actions">
        {incident && incident.acknowledgedAt === null && (
          <button data-testid="card-acknowledge" onClick={() => void acknowledge()}>
            {t('card.acknowledge')}
          </button>
        )}
        <button data-testid="card-fly" onClick={() => useApp.getState().select(selection, true)}>
          {t('card.flyTo')}
        </button>
      </div>
      {error && <div className="card-line warn">{error}</div>}
      {incident && (
        <div className="card-reach" data-testid="card-reach">
          {reachError && <div className="card-line warn">{t('reach.failed', { message: errorText(t, reachError) })}</div>}
          {r && (
            <>
              <div className="card-sub">{t('reach.air', { minutes: r.minutes, n: within.length })}</div>
              {within.length === 0 && <div className="card-line warn">{t('reach.noneWithin', { minutes: r.minutes })}</div>}
              {within.slice(0, 4).map((b) => (
                <div key={b.baseId} className="card-line">
                  {t('reach.baseEta', { name: b.name, eta: Math.round(b.etaMinutes!) })}
                </div>
              ))}
              <div className="card-sub">{t('reach.ground', { n: r.units.length })}</div>
              {r.units.slice(0, 5).map((u) => (
                <div
                  key={u.unitId}
                  className={u.stale ? 'card-line link warn' : 'card-line link'}
                  onClick={() => useApp.getState().select({ kind: 'unit', id: u.unitId }, true)}
                >
                  {t('reach.unitEta', { name: u.name, eta: Math.round(u.etaMinutes), km: Math.round(u.distanceKm) })}
                  {u.stale ? ` · ${t('reach.staleFix')}` : ''}
                </div>
              ))}
              {!layersReach && <div className="card-line muted">{t('reach.layerOff')}</div>}
            </>
          )}
        </div>
      )}
    </div>
  );
}
