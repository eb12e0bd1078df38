import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assign, solveSparseAssignment, type AssignIncident } from '../../../../src/shared/dispatch';
import { at, HERE, NOW, unit } from './fixtures';
import { rng, syntheticBases, syntheticIncidents, syntheticUnits } from '../../../bench/synthetic';

const need1 = (id: string, location: [number, number]): AssignIncident => ({
  id,
  location,
  hazard: 'fire',
  level: 'IV',
  needs: [{ anyOf: ['firefighting'], count: 1 }],
});

describe('multi-incident assignment', () => {
  it('beats greedy in the classic case (hand-checked)', () => {
    // Unit X sits between incidents A and B, unit Y is near A only. Greedy gives A its nearest (X)
    // and B must wait for Y from far away; the optimum sends Y to A and X to B.
    const A = HERE;
    const B = at(20, 90);
    const units = [unit('X', { position: at(8, 90) }), unit('Y', { position: at(10, 270) })];
    const r = assign({ units }, [need1('A', A), need1('B', B)], { now: NOW });
    const pick = (plan: typeof r.optimal, id: string) =>
      plan.incidents.find((i) => i.id === id)!.slots[0]!.assigned[0]!.id;
    expect(pick(r.greedy, 'A')).toBe('X');
    expect(pick(r.greedy, 'B')).toBe('Y');
    expect(pick(r.optimal, 'A')).toBe('Y');
    expect(pick(r.optimal, 'B')).toBe('X');
    expect(r.saved.totalEtaMinutes).toBeGreaterThan(0);
    expect(r.optimal.totals.totalEtaMinutes + r.saved.totalEtaMinutes).toBeCloseTo(
      r.greedy.totals.totalEtaMinutes,
      9,
    );
  });

  it('shows each choice’s position age and confidence, counts the stale ones, and can plan by worst-case ETA', () => {
    const threeHoursAgo = new Date(Date.parse(NOW) - 3 * 3600_000).toISOString();
    const units = [
      unit('old', { position: at(5), positionFixAt: threeHoursAgo }),
      unit('fresh', { position: at(15) }),
    ];
    const byEta = assign({ units }, [need1('A', HERE)], { now: NOW });
    expect(byEta.rankBy).toBe('eta');
    const chosen = byEta.optimal.incidents[0]!.slots[0]!.assigned[0]!;
    expect(chosen.id).toBe('old');
    expect(chosen.fix).toMatchObject({ ageMinutes: 180, stale: true, confidence: 'low' });
    // 3 h at 30 km/h of drift, capped at 50 km: the unit may be 50 km further away than it shows.
    expect(chosen.worstCaseEtaMinutes).toBeGreaterThan(chosen.etaMinutes + 60);
    expect(byEta.optimal.totals.onStaleFixes).toBe(1);
    // Planned by worst-case ETA, the team whose position is known goes instead.
    const byWorst = assign({ units }, [need1('A', HERE)], { now: NOW, rankBy: 'worst_case' });
    expect(byWorst.rankBy).toBe('worst_case');
    const safe = byWorst.optimal.incidents[0]!.slots[0]!.assigned[0]!;
    expect(safe.id).toBe('fresh');
    expect(safe.fix).toMatchObject({ stale: false, confidence: 'high' });
    expect(safe.fix!.ageMinutes).toBeCloseTo(1, 9);
    expect(byWorst.optimal.totals.onStaleFixes).toBe(0);
  });

  it('fills as many positions as possible before looking at time', () => {
    // One unit has both capabilities; the other only firefighting. Greedy (level order) gives the
    // versatile one to the first incident and leaves the rescue position empty.
    const units = [
      unit('both', { capabilities: ['firefighting', 'water_rescue'], position: at(1) }),
      unit('fire', { position: at(30) }),
    ];
    const incidents: AssignIncident[] = [
      {
        id: 'fire',
        location: HERE,
        hazard: 'fire',
        level: 'II',
        needs: [{ anyOf: ['firefighting'], count: 1 }],
      },
      {
        id: 'flood',
        location: at(2),
        hazard: 'flood',
        level: 'IV',
        needs: [{ anyOf: ['water_rescue'], count: 1 }],
      },
    ];
    const r = assign({ units }, incidents, { now: NOW });
    expect(r.greedy.totals.unfilled).toBe(1);
    expect(r.optimal.totals.unfilled).toBe(0);
    expect(r.saved.positionsFilled).toBe(1);
  });

  it('reports unfillable positions plainly and never uses a resource twice', () => {
    const r = assign({ units: [unit('only')] }, [need1('A', HERE), need1('B', at(5))], { now: NOW });
    expect(r.optimal.totals).toMatchObject({ positions: 2, filled: 1, unfilled: 1 });
    const ids = r.optimal.incidents.flatMap((i) => i.slots.flatMap((s) => s.assigned.map((a) => a.id)));
    expect(ids).toEqual(['only']);
    expect(
      r.optimal.incidents.find((i) => i.id === 'B')?.slots[0]?.missing ??
        r.optimal.incidents.find((i) => i.id === 'A')!.slots[0]!.missing,
    ).toBe(1);
  });

  it('uses run cards when no explicit needs are given', () => {
    const units = [
      unit('f1', { position: at(3) }),
      unit('f2', { position: at(4) }),
      unit('m', { kind: 'medical', capabilities: ['medical'], position: at(5) }),
    ];
    const r = assign({ units }, [{ id: 'x', location: HERE, hazard: 'fire', level: 'IV' }], { now: NOW });
    // Level IV fire: 2 fire engines, 1 medical.
    expect(r.optimal.incidents[0]!.slots.map((s) => [s.role, s.assigned.length])).toEqual([
      ['fire_engine', 2],
      ['medical', 1],
    ]);
  });

  it('rejects duplicate incident ids', () => {
    expect(() => assign({ units: [] }, [need1('A', HERE), need1('A', HERE)], { now: NOW })).toThrow(/twice/);
  });

  it('objective worst: never a worse worst ETA than the total objective, and as many filled', () => {
    const units = syntheticUnits(600, 5);
    const incidents = syntheticIncidents(12, 6);
    const t = assign({ units, bases: syntheticBases() }, incidents, { now: NOW });
    const w = assign({ units, bases: syntheticBases() }, incidents, { now: NOW, objective: 'worst' });
    expect(w.optimal.totals.filled).toBe(t.optimal.totals.filled);
    expect(w.optimal.totals.worstEtaMinutes!).toBeLessThanOrEqual(t.optimal.totals.worstEtaMinutes! + 1e-9);
    expect(w.optimal.totals.totalEtaMinutes).toBeGreaterThanOrEqual(t.optimal.totals.totalEtaMinutes - 1e-6);
  });

  it('is never worse than greedy (property on synthetic pictures)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 15 }), (seed, n) => {
        const units = syntheticUnits(150 + (seed % 300), seed);
        const incidents = syntheticIncidents(n, seed + 1);
        const r = assign({ units, bases: syntheticBases() }, incidents, { now: NOW });
        expect(r.optimal.totals.filled).toBeGreaterThanOrEqual(r.greedy.totals.filled);
        if (r.optimal.totals.filled === r.greedy.totals.filled) {
          expect(r.optimal.totals.totalEtaMinutes).toBeLessThanOrEqual(
            r.greedy.totals.totalEtaMinutes + 1e-6,
          );
        }
        const ids = r.optimal.incidents.flatMap((i) => i.slots.flatMap((s) => s.assigned.map((a) => a.id)));
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 25 },
    );
  });

  it('equals the brute-force optimum on small pictures (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (seed) => {
        const r0 = rng(seed);
        const units = Array.from({ length: 4 + Math.floor(r0() * 4) }, (_, i) =>
          unit(`u${i}`, {
            position: at(1 + r0() * 80, r0() * 360),
            capabilities: r0() < 0.5 ? ['firefighting'] : ['firefighting', 'medical'],
          }),
        );
        const incidents: AssignIncident[] = Array.from({ length: 1 + Math.floor(r0() * 3) }, (_, i) => ({
          id: `i${i}`,
          location: at(r0() * 60, r0() * 360),
          hazard: 'fire',
          level: 'IV',
          needs: [
            { anyOf: ['firefighting'], count: 1 },
            { anyOf: ['medical'], count: Math.floor(r0() * 2) },
          ],
        }));
        const r = assign({ units }, incidents, { now: NOW });
        const best = bruteForce(units, incidents);
        expect(r.optimal.totals.filled).toBe(best.filled);
        expect(r.optimal.totals.totalEtaMinutes).toBeCloseTo(best.total, 6);
      }),
      { numRuns: 40 },
    );
  });
});

/** Enumerate every assignment of units to positions (small cases only). */
function bruteForce(
  units: ReturnType<typeof unit>[],
  incidents: AssignIncident[],
): { filled: number; total: number } {
  // ETA of each unit to each incident, from a one-unit, one-position problem (same model).
  const etaOf = new Map<string, number>();
  const solo = (u: ReturnType<typeof unit>, inc: AssignIncident) => {
    const key = `${u.id}@${inc.id}`;
    if (!etaOf.has(key)) {
      const one = assign({ units: [u] }, [{ ...inc, needs: [{ anyOf: u.capabilities, count: 1 }] }], {
        now: NOW,
      });
      etaOf.set(key, one.optimal.incidents[0]!.slots[0]!.assigned[0]!.etaMinutes);
    }
    return etaOf.get(key)!;
  };
  const positions: { inc: AssignIncident; cap: string }[] = [];
  for (const inc of incidents)
    for (const n of inc.needs!) for (let k = 0; k < n.count; k++) positions.push({ inc, cap: n.anyOf[0]! });
  let best = { filled: -1, total: Infinity };
  const used = new Set<string>();
  const rec = (i: number, filled: number, total: number) => {
    if (i === positions.length) {
      if (filled > best.filled || (filled === best.filled && total < best.total - 1e-9))
        best = { filled, total };
      return;
    }
    const p = positions[i]!;
    rec(i + 1, filled, total); // leave unfilled
    for (const u of units) {
      if (used.has(u.id) || !u.capabilities.includes(p.cap as never)) continue;
      used.add(u.id);
      rec(i + 1, filled + 1, total + solo(u, p.inc));
      used.delete(u.id);
    }
  };
  rec(0, 0, 0);
  return best;
}

describe('sparse assignment solver', () => {
  it('matches a hand-solved 3×3 problem', () => {
    // Costs: rows × cols; optimum 0→1 (1), 1→0 (2), 2→2 (2) = 5.
    const costs = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    const edgeStart = Int32Array.from([0, 3, 6, 9]);
    const edgeCol = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    const edgeCost = Float64Array.from(costs.flat());
    const s = solveSparseAssignment({ rows: 3, cols: 3, edgeStart, edgeCol, edgeCost });
    expect(s.total).toBe(5);
    expect([...s.rowCol]).toEqual([1, 0, 2]);
    // Dual feasibility on every edge.
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++)
        expect(costs[r]![c]! - s.rowPot[r]! - s.colPot[c]!).toBeGreaterThanOrEqual(-1e-9);
  });

  it('refuses a row without edges', () => {
    expect(() =>
      solveSparseAssignment({
        rows: 1,
        cols: 1,
        edgeStart: Int32Array.from([0, 0]),
        edgeCol: new Int32Array(0),
        edgeCost: new Float64Array(0),
      }),
    ).toThrow();
  });
});
