/**
 * Kinds of record that are not in the picture (incidents, units, bases and their aircraft, depots,
 * assignments): a change naming only these, the engine's 'sync' mark and 'incident:<id>' scopes
 * does not reload it. An annotation drawn on another console then costs its list alone, not the
 * whole picture before it (their loads share main's store worker and this renderer's thread).
 */
const OUTSIDE_PICTURE = new Set([
  'timeline',
  'zero_report',
  'duty_shift',
  'duty_log',
  'handover',
  'response_plan',
  'warning',
  'warning_action',
  'consultation',
  'expert',
  'annotation',
  'sync',
]);
export const touchesPicture = (entities: readonly string[]): boolean =>
  entities.length === 0 || entities.some((e) => !OUTSIDE_PICTURE.has(e) && !e.startsWith('incident:'));
