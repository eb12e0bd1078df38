import { describe, expect, it } from 'vitest';
import { assessFix, DEFAULT_FIX_POLICY } from '../../../../src/shared/dispatch';

describe('position-fix confidence', () => {
  const now = Date.parse('2026-11-29T08:00:00Z');
  const ago = (min: number) => now - min * 60_000;

  it('fresh, aging and stale by age', () => {
    expect(assessFix(ago(2), now, false)).toMatchObject({
      state: 'fresh',
      confidence: 'high',
      uncertaintyM: 0,
    });
    expect(assessFix(ago(10), now, false)).toMatchObject({ state: 'aging', confidence: 'medium' });
    expect(assessFix(ago(10), now, false).uncertaintyM).toBeCloseTo((10 / 60) * 30_000, 6);
    expect(assessFix(ago(45), now, false)).toMatchObject({ state: 'stale', confidence: 'low' });
  });

  it('a dead link is low confidence whatever the age', () => {
    expect(assessFix(ago(1), now, true)).toMatchObject({ confidence: 'low', linkDown: true });
  });

  it('uncertainty is capped', () => {
    expect(assessFix(ago(24 * 60), now, false).uncertaintyM).toBe(DEFAULT_FIX_POLICY.maxUncertaintyKm * 1000);
  });

  it('an unparseable fix time is treated as infinitely old', () => {
    expect(assessFix(Number.NaN, now, false)).toMatchObject({ state: 'stale', confidence: 'low' });
  });
});
