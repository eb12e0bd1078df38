/**
 * The 11 prefecture-level city centres of Shanxi (GeoNames, CC BY 4.0), built in so that the map
 * still gives orientation with no map pack. Points only: no boundary is ever drawn without an
 * authorised pack (a border from an unofficial source must never appear).
 */
export const CITY_CENTRES_ATTRIBUTION = 'GeoNames (CC BY 4.0)';

export const CITY_CENTRES: readonly {
  name: string;
  nameEn: string;
  adcode: string;
  location: [number, number];
}[] = [
  { name: '太原市', nameEn: 'Taiyuan', adcode: '140100', location: [112.56028, 37.86944] },
  { name: '大同市', nameEn: 'Datong', adcode: '140200', location: [113.29139, 40.09361] },
  { name: '阳泉市', nameEn: 'Yangquan', adcode: '140300', location: [113.56333, 37.8575] },
  { name: '长治市', nameEn: 'Changzhi', adcode: '140400', location: [113.10528, 36.18389] },
  { name: '晋城市', nameEn: 'Jincheng', adcode: '140500', location: [112.83278, 35.50222] },
  { name: '朔州市', nameEn: 'Shuozhou', adcode: '140600', location: [112.4225, 39.31583] },
  { name: '晋中市', nameEn: 'Jinzhong', adcode: '140700', location: [112.73194, 37.68028] },
  { name: '运城市', nameEn: 'Yuncheng', adcode: '140800', location: [110.99278, 35.02306] },
  { name: '忻州市', nameEn: 'Xinzhou', adcode: '140900', location: [112.73333, 38.40917] },
  { name: '临汾市', nameEn: 'Linfen', adcode: '141000', location: [111.51889, 36.08889] },
  { name: '吕梁市', nameEn: 'Lüliang', adcode: '141100', location: [111.13417, 37.51556] },
];

export function cityCentresGeoJson(): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: CITY_CENTRES.map((c) => ({
      type: 'Feature',
      properties: { kind: 'city_centre', name_zh: c.name, name_en: c.nameEn, adcode: c.adcode },
      geometry: { type: 'Point', coordinates: c.location },
    })),
  };
}
