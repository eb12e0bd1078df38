import { describe, expect, it } from 'vitest';
import {
  Annotation,
  ANNOTATION_LIMITS,
  annotationForbidden,
  type AnnotationGeometry,
} from '../../../../src/shared/annotations/record';
import { recordProblem } from '../../../../src/shared/sync/records';
import { forbiddenReason } from '../../../../src/shared/sync/roles';
import { firstIssue } from '../../../../src/shared/util/issues';

const person = { name: '王值班', org: '省应急厅', role: 'duty-officer' as const };
const at = '2026-12-02T08:00:00+08:00';
const area: AnnotationGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [112.5, 37.8],
      [112.6, 37.8],
      [112.6, 37.9],
      [112.5, 37.8],
    ],
  ],
};
const base = {
  id: 'an-1',
  incidentId: 'inc-1',
  kind: 'area',
  category: 'cordon',
  label: '警戒区 A',
  geometry: area,
  createdBy: person,
  createdAt: at,
  by: person,
  at,
};

/** The path of the first problem, as the store and the hub name it. */
function problemAt(record: unknown): string | null {
  const r = Annotation.safeParse(record);
  return r.success ? null : firstIssue(r.error).path;
}

describe('annotation records', () => {
  it('accepts each kind with its geometry, and fills the defaults', () => {
    const a = Annotation.parse(base);
    expect(a.removed).toBe(false);
    expect(
      problemAt({ ...base, kind: 'point', geometry: { type: 'Point', coordinates: [112.5, 37.8] } }),
    ).toBe(null);
    expect(
      problemAt({
        ...base,
        kind: 'line',
        category: 'route',
        geometry: {
          type: 'LineString',
          coordinates: [
            [112.5, 37.8],
            [112.7, 37.9],
          ],
        },
      }),
    ).toBe(null);
    expect(
      problemAt({ ...base, kind: 'text', geometry: { type: 'Point', coordinates: [112.5, 37.8] } }),
    ).toBe(null);
  });

  it('refuses coordinates out of range, naming the position', () => {
    expect(problemAt({ ...base, kind: 'point', geometry: { type: 'Point', coordinates: [181, 37] } })).toBe(
      'geometry.coordinates.0',
    );
    const ring = [...area.coordinates[0]!];
    ring[2] = [112.6, 91];
    expect(problemAt({ ...base, geometry: { type: 'Polygon', coordinates: [ring] } })).toBe(
      'geometry.coordinates.0.2.1',
    );
    expect(
      problemAt({ ...base, kind: 'point', geometry: { type: 'Point', coordinates: [112, 37, 800] } }),
    ).toMatch(/^geometry\.coordinates/);
    expect(problemAt({ ...base, kind: 'point', geometry: { type: 'Point', coordinates: ['112', 37] } })).toBe(
      'geometry.coordinates.0',
    );
  });

  it('refuses open rings, too few corners and degenerate lines', () => {
    const open = [
      [112.5, 37.8],
      [112.6, 37.8],
      [112.6, 37.9],
      [112.5, 37.95],
    ];
    expect(problemAt({ ...base, geometry: { type: 'Polygon', coordinates: [open] } })).toBe(
      'geometry.coordinates.0',
    );
    const flat = [
      [112.5, 37.8],
      [112.6, 37.8],
      [112.6, 37.8],
      [112.5, 37.8],
    ];
    expect(problemAt({ ...base, geometry: { type: 'Polygon', coordinates: [flat] } })).toBe(
      'geometry.coordinates.0',
    );
    expect(
      problemAt({
        ...base,
        kind: 'line',
        geometry: {
          type: 'LineString',
          coordinates: [
            [112.5, 37.8],
            [112.5, 37.8],
          ],
        },
      }),
    ).toBe('geometry.coordinates');
    expect(problemAt({ ...base, geometry: { type: 'Polygon', coordinates: [] } })).toBe(
      'geometry.coordinates',
    );
  });

  it('bounds the vertex count and the extent', () => {
    const n = ANNOTATION_LIMITS.maxVertices + 1;
    const long = Array.from({ length: n }, (_, i) => [112 + i / n, 37.5 + (i % 2) / 100]);
    expect(problemAt({ ...base, kind: 'line', geometry: { type: 'LineString', coordinates: long } })).toBe(
      'geometry.coordinates',
    );
    // Many rings, each small, together over the limit.
    const ring = area.coordinates[0]!;
    const rings = Array.from({ length: ANNOTATION_LIMITS.maxRings }, () =>
      Array.from({ length: 300 }, (_, i) => (i === 299 ? ring[0]! : [112.5 + i / 1e4, 37.8 + (i % 3) / 1e3])),
    );
    expect(problemAt({ ...base, geometry: { type: 'Polygon', coordinates: rings } })).toBe(
      'geometry.coordinates',
    );
    expect(
      problemAt({
        ...base,
        kind: 'line',
        geometry: {
          type: 'LineString',
          coordinates: [
            [100, 30],
            [115, 40],
          ],
        },
      }),
    ).toBe('geometry.coordinates');
  });

  it('refuses unknown keys, a geometry of another kind and text without words', () => {
    expect(problemAt({ ...base, colour: '#f00' })).toBe('(root)');
    expect(problemAt({ ...base, geometry: { ...area, crs: 'EPSG:3857' } })).toBe('geometry');
    expect(problemAt({ ...base, geometry: { type: 'MultiPoint', coordinates: [] } })).toBe('geometry.type');
    expect(problemAt({ ...base, kind: 'line' })).toBe('geometry.type');
    expect(
      problemAt({ ...base, kind: 'text', label: '  ', geometry: { type: 'Point', coordinates: [112, 37] } }),
    ).toBe('label');
    expect(problemAt({ ...base, label: 'x'.repeat(ANNOTATION_LIMITS.labelMax + 1) })).toBe('label');
    expect(problemAt({ ...base, category: 'bunker' })).toBe('category');
  });

  it('names the field in the hub’s words', () => {
    expect(
      recordProblem('annotation', { ...base, geometry: { type: 'Point', coordinates: [112, 37] } }),
    ).toBe('annotation field geometry.type: an annotation of kind area is a Polygon, not a Point');
    expect(
      recordProblem('annotation', { ...base, geometry: { type: 'Point', coordinates: [0, 100] } }),
    ).toMatch(/^annotation field geometry\.coordinates\.1: /);
  });

  it('lets duty officers, admins and field commanders draw; never viewers, never a delete', () => {
    const op = { entity: 'annotation' as const, entityId: 'an-1', fields: {} };
    for (const role of ['duty-officer', 'admin', 'field-commander'] as const)
      expect(forbiddenReason(role, { ...op, kind: 'upsert' }, false)).toBeNull();
    expect(forbiddenReason('viewer', { ...op, kind: 'upsert' }, false)).toMatch(/read-only/);
    expect(forbiddenReason('admin', { ...op, kind: 'delete' })).toMatch(/never deleted/);
    expect(annotationForbidden('viewer', 'upsert')).toMatch(/may not draw/);
  });
});
