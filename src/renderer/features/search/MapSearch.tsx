import { useEffect, useMemo, useState } from 'react';
import { useApp, useT } from '../../store';
import { useEscape } from '../../ui/useEscape';
import type { SearchEntry } from './searchIndex';

// The pinyin dictionary is large: loaded on first use, so it never delays the first map render.
type SearchModule = typeof import('./searchIndex');
let searchModule: Promise<SearchModule> | null = null;
const loadSearch = () => (searchModule ??= import('./searchIndex'));

/**
 * Search by county, city, incident, unit, base, aircraft call sign or depot name, in Chinese or
 * pinyin (initials too). Up and down choose, Enter goes, Escape closes the results.
 */
export function MapSearch() {
  const t = useT();
  const picture = useApp((s) => s.picture);
  const packData = useApp((s) => s.packData);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [mod, setMod] = useState<SearchModule | null>(null);
  const wanted = open || q.trim() !== '';
  useEffect(() => {
    if (!wanted) return;
    if (!mod) void loadSearch().then(setMod);
    void useApp.getState().ensurePackData();
  }, [wanted, mod]);
  const kindLabel = t('search.kind.county');
  // Built only while the search is in use: with thousands of moving units it is not free.
  const index = useMemo(
    () =>
      mod && wanted
        ? mod.buildSearchIndex(picture, packData?.counties ?? null, packData?.points ?? null, (k) =>
            t(`search.kind.${k}`),
          )
        : [],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [mod, wanted, picture, packData, kindLabel],
  );
  const results = useMemo(() => (mod ? mod.searchEntries(index, q) : []), [mod, index, q]);
  const showing = open && q.trim() !== '' && mod !== null;
  useEscape(showing, () => setOpen(false));

  const choose = (e: SearchEntry) => {
    setOpen(false);
    setQ(e.name);
    const { select, flyTo } = useApp.getState();
    if (e.kind === 'county' || e.kind === 'city') {
      select(null);
      flyTo(e.location, e.kind === 'county' ? 9 : 8.5);
    } else {
      select({ kind: e.kind === 'aircraft' ? 'base' : e.kind, id: e.id }, true);
    }
  };

  return (
    <div className="map-search" data-testid="map-search" data-map-inset="top">
      <input
        type="search"
        data-testid="search-input"
        role="combobox"
        aria-expanded={showing}
        aria-controls="search-results"
        aria-label={t('search.placeholder')}
        placeholder={t('search.placeholder')}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && results[active]) choose(results[active]);
        }}
      />
      {showing && (
        <ul className="search-results" id="search-results" role="listbox" data-testid="search-results">
          {results.length === 0 && <li className="empty">{t('search.none')}</li>}
          {results.map((r, i) => (
            <li
              key={`${r.kind}:${r.id}:${r.name}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              data-kind={r.kind}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(r)}
            >
              <span className="name">{r.name}</span>
              <span className="ctx">{r.context}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
