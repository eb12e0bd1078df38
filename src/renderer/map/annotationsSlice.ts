import type {
  Annotation,
  AnnotationCategory,
  AnnotationGeometry,
  AnnotationKind,
} from '../../shared/annotations/record';
import type { AppError } from '../../shared/ipc';
import { api } from '../services/api';
import type { GetState, SetState } from '../store/state';

/** Each category's colour (警戒区 red, 集结点 green, 路线 blue, 标注 purple), on the map and in the toolbar. */
export const ANNOTATION_RGB: Record<AnnotationCategory, `#${string}`> = {
  cordon: '#d32f2f',
  assembly: '#2e7d32',
  route: '#1565c0',
  note: '#7b1fa2',
};

/** What the drawing toolbar asks the map to draw next. */
export interface DrawRequest {
  kind: AnnotationKind;
  category: AnnotationCategory;
  label: string;
}

/**
 * 标绘 (docs/consultation.md §Annotations): the annotations of the incident in focus (the selected
 * incident, else the one of the consultation this console is in), loaded once per change; what
 * the toolbar has asked to draw; which annotation is selected for editing. The map
 * (annotationLayers.ts) draws them and runs terra-draw; the toolbar (features/annotations) edits.
 */
export interface AnnotationsSlice {
  annotations: Annotation[];
  /** The incident whose annotations `annotations` are. */
  annotationsFor: string | null;
  /** The incident of the consultation this console is in (set by the consultation). */
  annotationSession: string | null;
  drawing: DrawRequest | null;
  selectedAnnotation: string | null;
  annotationError: AppError | null;
  /** True while a save is on its way (the toolbar waits). */
  annotationBusy: boolean;
  loadAnnotations: (incidentId: string | null) => Promise<void>;
  setAnnotationSession: (incidentId: string | null) => void;
  startDrawing: (d: DrawRequest | null) => void;
  /** The map finished a shape drawn for `d`: save it as a new annotation of the incident in focus. */
  finishDrawing: (geometry: AnnotationGeometry, d: DrawRequest) => Promise<void>;
  selectAnnotation: (id: string | null) => void;
  updateAnnotation: (
    a: Annotation,
    change: { label: string; category: AnnotationCategory },
  ) => Promise<boolean>;
  removeAnnotation: (id: string) => Promise<boolean>;
}

/** The incident whose annotations are shown and drawn on: the selected one, else the session's. */
export const annotationFocus = (s: {
  selection: { kind: string; id: string } | null;
  annotationSession: string | null;
}): string | null => (s.selection?.kind === 'incident' ? s.selection.id : s.annotationSession);

export function createAnnotationsSlice(set: SetState, get: GetState): AnnotationsSlice {
  const done = async (r: Promise<{ ok: true } | { ok: false; error: AppError }>): Promise<boolean> => {
    set({ annotationBusy: true, annotationError: null });
    const res = await r;
    set({ annotationBusy: false, annotationError: res.ok ? null : res.error });
    if (res.ok) await get().loadAnnotations(get().annotationsFor);
    return res.ok;
  };
  return {
    annotations: [],
    annotationsFor: null,
    annotationSession: null,
    drawing: null,
    selectedAnnotation: null,
    annotationError: null,
    annotationBusy: false,
    loadAnnotations: async (incidentId) => {
      if (incidentId !== get().annotationsFor)
        set({ annotationsFor: incidentId, annotations: [], selectedAnnotation: null, drawing: null });
      if (!incidentId) return;
      const r = await api.invoke('annotation:list', { incidentId });
      if (r.ok && get().annotationsFor === incidentId) set({ annotations: r.value });
    },
    setAnnotationSession: (annotationSession) => set({ annotationSession }),
    startDrawing: (drawing) => set({ drawing, selectedAnnotation: null, annotationError: null }),
    finishDrawing: async (geometry, d) => {
      const incidentId = get().annotationsFor;
      if (!incidentId) return;
      await done(
        api.invoke('annotation:save', {
          incidentId,
          kind: d.kind,
          category: d.category,
          label: d.label.trim(),
          geometry,
        }),
      );
    },
    selectAnnotation: (selectedAnnotation) =>
      set({ selectedAnnotation, annotationError: null, ...(selectedAnnotation ? { drawing: null } : {}) }),
    updateAnnotation: (a, change) =>
      done(
        api.invoke('annotation:save', {
          id: a.id,
          incidentId: a.incidentId,
          kind: a.kind,
          category: change.category,
          label: change.label.trim(),
          geometry: a.geometry,
        }),
      ),
    removeAnnotation: async (id) => {
      const ok = await done(api.invoke('annotation:remove', { id }));
      if (ok) set({ selectedAnnotation: null });
      return ok;
    },
  };
}
