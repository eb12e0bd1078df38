import { useEffect, useMemo, type KeyboardEvent, type ReactNode } from 'react';
import {
  BASE_KINDS,
  DEPOT_LEVELS,
  HAZARD_TYPES,
  INCIDENT_STATUSES,
  RESPONSE_LEVELS,
  UNIT_KINDS,
  UNIT_STATUSES,
  type AviationBase,
  type Incident,
  type RescueUnit,
  type SupplyDepot,
} from '../../../shared/domain';
import type { MessageKey } from '../../../shared/i18n';
import { LIST_TABS, useApp, useLocale, useT, type ListFilter, type ListTab, type T } from '../../store';
import { STALE_FIX_MS } from '../../map/operationalLayers';
import { formatTimeAgo } from '../../ui/time';
import { cityName, cityOptions } from '../../ui/places';
import { useNow } from '../../ui/useNow';
import {
  baseStatus,
  cityLocator,
  depotStatus,
  filterBases,
  filterDepots,
  filterIncidents,
  filterUnits,
  incidentCity,
  unitCity,
  type CityLocator,
} from '../../model/listModel';

/** A row of a list: what it selects and what it shows. */
interface Row {
  kind: 'incident' | 'unit' | 'base' | 'depot';
  id: string;
  title: string;
  badge: string | null;
  badgeClass: string;
  isNew: boolean;
  lines: { text: string; warn?: boolean }[];
}

/** The facets each list offers, beside the name filter. */
const FACETS: Record<ListTab, (keyof ListFilter)[]> = {
  incidents: ['status', 'level', 'hazard', 'city'],
  units: ['status', 'kind', 'city'],
  bases: ['status', 'kind', 'city'],
  depots: ['status', 'kind', 'city'],
};

function facetOptions(
  tab: ListTab,
  facet: keyof ListFilter,
  t: T,
  locale: 'zh-CN' | 'en',
): { value: string; label: string }[] {
  const of = (values: readonly string[], key: (v: string) => MessageKey) =>
    values.map((v) => ({ value: v, label: t(key(v)) }));
  if (facet === 'city') return cityOptions(locale).map((c) => ({ value: c.adcode, label: c.name }));
  switch (tab) {
    case 'incidents':
      if (facet === 'status') return of(INCIDENT_STATUSES, (v) => `status.${v}` as MessageKey);
      if (facet === 'level')
        return RESPONSE_LEVELS.map((l) => ({ value: l, label: t('incident.level', { level: l }) }));
      return of(HAZARD_TYPES, (v) => `hazard.${v}` as MessageKey);
    case 'units':
      return facet === 'status'
        ? of(UNIT_STATUSES, (v) => `unitStatus.${v}` as MessageKey)
        : of(UNIT_KINDS, (v) => `unitKind.${v}` as MessageKey);
    case 'bases':
      return facet === 'status'
        ? of(['available', 'none'], (v) => `list.baseStatus.${v}` as MessageKey)
        : of(BASE_KINDS, (v) => `baseKind.${v}` as MessageKey);
    case 'depots':
      return facet === 'status'
        ? of(['ok', 'below'], (v) => `list.depotStatus.${v}` as MessageKey)
        : of(DEPOT_LEVELS, (v) => `depotLevel.${v}` as MessageKey);
  }
}

/**
 * The left column: incidents, teams, bases and depots, each filtered and sorted. A row is a button:
 * it selects (the map brings the selection into view without changing its scale).
 */
export function ListPanel() {
  const t = useT();
  const locale = useLocale();
  const picture = useApp((s) => s.picture);
  const tab = useApp((s) => s.listTab);
  const filters = useApp((s) => s.filters);
  const selection = useApp((s) => s.selection);
  const counties = useApp((s) => s.packData?.counties ?? null);
  const mapReady = useApp((s) => s.mapReady);
  const now = useNow();
  const at = useMemo(() => cityLocator(counties), [counties]);
  const f = filters[tab];

  // Cities by location (bases; incidents and teams without a code) need the pack's counties.
  const wantsCities = LIST_TABS.some((k) => filters[k].city !== '');
  useEffect(() => {
    if (wantsCities) void useApp.getState().ensurePackData();
  }, [wantsCities]);

  const incidents = useMemo(
    () => (picture ? filterIncidents(picture.incidents, filters.incidents, at) : []),
    [picture, filters.incidents, at],
  );

  // The candidates of the incidents at the top of the list are made ready before they are clicked
  // (once the map has drawn: the first picture comes first).
  useEffect(() => {
    if (!mapReady) return;
    const open = incidents.filter((i) => i.status !== 'closed').map((i) => i.id);
    const sel = useApp.getState().selection;
    const first = sel?.kind === 'incident' ? [sel.id, ...open.filter((id) => id !== sel.id)] : open;
    useApp.getState().prefetchRecommendations(first);
  }, [incidents, mapReady]);

  const rows: Row[] = useMemo(() => {
    if (!picture) return [];
    switch (tab) {
      case 'incidents':
        return incidents.map((i) => incidentRow(i, t, locale, at, now));
      case 'units':
        return filterUnits(picture.units, f, at).map((u) => unitRow(u, t, locale, at, now));
      case 'bases':
        return filterBases(picture.bases, f, at).map((b) => baseRow(b, t));
      case 'depots':
        return filterDepots(picture.depots, f, at).map((d) => depotRow(d, t));
    }
  }, [picture, tab, incidents, f, at, t, locale, now]);

  const totals: Record<ListTab, number> = {
    incidents: picture?.incidents.length ?? 0,
    units: picture?.units.length ?? 0,
    bases: picture?.bases.length ?? 0,
    depots: picture?.depots.length ?? 0,
  };
  const { setListTab, setFilter, clearFilters, select } = useApp.getState();
  const filtered = Object.values(f).some((v) => v !== '');

  /** Up and down move between rows, Home and End to the ends; Enter or Space selects (it is a button). */
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.row')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const to =
      e.key === 'ArrowDown'
        ? i + 1
        : e.key === 'ArrowUp'
          ? i - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? buttons.length - 1
              : null;
    if (to === null || buttons.length === 0) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, to))]!.focus();
  };

  return (
    <aside className="list-panel" data-testid="side-panel" aria-label={t('list.title')}>
      <nav className="tabs" role="tablist">
        {LIST_TABS.map((k) => (
          <button
            key={k}
            role="tab"
            aria-selected={tab === k}
            data-testid={`tab-${k}`}
            className={tab === k ? 'active' : ''}
            onClick={() => setListTab(k)}
          >
            {t(`panel.${k}`)} <span className="count">{t('list.total', { n: totals[k] })}</span>
          </button>
        ))}
      </nav>
      <div className="list-filters" data-testid={`filters-${tab}`}>
        <input
          type="search"
          className="filter-text"
          data-testid="filter-text"
          aria-label={t('panel.filter')}
          placeholder={t(tab === 'bases' ? 'list.filterBases' : 'panel.filter')}
          value={f.text}
          onChange={(e) => setFilter(tab, { text: e.target.value })}
        />
        {FACETS[tab].map((facet) => (
          <select
            key={facet}
            data-testid={`filter-${facet}`}
            aria-label={t(`list.facet.${facet}` as MessageKey)}
            value={f[facet]}
            className={f[facet] ? 'set' : ''}
            onChange={(e) => setFilter(tab, { [facet]: e.target.value })}
          >
            <option value="">{t(`list.all.${facet}` as MessageKey)}</option>
            {facetOptions(tab, facet, t, locale).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ))}
      </div>
      <div className="list-meta" data-testid="list-meta">
        <span>
          {filtered
            ? t('list.shownOf', { n: rows.length, total: totals[tab] })
            : t('panel.count', { n: rows.length })}
        </span>
        {tab === 'incidents' && <span className="muted">{t('list.sortedIncidents')}</span>}
        {filtered && (
          <button className="link" data-testid="filter-clear" onClick={() => clearFilters(tab)}>
            {t('list.clear')}
          </button>
        )}
      </div>
      <ul className="list" data-testid={`list-${tab}`} onKeyDown={onListKey}>
        {rows.length === 0 && <li className="empty">{filtered ? t('list.noneMatch') : t('panel.empty')}</li>}
        {rows.map((r) => (
          <RowItem
            key={r.id}
            row={r}
            selected={selection?.kind === r.kind && selection.id === r.id}
            onSelect={() => select({ kind: r.kind, id: r.id })}
            t={t}
          />
        ))}
      </ul>
    </aside>
  );
}

function RowItem({
  row: r,
  selected,
  onSelect,
  t,
}: {
  row: Row;
  selected: boolean;
  onSelect: () => void;
  t: T;
}): ReactNode {
  return (
    <li data-id={r.id} className={selected ? 'selected' : ''}>
      <button type="button" className="row" data-testid="row" aria-pressed={selected} onClick={onSelect}>
        <span className="row-title">
          {r.isNew && <span className="new">{t('incident.new')}</span>}
          <span className="name">{r.title}</span>
          {r.badge && <span className={`badge ${r.badgeClass}`}>{r.badge}</span>}
        </span>
        {r.lines.map(
          (l, i) =>
            l.text && (
              <span key={i} className={l.warn ? 'row-line warn' : 'row-line'}>
                {l.text}
              </span>
            ),
        )}
      </button>
    </li>
  );
}

function incidentRow(i: Incident, t: T, locale: 'zh-CN' | 'en', at: CityLocator, now: number): Row {
  const city = cityName(locale, incidentCity(i, at));
  return {
    kind: 'incident',
    id: i.id,
    title: i.title,
    badge: t('list.levelBadge', { level: i.level }),
    badgeClass: `level-${i.level}`,
    isNew: i.acknowledgedAt === null,
    lines: [
      { text: [t(`hazard.${i.hazard}`), t(`status.${i.status}`), city].filter(Boolean).join(' · ') },
      { text: `${t('incident.casualties', i.casualties)} · ${t('incident.affected', { n: i.affected })}` },
      { text: t('incident.reportedAt', { time: formatTimeAgo(locale, i.reportedAt, now) }) },
    ],
  };
}

function unitRow(u: RescueUnit, t: T, locale: 'zh-CN' | 'en', at: CityLocator, now: number): Row {
  const stale = now - Date.parse(u.positionFixAt) > STALE_FIX_MS;
  const fix = formatTimeAgo(locale, u.positionFixAt, now);
  return {
    kind: 'unit',
    id: u.id,
    title: u.name,
    badge: t(`unitStatus.${u.status}`),
    badgeClass: `status-${u.status}`,
    isNew: false,
    lines: [
      {
        text: [
          t(`unitKind.${u.kind}`),
          t('unit.headcount', { n: u.headcount }),
          cityName(locale, unitCity(u, at)),
        ]
          .filter(Boolean)
          .join(' · '),
      },
      stale
        ? { text: `⚠ ${t('unit.fixStaleAt', { time: fix })}`, warn: true }
        : { text: t('unit.fixAt', { time: fix }) },
    ],
  };
}

function baseRow(b: AviationBase, t: T): Row {
  const available = b.aircraft.filter((a) => a.status === 'available').length;
  return {
    kind: 'base',
    id: b.id,
    title: b.name,
    badge: b.icao,
    badgeClass: 'icao',
    isNew: false,
    lines: [
      {
        text: `${t(`baseKind.${b.kind}`)} · ${t('base.aircraft', { available, total: b.aircraft.length })}`,
        warn: baseStatus(b) === 'none',
      },
      { text: b.aircraft.map((a) => `${a.callsign} ${a.model}`).join(' · ') },
    ],
  };
}

function depotRow(d: SupplyDepot, t: T): Row {
  const below = d.stock.filter((s) => s.quantity < s.minimum);
  return {
    kind: 'depot',
    id: d.id,
    title: d.name,
    badge: t(`depotLevel.${d.level}`),
    badgeClass: `depot-${d.level}`,
    isNew: false,
    lines: [
      { text: t('depot.items', { n: d.stock.length }) },
      ...(depotStatus(d) === 'below'
        ? [
            {
              text: `⚠ ${t('depot.belowMinimum', { n: below.length, items: below.map((s) => t(`supply.${s.item}`)).join(t('list.separator')) })}`,
              warn: true,
            },
          ]
        : []),
    ],
  };
}
