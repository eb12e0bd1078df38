import { useMemo, useState, useEffect } from 'react';
import { hasStockWarning } from '../../../shared/domain';
import { formatAge, type LocaleCode } from '../../../shared/i18n';
import { useApp, useT, type PanelTab } from '../../store';
import { STALE_FIX_MS } from '../../map/operationalLayers';

const TABS: PanelTab[] = ['incidents', 'units', 'bases', 'depots'];

function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(h);
  }, [intervalMs]);
  return now;
}

/** Lists of everything on the map; a click selects and flies to it. */
export function SidePanel() {
  const t = useT();
  const { picture, tab, setTab, filter, setFilter, selection, select } = useApp();
  const locale = useApp((s) => s.settings.locale) as LocaleCode;
  const now = useNow();
  const q = filter.trim().toLowerCase();
  const match = (name: string) => q === '' || name.toLowerCase().includes(q);

  const rows = useMemo(() => {
    if (!picture) return [];
    switch (tab) {
      case 'incidents':
        return picture.incidents
          .filter((i) => match(i.title))
          .map((i) => ({
            kind: 'incident' as const,
            id: i.id,
            title: i.title,
            badge: i.level,
            badgeClass: `level-${i.level}`,
            isNew: i.acknowledgedAt === null,
            lines: [
              `${t(`hazard.${i.hazard}`)} · ${t(`status.${i.status}`)} · ${t('incident.level', { level: i.level })}`,
              `${t('incident.casualties', i.casualties)} · ${t('incident.affected', { n: i.affected })}`,
            ],
          }));
      case 'units':
        return picture.units
          .filter((u) => match(u.name))
          .map((u) => {
            const stale = now - Date.parse(u.positionFixAt) > STALE_FIX_MS;
            const age = formatAge(locale, u.positionFixAt, now);
            return {
              kind: 'unit' as const,
              id: u.id,
              title: u.name,
              badge: t(`unitStatus.${u.status}`),
              badgeClass: `status-${u.status}`,
              isNew: false,
              lines: [
                `${t(`unitKind.${u.kind}`)} · ${t('unit.headcount', { n: u.headcount })}`,
                stale ? `⚠ ${t('unit.fixStale', { age })}` : t('unit.fixAge', { age }),
              ],
            };
          });
      case 'bases':
        return picture.bases
          .filter((b) => match(b.name))
          .map((b) => ({
            kind: 'base' as const,
            id: b.id,
            title: b.name,
            badge: b.icao ?? '',
            badgeClass: 'icao',
            isNew: false,
            lines: [
              `${t(`baseKind.${b.kind}`)} · ${t('base.aircraft', { available: b.aircraft.filter((a) => a.status === 'available').length, total: b.aircraft.length })}`,
              b.aircraft.map((a) => a.model).join(' · '),
            ],
          }));
      case 'depots':
        return picture.depots
          .filter((d) => match(d.name))
          .map((d) => ({
            kind: 'depot' as const,
            id: d.id,
            title: d.name,
            badge: t(`depotLevel.${d.level}`),
            badgeClass: `depot-${d.level}`,
            isNew: false,
            lines: [
              `${t('depot.items', { n: d.stock.length })}${hasStockWarning(d) ? ` · ⚠ ${t('depot.stockWarning')}` : ''}`,
              d.stock
                .slice(0, 4)
                .map((s) => `${t(`supply.${s.item}`)} ${s.quantity}${s.unit}`)
                .join(' · '),
            ],
          }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [picture, tab, q, locale, now]);

  const counts: Record<PanelTab, number> = {
    incidents: picture?.incidents.length ?? 0,
    units: picture?.units.length ?? 0,
    bases: picture?.bases.length ?? 0,
    depots: picture?.depots.length ?? 0,
  };

  return (
    <aside className="side-panel" data-testid="side-panel">
      <nav className="tabs" role="tablist">
        {TABS.map((k) => (
          <button key={k} role="tab" aria-selected={tab === k} data-testid={`tab-${k}`} className={tab === k ? 'active' : ''} onClick={() => setTab(k)}>
            {t(`panel.${k}`)} <span className="count">{counts[k]}</span>
          </button>
        ))}
      </nav>
      <input className="filter" placeholder={t('panel.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} />
      <div className="list-meta">{t('panel.count', { n: rows.length })}</div>
      <ul className="list" data-testid={`list-${tab}`}>
        {rows.length === 0 && <li className="empty">{t('panel.empty')}</li>}
        {rows.map((r) => (
          <li
            key={r.id}
            data-id={r.id}
            className={selection?.id === r.id ? 'selected' : ''}
            onClick={() => select({ kind: r.kind, id: r.id }, true)}
          >
            <div className="row-title">
              {r.isNew && <span className="new">{t('incident.new')}</span>}
              <span className="name">{r.title}</span>
              {r.badge && <span className={`badge ${r.badgeClass}`}>{r.badge}</span>}
            </div>
            {r.lines.map((l, i) => l && <div key={i} className="row-line">{l}</div>)}
          </li>
        ))}
      </ul>
    </aside>
  );
}
