import { describe, expect, it } from 'vitest';
import { arrow, planningLayerSpecs } from '../../../../src/renderer/map/planningLayers';

describe('planning arrows', () => {
  it('the head points at the target, its base is where the line ends, its size follows the line', () => {
    const { line, head } = arrow([112, 37], [113, 38], { tone: 'ok' });
    const ring = head!.geometry.coordinates[0]!;
    expect(ring[0]).toEqual([113, 38]);
    expect(ring.at(-1)).toEqual([113, 38]);
    const end = line.geometry.coordinates[1]!;
    const mid = [(ring[1]![0]! + ring[2]![0]!) / 2, (ring[1]![1]! + ring[2]![1]!) / 2];
    expect(end[0]).toBeCloseTo(mid[0]!, 9);
    expect(end[1]).toBeCloseTo(mid[1]!, 9);
    // ~140 km line: a 12 km head (the cap), ~0.108° of latitude back along a 45°-ish bearing.
    const km = Math.hypot(
      (113 - end[0]!) * 111.195 * Math.cos((37.5 * Math.PI) / 180),
      (38 - end[1]!) * 111.195,
    );
    expect(km).toBeCloseTo(12, 6);
    expect(line.properties).toEqual({ tone: 'ok' });
  });
  it('a line too short for a head has none; layers exist for both themes', () => {
    expect(arrow([112, 37], [112.001, 37.001], {}).head).toBeNull();
    expect(planningLayerSpecs('dark').map((l) => l.id)).toEqual(planningLayerSpecs('light').map((l) => l.id));
  });
});
