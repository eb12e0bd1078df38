/** A lng/lat rectangle as a closed GeoJSON polygon ring (counter-clockwise, RFC 7946). */
export const rectPolygon = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

/** A rectangular "county" feature with an adcode and a name. */
export const boxFeature = (
  code: string,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  name: string = code,
) => ({
  type: 'Feature' as const,
  properties: { adcode: code, name },
  geometry: rectPolygon(x0, y0, x1, y1),
});
