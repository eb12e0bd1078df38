import { describe, expect, it } from 'vitest';
import { inView, insetsFrom } from '../../../../src/renderer/map/camera';

const map = { left: 320, top: 70, right: 1366, bottom: 768 };
const box = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom });

describe('map padding from the panels over it', () => {
  it('pads each side by how far its panels reach in, plus a margin', () => {
    const p = insetsFrom(
      map,
      [
        { side: 'right', box: box(982, 70, 1366, 768) }, // the incident panel, 384 px
        { side: 'top', box: box(330, 80, 630, 112) }, // the search box
        { side: 'bottom', box: box(330, 730, 700, 758) }, // scale and coordinates
      ],
      30,
    );
    expect(p).toEqual({ top: 42 + 30, right: 384 + 30, bottom: 38 + 30, left: 30 });
  });

  it('takes the deepest panel of a side, and ignores empty or outside ones', () => {
    const p = insetsFrom(
      map,
      [
        { side: 'right', box: box(982, 70, 1366, 768) },
        { side: 'right', box: box(700, 80, 960, 400) }, // the layer switches, left of the panel
        { side: 'right', box: box(1000, 100, 1000, 100) }, // empty corner
        { side: 'top', box: box(0, 0, 300, 60) }, // outside the map (the list column)
      ],
      0,
    );
    expect(p).toEqual({ top: 0, right: 1366 - 700, bottom: 0, left: 0 });
  });

  it('never pads away more than 80% of the map', () => {
    const p = insetsFrom(map, [{ side: 'right', box: box(330, 70, 1366, 768) }], 30);
    expect(p.left + p.right).toBeLessThanOrEqual(Math.ceil((map.right - map.left) * 0.8));
  });

  it('tells whether a point is in the part the padding leaves visible', () => {
    const size = { width: 1046, height: 698 };
    const pad = { top: 72, right: 414, bottom: 68, left: 30 };
    expect(inView({ x: 300, y: 300 }, size, pad)).toBe(true);
    expect(inView({ x: 700, y: 300 }, size, pad)).toBe(false); // under the incident panel
    expect(inView({ x: 300, y: 40 }, size, pad)).toBe(false); // under the search box
  });
});
