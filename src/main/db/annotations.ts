import { randomUUID } from 'node:crypto';
import { Annotation, type AnnotationCategory, type AnnotationKind } from '../../shared/annotations/record';
import type { Person } from '../../shared/domain';
import { OP_PRIORITY } from '../../shared/sync';
import { CodedError } from '../../shared/ipc/errors';
import { firstIssue } from '../../shared/util/issues';
import { recordLocalOp, type StoreContext } from './context';
import { currentPerson, deskNow } from './desk';
import { getRecord, putRecord } from './repositories/records';
import { annotationTable, listAnnotations } from './repositories/annotations';
import { incidentTable } from './repositories/incidents';

/**
 * 标绘 commands (docs/consultation.md §Annotations): draw, relabel and remove an incident's
 * annotations. Each writes the whole record and its sync op in one transaction, by the person on
 * duty; a removal is a version marked removed, never a delete.
 */

export interface AnnotationInput {
  /** Absent: a new annotation. Present: a new version of that one (label, category, shape). */
  id?: string;
  incidentId: string;
  kind: AnnotationKind;
  category: AnnotationCategory;
  label?: string;
  /** GeoJSON; checked here, naming the field that is wrong. */
  geometry: unknown;
}

function signedIn(ctx: StoreContext, what: string): Person {
  const by = currentPerson(ctx);
  if (!by)
    throw new CodedError(
      'SIGN_IN_REQUIRED',
      `Nobody is signed in on this desk. Sign in for the shift (值班签到), then ${what} again.`,
    );
  return by;
}

function parse(value: unknown): Annotation {
  const r = Annotation.safeParse(value);
  if (r.success) return r.data;
  const { path: field, message } = firstIssue(r.error, 'annotation');
  throw new CodedError('INVALID', `Annotation: ${field}: ${message}. Draw it again or correct it.`, {
    field,
    path: field,
    variant: 'annotationField',
    reason: message,
  });
}

function existing(ctx: StoreContext, id: string): Annotation {
  const a = getRecord(ctx.db, annotationTable, id);
  if (!a || a.removed)
    throw new CodedError('NOT_FOUND', `Annotation ${id} is not on the map (removed?). Reload the map.`, {
      kind: 'annotation',
      id,
    });
  return a;
}

function write(ctx: StoreContext, record: Annotation): Annotation {
  return ctx.db.transaction(() => {
    const stored = putRecord(ctx.db, annotationTable, record);
    recordLocalOp(ctx, 'annotation', stored.id, 'upsert', { ...stored }, OP_PRIORITY.descriptive);
    return stored;
  })();
}

/** Draw a new annotation on an incident, or write a new version of one (relabel, recategorise, reshape). */
export function saveAnnotation(ctx: StoreContext, input: AnnotationInput): Annotation {
  const by = signedIn(ctx, 'draw on the map');
  const at = deskNow(ctx);
  const before = input.id ? existing(ctx, input.id) : null;
  const incidentId = before?.incidentId ?? input.incidentId;
  if (!getRecord(ctx.db, incidentTable, incidentId))
    throw new CodedError('NOT_FOUND', `No incident ${incidentId}.`, { kind: 'incident', id: incidentId });
  const record = parse({
    id: before?.id ?? `an-${ctx.clientId}-${randomUUID().slice(0, 13)}`,
    incidentId,
    kind: input.kind,
    category: input.category,
    label: input.label ?? '',
    geometry: input.geometry,
    removed: false,
    createdBy: before?.createdBy ?? by,
    createdAt: before?.createdAt ?? at,
    by,
    at,
  });
  return write(ctx, record);
}

/** Remove an annotation from the map: a version marked removed, with who and when. */
export function removeAnnotation(ctx: StoreContext, id: string): Annotation {
  const by = signedIn(ctx, 'remove the annotation');
  return write(ctx, { ...existing(ctx, id), removed: true, by, at: deskNow(ctx) });
}

export const annotationsOf = (ctx: StoreContext, incidentId: string): Annotation[] =>
  listAnnotations(ctx.db, incidentId);
