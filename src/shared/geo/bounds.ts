import type { Position } from './spherical';

/**
 * Shanxi's bounding box from the Tianditu 2024 province outline, rounded outward by 0.01°. Used to
 * reject coordinates that cannot be in the province when no map pack is at hand; with a map pack
 * the province polygon is the real test.
 */
export const SHANXI_BBOX = [110.22, 34.57, 114.57, 40.75] as const;

export function isInBBox(
  p: Position,
  bbox: readonly [number, number, number, number] = SHANXI_BBOX,
): boolean {
  return p[0] >= bbox[0] && p[0] <= bbox[2] && p[1] >= bbox[1] && p[1] <= bbox[3];
}
