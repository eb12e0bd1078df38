import { ENTITY_TYPES } from '../../shared/sync/entities';

/** The kinds of record the picture holds (incidents, units, bases with their aircraft, depots, assignments). */
const IN_PICTURE: ReadonlySet<string> = new Set([
  'incident',
  'unit',
  'base',
  'aircraft',
  'depot',
  'assignment',
]);
const KNOWN: ReadonlySet<string> = new Set(ENTITY_TYPES);

/**
 * Whether a `picture:changed` naming `entities` changes the picture. A change naming only other
 * known kinds (annotations, consultations, the desk's records), the engine's 'sync' mark and
 * 'incident:<id>' scopes does not reload it: an annotation drawn on another console then costs its
 * list alone, not the whole picture before it (their loads share main's store worker and this
 * renderer's thread). A change naming nothing, or a kind this build does not know, reloads it.
 */
export const touchesPicture = (entities: readonly string[]): boolean =>
  entities.length === 0 ||
  entities.some((e) => IN_PICTURE.has(e) || (!KNOWN.has(e) && e !== 'sync' && !e.startsWith('incident:')));
