import { useEffect, useState, type KeyboardEvent } from 'react';
import { useT } from '../../store';
import { usePlanningMap } from '../../map/planningLayers';
import { SupplyTool } from './SupplyTool';
import { AssignTool } from './AssignTool';
import { MoveUpTool } from './MoveUpTool';
import { SitingTool } from './SitingTool';
import './planning.css';

export const PLANNING_TOOLS = ['supply', 'assign', 'moveUp', 'siting'] as const;
export type PlanningTool = (typeof PLANNING_TOOLS)[number];
const BODY: Record<PlanningTool, () => React.ReactNode> = {
  supply: SupplyTool,
  assign: AssignTool,
  moveUp: MoveUpTool,
  siting: SitingTool,
};

/**
 * The planning view (研判): four tools over the map's right edge, each computed in main over the
 * store's picture (offline), explained in words, drawn on the map, and turned into proposals by the
 * dispatch path or recorded in the incidents' timelines (docs/dispatch.md, "Planning tools").
 */
export function PlanningPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [tool, setTool] = useState<PlanningTool>('supply');
  // What a tool drew leaves the map with the view.
  useEffect(() => () => usePlanningMap.getState().setOverlay(null), []);
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = PLANNING_TOOLS.indexOf(tool);
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = PLANNING_TOOLS[(to + PLANNING_TOOLS.length) % PLANNING_TOOLS.length]!;
    setTool(next);
    e.currentTarget.querySelector<HTMLButtonElement>(`[data-tab="${next}"]`)?.focus();
  };
  const Body = BODY[tool];
  return (
    <aside
      className="detail-panel planning-panel"
      data-testid="planning-panel"
      data-map-inset="right"
      aria-label={t('plan.title')}
    >
      <header className="detail-head">
        <div className="detail-title">
          <div className="kicker">{t('plan.kicker')}</div>
          <h2>{t('plan.title')}</h2>
        </div>
        <button
          type="button"
          className="close"
          data-testid="planning-close"
          aria-label={t('card.close')}
          title={t('card.close')}
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="detail-tabs" role="tablist" aria-label={t('plan.title')} onKeyDown={onTabKey}>
        {PLANNING_TOOLS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            data-tab={k}
            data-testid={`ptab-${k}`}
            aria-selected={tool === k}
            tabIndex={tool === k ? 0 : -1}
            className={tool === k ? 'active' : ''}
            onClick={() => setTool(k)}
          >
            {t(`plan.tab.${k}`)}
          </button>
        ))}
      </div>
      <div className="detail-body" role="tabpanel" data-testid={`ptabpanel-${tool}`}>
        <Body key={tool} />
      </div>
    </aside>
  );
}
