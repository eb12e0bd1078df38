import type { GetState, SetState } from './state';

/** The lists of the left column. */
export type ListTab = 'incidents' | 'units' | 'bases' | 'depots';
export const LIST_TABS: readonly ListTab[] = ['incidents', 'units', 'bases', 'depots'];

/**
 * The tabs of the incident panel, in order. A new tab (the timeline, once its records exist) is
 * one more entry here and one more case in the panel.
 */
export type IncidentTab = 'overview' | 'timeline' | 'response' | 'minutes' | 'dispatch' | 'resources';
export const INCIDENT_TABS: readonly IncidentTab[] = [
  'overview',
  'timeline',
  'response',
  'minutes',
  'dispatch',
  'resources',
];

export interface Selection {
  kind: 'incident' | 'unit' | 'base' | 'depot';
  id: string;
}

/** One list's filters; '' means "all". Which of them a list offers is the list's own choice. */
export interface ListFilter {
  text: string;
  status: string;
  level: string;
  hazard: string;
  kind: string;
  /** A city's adcode (GB/T 2260, ending in '00'). */
  city: string;
}
export const NO_FILTER: ListFilter = { text: '', status: '', level: '', hazard: '', kind: '', city: '' };

export interface WorkspaceSlice {
  listTab: ListTab;
  filters: Record<ListTab, ListFilter>;
  selection: Selection | null;
  /** Bumped to ask the map to fly to the selection (search, "show on map"). */
  flyToken: number;
  incidentTab: IncidentTab;
  setListTab: (t: ListTab) => void;
  setFilter: (tab: ListTab, patch: Partial<ListFilter>) => void;
  clearFilters: (tab: ListTab) => void;
  select: (s: Selection | null, fly?: boolean) => void;
  setIncidentTab: (t: IncidentTab) => void;
}

export function createWorkspaceSlice(set: SetState, _get: GetState): WorkspaceSlice {
  return {
    listTab: 'incidents',
    filters: { incidents: NO_FILTER, units: NO_FILTER, bases: NO_FILTER, depots: NO_FILTER },
    selection: null,
    flyToken: 0,
    incidentTab: 'overview',
    setListTab: (listTab) => set({ listTab }),
    setFilter: (tab, patch) =>
      set((s) => ({ filters: { ...s.filters, [tab]: { ...s.filters[tab], ...patch } } })),
    clearFilters: (tab) => set((s) => ({ filters: { ...s.filters, [tab]: NO_FILTER } })),
    select: (selection, fly = false) =>
      set((s) => {
        const same = s.selection?.kind === selection?.kind && s.selection?.id === selection?.id;
        return { selection: same ? s.selection : selection, flyToken: fly ? s.flyToken + 1 : s.flyToken };
      }),
    setIncidentTab: (incidentTab) => set({ incidentTab }),
  };
}
