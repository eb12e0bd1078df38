import { useState } from 'react';
import { useApp, useT } from '../../store';
import { LAYER_GROUPS, type LayerGroup } from '../../map/operationalLayers';
import { Legend } from '../legend/Legend';
import { CoverageSummary } from '../coverage/CoverageSummary';

const OPERATIONAL: LayerGroup[] = ['incidents', 'units', 'bases', 'depots', 'reach', 'coverage'];
const BASEMAP: LayerGroup[] = ['boundaries', 'labels', 'rivers', 'airports', 'grid'];

/** Layer switches, the legend, and the pack manager's entry point. */
export function LayerPanel() {
  const t = useT();
  const layers = useApp((s) => s.layers);
  const setLayer = useApp((s) => s.setLayer);
  const pack = useApp((s) => s.info?.mapPack ?? null);
  // Open by default on a wide map (the wall); folded on a narrow one so the map stays visible.
  const [open, setOpen] = useState(() => (document.querySelector('.map-wrap')?.clientWidth ?? window.innerWidth) >= 900);
  const [legend, setLegend] = useState(true);
  const row = (g: LayerGroup) => (
    <label key={g} className="layer-row">
      <input type="checkbox" data-testid={`layer-${g}`} checked={layers[g]} onChange={(e) => setLayer(g, e.target.checked)} /> {t(`layers.${g}`)}
    </label>
  );
  void LAYER_GROUPS;
  return (
    <div className={open ? 'map-layers open' : 'map-layers'} data-testid="layer-panel">
      <div className="panel-head">
        <button className="link" data-testid="layers-toggle" onClick={() => setOpen(!open)}>
          {t('layers.title')} {open ? '▾' : '▸'}
        </button>
        <button className="link" data-testid="packs-open" onClick={() => useApp.getState().setPacksOpen(true)}>
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
          <button className="link" data-testid="legend-toggle" onClick={() => setLegend(!legend)}>
            {t('legend.title')} {legend ? '▾' : '▸'}
          </button>
          {legend && <Legend />}
        </>
      )}
    </div>
  );
}
