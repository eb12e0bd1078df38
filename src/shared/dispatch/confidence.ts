/**
 * How much to trust a unit's position. A fix that is old, or from a unit whose data link is down,
 * is kept in the ranking (never dropped, never silently trusted): the unit is ranked from its last
 * known position and shown with how old that is and how far it may have moved since.
 */
export interface FixPolicy {
  /** Fixes up to this age are fresh. */
  freshMinutes: number;
  /** Older than this the fix is stale (low confidence). Between the two: aging (medium). */
  staleMinutes: number;
  /** How fast the uncertainty grows with age, km/h (a unit may have driven off since the fix). */
  driftKmh: number;
  /** Cap on the uncertainty radius, km (units stay within their area of operations). */
  maxUncertaintyKm: number;
}

export const DEFAULT_FIX_POLICY: FixPolicy = {
  freshMinutes: 5,
  staleMinutes: 30,
  driftKmh: 30,
  maxUncertaintyKm: 50,
};

export type FixState = 'fresh' | 'aging' | 'stale';
export type Confidence = 'high' | 'medium' | 'low';

export interface FixAssessment {
  ageS: number;
  state: FixState;
  linkDown: boolean;
  /** The fix time is later than "now" (clock skew); the age is taken as 0. */
  fromFuture: boolean;
  /** Radius around the last fix the unit may now be anywhere in, metres. */
  uncertaintyM: number;
  confidence: Confidence;
}

export function assessFix(
  fixAtMs: number,
  nowMs: number,
  linkDown: boolean,
  policy: FixPolicy = DEFAULT_FIX_POLICY,
): FixAssessment {
  const raw = Number.isFinite(fixAtMs) ? (nowMs - fixAtMs) / 1000 : Infinity;
  const fromFuture = raw < 0;
  const ageS = Math.max(0, raw);
  const state: FixState =
    ageS <= policy.freshMinutes * 60 ? 'fresh' : ageS <= policy.staleMinutes * 60 ? 'aging' : 'stale';
  // A fresh fix still carries a little uncertainty, but it is below what matters for dispatch.
  const uncertaintyM =
    state === 'fresh' && !linkDown
      ? 0
      : Math.min(policy.maxUncertaintyKm * 1000, (ageS / 3600) * policy.driftKmh * 1000);
  const confidence: Confidence =
    linkDown || state === 'stale' ? 'low' : state === 'aging' ? 'medium' : 'high';
  return { ageS, state, linkDown, fromFuture, uncertaintyM, confidence };
}
