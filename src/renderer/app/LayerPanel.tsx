import { useState } from 'react';
import { useApp, useT } from '../store';
import type { LayerGroup } from '../map/operationalLayers';
import { Legend } from '../features/legend/Legend';
import { CoverageSummary } from '../features/coverage/CoverageSummary';

const OPERATIONAL: LayerGroup[] = ['incidents', 'units', 'bases', 'depots', 'reach', 'coverage'];
const BASEMAP: LayerGroup[] = ['boundaries', 'labels', 'rivers', 'airports', 'grid'];
/** On a window narrower than this the layer switches start folded, so the map stays visible. */
const OPEN_FROM_PX = 1500;

/**
 * Layer switches, the legend, and the pack manager's entry point: a small bar in the map's
 * top-right corner; each part unfolds on demand. Folded, it stands at the top (the map's padding
 * keeps the selection clear of it); unfolded, along the right edge.
 */
export function LayerPanel() {
  const t = useT();
  const layers = useApp((s) => s.layers);
  const pack = useApp((s) => s.info?.mapPack ?? null);
  const { setLayer, setPacksOpen } = useApp.getState();
  const [open, setOpen] = useState(() => window.innerWidth >= OPEN_FROM_PX);
  const [legend, setLegend] = useState(false);
  const row = (g: LayerGroup) => (
    <label key={g} className="layer-row">
      <input
        type="checkbox"
        data-testid={`layer-${g}`}
        checked={layers[g]}
        onChange={(e) => setLayer(g, e.target.checked)}
      />{' '}
      {t(`layers.${g}`)}
    </label>
  );
  return (
    <div
      className={open || legend ? 'map-layers open' : 'map-layers'}
      data-testid="layer-panel"
      data-map-inset={open || legend ? 'right' : 'top'}
    >
      <div className="panel-head">
        <button
          type="button"
          className="link"
          data-testid="layers-toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {t('layers.title')} {open ? '▾' : '▸'}
        </button>
        <button
          type="button"
          className="link"
          data-testid="legend-toggle"
          aria-expanded={legend}
          onClick={() => setLegend(!legend)}
        >
          {t('legend.title')} {legend ? '▾' : '▸'}
        </button>
        <button type="button" className="link" data-testid="packs-open" onClick={() => setPacksOpen(true)}>
          {t('packs.title')}
        </button>
      </div>
      {open && (
        <>
          <div className="layer-group">{OPERATIONAL.map(row)}</div>
          <div className="layer-group basemap">
            <div className="group-title">{pack ? pack.name : t('packs.none')}</div>
            {(pack ? BASEMAP : (['labels', 'grid'] as LayerGroup[])).map(row)}
          </div>
          {layers.coverage && <CoverageSummary />}
        </>
      )}
      {legend && <Legend />}
    </div>
  );
}
