import { DEG, EARTH_RADIUS_M } from './spherical';
import type { Region } from './polygon';

/**
 * An equal-area grid of cell centres over a set of regions (the counties of a province), for
 * coverage analysis. Rows are `cellKm` apart in latitude; inside each row the longitude step is
 * widened by 1/cos(lat) so that every cell is `cellKm` × `cellKm` on the ground, which lets us add
 * up areas by counting cells.
 *
 * Cells are assigned to regions by scanline rasterisation with a half-open rule (a centre exactly
 * on a shared edge goes to exactly one side), so the regions' cells never overlap when the regions
 * themselves do not. Cell centres are also kept as unit vectors: "within r metres of a point" then
 * is one dot product against cos(r / R), which is what makes province-wide coverage fast.
 */
export interface AreaGrid {
  cellKm: number;
  cellAreaKm2: number;
  count: number;
  lng: Float64Array;
  lat: Float64Array;
  /** Index into `regions` for each cell. */
  region: Int32Array;
  /** Unit vectors of the cell centres (x toward 0°E on the equator, z toward the north pole). */
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  regions: readonly Region[];
  /** Cells per region, same order as `regions`. */
  regionCells: Int32Array;
}

export function buildAreaGrid(regions: readonly Region[], cellKm = 1): AreaGrid {
  if (!(cellKm > 0)) throw new RangeError('cellKm must be positive');
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const r of regions) {
    minLng = Math.min(minLng, r.bbox[0]);
    minLat = Math.min(minLat, r.bbox[1]);
    maxLng = Math.max(maxLng, r.bbox[2]);
    maxLat = Math.max(maxLat, r.bbox[3]);
  }
  const cellM = cellKm * 1000;
  const dLat = cellM / (EARTH_RADIUS_M * DEG);
  const rows = regions.length === 0 ? 0 : Math.max(1, Math.ceil((maxLat - minLat) / dLat));
  const rowLat = (r: number) => minLat + (r + 0.5) * dLat;
  const rowDLng = (r: number) => cellM / (EARTH_RADIUS_M * DEG * Math.cos(rowLat(r) * DEG));

  // Crossings per row: for each region, the x of each edge crossing the row's centre line.
  const lngs: number[] = [];
  const lats: number[] = [];
  const owners: number[] = [];
  const regionCells = new Int32Array(regions.length);
  regions.forEach((region, ri) => {
    const rowXs = new Map<number, number[]>();
    for (const rings of region.polygons)
      for (const ring of rings) {
        const n = ring.length;
        for (let i = 0, j = n - 1; i < n; j = i++) {
          const x1 = ring[j]![0]!;
          const y1 = ring[j]![1]!;
          const x2 = ring[i]![0]!;
          const y2 = ring[i]![1]!;
          if (y1 === y2) continue;
          const lo = Math.min(y1, y2);
          const hi = Math.max(y1, y2);
          // Rows whose centre line y satisfies lo <= y < hi (half-open: a vertex is counted once).
          const r0 = Math.max(0, Math.ceil((lo - minLat) / dLat - 0.5));
          const r1 = Math.min(rows - 1, Math.ceil((hi - minLat) / dLat - 0.5) - 1);
          for (let r = r0; r <= r1; r++) {
            const y = rowLat(r);
            if (y < lo || y >= hi) continue;
            const x = x1 + ((y - y1) * (x2 - x1)) / (y2 - y1);
            let xs = rowXs.get(r);
            if (!xs) rowXs.set(r, (xs = []));
            xs.push(x);
          }
        }
      }
    const rowKeys = [...rowXs.keys()].sort((a, b) => a - b);
    for (const r of rowKeys) {
      const xs = rowXs.get(r)!.sort((a, b) => a - b);
      const y = rowLat(r);
      const step = rowDLng(r);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        // Cell centres c with x0 <= centre < x1 (even-odd fill, half-open).
        const c0 = Math.ceil((xs[k]! - minLng) / step - 0.5);
        const c1 = Math.ceil((xs[k + 1]! - minLng) / step - 0.5) - 1;
        for (let c = c0; c <= c1; c++) {
          lngs.push(minLng + (c + 0.5) * step);
          lats.push(y);
          owners.push(ri);
          regionCells[ri]!++;
        }
      }
    }
  });

  const count = lngs.length;
  const grid: AreaGrid = {
    cellKm,
    cellAreaKm2: cellKm * cellKm,
    count,
    lng: Float64Array.from(lngs),
    lat: Float64Array.from(lats),
    region: Int32Array.from(owners),
    x: new Float64Array(count),
    y: new Float64Array(count),
    z: new Float64Array(count),
    regions,
    regionCells,
  };
  for (let i = 0; i < count; i++) {
    const la = grid.lat[i]! * DEG;
    const lo = grid.lng[i]! * DEG;
    grid.x[i] = Math.cos(la) * Math.cos(lo);
    grid.y[i] = Math.cos(la) * Math.sin(lo);
    grid.z[i] = Math.sin(la);
  }
  return grid;
}

/** Unit vector of a [lng, lat] point, same convention as AreaGrid. */
export function unitVector(lng: number, lat: number): [number, number, number] {
  const la = lat * DEG;
  const lo = lng * DEG;
  return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
}

/** cos of the central angle for a distance: points within `metres` have dot product >= this. */
export function cosForMetres(metres: number): number {
  if (metres < 0) return Infinity; // a negative reach covers nothing
  if (metres === 0) return 1;
  if (metres >= Math.PI * EARTH_RADIUS_M) return -1;
  return Math.cos(metres / EARTH_RADIUS_M);
}
