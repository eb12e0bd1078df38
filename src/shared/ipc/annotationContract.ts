import * as z from 'zod';
import { Id } from '../domain';
import { Annotation, AnnotationCategory, AnnotationKind, ANNOTATION_LIMITS } from '../annotations/record';

/**
 * 标绘 channels (docs/consultation.md §Annotations). The geometry is checked by the store against
 * the record's rules (ranges, closed rings, vertex count, extent), which names the field that is
 * wrong; the request's size is bounded by the contract's entry (1 MiB).
 */
export const annotationChannels = {
  /** The incident's annotations not removed, in the order they were drawn. */
  'annotation:list': { request: z.object({ incidentId: Id }).strict(), response: z.array(Annotation) },
  /** Draw one (no id) or write a new version of one: label, category, shape. */
  'annotation:save': {
    request: z
      .object({
        id: Id.optional(),
        incidentId: Id,
        kind: AnnotationKind,
        category: AnnotationCategory,
        label: z.string().max(ANNOTATION_LIMITS.labelMax).optional(),
        geometry: z.unknown(),
      })
      .strict(),
    response: Annotation,
  },
  /** Remove it from the map (marked removed, with who and when; never deleted). */
  'annotation:remove': { request: z.object({ id: Id }).strict(), response: Annotation },
} as const;
