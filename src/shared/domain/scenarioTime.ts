import type { Scenario } from './scenario';

const TIME_FIELDS = new Set([
  'reportedAt',
  'updatedAt',
  'acknowledgedAt',
  'positionFixAt',
  'proposedAt',
  'decidedAt',
]);

/**
 * Shift every timestamp in a scenario so that its newest one becomes `nowMs`, keeping all
 * relative ages. Used for the demo, so a fix that was "5 minutes old" in the file is 5 minutes
 * old when the demo starts, rather than days old.
 */
export function rebaseScenarioTimes(s: Scenario, nowMs: number): Scenario {
  let newest = -Infinity;
  const visit = (v: unknown, fn: (iso: string) => string | void): unknown => {
    if (Array.isArray(v)) return v.map((x) => visit(x, fn));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        out[k] = TIME_FIELDS.has(k) && typeof x === 'string' ? (fn(x) ?? x) : visit(x, fn);
      }
      return out;
    }
    return v;
  };
  visit(s, (iso) => {
    newest = Math.max(newest, Date.parse(iso));
  });
  if (!Number.isFinite(newest)) return s;
  const shift = nowMs - newest;
  return visit(s, (iso) => new Date(Date.parse(iso) + shift).toISOString()) as Scenario;
}
