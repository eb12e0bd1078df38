import { useState } from 'react';
import {
  ANNOTATION_CATEGORIES,
  ANNOTATION_KINDS,
  ANNOTATION_LIMITS,
  type AnnotationCategory,
  type AnnotationKind,
} from '../../../shared/annotations/record';
import { useApp, useT } from '../../store';
import { ANNOTATION_RGB, annotationFocus } from '../../map/annotationsSlice';
import { errorText } from '../../ui/errorText';
import { useEscape } from '../../ui/useEscape';
import { AnnotationEditor } from './AnnotationEditor';
import './annotations.css';

/**
 * 标绘 over the map's bottom edge while an incident is in focus (selected, or the one of the
 * consultation this console is in): point, line, area or text, its category (警戒区, 集结点, 路线,
 * 标注) and label; the shape is drawn on the map (terra-draw, map/annotationDraw.ts) and saved when
 * finished. The selected annotation is edited (label, category) or removed above it. Viewers see
 * the annotations and no tools.
 */
export function AnnotationToolbar() {
  const t = useT();
  const focus = useApp(annotationFocus);
  const incident = useApp((s) => s.picture?.incidents.find((i) => i.id === focus) ?? null);
  const readOnly = useApp((s) => s.syncStatus?.role === 'viewer');
  const count = useApp((s) => (s.annotationsFor === focus ? s.annotations.length : 0));
  const drawing = useApp((s) => s.drawing);
  const busy = useApp((s) => s.annotationBusy);
  const error = useApp((s) => s.annotationError);
  const selected = useApp((s) => s.annotations.find((a) => a.id === s.selectedAnnotation) ?? null);
  const [category, setCategory] = useState<AnnotationCategory>('cordon');
  const [label, setLabel] = useState('');
  const { startDrawing } = useApp.getState();
  useEscape(drawing !== null, () => startDrawing(null));
  if (!focus || !incident) return null;

  const start = (kind: AnnotationKind) =>
    startDrawing(drawing?.kind === kind ? null : { kind, category, label });
  return (
    <div className="annotate" data-map-inset="bottom" data-testid="annotate">
      {selected && !readOnly && <AnnotationEditor key={selected.id} annotation={selected} />}
      <div className="annotate-bar" role="toolbar" aria-label={t('annotate.tools')}>
        <strong className="annotate-title" title={incident.title}>
          {t('annotate.for', { incident: incident.title })}
        </strong>
        {readOnly ? (
          <span className="muted">{t('annotate.readOnly')}</span>
        ) : (
          <>
            <span className="annotate-kinds">
              {ANNOTATION_KINDS.map((k) => {
                const needsLabel = k === 'text' && !label.trim();
                return (
                  <button
                    key={k}
                    type="button"
                    data-testid={`annotate-${k}`}
                    aria-pressed={drawing?.kind === k}
                    className={drawing?.kind === k ? 'active' : ''}
                    disabled={busy || needsLabel}
                    title={needsLabel ? t('annotate.textNeedsLabel') : undefined}
                    onClick={() => start(k)}
                  >
                    {t(`annotate.kind.${k}`)}
                  </button>
                );
              })}
            </span>
            <label className="annotate-field">
              <span>{t('annotate.category')}</span>
              <select
                data-testid="annotate-category"
                value={category}
                style={{ borderColor: ANNOTATION_RGB[category] }}
                onChange={(e) => {
                  const c = e.target.value as AnnotationCategory;
                  setCategory(c);
                  if (drawing) startDrawing({ ...drawing, category: c });
                }}
              >
                {ANNOTATION_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`annotate.category.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <input
              data-testid="annotate-label"
              aria-label={t('annotate.label')}
              placeholder={t('annotate.labelPlaceholder')}
              maxLength={ANNOTATION_LIMITS.labelMax}
              value={label}
              onChange={(e) => {
                setLabel(e.target.value);
                if (drawing) startDrawing({ ...drawing, label: e.target.value });
              }}
            />
          </>
        )}
      </div>
      <div className="annotate-status" aria-live="polite">
        {drawing ? (
          <>
            <span data-testid="annotate-hint">{t(`annotate.hint.${drawing.kind}`)}</span>
            <button type="button" data-testid="annotate-cancel" onClick={() => startDrawing(null)}>
              {t('annotate.cancel')}
            </button>
          </>
        ) : busy ? (
          <span>{t('annotate.saving')}</span>
        ) : error ? (
          <span className="error" role="alert" data-testid="annotate-error">
            {errorText(t, error)}
          </span>
        ) : (
          <span className="muted" data-testid="annotate-count">
            {t('annotate.count', { n: count })}
          </span>
        )}
      </div>
    </div>
  );
}
