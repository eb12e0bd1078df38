import { describe, expect, it } from 'vitest';
import { readScenarioFile } from '../../../../src/main/services/scenarioFile';
import { allocateSupplies, bestSite, type SiteGain } from '../../../../src/shared/dispatch';
import { buildAreaGrid, regionsFromGeoJSON } from '../../../../src/shared/geo';
import { committedTo, remainingNeeds } from '../../../../src/shared/planning/committed';
import { moveUpInputs, supplyPlanning } from '../../../../src/shared/planning/plans';
import { latticeCandidates, mergeRanked, weightedSiteGain } from '../../../../src/shared/planning/siting';
import { DEMO_SCENARIO } from '../../../support/tmp';

const demo = readScenarioFile(DEMO_SCENARIO);
const NOW = Date.parse('2026-11-29T10:00:00+08:00');

describe('remainingNeeds: the run card less what was sent', () => {
  it('a resource sent fills the first slot it fits, once; the rest are needs with their slot’s limits', () => {
    const fire = remainingNeeds(demo).find((o) => o.incident.id === 'inc-20261129-001')!;
    // Level III forest fire: 2 forest teams, 1 bucket helicopter, 1 fire engine, 1 medical.
    expect([fire.positions, fire.sent]).toEqual([5, 4]);
    expect(fire.needs).toEqual([{ role: 'medical', anyOf: ['medical'], count: 1, resource: 'unit' }]);
    expect(committedTo(demo, 'inc-20261129-001').map((c) => c.id)).toHaveLength(5);
    // Nothing sent: the whole card, a helicopter slot keeping its category and bucket.
    const none = remainingNeeds({ ...demo, assignments: [] }).find(
      (o) => o.incident.id === 'inc-20261129-001',
    )!;
    expect(none.sent).toBe(0);
    expect(none.needs.find((n) => n.role === 'helicopter_bucket')).toMatchObject({
      categories: ['helicopter'],
      minBucketLitres: expect.any(Number),
    });
  });
});

describe('supplyPlanning', () => {
  it('the most serious first; the next draws only on what the earlier plans left', () => {
    const r = supplyPlanning(demo, NOW);
    const [first, second] = r.plans;
    expect(first!.plan).toEqual(
      allocateSupplies(demo.depots, first!.location, first!.affected, {
        now: NOW,
        reportedAt: first!.reportedAt,
      }),
    );
    // Alone, the second would be planned on full stock; after the first it differs wherever they share a depot.
    const alone = supplyPlanning(demo, NOW, second!.incidentId).plans[0]!;
    const shared = first!.plan.shipments.some((a) =>
      alone.plan.shipments.some((b) => b.depotId === a.depotId),
    );
    expect(shared ? JSON.stringify(alone.plan) !== JSON.stringify(second!.plan) : true).toBe(true);
    // Break the stock deduction and this fails: no depot item is shipped beyond its stock in all.
    const sent = new Map<string, number>();
    for (const s of r.plans)
      for (const sh of s.plan.shipments)
        for (const it of sh.items)
          sent.set(`${sh.depotId}/${it.item}`, (sent.get(`${sh.depotId}/${it.item}`) ?? 0) + it.quantity);
    for (const d of demo.depots)
      for (const st of d.stock) expect(sent.get(`${d.id}/${st.item}`) ?? 0).toBeLessThanOrEqual(st.quantity);
  });
});

describe('moveUpInputs', () => {
  it('committed aircraft are put back at their base as available and committed; what-ifs are checked', () => {
    const r = moveUpInputs(demo, ['base-ZBDT-ac1']);
    expect(r.commit).toEqual(['base-ZBDT-ac1', 'base-fa-qinyuan-ac1', 'base-fa-qinyuan-ac2']);
    const q = r.bases.find((b) => b.id === 'base-fa-qinyuan')!;
    expect(q.aircraft.map((a) => a.status)).toEqual(['available', 'available', 'available']);
    expect(() => moveUpInputs(demo, ['nope'])).toThrow(/unknown aircraft id "nope"/);
    expect(() => moveUpInputs(demo, ['base-ZBLF-ac2'])).toThrow(/maintenance, not available/);
  });
});

describe('siting helpers', () => {
  const square = {
    type: 'FeatureCollection' as const,
    features: [
      {
        type: 'Feature' as const,
        properties: { adcode: '140000', name: 'sq' },
        geometry: {
          type: 'Polygon' as const,
          coordinates: [
            [
              [112, 37],
              [113, 37],
              [113, 38],
              [112, 38],
              [112, 37],
            ],
          ],
        },
      },
    ],
  };
  const grid = buildAreaGrid(regionsFromGeoJSON(square), 2);

  it('a lattice has one candidate per square of the spacing, in the grid', () => {
    const c = latticeCandidates(grid, 20);
    // The square is ~88 × 111 km: at most 7 × 7 lattice squares touch it (cut at its edges).
    expect(c.length).toBeGreaterThanOrEqual(20);
    expect(c.length).toBeLessThanOrEqual(49);
    for (const x of c) {
      expect(x.location[0]).toBeGreaterThanOrEqual(112);
      expect(x.location[1]).toBeLessThanOrEqual(38);
    }
    expect(() => latticeCandidates(grid, 0)).toThrow(RangeError);
  });

  it('candidates ranked in chunks merge into bestSite’s ranking of the whole list', () => {
    const cands = latticeCandidates(grid, 15).map((c) => ({ location: c.location, label: null }));
    const whole = bestSite(demo.bases, grid, cands, { now: NOW }).ranked;
    const chunks: SiteGain[][] = [];
    for (let i = 0; i < cands.length; i += 4)
      chunks.push(bestSite(demo.bases, grid, cands.slice(i, i + 4), { now: NOW }).ranked);
    const at = new Map(cands.map((c, i) => [c.location.join(), i]));
    expect(mergeRanked(chunks, (s) => at.get(s.location.join())!)).toEqual(whole);
  });

  it('weighted gain: null without zones; with a zone, after ≥ before and the plain share matches the site', () => {
    expect(weightedSiteGain(demo.bases, grid, [112.5, 37.5], null)).toBeNull();
    const zone = { kind: 'forest', weight: 3, geometry: square.features[0]!.geometry };
    const w = weightedSiteGain([], grid, [112.5, 37.5], [zone], { now: NOW })!;
    expect(w.before.plainCoveredFraction).toBe(0);
    expect(w.after.plainCoveredFraction).toBe(
      bestSite([], grid, [{ location: [112.5, 37.5] }], { now: NOW }).best!.coveredFractionAfter,
    );
    expect(w.after.zones[0]!.coveredFraction).toBe(w.after.plainCoveredFraction);
  });
});
