import * as z from 'zod';
import { Id, Instant, LngLat } from '../domain/primitives';
import { Person } from '../domain/timeline';

/**
 * 标绘 (annotations, docs/consultation.md §Annotations): points, lines, areas and text drawn on the
 * map for an incident (警戒区, 集结点, 路线, or a free label), each an ordinary replicated record
 * (entity `annotation`) that every console draws. Edited by a later version of the whole record;
 * removed by marking it (`removed: true`), never deleted: the version that removed it carries who
 * (`by`, stamped by the hub) and when (`at`), and the op log keeps every version.
 */

export const ANNOTATION_KINDS = ['point', 'line', 'area', 'text'] as const;
export const AnnotationKind = z.enum(ANNOTATION_KINDS);
export type AnnotationKind = z.infer<typeof AnnotationKind>;

/** What it marks: 警戒区 (cordon), 集结点 (assembly point), 路线 (route), or anything else (note). */
export const ANNOTATION_CATEGORIES = ['cordon', 'assembly', 'route', 'note'] as const;
export const AnnotationCategory = z.enum(ANNOTATION_CATEGORIES);
export type AnnotationCategory = z.infer<typeof AnnotationCategory>;

/** Limits on a drawn shape (a hostile or runaway one is refused naming the field). */
export const ANNOTATION_LIMITS = {
  /** Positions in one geometry, all rings together. */
  maxVertices: 2000,
  /** Rings of an area: the outline and at most 9 holes. */
  maxRings: 10,
  /** Its extent in degrees, each way (Shanxi spans about 4.5° by 6.5°). */
  maxExtentDeg: 10,
  labelMax: 100,
} as const;

const samePosition = (a: readonly number[] | undefined, b: readonly number[] | undefined) =>
  a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1];

/** Positions that differ from the one before (a double click may repeat the last). */
function distinctRun(ps: readonly (readonly number[])[]): number {
  let n = 0;
  ps.forEach((p, i) => {
    if (i === 0 || !samePosition(p, ps[i - 1])) n++;
  });
  return n;
}

const Positions = z.array(LngLat).max(ANNOTATION_LIMITS.maxVertices);

/** A closed ring: at least 3 different corners, and the first position again at the end. */
const Ring = Positions.min(4, 'an area ring needs at least 3 corners and the first point again')
  .refine((r) => samePosition(r[0], r.at(-1)), 'an area ring must end where it starts')
  .refine((r) => distinctRun(r.slice(0, -1)) >= 3, 'an area ring needs at least 3 different corners');

export const AnnotationGeometry = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Point'), coordinates: LngLat }).strict(),
    z
      .object({
        type: z.literal('LineString'),
        coordinates: Positions.min(2, 'a line needs at least 2 points').refine(
          (ps) => distinctRun(ps) >= 2,
          'a line needs at least 2 different points',
        ),
      })
      .strict(),
    z
      .object({
        type: z.literal('Polygon'),
        coordinates: z.array(Ring).min(1, 'an area needs its outline').max(ANNOTATION_LIMITS.maxRings),
      })
      .strict(),
  ])
  .superRefine((g, ctx) => {
    const ps: (readonly number[])[] =
      g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.coordinates.flat();
    if (ps.length > ANNOTATION_LIMITS.maxVertices) {
      ctx.addIssue({
        code: 'custom',
        path: ['coordinates'],
        message: `${ps.length} points; the limit is ${ANNOTATION_LIMITS.maxVertices}`,
      });
      return;
    }
    const lng = ps.map((p) => p[0]!);
    const lat = ps.map((p) => p[1]!);
    const span = Math.max(Math.max(...lng) - Math.min(...lng), Math.max(...lat) - Math.min(...lat));
    if (span > ANNOTATION_LIMITS.maxExtentDeg)
      ctx.addIssue({
        code: 'custom',
        path: ['coordinates'],
        message: `the shape spans ${span.toFixed(1)}°; the limit is ${ANNOTATION_LIMITS.maxExtentDeg}°`,
      });
  });
export type AnnotationGeometry = z.infer<typeof AnnotationGeometry>;

/** The geometry type each kind is drawn as (text is a point with its label). */
export const GEOMETRY_OF_KIND: Record<AnnotationKind, AnnotationGeometry['type']> = {
  point: 'Point',
  text: 'Point',
  line: 'LineString',
  area: 'Polygon',
};

export const Annotation = z
  .object({
    id: Id,
    incidentId: Id,
    kind: AnnotationKind,
    category: AnnotationCategory,
    /** Shown beside it on the map; a text annotation is its label. */
    label: z.string().trim().max(ANNOTATION_LIMITS.labelMax).default(''),
    /** GeoJSON, WGS84 [lng, lat]. */
    geometry: AnnotationGeometry,
    removed: z.boolean().default(false),
    /** Who drew it and when: at the hub, the person of the token that created it. */
    createdBy: Person,
    createdAt: Instant,
    /** Who wrote this version (drew, relabelled or removed it): at the hub, the token's person. */
    by: Person,
    at: Instant,
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.geometry.type !== GEOMETRY_OF_KIND[a.kind])
      ctx.addIssue({
        code: 'custom',
        path: ['geometry', 'type'],
        message: `an annotation of kind ${a.kind} is a ${GEOMETRY_OF_KIND[a.kind]}, not a ${a.geometry.type}`,
      });
    if (a.kind === 'text' && a.label === '')
      ctx.addIssue({ code: 'custom', path: ['label'], message: 'a text annotation needs its text' });
  });
export type Annotation = z.infer<typeof Annotation>;

/**
 * Who may write annotations (the hub enforces it, src/shared/sync/roles.ts): duty officers, admins
 * and field commanders draw, relabel and remove; viewers may not. Removal is a version with
 * `removed: true`; a delete is refused.
 */
export function annotationForbidden(role: string, kind: string): string | null {
  if (role !== 'duty-officer' && role !== 'admin' && role !== 'field-commander')
    return `${role} may not draw on the map`;
  return kind === 'upsert' ? null : 'an annotation is removed by marking it, never deleted';
}
