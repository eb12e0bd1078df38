import { describe, expect, it } from 'vitest';
import {
  buildSearchIndex,
  searchEntries,
  searchKeys,
} from '../../../src/renderer/features/search/searchIndex';

const county = (name: string, city: string, lon: number, lat: number) => ({
  type: 'Feature' as const,
  properties: { district_name: name, city_name: city, district_adcode: name, lon, lat },
  geometry: { type: 'Point' as const, coordinates: [lon, lat] },
});
const counties: GeoJSON.FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    county('迎泽区', '太原市', 112.56, 37.86),
    county('尧都区', '临汾市', 111.52, 36.08),
    county('沁源县', '长治市', 112.33, 36.5),
  ],
};

describe('map search', () => {
  it('keys a name by Chinese, full pinyin and initials', () => {
    expect(searchKeys('太原市')).toEqual(['太原市', 'taiyuanshi', 'tys']);
  });
  it('finds counties by initials, full pinyin or characters, and built-in cities without a pack', () => {
    const index = buildSearchIndex(null, counties, null, (k) => k);
    expect(searchEntries(index, 'yzq')[0]!.name).toBe('迎泽区');
    expect(searchEntries(index, 'qinyuan')[0]!.name).toBe('沁源县');
    expect(searchEntries(index, '尧都')[0]!.name).toBe('尧都区');
    // The 11 city centres are built in.
    expect(searchEntries(index, 'tys')[0]).toMatchObject({ kind: 'city', name: '太原市' });
    expect(searchEntries(index, 'zzz')).toEqual([]);
    expect(searchEntries(index, '  ')).toEqual([]);
  });
});
