import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  baseReachRadius,
  networkCapabilitiesFor,
  reachAreas,
  reachNetwork,
} from '../../../../src/shared/dispatch';
import { loadScenarioText, type AviationBase } from '../../../../src/shared/domain';
import { distanceMetres } from '../../../../src/shared/geo';
import { aircraft, base } from './fixtures';

/** 沁源 (Qinyuan county, Changzhi): the place where the old rule counted a survey drone. */
const QINYUAN: [number, number] = [112.34, 36.5];

function demoBases(): AviationBase[] {
  const s = loadScenarioText(readFileSync('assets/scenarios/shanxi-demo.json', 'utf8'));
  if (!s.ok) throw new Error(s.error.message);
  return s.value.bases;
}

describe('1-hour aviation network counts rescue-capable aircraft (沁源, demo scenario)', () => {
  const bases = demoBases();

  it('the 沁源 forest-aviation station, whose helicopters are committed, does not count for its survey drone', () => {
    const r = reachNetwork(bases, QINYUAN, { minutes: 60 });
    const qinyuan = [...r.within, ...r.beyond].find((b) => b.baseId === 'base-fa-qinyuan')!;
    expect(r.within.map((b) => b.baseId)).not.toContain('base-fa-qinyuan');
    expect(qinyuan.withinThreshold).toBe(false);
    expect(qinyuan.etaMinutes).toBeNull();
    expect(qinyuan.counting).toBeNull();
    // Both helicopters are there but committed; the drone is available but does not count.
    expect(qinyuan.aircraft.map((a) => [a.id, a.refused, a.counts])).toEqual([
      ['base-fa-qinyuan-ac3', null, false],
      ['base-fa-qinyuan-ac1', 'not_available', true],
      ['base-fa-qinyuan-ac2', 'not_available', true],
    ]);
  });

  it('the survey drone is listed apart with its time (about 19 min), never in the network', () => {
    const r = reachNetwork(bases, QINYUAN, { minutes: 60 });
    const drone = r.recon.find((x) => x.id === 'base-fa-qinyuan-ac3')!;
    // 6.5 km from the station [112.3, 36.55] at 60 km/h: 10 launch + 6.6 flight + 2 approach = 18.6 min.
    const d = distanceMetres([112.3, 36.55], QINYUAN) / 1000;
    expect(d).toBeCloseTo(6.61, 1);
    expect(drone.etaMinutes).toBeCloseTo(10 + (d / 60) * 60 + 2, 9);
    expect(drone.etaMinutes).toBeCloseTo(18.61, 2);
    expect(drone).toMatchObject({ callsign: '晋应-U20', baseId: 'base-fa-qinyuan', withinThreshold: true });
    // The other recon drones (翼龙-2H at Taiyuan, the M350 at Lüliang) are listed too, never counted.
    expect(r.recon.map((x) => x.id)).toEqual(['base-fa-qinyuan-ac3', 'base-ZBYN-ac4', 'base-ZBLL-ac2']);
    for (const b of r.within) expect(b.aircraft.find((a) => a.id === b.counting!.id)!.reconOnly).toBe(false);
  });

  it('the first base that counts is 临汾尧都 with 晋应-H13 (Bell 407) at 35.5 min, hand-checked', () => {
    const r = reachNetwork(bases, QINYUAN, { minutes: 60 });
    const first = r.within[0]!;
    // 临汾尧都机场 [111.641236, 36.132629] → 沁源 74.76 km; Bell 407 at 230 km/h:
    // 12 launch + 74.76 / 230 × 60 = 19.50 flight + 4 approach = 35.50 min.
    expect(first.baseId).toBe('base-ZBLF');
    expect(first.distanceKm).toBeCloseTo(74.755, 2);
    expect(first.counting).toMatchObject({ id: 'base-ZBLF-ac1', callsign: '晋应-H13', speedBasis: 'clean' });
    expect(first.counting!.etaMinutes).toBeCloseTo(12 + (first.distanceKm / 230) * 60 + 4, 9);
    expect(first.counting!.etaMinutes).toBeCloseTo(35.5, 1);
    expect(first.bestAircraftId).toBe('base-ZBLF-ac1');
    // Then 长治王村 with 晋应-H07 (AC313).
    expect(r.within[1]).toMatchObject({ baseId: 'base-ZBCZ', counting: { callsign: '晋应-H07' } });
  });

  it('the old rule (every aircraft counts: capabilities []) would have put the drone first at 18.6 min', () => {
    const old = reachNetwork(bases, QINYUAN, { minutes: 60, capabilities: [] });
    expect(old.within[0]!.baseId).toBe('base-fa-qinyuan');
    expect(old.within[0]!.bestAircraftId).toBe('base-fa-qinyuan-ac3');
    expect(old.recon).toEqual([]);
  });

  it('reach areas and the base reach radius leave the drone out', () => {
    const q = bases.find((b) => b.id === 'base-fa-qinyuan')!;
    expect(baseReachRadius(q, 3600)).toEqual({ radiusM: -1, aircraft: null });
    const fc = reachAreas(bases, 60);
    expect(fc.features.some((f) => f.properties.baseId === 'base-fa-qinyuan')).toBe(false);
  });
});

describe('counting capabilities per hazard', () => {
  it('uses the aerial capabilities of the hazard row, else the general rescue set', () => {
    expect(networkCapabilitiesFor('forest_fire')).toEqual(['aerial_firefighting']);
    expect(networkCapabilitiesFor('flood')).toEqual(['aerial_rescue', 'airlift']);
    expect(networkCapabilitiesFor('earthquake')).toEqual(['aerial_rescue', 'airlift']);
    // A landslide's row has no aerial capability: the general set (never reconnaissance).
    expect(networkCapabilitiesFor('landslide')).toEqual([
      'aerial_rescue',
      'aerial_firefighting',
      'airlift',
      'medical',
      'search_rescue',
      'water_rescue',
    ]);
    expect(networkCapabilitiesFor(undefined)).not.toContain('reconnaissance');
  });

  it('a medical helicopter counts for a flood but not for a forest fire', () => {
    const HERE: [number, number] = [112.55, 37.85];
    const bases = [
      base(
        'med',
        [112.55, 38.05],
        [
          aircraft('h135', {
            capabilities: ['medical', 'aerial_rescue'],
            bucketLitres: 0,
            cruiseSpeedKmh: 250,
          }),
        ],
      ),
      base(
        'fire',
        [112.55, 38.25],
        [aircraft('ka32', { capabilities: ['aerial_firefighting'], cruiseSpeedKmh: 230 })],
      ),
    ];
    expect(reachNetwork(bases, HERE, { hazard: 'flood' }).within.map((b) => b.baseId)).toEqual(['med']);
    const ff = reachNetwork(bases, HERE, { hazard: 'forest_fire' });
    expect(ff.within.map((b) => b.baseId)).toEqual(['fire']);
    expect(ff.countingCapabilities).toEqual(['aerial_firefighting']);
    // The bucket helicopter flies at 0.8 × 230 = 184 km/h to a forest fire.
    expect(ff.within[0]!.counting!.speedBasis).toBe('external_load');
    expect(ff.within[0]!.aircraft[0]!.speedKmh).toBeCloseTo(184, 9);
  });
});
