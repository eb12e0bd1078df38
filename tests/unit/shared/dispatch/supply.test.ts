import { describe, expect, it } from 'vitest';
import { allocateSupplies, isColdSeason, supplyNeeds } from '../../../../src/shared/dispatch';
import { at, depot, HERE } from './fixtures';

const stock = (items: [string, number, number?][]) =>
  items.map(([item, quantity, minimum]) => ({
    item: item as never,
    quantity,
    unit: '件',
    minimum: minimum ?? 0,
  }));

describe('supply needs', () => {
  it('follows the documented ratios (hand-checked for 1,000 affected, 30 % displaced, 3 days, cold)', () => {
    const n = Object.fromEntries(supplyNeeds(1000).map((x) => [x.item, x.needed]));
    expect(n).toEqual({
      tent: 75, // 300 displaced ÷ 4
      folding_bed: 150,
      quilt: 600, // two per displaced in the cold season
      cotton_coat: 300,
      drinking_water: 750, // ¼ case × 1,000 × 3 days
      instant_food: 750,
      medical_kit: 10,
      lighting: 3,
      generator: 1, // 0.6 rounded up
    });
  });

  it('warm season drops the second quilt and the coats; ratios are configurable', () => {
    const warm = Object.fromEntries(supplyNeeds(1000, { coldSeason: false }).map((x) => [x.item, x.needed]));
    expect(warm.quilt).toBe(300);
    expect(warm.cotton_coat).toBeUndefined();
    const custom = supplyNeeds(100, {
      ratios: [{ item: 'tent', per: 'affected', perPerson: 0.5, perDay: false, basis: 'test' }],
    });
    expect(custom).toEqual([{ item: 'tent', needed: 50, basis: ['test'] }]);
  });

  it("knows Shanxi's heating season", () => {
    expect(isColdSeason(Date.parse('2026-11-29T08:00:00+08:00'))).toBe(true);
    expect(isColdSeason(Date.parse('2026-07-01T08:00:00+08:00'))).toBe(false);
    expect(isColdSeason(Date.parse('2026-10-15T00:30:00+08:00'))).toBe(true);
    expect(isColdSeason(Date.parse('2026-04-15T12:00:00+08:00'))).toBe(false);
  });
});

describe('supply allocation', () => {
  const ratios = [
    { item: 'tent' as const, per: 'affected' as const, perPerson: 1, perDay: false, basis: 'test' },
  ];

  it('takes from the nearest depot first, never more than it holds, across levels', () => {
    const depots = [
      depot('prov', { level: 'province', location: at(150), stock: stock([['tent', 1000]]) }),
      depot('county', { level: 'county', location: at(10), stock: stock([['tent', 30]]) }),
      depot('city', { level: 'city', location: at(40), stock: stock([['tent', 50]]) }),
    ];
    const plan = allocateSupplies(depots, HERE, 100, { ratios });
    expect(plan.shipments.map((s) => [s.depotId, s.items[0]!.quantity])).toEqual([
      ['county', 30],
      ['city', 50],
      ['prov', 20],
    ]);
    expect(plan.needs[0]).toMatchObject({ needed: 100, allocated: 100, shortfall: 0 });
    expect(plan.meetsTarget).toBe(true);
    // 30 tents × 0.2 m³ = 6 m³: one truck, 30 min call-out + 40 min loading; then 10 km × 1.25
    // basin circuity at 35 km/h.
    expect(plan.shipments[0]).toMatchObject({ volumeM3: 6, trucks: 1, loadingMinutes: 70 });
    expect(plan.shipments[0]!.travelMinutes).toBeCloseTo(70 + (12.5 / 35) * 60, 6);
    // No report time given: the clock starts now, and the last mile (2 h) comes on top.
    expect(plan).toMatchObject({ clockStartsAt: null, elapsedMinutes: 0, lastMileMinutes: 120 });
    expect(plan.shipments[0]!.inHandsMinutes).toBeCloseTo(plan.shipments[0]!.arrivesMinutes + 120, 9);
  });

  it('says plainly what is short, and what arrives after the target', () => {
    const depots = [
      depot('near', { location: at(10), stock: stock([['tent', 10]]) }),
      depot('far', { location: at(600), stock: stock([['tent', 10]]) }),
    ];
    const plan = allocateSupplies(depots, HERE, 100, { ratios, targetHours: 10 });
    expect(plan.complete).toBe(false);
    expect(plan.needs[0]!.shortfall).toBe(80);
    expect(plan.shipments.find((s) => s.depotId === 'far')!.withinTarget).toBe(false);
    expect(plan.allWithinTarget).toBe(false);
    expect(plan.meetsTarget).toBe(false);
    expect(plan.problems.join('\n')).toMatch(/tent: 80 of 100 not in stock/);
    const enough = allocateSupplies([depots[1]!], HERE, 5, { ratios });
    expect(enough.problems.join('\n')).toMatch(/beyond the 10 h target/);
  });

  it('can keep reserves untouched', () => {
    const depots = [depot('d', { location: at(5), stock: stock([['tent', 100, 60]]) })];
    expect(allocateSupplies(depots, HERE, 100, { ratios, keepMinimum: true }).needs[0]!.allocated).toBe(40);
    expect(allocateSupplies(depots, HERE, 100, { ratios }).needs[0]!.allocated).toBe(100);
  });

  it('zero affected needs nothing; bad numbers are refused', () => {
    const plan = allocateSupplies([], HERE, 0);
    expect(plan.needs).toEqual([]);
    expect(plan.meetsTarget).toBe(true);
    expect(() => allocateSupplies([], HERE, -1)).toThrow(RangeError);
    expect(() => allocateSupplies([], HERE, 10, { displacedShare: 2 })).toThrow(RangeError);
  });

  it('uses a road router when given one', () => {
    const depots = [depot('a', { location: at(10), stock: stock([['tent', 100]]) })];
    const plan = allocateSupplies(depots, HERE, 10, { ratios, travelSeconds: () => 7200 });
    expect(plan.shipments[0]).toMatchObject({ driveMinutes: 120, loadingMinutes: 70, travelMinutes: 190 });
  });

  it('starts the 10-hour clock at the report, loads longer for more, and tells arrival from in people’s hands', () => {
    const depots = [depot('d', { location: at(10), stock: stock([['tent', 5000]]) })];
    const drive = (12.5 / 35) * 60;
    // Allocated 3 h after the report: 3 h are gone before a truck is loaded.
    const late = allocateSupplies(depots, HERE, 100, {
      ratios,
      reportedAt: '2026-11-29T05:00:00+08:00',
      now: '2026-11-29T08:00:00+08:00',
    });
    expect(late).toMatchObject({ clockStartsAt: '2026-11-28T21:00:00.000Z', elapsedMinutes: 180 });
    expect(late.shipments[0]!.arrivesMinutes).toBeCloseTo(180 + 70 + drive, 6);
    expect(late.needs[0]!.lastInHandsMinutes).toBeCloseTo(180 + 70 + drive + 120, 6);
    // 4,000 tents = 800 m³ = 18 trucks of 45 m³, two bays: 30 + 9 × 40 = 390 min of loading.
    const big = allocateSupplies(depots, HERE, 4000, {
      ratios,
      reportedAt: '2026-11-29T05:00:00+08:00',
      now: '2026-11-29T08:00:00+08:00',
    });
    expect(big.shipments[0]).toMatchObject({ volumeM3: 800, trucks: 18, loadingMinutes: 390 });
    // On site in 3 + 6.5 + 0.36 h = 9.9 h, within 10 h; in people's hands 2 h later: beyond it.
    expect(big.lastArrivalMinutes!).toBeLessThan(600);
    expect(big.lastInHandsMinutes!).toBeGreaterThan(600);
    expect(big.meetsTarget).toBe(false);
    expect(big.problems.join('\n')).toMatch(
      /in people's hands 11\.9 h after the report, beyond the 10 h target/,
    );
    // A shorter last mile (configuration) brings it back within.
    expect(
      allocateSupplies(depots, HERE, 4000, {
        ratios,
        reportedAt: '2026-11-29T05:00:00+08:00',
        now: '2026-11-29T08:00:00+08:00',
        lastMileMinutes: 5,
      }).meetsTarget,
    ).toBe(true);
    // Reported 11 h ago: the target has already passed, and the plan says so.
    const past = allocateSupplies(depots, HERE, 10, {
      ratios,
      reportedAt: '2026-11-28T21:00:00+08:00',
      now: '2026-11-29T08:00:00+08:00',
    });
    expect(past.problems[0]).toMatch(/the 10\.0 h target passed 1\.0 h ago/);
  });
});
