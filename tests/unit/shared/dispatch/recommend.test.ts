import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildUnitIndex,
  defaultGroundModel,
  explainCandidate,
  explainRunCard,
  recommend,
  type IncidentLike,
} from '../../../../src/shared/dispatch';
import { UNIT_STATUSES, type RescueUnit } from '../../../../src/shared/domain';
import { aircraft, at, base, HERE, NOW, NOW_MS, unit } from './fixtures';
import { syntheticBases, syntheticUnits } from '../../../bench/synthetic';

const fire: IncidentLike = { location: HERE, hazard: 'fire', level: 'IV' };

describe('recommend: filtering, ranking, explanation', () => {
  it('ranks qualifying units by ETA and explains each (hand-checked)', () => {
    const units = [
      unit('far', { position: at(30) }),
      unit('near', { position: at(5) }),
      unit('wrong-cap', { position: at(1), kind: 'medical', capabilities: ['medical'] }),
      unit('busy', { position: at(2), status: 'on_scene' }),
    ];
    const rec = recommend({ units }, fire, { now: NOW, runCards: false });
    expect(rec.candidates.map((c) => c.id)).toEqual(['near', 'far']);
    const near = rec.candidates[0]!;
    expect(near.distanceKm).toBeCloseTo(5, 6);
    // Taiyuan basin both ends: circuity 1.25 → 6.25 km road at 40 km/h = 9.375 min, + 3 min.
    expect(near.eta.circuity).toBeCloseTo(1.25, 9);
    expect(near.etaMinutes).toBeCloseTo(12.375, 6);
    expect(near.eta.mobilisationMinutes).toBe(3);
    expect(near.qualifiesBy).toEqual(['firefighting']);
    expect(explainCandidate(near)).toContain('qualifies by firefighting');
    expect(rec.pool).toMatchObject({ qualifyingUnits: 3, eligibleUnits: 2 });
    expect(rec.pool.byStatus.on_scene).toBe(1);
  });

  it('a unit exactly at the incident comes first with ETA = mobilisation', () => {
    const rec = recommend(
      { units: [unit('a', { position: at(3) }), unit('here', { position: [...HERE] })] },
      fire,
      { now: NOW, runCards: false },
    );
    expect(rec.candidates[0]!.id).toBe('here');
    expect(rec.candidates[0]!.distanceKm).toBe(0);
    expect(rec.candidates[0]!.etaMinutes).toBe(3);
    expect(rec.candidates[0]!.notes).toContain('at_incident');
  });

  it('no qualifying unit: empty list and a plain reason', () => {
    const rec = recommend(
      { units: [unit('m', { kind: 'medical', capabilities: ['medical'] })] },
      { ...fire, hazard: 'mine_accident' },
      { now: NOW, runCards: false },
    );
    expect(rec.candidates).toEqual([]);
    expect(rec.empty?.reason).toBe('no_capable_resource');
    expect(rec.empty?.message).toContain('mine_rescue');
  });

  it('qualifying units all busy: says how many and in which status', () => {
    const units = [unit('a', { status: 'on_scene' }), unit('b', { status: 'out_of_service' })];
    const rec = recommend({ units }, fire, { now: NOW, runCards: false });
    expect(rec.empty?.reason).toBe('none_eligible');
    expect(rec.empty?.message).toMatch(/1 on_scene, 1 out_of_service/);
  });

  it('all aircraft out of range or unavailable: refused with reasons, never silently dropped', () => {
    const far = at(400, 0);
    const bases = [base('B', far, [aircraft('h1'), aircraft('h2', { status: 'maintenance' })])];
    const rec = recommend(
      { units: [], bases },
      { location: HERE, hazard: 'forest_fire', level: 'IV' },
      { now: NOW, runCards: false },
    );
    expect(rec.candidates).toEqual([]);
    expect(rec.aircraftRefused.map((r) => [r.id, r.reason])).toEqual([
      ['h1', 'out_of_range'],
      ['h2', 'not_available'],
    ]);
    expect(rec.aircraftRefused[0]!.maxRadiusKm).toBe(270);
    expect(rec.empty?.message).toMatch(/out of range/);
  });

  it('aircraft compete with ground units on ETA, with launch, flight and approach', () => {
    const bases = [base('B', at(100, 180), [aircraft('h1')])];
    const rec = recommend(
      { units: [unit('f', { kind: 'forest_fire', capabilities: ['wildfire'], position: at(60) })], bases },
      { location: HERE, hazard: 'forest_fire', level: 'IV' },
      { now: NOW, runCards: false },
    );
    const h = rec.candidates.find((c) => c.id === 'h1')!;
    // A forest fire is a bucket mission: 0.8 × 250 = 200 km/h with the bucket slung,
    // 100 km ÷ 200 km/h = 30 min; 12 launch + 30 + 5 approach = 47 min.
    expect(h.etaMinutes).toBeCloseTo(47, 6);
    expect(h.eta).toMatchObject({ launchMinutes: 12, approachMinutes: 5, speedBasis: 'external_load' });
    expect(h.eta.speedKmh).toBeCloseTo(200, 9);
    expect(rec.candidates[0]!.id).toBe('h1');
    // The same helicopter to a flood flies clean: 100 km ÷ 250 km/h = 24 min; 12 + 24 + 5 = 41 min.
    const flood = recommend(
      { units: [], bases },
      { location: HERE, hazard: 'flood', level: 'IV' },
      { now: NOW, runCards: false },
    );
    expect(flood.candidates[0]!.etaMinutes).toBeCloseTo(41, 6);
    expect(flood.candidates[0]!.eta).toMatchObject({ speedKmh: 250, speedBasis: 'clean', waterSource: null });
  });

  it('ties are broken by id, whatever the input order', () => {
    const p = at(7);
    const a = [unit('b', { position: p }), unit('a', { position: p }), unit('c', { position: p })];
    const r1 = recommend({ units: a }, fire, { now: NOW, runCards: false });
    const r2 = recommend({ units: [...a].reverse() }, fire, { now: NOW, runCards: false });
    expect(r1.candidates.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(r2.candidates.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('old fixes and dead links are shown as uncertainty, not dropped or trusted', () => {
    const units = [
      unit('fresh', { position: at(10) }),
      unit('stale', { position: at(8), positionFixAt: new Date(NOW_MS - 2 * 3600_000).toISOString() }),
      unit('nolink', { position: at(9), positionFixAt: new Date(NOW_MS - 20 * 60_000).toISOString() }),
    ];
    const rec = recommend({ units }, fire, { now: NOW, runCards: false, linkDown: new Set(['nolink']) });
    expect(rec.candidates.map((c) => c.id)).toEqual(['stale', 'nolink', 'fresh']);
    const stale = rec.candidates[0]!;
    expect(stale.confidence).toBe('low');
    expect(stale.fix).toMatchObject({ state: 'stale', linkDown: false });
    expect(stale.fix!.ageMinutes).toBeCloseTo(120, 6);
    // 2 h × 30 km/h drift = 60 km, capped at 50 km.
    expect(stale.fix!.uncertaintyKm).toBe(50);
    expect(stale.etaRangeMinutes[1]).toBeGreaterThan(stale.etaMinutes);
    expect(stale.etaRangeMinutes[0]).toBe(3);
    expect(stale.notes).toContain('fix_stale');
    expect(rec.candidates[1]!.confidence).toBe('low');
    expect(rec.candidates[1]!.notes).toContain('link_down');
    expect(rec.candidates[2]!.confidence).toBe('high');
    expect(explainCandidate(stale)).toMatch(/120 min old .*may have moved up to 50\.0 km/);
    // Ranked by worst case instead, the fresh unit wins.
    const worst = recommend({ units }, fire, {
      now: NOW,
      runCards: false,
      linkDown: new Set(['nolink']),
      rankBy: 'worst_case',
    });
    expect(worst.candidates[0]!.id).toBe('fresh');
  });

  it('a fix time in the future (clock skew) counts as age 0 and is flagged', () => {
    const rec = recommend(
      { units: [unit('u', { positionFixAt: new Date(NOW_MS + 600_000).toISOString() })] },
      fire,
      { now: NOW, runCards: false },
    );
    expect(rec.candidates[0]!.fix).toMatchObject({ ageMinutes: 0, fromFuture: true });
    expect(rec.candidates[0]!.notes).toContain('fix_in_future');
  });

  it('returning units qualify and say so; a custom status set is honoured', () => {
    const units = [unit('r', { status: 'returning' })];
    expect(recommend({ units }, fire, { now: NOW, runCards: false }).candidates[0]!.notes).toContain(
      'returning',
    );
    expect(
      recommend({ units }, fire, { now: NOW, runCards: false, eligibleStatuses: ['available'] }).candidates,
    ).toEqual([]);
  });

  it('headcount need: widens the ranking until the people are there', () => {
    const units = Array.from({ length: 8 }, (_, i) => unit(`u${i}`, { position: at(2 + i), headcount: 10 }));
    const rec = recommend(
      { units },
      { ...fire, needs: { headcount: 45 } },
      { now: NOW, runCards: false, limit: 2 },
    );
    expect(rec.needs.headcount).toMatchObject({ required: 45, metAtRank: 5 });
    expect(rec.candidates).toHaveLength(5);
    expect(rec.candidates[4]!.cumulativeHeadcount).toBe(50);
    const short = recommend(
      { units },
      { ...fire, needs: { headcount: 1000 } },
      { now: NOW, runCards: false },
    );
    expect(short.needs.headcount).toMatchObject({ metAtRank: null, reached: 80 });
  });

  it('rejects an unknown hazard', () => {
    expect(() => recommend({ units: [] }, { ...fire, hazard: 'alien' as never }, { now: NOW })).toThrow(
      /unknown hazard/,
    );
  });
});

describe('run cards', () => {
  it('fills each slot from the ranking and says plainly what is missing', () => {
    const units = [
      unit('ff1', { kind: 'forest_fire', capabilities: ['wildfire', 'firefighting'], position: at(20) }),
      unit('ff2', { kind: 'forest_fire', capabilities: ['wildfire', 'firefighting'], position: at(25) }),
      unit('eng', { position: at(5) }),
      unit('med', { kind: 'medical', capabilities: ['medical'], position: at(4) }),
    ];
    const bases = [base('B', at(50, 200), [aircraft('bucket'), aircraft('nobucket', { bucketLitres: 0 })])];
    const rec = recommend(
      { units, bases },
      { location: HERE, hazard: 'forest_fire', level: 'II' },
      { now: NOW },
    );
    const card = rec.runCard!;
    expect(card.complete).toBe(false);
    const slot = (role: string) => card.slots.find((s) => s.role === role)!;
    // Level II: 4 forest teams, 2 bucket helicopters, 2 fire engines, 1 medical.
    expect(slot('forest_fire_team').filled.map((f) => f.id)).toEqual(['ff1', 'ff2']);
    expect(slot('forest_fire_team').missing).toBe(2);
    expect(slot('forest_fire_team').shortfall).toMatch(/2 of 4 forest_fire_team .*cannot be filled/);
    expect(slot('helicopter_bucket').filled.map((f) => f.id)).toEqual(['bucket']);
    expect(slot('helicopter_bucket').missing).toBe(1);
    // The forest teams are taken already, so the fire-engine slot gets the engine only.
    expect(slot('fire_engine').filled.map((f) => f.id)).toEqual(['eng']);
    expect(slot('medical').filled.map((f) => f.id)).toEqual(['med']);
    expect(card.fullArrivalMinutes).toBeGreaterThan(0);
    expect(explainRunCard(card).join('\n')).toContain('INCOMPLETE');
  });

  it('never calls a card complete when its last resource arrives after the on-scene target', () => {
    const search = (d: number) => [
      unit('s', { kind: 'earthquake_geo', capabilities: ['search_rescue'], position: at(d) }),
    ];
    const other: IncidentLike = { location: HERE, hazard: 'other', level: 'IV' };
    const near = recommend({ units: search(5) }, other, { now: NOW }).runCard!;
    expect(near).toMatchObject({ filled: true, late: false, complete: true, targetMinutes: 60 });
    // 340 km away: filled by one team, but about seven hours out.
    const far = recommend({ units: search(340) }, other, { now: NOW }).runCard!;
    expect(far.fullArrivalMinutes!).toBeGreaterThan(6.5 * 60);
    expect(far).toMatchObject({ filled: true, late: true, complete: false });
    expect(explainRunCard(far)[0]).toMatch(/filled but LATE .*60-min target/);
    // The target is configuration: a centre that accepts a whole-day response says so.
    expect(
      recommend({ units: search(340) }, other, { now: NOW, runCardTargetMinutes: 24 * 60 }).runCard!.complete,
    ).toBe(true);
  });

  it('counts what was already sent first, and asks only for the rest', () => {
    const units = [
      unit('ff1', { kind: 'forest_fire', capabilities: ['wildfire', 'firefighting'], position: at(20) }),
      unit('ff2', { kind: 'forest_fire', capabilities: ['wildfire', 'firefighting'], position: at(25) }),
      unit('eng', { position: at(5) }),
      unit('eng2', { position: at(6) }),
    ];
    const bases = [base('B', at(50, 200), [aircraft('bucket')])];
    const incident: IncidentLike = { location: HERE, hazard: 'forest_fire', level: 'II' };
    const sentAt = (minutes: number) => new Date(NOW_MS + minutes * 60_000).toISOString();
    const rec = recommend({ units, bases }, incident, {
      now: NOW,
      committed: [
        // A forest team already on its way (status dispatched: no longer in the ranking), due in 12 min.
        {
          resource: 'unit',
          id: 'ff9',
          name: '已派森林队',
          capabilities: ['wildfire'],
          kind: 'forest_fire',
          arrivesAt: sentAt(12),
        },
        // A fire engine sent without an ETA, and a medical team the card has no place left for.
        {
          resource: 'unit',
          id: 'eng9',
          name: '已派消防车',
          capabilities: ['firefighting'],
          kind: 'fire_rescue',
          arrivesAt: null,
        },
        {
          resource: 'unit',
          id: 'med9',
          name: '已派医疗',
          capabilities: ['medical'],
          kind: 'medical',
          arrivesAt: sentAt(-5),
        },
        {
          resource: 'unit',
          id: 'med8',
          name: '又一医疗',
          capabilities: ['medical'],
          kind: 'medical',
          arrivesAt: sentAt(30),
        },
        // A helicopter without a bucket does not fill the bucket slot.
        {
          resource: 'aircraft',
          id: 'h0',
          name: '无吊桶',
          capabilities: ['aerial_firefighting'],
          kind: 'helicopter',
          bucketLitres: 0,
          arrivesAt: sentAt(20),
        },
      ],
    });
    const slot = (role: string) => rec.runCard!.slots.find((s) => s.role === role)!;
    expect(slot('forest_fire_team').filled.map((f) => [f.id, f.assigned ?? false])).toEqual([
      ['ff9', true],
      ['ff1', false],
      ['ff2', false],
    ]);
    expect(slot('forest_fire_team').filled[0]!.etaMinutes).toBeCloseTo(12, 6);
    expect(slot('forest_fire_team').missing).toBe(1);
    // 2 engines needed: the one sent, then the nearest (not the forest teams, taken above).
    expect(slot('fire_engine').filled.map((f) => f.id)).toEqual(['eng9', 'eng']);
    expect(slot('fire_engine').filled[0]).toMatchObject({ assigned: true, confidence: 'low' });
    // 1 medical needed and already there (arrived: 0 min left); the second is not counted twice.
    expect(slot('medical').filled.map((f) => [f.id, f.etaMinutes])).toEqual([['med9', 0]]);
    expect(slot('helicopter_bucket').filled.map((f) => f.id)).toEqual(['bucket']);
  });
});

describe('recommend: properties on synthetic data', () => {
  const units = syntheticUnits(3000, 11);
  const bases = syntheticBases();
  const index = buildUnitIndex(units);
  const model = defaultGroundModel();

  it('the top candidate is never slower than any other qualifying candidate, and the list is the exact ETA top-k (brute force)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 110.5, max: 114.2, noNaN: true }),
        fc.double({ min: 34.9, max: 40.4, noNaN: true }),
        fc.constantFrom('fire', 'flood', 'mine_accident', 'hazmat', 'earthquake', 'snow_ice', 'forest_fire'),
        fc.integer({ min: 1, max: 25 }),
        (lng, lat, hazard, limit) => {
          const rec = recommend(
            { units, bases },
            { location: [lng, lat], hazard, level: 'IV' },
            { now: NOW, runCards: false, limit, index },
          );
          const caps = new Set(rec.requiredCapabilities);
          // Brute force over every unit with the same ETA model.
          const all = units
            .filter(
              (u: RescueUnit) =>
                (u.status === 'available' || u.status === 'returning') &&
                u.capabilities.some((c) => caps.has(c)),
            )
            .map((u) => ({ id: u.id, eta: model.estimate(u.position, [lng, lat], u.kind).totalS / 60 }));
          const ground = rec.candidates.filter((c) => c.resource === 'unit');
          const top = rec.candidates[0];
          if (top) for (const a of all) expect(top.etaMinutes).toBeLessThanOrEqual(a.eta + 1e-9);
          for (let i = 1; i < rec.candidates.length; i++)
            expect(rec.candidates[i]!.etaMinutes).toBeGreaterThanOrEqual(rec.candidates[i - 1]!.etaMinutes);
          // Every ground unit better than the worst listed one is listed.
          const worstListed =
            rec.candidates.length === limit ? rec.candidates[limit - 1]!.etaMinutes : Infinity;
          const listed = new Set(ground.map((c) => c.id));
          for (const a of all) if (a.eta < worstListed - 1e-9) expect(listed.has(a.id)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('statuses outside the eligible set never appear', () => {
    const rec = recommend(
      { units, bases },
      { location: [112.5, 37.8], hazard: 'fire', level: 'I' },
      { now: NOW, limit: 200, index },
    );
    for (const c of rec.candidates)
      if (c.resource === 'unit') expect(['available', 'returning']).toContain(c.status);
    expect(Object.keys(rec.pool.byStatus)).toEqual([...UNIT_STATUSES]);
  });
});

describe('road router re-ranking', () => {
  it('replaces drive times with the router’s, re-sorts, and keeps unroutable units visible', async () => {
    const { rerankWithRouter } = await import('../../../../src/shared/dispatch');
    const units = [
      unit('a', { position: at(5) }),
      unit('b', { position: at(10) }),
      unit('c', { position: at(15) }),
    ];
    const rec = recommend({ units }, fire, { now: NOW, runCards: false });
    // The road from 'a' is long (a river in the way), 'b' is quick, 'c' has no route at all.
    const router = {
      name: 'test-router',
      route: async (origins: readonly (readonly [number, number])[]) =>
        origins.map((_, i) =>
          i === 0
            ? { durationS: 3600, distanceM: 40_000 }
            : i === 1
              ? { durationS: 600, distanceM: 12_000 }
              : null,
        ),
    };
    const out = await rerankWithRouter(rec, router);
    expect(out.candidates.map((c) => c.id)).toEqual(['b', 'a', 'c']);
    expect(out.candidates[0]!.etaMinutes).toBe(13);
    expect(out.candidates[0]!.eta.model).toBe('test-router');
    expect(out.candidates[2]!.notes).toContain('no_route');
    expect(out.candidates.map((c) => c.rank)).toEqual([1, 2, 3]);
  });
});
