import { useEffect, useMemo, useState } from 'react';
import { useApp, useT } from '../../store';
import type { SearchEntry } from './searchIndex';

// The pinyin dictionary is large: loaded on first use, so it never delays the first map render.
type SearchModule = typeof import('./searchIndex');
let searchModule: Promise<SearchModule> | null = null;
const loadSearch = () => (searchModule ??= import('./searchIndex'));

/** Search by county, city, incident, unit, base or depot name, in Chinese or pinyin (initials too). */
export function MapSearch({ onFlyTo }: { onFlyTo: (center: [number, number], zoom: number) => void }) {
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
    () => (mod && wanted ? mod.buildSearchIndex(picture, packData?.counties ?? null, packData?.points ?? null, (k) => t(`search.kind.${k}`)) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [mod, wanted, picture, packData, kindLabel],
  );
  const results = useMemo(() => (mod ? mod.searchEntries(index, q) : []), [mod, index, q]);

  const choose = (e: SearchEntry) => {
    setOpen(false);
    setQ(e.name);
    if (e.kind === 'county' || e.kind === 'city') {
      useApp.getState().select(null);
      onFlyTo(e.location, e.kind === 'county' ? 9 : 8.5);
    } else {
      useApp.getState().select({ kind: e.kind, id: e.id }, true);
    }
  };

  return (
    <div className="map-search" data-testid="map-search">
      <input
        data-testid="search-input"
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
          else if (e.key === 'Escape') setOpen(false);
        }}
      />
      {open && q.trim() && mod && (
        <ul className="search-results" data-testid="search-results">
          {results.length === 0 && <li className="empty">{t('search.none')}</li>}
          {results.map((r, i) => (
            <li key={`${r.kind}:${r.id}`} className={i === active ? 'active' : ''} data-kind={r.kind} onMouseDown={(e) => e.preventDefault()} onClick={() => choose(r)}>
              <span className="name">{r.name}</span>
              <span className="ctx">{r.context}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
