/**
 * The planning tools through the real store worker and the real handlers, on the demo scenario and
 * the Shanxi counties (with two synthetic hazard zones): every number the view shows is the
 * engine's on the same picture, proposals go through the dispatch path or into the timeline with
 * who and when, and a long search is cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { StoreClient } from '../../../src/main/db/client';
import { readScenarioFile } from '../../../src/main/services/scenarioFile';
import { createHandlers, PushBus } from '../../../src/main/services/handlers';
import { SettingsFile } from '../../../src/main/services/settingsFile';
import { createMapServices } from '../../../src/main/mappacks/service';
import { createPlanningHandlers } from '../../../src/main/planning/service';
import {
  assign,
  bestSite,
  hazardZonesFromGeoJSON,
  moveUp,
  prepareCoverageGrid,
  whatIfBase,
} from '../../../src/shared/dispatch';
import { assignInputs, remainingNeeds } from '../../../src/shared/planning/committed';
import { moveUpInputs, supplyPlanning } from '../../../src/shared/planning/plans';
import { countySeats, weightedSiteGain } from '../../../src/shared/planning/siting';
import type { PlanningProgress } from '../../../src/shared/ipc/planningContract';
import { DEMO_SCENARIO, SHANXI_PACK, tempDir } from '../../support/tmp';

/** Mid-morning of the demo's day (fire season, daylight): the clock of every plan here. */
const NOW = Date.parse('2026-11-29T10:00:00+08:00');
const counties = JSON.parse(
  readFileSync(join(SHANXI_PACK, 'shanxi_district_tianditu2024.geojson'), 'utf8'),
) as FeatureCollection;
const box = (w: number, s: number, e: number, n: number) => ({
  type: 'Feature' as const,
  properties: {},
  geometry: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  },
});
const hazards: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    { ...box(110.9, 37.0, 111.5, 37.9), properties: { kind: 'forest' } },
    { ...box(112.3, 37.6, 112.7, 38.0), properties: { kind: 'flood' } },
  ],
};

let t: ReturnType<typeof tempDir>;
let store: StoreClient;
let bus: PushBus;
let planning: ReturnType<typeof createPlanningHandlers>;
let all: ReturnType<typeof createHandlers>;
const progress: PlanningProgress[] = [];

beforeAll(async () => {
  t = tempDir();
  store = await StoreClient.open(join(t.dir, 'jinying.sqlite'));
  await store.call('importScenario', { scenario: readScenarioFile(DEMO_SCENARIO) });
  bus = new PushBus();
  bus.on('push', (event: string, p: PlanningProgress) => {
    if (event === 'planning:progress') progress.push(p);
  });
  const settings = new SettingsFile(t.dir);
  const maps = createMapServices({ dataDir: t.dir, settings, bus, store, log: () => undefined });
  // The county and hazard layers as the pack in use would give them (real files, parsed once).
  const layers = { county: counties, hazards };
  planning = createPlanningHandlers({
    store,
    bus,
    maps: { packLayer: (kind) => ({ packId: 'test', fc: layers[kind] }) },
    now: () => NOW,
  });
  all = createHandlers({ store, settings, bus, mode: 'web', version: 'test', maps });
}, 60_000);
afterAll(async () => {
  await store?.close();
  t?.cleanup();
});

describe('planning tools over the demo scenario', () => {
  it('supply: the engine’s plans, most serious first, no depot stock counted twice; recorded with who and when', async () => {
    const r = await planning['planning:supply']({});
    const p = await store.call('picture');
    expect(r).toEqual(supplyPlanning(p, NOW));
    // Six open incidents report affected people; the mine accident reports none.
    // Level III first, then IV, each by its report time.
    expect(r.plans.map((x) => `${x.level} ${x.incidentId.slice(-3)}`)).toEqual([
      'III 004',
      'III 001',
      'IV 002',
      'IV 007',
      'IV 006',
      'IV 005',
    ]);
    expect(r.withoutFigures.map((x) => x.incidentId)).toEqual(['inc-20261129-003']);
    const shipped = new Map<string, number>();
    for (const s of r.plans)
      for (const sh of s.plan.shipments)
        for (const it of sh.items)
          shipped.set(
            `${sh.depotId}:${it.item}`,
            (shipped.get(`${sh.depotId}:${it.item}`) ?? 0) + it.quantity,
          );
    for (const d of p.depots)
      for (const st of d.stock)
        expect(shipped.get(`${d.id}:${st.item}`) ?? 0).toBeLessThanOrEqual(st.quantity);
    // The 10-hour check is the engine's: the earthquake's 2,300 people.
    const quake = r.plans.find((x) => x.incidentId === 'inc-20261129-007')!;
    expect(quake.plan.targetMinutes).toBe(600);
    expect(quake.plan.clockStartsAt).toBe(new Date(Date.parse(quake.reportedAt)).toISOString());

    await expect(
      planning['planning:recordSupply']({ incidentId: quake.incidentId, text: 'x' }),
    ).rejects.toMatchObject({
      code: 'SIGN_IN_REQUIRED',
    });
    await store.call('signIn', { name: '李建国', org: '省应急指挥中心' });
    const rec = await planning['planning:recordSupply']({
      incidentId: quake.incidentId,
      text: '物资调运建议',
      all: true,
    });
    expect(rec.entry.by.name).toBe('李建国');
    expect(rec.entry.kind).toBe('note');
    expect(rec.entry.data.planning).toBe('supply');
    expect((rec.entry.data.shipments as { depotId: string }[]).map((s) => s.depotId)).toEqual(
      quake.plan.shipments.map((s) => s.depotId),
    );
    await expect(
      planning['planning:recordSupply']({ incidentId: 'inc-20261129-003', text: 'x' }),
    ).rejects.toMatchObject({ code: 'INVALID', params: { variant: 'planning_no_affected' } });
  });

  it('assignment: optimal beside greedy for what the run cards still lack; proposed through assignment:propose', async () => {
    const r = await planning['planning:assign']({});
    const p = await store.call('picture');
    const expected = assign(p, assignInputs(remainingNeeds(p)), { now: NOW });
    expect(r.result).toEqual(expected);
    const res = r.result!;
    expect(res.optimal.totals.totalEtaMinutes).toBeLessThanOrEqual(res.greedy.totals.totalEtaMinutes);
    expect(res.saved.totalEtaMinutes).toBeCloseTo(
      res.greedy.totals.totalEtaMinutes - res.optimal.totals.totalEtaMinutes,
      9,
    );
    // What was sent is not planned again: of what 沁源's forest fire (level III) was sent, 2 forest
    // teams, a fire engine and one bucket helicopter fill its card's 4 of 5 positions (the second
    // helicopter has no slot left); the medical team is still short.
    const fire = r.open.find((o) => o.incidentId === 'inc-20261129-001')!;
    expect([fire.positions, fire.sent, fire.short]).toEqual([5, 4, 1]);
    const chosen = res.optimal.incidents.flatMap((i) => i.slots.flatMap((s) => s.assigned.map((a) => a.id)));
    expect(new Set(chosen).size).toBe(chosen.length);
    const busy = new Set(p.assignments.filter((a) => a.status === 'accepted').map((a) => a.resourceId));
    expect(chosen.filter((id) => busy.has(id))).toEqual([]);

    // "Propose this plan": the dispatch path, one proposal per chosen resource, decided locally.
    const inc = res.optimal.incidents[0]!;
    const first = inc.slots.flatMap((s) => s.assigned)[0]!;
    const a = await all['assignment:propose']({
      incidentId: inc.id,
      resourceKind: first.resource,
      resourceId: first.id,
      etaMinutes: Math.round(first.etaMinutes),
      note: 'plan',
    });
    expect(a.status).toBe('accepted');
    expect(a.proposedBy).toBe('李建国');
    const tl = await store.call('listTimeline', { incidentId: inc.id });
    expect(tl.some((e) => e.kind === 'dispatch_proposed' && e.data.resourceId === first.id)).toBe(true);
    // Planned again, that resource is no longer free and the position is counted as sent.
    const again = await planning['planning:assign']({});
    const chosenAgain = again.result!.optimal.incidents.flatMap((i) =>
      i.slots.flatMap((s) => s.assigned.map((x) => x.id)),
    );
    expect(chosenAgain).not.toContain(first.id);
    expect(again.open.find((o) => o.incidentId === inc.id)!.sent).toBe(
      r.open.find((o) => o.incidentId === inc.id)!.sent + 1,
    );
  });

  it('move-up: the engine’s result for the committed aircraft, with progress; recorded on the incident they serve', async () => {
    progress.length = 0;
    // The forest fire's coverage (bucket helicopters), with 大同's 晋应-H05 sent too (what-if).
    const r = await planning['planning:moveUp']({
      jobId: 'mu1',
      hazard: 'forest_fire',
      extraCommit: ['base-ZBDT-ac1'],
    });
    expect(r.status).toBe('done');
    if (r.status !== 'done') return;
    const p = await store.call('picture');
    const inputs = moveUpInputs(p, ['base-ZBDT-ac1']);
    expect(inputs.commit).toEqual(['base-ZBDT-ac1', 'base-fa-qinyuan-ac1', 'base-fa-qinyuan-ac2']);
    expect(r.commitments.map((c) => [c.aircraftId, c.incidentId, c.hypothetical])).toEqual([
      ['base-ZBDT-ac1', null, true],
      ['base-fa-qinyuan-ac1', 'inc-20261129-001', false],
      ['base-fa-qinyuan-ac2', 'inc-20261129-001', false],
    ]);
    const grid = prepareCoverageGrid(counties, 1);
    expect(r.result).toEqual(
      moveUp(inputs.bases, grid, inputs.commit, { minutes: 60, now: NOW, hazard: 'forest_fire' }),
    );
    // The north loses its only bucket helicopter's cover; a move wins most of it back.
    expect(r.result.lostAreaKm2).toBeGreaterThan(5000);
    expect(r.result.moves.length).toBeGreaterThan(0);
    expect(progress.map((x) => x.phase)).toEqual(['grid', 'coverage', 'evaluate', 'evaluate', 'done']);
    expect(progress.map((x) => x.percent)).toEqual([...progress.map((x) => x.percent)].sort((a, b) => a - b));

    const rec = await planning['planning:recordMoveUp']({ jobId: 'mu1', text: '航空调防建议' });
    expect(rec.entries.map((e) => [e.incidentId, e.by.name, e.data.planning])).toEqual([
      ['inc-20261129-001', '李建国', 'move_up'],
    ]);
    expect((rec.entries[0]!.data.moves as { aircraftId: string }[]).map((m) => m.aircraftId)).toEqual(
      r.result.moves.map((m) => m.aircraftId),
    );
    await expect(planning['planning:recordMoveUp']({ jobId: 'nope', text: 'x' })).rejects.toMatchObject({
      params: { variant: 'planning_stale' },
    });
    // A what-if commitment of an aircraft in maintenance changes nothing and is refused, named.
    await expect(
      planning['planning:moveUp']({ jobId: 'mu2', extraCommit: ['base-ZBLF-ac2'] }),
    ).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('base-ZBLF-ac2'),
    });
  }, 60_000);

  it('siting: a chosen site is whatIfBase’s gain with hazard-weighted coverage; the county seats are bestSite’s ranking', async () => {
    const p = await store.call('picture');
    const grid = prepareCoverageGrid(counties, 1);
    // 神池县's seat, in the north-west corner the network barely reaches (the best county seat).
    const site: [number, number] = countySeats(counties).find((c) => c.label === '神池县')!.location as [
      number,
      number,
    ];
    const r = await planning['planning:siting']({ jobId: 's1', site });
    expect(r.status).toBe('done');
    if (r.status !== 'done') return;
    expect(r.site).toEqual(whatIfBase(p.bases, grid, site, { minutes: 60, now: NOW }));
    expect(r.site!.gainKm2).toBeGreaterThan(0);
    const w = weightedSiteGain(p.bases, grid, site, hazardZonesFromGeoJSON(hazards), { now: NOW })!;
    expect(r.weighted).toEqual(w);
    expect(w.after.plainCoveredFraction).toBeCloseTo(r.site!.coveredFractionAfter, 12);
    expect(w.after.plainCoveredFraction).toBeGreaterThan(w.before.plainCoveredFraction);

    const seats = await planning['planning:siting']({ jobId: 's2', search: 'county_seats' });
    expect(seats.status).toBe('done');
    if (seats.status !== 'done') return;
    const whole = bestSite(p.bases, grid, countySeats(counties), { minutes: 60, now: NOW });
    expect(seats.candidates).toBe(117);
    expect(seats.ranked).toEqual(whole.ranked.slice(0, 10));
    expect(seats.coveredAreaKm2Before).toBe(whole.coveredAreaKm2Before);
  }, 60_000);

  it('a long search is cancelled between chunks: it answers cancelled and keeps nothing', async () => {
    progress.length = 0;
    const running = planning['planning:siting']({ jobId: 'long', search: 'lattice', spacingKm: 3 });
    // Cancel once it reports evaluating (the lattice at 3 km is ~17,000 candidates).
    await expect
      .poll(() => progress.some((x) => x.jobId === 'long' && x.phase === 'evaluate'), { timeout: 30_000 })
      .toBe(true);
    expect(await planning['planning:cancel']({ jobId: 'long' })).toEqual({ cancelled: true });
    expect(await running).toEqual({ status: 'cancelled' });
    const last = progress.filter((x) => x.jobId === 'long').at(-1)!;
    expect(last.phase).toBe('evaluate');
    expect(last.done).toBeLessThan(last.total);
    expect(await planning['planning:cancel']({ jobId: 'long' })).toEqual({ cancelled: false });
  }, 60_000);
});
