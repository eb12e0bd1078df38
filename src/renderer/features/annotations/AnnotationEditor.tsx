import { useState } from 'react';
import {
  ANNOTATION_CATEGORIES,
  ANNOTATION_LIMITS,
  type Annotation,
  type AnnotationCategory,
} from '../../../shared/annotations/record';
import type { Person } from '../../../shared/domain';
import { useApp, useT, type T } from '../../store';
import { chinaDateTime } from '../../ui/time';

const who = (p: Person) => (p.org ? `${p.name}（${p.org}）` : p.name);
const when = (t: T, at: string) => t('time.cst', { time: chinaDateTime(at) });

/** The selected annotation: who drew and last changed it, its label and category, remove. */
export function AnnotationEditor({ annotation: a }: { annotation: Annotation }) {
  const t = useT();
  const busy = useApp((s) => s.annotationBusy);
  const [label, setLabel] = useState(a.label);
  const [category, setCategory] = useState<AnnotationCategory>(a.category);
  const { updateAnnotation, removeAnnotation, selectAnnotation } = useApp.getState();
  const changed = label.trim() !== a.label || category !== a.category;
  const edited = a.at !== a.createdAt;
  return (
    <form
      className="annotate-edit"
      data-testid="annotate-edit"
      onSubmit={(e) => {
        e.preventDefault();
        if (changed) void updateAnnotation(a, { label, category });
      }}
    >
      <div className="annotate-edit-head">
        <strong>
          {t('annotate.edit')} · {t(`annotate.kind.${a.kind}`)}
        </strong>
        <span className="muted">
          {t('annotate.drawnBy', { by: who(a.createdBy), at: when(t, a.createdAt) })}
          {edited && <> · {t('annotate.changedBy', { by: who(a.by), at: when(t, a.at) })}</>}
        </span>
      </div>
      <div className="annotate-edit-row">
        <input
          data-testid="annotate-edit-label"
          aria-label={t('annotate.label')}
          maxLength={ANNOTATION_LIMITS.labelMax}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
        />
        <select
          data-testid="annotate-edit-category"
          aria-label={t('annotate.category')}
          value={category}
          onChange={(e) => setCategory(e.target.value as AnnotationCategory)}
        >
          {ANNOTATION_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`annotate.category.${c}`)}
            </option>
          ))}
        </select>
        <button type="submit" data-testid="annotate-edit-save" disabled={busy || !changed}>
          {t('annotate.save')}
        </button>
        <button
          type="button"
          className="danger"
          data-testid="annotate-edit-remove"
          disabled={busy}
          onClick={() => void removeAnnotation(a.id)}
        >
          {t('annotate.remove')}
        </button>
        <button type="button" data-testid="annotate-edit-close" onClick={() => selectAnnotation(null)}>
          {t('annotate.close')}
        </button>
      </div>
    </form>
  );
}
