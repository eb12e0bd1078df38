import { useShallow } from 'zustand/react/shallow';
import type { AviationBase, Incident, RescueUnit, SupplyDepot } from '../../shared/domain';
import { useApp, type AppState } from '../store';
import { IncidentPanel } from './IncidentPanel';
import { BaseDetails, DepotDetails, UnitDetails } from '../features/details/ThingDetails';

type Selected =
  | { kind: 'incident'; thing: Incident }
  | { kind: 'unit'; thing: RescueUnit }
  | { kind: 'base'; thing: AviationBase }
  | { kind: 'depot'; thing: SupplyDepot }
  | { kind: null; thing: null };

/** The selected thing from the picture (nothing when it is no longer there). */
function selected(s: AppState): Selected {
  const p = s.picture;
  const sel = s.selection;
  const none = { kind: null, thing: null } as const;
  if (!p || !sel) return none;
  switch (sel.kind) {
    case 'incident': {
      const thing = p.incidents.find((x) => x.id === sel.id);
      return thing ? { kind: 'incident', thing } : none;
    }
    case 'unit': {
      const thing = p.units.find((x) => x.id === sel.id);
      return thing ? { kind: 'unit', thing } : none;
    }
    case 'base': {
      const thing = p.bases.find((x) => x.id === sel.id);
      return thing ? { kind: 'base', thing } : none;
    }
    case 'depot': {
      const thing = p.depots.find((x) => x.id === sel.id);
      return thing ? { kind: 'depot', thing } : none;
    }
  }
}

/**
 * The right-hand panel for whatever is selected: an incident with its tabs, or a team, base or
 * depot. It stands over the map's right edge; the map keeps the selection clear of it (padding).
 */
export function DetailPanel() {
  const s = useApp(useShallow(selected));
  if (!s.kind) return null;
  const close = () => useApp.getState().select(null);
  return (
    <aside
      className="detail-panel"
      data-testid="detail-panel"
      data-kind={s.kind}
      data-id={s.thing.id}
      data-map-inset="right"
      aria-label={s.kind === 'incident' ? s.thing.title : s.thing.name}
    >
      {s.kind === 'incident' && <IncidentPanel incident={s.thing} onClose={close} />}
      {s.kind === 'unit' && <UnitDetails unit={s.thing} onClose={close} />}
      {s.kind === 'base' && <BaseDetails base={s.thing} onClose={close} />}
      {s.kind === 'depot' && <DepotDetails depot={s.thing} onClose={close} />}
    </aside>
  );
}
