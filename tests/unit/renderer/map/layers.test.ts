import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { readScenarioFile } from '../../../../src/main/services/scenarioFile';
import { computeCoverage, computeReach } from '../../../../src/main/services/mapReach';
import {
  coverageToGeoJson,
  pictureToGeoJson,
  reachToGeoJson,
  STALE_FIX_MS,
} from '../../../../src/renderer/map/operationalLayers';
import type { Picture } from '../../../../src/shared/ipc';
import { SHANXI_PACK, DEMO_SCENARIO } from '../../../support/tmp';

const s = readScenarioFile(DEMO_SCENARIO);
const picture: Picture = {
  incidents: s.incidents,
  units: s.units,
  bases: s.bases,
  depots: s.depots,
  assignments: s.assignments,
};
const counties = JSON.parse(
  readFileSync(join(SHANXI_PACK, 'shanxi_district_tianditu2024.geojson'), 'utf8'),
) as FeatureCollection;
const now = Date.parse(s.units[0]!.positionFixAt) + 5 * 60_000;

describe('operational layers from the picture', () => {
  it('one feature per record, closed incidents left out, icons by hazard/level and kind/status', () => {
    const g = pictureToGeoJson(picture, now);
    expect(g.units.features).toHaveLength(picture.units.length);
    expect(g.bases.features).toHaveLength(picture.bases.length);
    expect(g.depots.features).toHaveLength(picture.depots.length);
    expect(g.incidents.features).toHaveLength(picture.incidents.filter((i) => i.status !== 'closed').length);
    const i = picture.incidents[0]!;
    expect(g.incidents.features.find((f) => f.properties!.id === i.id)!.properties!.icon).toBe(
      `inc:${i.hazard}:${i.level}`,
    );
  });
  it('marks a unit stale once its fix is older than the limit', () => {
    const u = picture.units[0]!;
    const t = Date.parse(u.positionFixAt);
    const stale = (at: number) =>
      pictureToGeoJson(picture, at).units.features.find((f) => f.properties!.id === u.id)!.properties!.stale;
    expect(stale(t + STALE_FIX_MS - 1000)).toBe(false);
    expect(stale(t + STALE_FIX_MS + 1000)).toBe(true);
  });
});

describe('reach and coverage (computed in main by the dispatch engine)', () => {
  it('gives each base a reach circle and the incident ground candidates sorted by ETA', () => {
    const inc = picture.incidents[0]!;
    const r = computeReach(picture, inc, 60, now);
    expect(r.bases).toHaveLength(picture.bases.length);
    const reaching = r.bases.filter((b) => b.etaMinutes !== null && b.etaMinutes <= 60);
    // A base whose reach circle contains the incident reaches it in time, and the other way round.
    for (const b of reaching) expect(b.reachM).toBeGreaterThan(0);
    expect(r.units.length).toBeGreaterThan(0);
    const etas = r.units.map((u) => u.etaMinutes);
    expect([...etas].sort((a, b) => a - b)).toEqual(etas);
    const drawn = reachToGeoJson(r, picture);
    expect(drawn.areas.features.length).toBe(r.bases.filter((b) => b.reachM > 0).length);
    expect(drawn.links.features).toHaveLength(r.units.length);
  });
  it('shades all 117 counties between 0 and 1 and names the places left out', () => {
    const c = computeCoverage(picture, counties, [{ name: 'far away', location: [100, 30] }], 'test', 60);
    expect(c.counties).toHaveLength(117);
    for (const x of c.counties) {
      expect(x.covered).toBeGreaterThanOrEqual(0);
      expect(x.covered).toBeLessThanOrEqual(1);
    }
    expect(c.uncoveredPlaces.map((p) => p.name)).toContain('far away');
    const g = coverageToGeoJson(c, counties);
    expect(g.counties.features).toHaveLength(117);
    // With no bases at all, nothing is covered.
    const none = computeCoverage({ ...picture, bases: [] }, counties, [], 'test', 60);
    expect(none.counties.every((x) => x.covered === 0)).toBe(true);
  });
});
