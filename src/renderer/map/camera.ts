/**
 * Where the map may put what it wants seen: the padding that keeps it clear of the panels standing
 * over the map. Pure functions over rectangles (tests/unit/renderer/map/camera.test.ts).
 */
export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}
export type Side = keyof Insets;
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * How far panels reach into the map from each side. A panel marked 'right' covers the map from its
 * left edge to the map's right edge (and so on); panels outside the map, or empty, count for nothing.
 */
export function insetsFrom(map: Box, panels: readonly { side: Side; box: Box }[], margin: number): Insets {
  const out: Insets = { top: 0, right: 0, bottom: 0, left: 0 };
  const w = map.right - map.left;
  const h = map.bottom - map.top;
  for (const { side, box } of panels) {
    if (box.right <= box.left || box.bottom <= box.top) continue;
    if (box.right <= map.left || box.left >= map.right || box.bottom <= map.top || box.top >= map.bottom)
      continue;
    const reach =
      side === 'right'
        ? map.right - box.left
        : side === 'left'
          ? box.right - map.left
          : side === 'top'
            ? box.bottom - map.top
            : map.bottom - box.top;
    out[side] = Math.max(out[side], reach);
  }
  // Never pad away more than 80% of the map either way: something must stay visible.
  const clamp = (a: number, b: number, total: number) => {
    const sum = a + b + 2 * margin;
    if (sum <= total * 0.8) return [a + margin, b + margin];
    const k = (total * 0.8) / sum;
    return [(a + margin) * k, (b + margin) * k];
  };
  const [left, right] = clamp(out.left, out.right, w);
  const [top, bottom] = clamp(out.top, out.bottom, h);
  return {
    top: Math.round(top!),
    right: Math.round(right!),
    bottom: Math.round(bottom!),
    left: Math.round(left!),
  };
}

/** True when a screen point (in the map's container) lies in the part the padding leaves visible. */
export function inView(
  p: { x: number; y: number },
  size: { width: number; height: number },
  pad: Insets,
): boolean {
  return (
    p.x >= pad.left && p.x <= size.width - pad.right && p.y >= pad.top && p.y <= size.height - pad.bottom
  );
}

export const sameInsets = (a: Insets, b: Insets) =>
  a.top === b.top && a.right === b.right && a.bottom === b.bottom && a.left === b.left;
