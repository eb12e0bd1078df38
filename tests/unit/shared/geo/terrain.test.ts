import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FeatureCollection, Point } from 'geojson';
import { terrainAt } from '../../../../src/shared/geo';
import { MAP_PACK } from './mapPack';

/**
 * Terrain classes pinned at real places. An independent check found the basin outlines put eight
 * basin towns in the mountains (so their road times were priced as mountain roads); these are the
 * county seats' coordinates (approximate, to about 1 km).
 */
const TOWNS: [string, [number, number], 'basin' | 'mountain'][] = [
  ['运城 (盐湖区)', [110.99, 35.02], 'basin'],
  ['永济', [110.45, 34.87], 'basin'],
  ['河津', [110.71, 35.6], 'basin'],
  ['稷山', [110.98, 35.6], 'basin'],
  ['榆次 (晋中)', [112.71, 37.7], 'basin'],
  ['汾阳', [111.79, 37.27], 'basin'],
  ['孝义', [111.78, 37.15], 'basin'],
  ['原平', [112.71, 38.73], 'basin'],
  ['高平', [112.92, 35.8], 'basin'],
  ['介休', [111.92, 37.03], 'basin'],
  // And the ranges beside them stay mountain.
  ['中条山 (舜王坪)', [111.75, 35.18], 'mountain'],
  ['中条山 (永济东南)', [110.7, 34.78], 'mountain'],
  ['吕梁山 (关帝山)', [111.45, 37.85], 'mountain'],
  ['太行山 (寿阳)', [113.17, 37.89], 'mountain'],
  ['五台山', [113.6, 38.95], 'mountain'],
  ['沁源', [112.34, 36.5], 'mountain'],
];

// The 11 city centres of the map pack: every one but the mountain cities 阳泉 and 吕梁 (离石) is on a basin floor.
const CITY_CLASS: Record<string, 'basin' | 'mountain'> = {
  太原市: 'basin',
  大同市: 'basin',
  阳泉市: 'mountain',
  长治市: 'basin',
  晋城市: 'basin',
  朔州市: 'basin',
  晋中市: 'basin',
  运城市: 'basin',
  忻州市: 'basin',
  临汾市: 'basin',
  吕梁市: 'mountain',
};

describe('terrain classes at real places', () => {
  it.each(TOWNS)('%s is %s', (_name, at, cls) => {
    expect(terrainAt(at)).toBe(cls);
  });

  it('each of the 11 city centres in the map pack has its class', () => {
    const points = JSON.parse(readFileSync(`${MAP_PACK}/shanxi_points.geojson`, 'utf8')) as FeatureCollection<
      Point,
      { kind: string; name_zh: string }
    >;
    const centres = points.features.filter((f) => f.properties.kind === 'city_centre');
    expect(centres.map((f) => f.properties.name_zh).sort()).toEqual(Object.keys(CITY_CLASS).sort());
    for (const f of centres)
      expect(terrainAt(f.geometry.coordinates as [number, number]), f.properties.name_zh).toBe(
        CITY_CLASS[f.properties.name_zh],
      );
  });
});
