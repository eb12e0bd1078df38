import { describe, expect, it } from 'vitest';
import { reachAreas, reachNetwork, baseReachRadius } from '../../../../src/shared/dispatch';
import { distanceMetres } from '../../../../src/shared/geo';
import { aircraft, at, base, HERE } from './fixtures';

describe('1-hour aviation network', () => {
  const bases = [
    base('near', at(100, 0), [aircraft('h-near')]),
    base('mid', at(200, 90), [aircraft('h-mid')]),
    base('down', at(50, 180), [aircraft('h-down', { status: 'maintenance' })]),
    base('fast', at(260, 270), [
      aircraft('f-fast', {
        category: 'fixed_wing',
        cruiseSpeedKmh: 400,
        launchMinutes: 10,
        approachMinutes: 5,
        rangeKm: 1200,
      }),
    ]),
  ];

  it('lists the bases within the threshold with their best aircraft, fastest first (hand-checked)', () => {
    const r = reachNetwork(bases, HERE, { minutes: 60 });
    // near: 12 + 100/250·60 + 5 = 41 min; fast: 10 + 260/400·60 + 5 = 54 min; mid: 12 + 48 + 5 = 65 min.
    expect(r.within.map((b) => [b.baseId, Number(b.etaMinutes!.toFixed(6))])).toEqual([
      ['near', 41],
      ['fast', 54],
    ]);
    expect(r.beyond.map((b) => b.baseId)).toEqual(['mid', 'down']);
    const down = r.beyond.find((b) => b.baseId === 'down')!;
    expect(down.etaMinutes).toBeNull();
    expect(down.aircraft[0]!.refused).toBe('not_available');
  });

  it('any threshold works', () => {
    expect(reachNetwork(bases, HERE, { minutes: 70 }).within.map((b) => b.baseId)).toEqual([
      'near',
      'fast',
      'mid',
    ]);
    expect(reachNetwork(bases, HERE, { minutes: 30 }).within).toEqual([]);
  });

  it('filters aircraft by capability', () => {
    const r = reachNetwork(bases, HERE, { minutes: 60, capabilities: ['medical'] });
    expect(r.within).toEqual([]);
  });

  it('reach areas: one circle per base with a usable aircraft, radius from the formula, plus the merged network', () => {
    const fc = reachAreas(bases, 60);
    const circles = fc.features.filter((f) => f.properties.kind === 'base');
    expect(circles.map((f) => f.properties.baseId)).toEqual(['fast', 'mid', 'near']);
    const near = circles.find((f) => f.properties.baseId === 'near')!;
    // (60 − 17) min × 250 km/h = 179.17 km.
    expect(near.properties.radiusKm).toBeCloseTo((43 / 60) * 250, 6);
    const ring = (near.geometry.coordinates as number[][][])[0]!;
    for (const p of ring)
      expect(
        Math.abs(
          distanceMetres(bases[0]!.location, p as [number, number]) / 1000 - near.properties.radiusKm!,
        ),
      ).toBeLessThan(0.01);
    expect(fc.features.filter((f) => f.properties.kind === 'network')).toHaveLength(1);
  });

  it('a base whose aircraft are all unavailable has no reach', () => {
    expect(baseReachRadius(bases[2]!, 3600)).toEqual({ radiusM: -1, aircraft: null });
    expect(reachAreas([bases[2]!], 60).features).toEqual([]);
  });
});
