import { describe, expect, it } from 'vitest';
import {
  buildRoadGraph,
  DEFAULT_ROAD_SPEEDS_KMH,
  roadGraphRouter,
} from '../../../../src/shared/geo/roadGraph';
import { crowFliesGroundModel } from '../../../../src/shared/geo/eta';
import { distanceMetres } from '../../../../src/shared/geo/spherical';

// Two trips reported when the last counties reached an expressway (Xinhua, 2024-12-27): 汾阳 to
// 石楼 by the 汾石 expressway in 1 h (was 2 h 30), 浮山 to 临汾 by the 浮临 expressway in 15 min
// (was 40). The straight-line model prices both far too long; a road layer with those expressways
// prices them near what was reported.
const FENYANG: [number, number] = [111.788, 37.261];
const SHILOU: [number, number] = [110.834, 36.998];
const FUSHAN: [number, number] = [111.848, 35.968];
const LINFEN: [number, number] = [111.519, 36.088];

/** A line from a to b through `via`, as a road feature of a class. */
const road = (cls: string, ...pts: [number, number][]) => ({
  type: 'Feature',
  properties: { highway: cls },
  geometry: { type: 'LineString', coordinates: pts },
});

const fenshi = road('motorway', FENYANG, [111.5, 37.18], [111.2, 37.1], SHILOU); // 汾石高速 (coarse)
const fulin = road('高速', FUSHAN, [111.7, 36.02], LINFEN); // 浮临高速 (coarse)
const oldCountyRoad = road('县道', FENYANG, [111.6, 37.4], [111.2, 37.3], SHILOU);

describe('road graph router', () => {
  it('prices the two reported Shanxi expressway trips near the reported times, where crow-flies is 2–3× long', async () => {
    const router = roadGraphRouter(buildRoadGraph([fenshi, fulin, oldCountyRoad]), { name: 'pack-roads' });
    const [fs] = await router.route([FENYANG], SHILOU);
    const [fl] = await router.route([FUSHAN], LINFEN);
    const crow = crowFliesGroundModel();
    const crowFs = crow.estimate(FENYANG, SHILOU, 'fire_rescue').travelS / 60;
    const crowFl = crow.estimate(FUSHAN, LINFEN, 'fire_rescue').travelS / 60;
    const roadFs = fs!.durationS / 60;
    const roadFl = fl!.durationS / 60;
    // A fire engine at 80 km/h on the expressway: a little slower than the cars' reported 60 / 15 min.
    expect(roadFs).toBeGreaterThan(60);
    expect(roadFs).toBeLessThan(80);
    expect(roadFl).toBeGreaterThan(15);
    expect(roadFl).toBeLessThan(25);
    // The straight-line model: about 2× and 3× the reported times.
    expect(crowFs / 60).toBeGreaterThan(1.8);
    expect(crowFl / 15).toBeGreaterThan(3);
    // The road distance is the polyline's, longer than the great circle.
    expect(fs!.distanceM).toBeGreaterThan(distanceMetres(FENYANG, SHILOU));
  });

  it('takes the faster expressway over the shorter-looking county road, and the county road when it is the only one', async () => {
    const both = roadGraphRouter(buildRoadGraph([fenshi, oldCountyRoad]));
    const countyOnly = roadGraphRouter(buildRoadGraph([oldCountyRoad]));
    const [viaExpressway] = await both.route([FENYANG], SHILOU);
    const [viaCounty] = await countyOnly.route([FENYANG], SHILOU);
    expect(viaExpressway!.durationS).toBeLessThan(viaCounty!.durationS);
    // The county road at its class speed.
    const kmh = viaCounty!.distanceM / 1000 / (viaCounty!.durationS / 3600);
    expect(kmh).toBeCloseTo(DEFAULT_ROAD_SPEEDS_KMH.secondary!, 0);
  });

  it('uses a feature’s own speed_kmh over its class', async () => {
    const slow = { ...fulin, properties: { highway: 'motorway', speed_kmh: 30 } };
    const [r] = await roadGraphRouter(buildRoadGraph([slow])).route([FUSHAN], LINFEN);
    expect(r!.distanceM / 1000 / (r!.durationS / 3600)).toBeCloseTo(30, 0);
  });

  it('finds no route between networks that do not meet, or for a point far from any road', async () => {
    const router = roadGraphRouter(buildRoadGraph([fenshi, fulin]), { snapMaxM: 5_000 });
    const [apart, far] = await router.route([FENYANG, [113.0, 38.5]], LINFEN);
    expect(apart).toBeNull();
    expect(far).toBeNull();
    expect(await roadGraphRouter(buildRoadGraph([])).route([FENYANG], LINFEN)).toEqual([null]);
  });

  it('refuses a road layer with broken geometry, naming the feature', () => {
    expect(() => buildRoadGraph([fenshi, road('primary', FUSHAN, [999, 1] as [number, number])])).toThrow(
      /road feature 1: \[999,1\] is not \[lng, lat\]/,
    );
  });
});
