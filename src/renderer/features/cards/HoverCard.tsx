import type { Picture } from '../../../shared/ipc';
import type { LocaleCode } from '../../../shared/i18n';
import { useApp, useLocale, useT, type Selection, type T } from '../../store';
import { STALE_FIX_MS } from '../../map/operationalLayers';
import { formatTimeAgo } from '../../ui/time';

/** Two lines about a thing on the map, for the card under the pointer. */
export function describe(
  p: Picture,
  s: Selection,
  t: T,
  locale: LocaleCode,
  now: number,
): { title: string; lines: { text: string; warn?: boolean }[] } | null {
  switch (s.kind) {
    case 'incident': {
      const i = p.incidents.find((x) => x.id === s.id);
      if (!i) return null;
      return {
        title: i.title,
        lines: [
          {
            text: `${t(`hazard.${i.hazard}`)} · ${t('incident.level', { level: i.level })} · ${t(`status.${i.status}`)}`,
          },
          { text: t('incident.reportedAt', { time: formatTimeAgo(locale, i.reportedAt, now) }) },
        ],
      };
    }
    case 'unit': {
      const u = p.units.find((x) => x.id === s.id);
      if (!u) return null;
      const stale = now - Date.parse(u.positionFixAt) > STALE_FIX_MS;
      const fix = formatTimeAgo(locale, u.positionFixAt, now);
      return {
        title: u.name,
        lines: [
          {
            text: `${t(`unitKind.${u.kind}`)} · ${t(`unitStatus.${u.status}`)} · ${t('unit.headcount', { n: u.headcount })}`,
          },
          stale
            ? { text: `⚠ ${t('unit.fixStaleAt', { time: fix })}`, warn: true }
            : { text: t('unit.fixAt', { time: fix }) },
        ],
      };
    }
    case 'base': {
      const b = p.bases.find((x) => x.id === s.id);
      if (!b) return null;
      const avail = b.aircraft.filter((a) => a.status === 'available').length;
      return {
        title: b.name,
        lines: [
          { text: `${t(`baseKind.${b.kind}`)}${b.icao ? ` · ${b.icao}` : ''}` },
          { text: t('base.aircraft', { available: avail, total: b.aircraft.length }), warn: avail === 0 },
        ],
      };
    }
    case 'depot': {
      const d = p.depots.find((x) => x.id === s.id);
      if (!d) return null;
      const below = d.stock.filter((x) => x.quantity < x.minimum).length;
      return {
        title: d.name,
        lines: [
          { text: `${t(`depotLevel.${d.level}`)} · ${t('depot.items', { n: d.stock.length })}` },
          ...(below ? [{ text: `⚠ ${t('resources.depotBelow', { n: below })}`, warn: true }] : []),
        ],
      };
    }
  }
}

/** The card under the pointer on the map (not for the selection: its panel is open). */
export function HoverCard() {
  const t = useT();
  const locale = useLocale();
  const hover = useApp((s) => s.hover);
  const picture = useApp((s) => s.picture);
  const selectedId = useApp((s) => s.selection?.id ?? null);
  if (!hover || !picture || selectedId === hover.id) return null;
  const d = describe(picture, hover, t, locale, Date.now());
  if (!d) return null;
  return (
    <div className="map-hover" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="hover-card">
      <div className="card-title">{d.title}</div>
      {d.lines.map((l, i) => (
        <div key={i} className={l.warn ? 'card-line warn' : 'card-line'}>
          {l.text}
        </div>
      ))}
    </div>
  );
}
