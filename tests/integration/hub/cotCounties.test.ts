import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCotCounties } from '../../../src/hub/cot/config';
import { startCotHub, WARNING, type CotHub } from './cotSupport';
import { connectCotTcp } from '../../support/cot';
import { SHANXI_PACK } from '../../support/tmp';

/**
 * A warning drawn by county reaches TAK clients as its counties' shapes when the hub is given the
 * pack's county outlines (`--cot-counties FILE`): the test warning has one drawn ring (shape 0) and
 * the county 小店区 (shape 1, its outline from the Shanxi pack, thinned, lat,lon, closed).
 */
let h: CotHub;
beforeAll(async () => {
  const counties = loadCotCounties(join(SHANXI_PACK, 'shanxi_district_tianditu2024.geojson'));
  h = await startCotHub({ counties });
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('warnings by county over CoT', () => {
  it('sends each chosen county as a closed u-d-f shape in lat,lon order', async () => {
    const s = await connectCotTcp(h.hub.cot!.ports().tcp!);
    await expect
      .poll(() => s.events().some((e) => e.uid() === `jinying.warning.${WARNING}.1`), { timeout: 20_000 })
      .toBe(true);
    const shape = s.events().find((e) => e.uid() === `jinying.warning.${WARNING}.1`)!;
    expect(shape.type()).toBe('u-d-f');
    const pts = (shape.raw.event.detail!.link as unknown as { _attributes: { point: string } }[]).map((l) =>
      l._attributes.point.split(',').map(Number),
    );
    expect(pts.length).toBeGreaterThan(10);
    expect(pts.length).toBeLessThanOrEqual(302);
    expect(pts[0]).toEqual(pts.at(-1));
    // 小店区 lies south-east of Taiyuan: latitude first, then longitude.
    for (const [lat, lon] of pts) {
      expect(lat).toBeGreaterThan(37.5);
      expect(lat).toBeLessThan(38.0);
      expect(lon).toBeGreaterThan(112.3);
      expect(lon).toBeLessThan(112.9);
    }
    s.end();
  }, 60_000);

  it('refuses a counties file with no county in it, naming the flag', () => {
    expect(() => loadCotCounties(join(SHANXI_PACK, 'shanxi_points.geojson'))).toThrow(
      /--cot-counties .* no county polygon/,
    );
  });
});
