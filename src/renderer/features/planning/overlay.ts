import type { Picture } from '../../../shared/ipc';
import { circlePolygon } from '../../../shared/geo/circle';
import { arrow, emptyOverlay, type PlanningOverlay, type PlanningTone } from '../../map/planningLayers';

type FC = GeoJSON.FeatureCollection;
type LngLat = readonly [number, number] | readonly number[];

/** Builds a planning overlay: arrows, plain lines, points, circles and counties by tone. */
export class OverlayBuilder {
  private readonly o: PlanningOverlay = emptyOverlay();

  arrow(from: LngLat, to: LngLat, tone: PlanningTone, id: string): this {
    const a = arrow(from, to, { tone, id });
    this.o.lines.features.push(a.line);
    if (a.head) this.o.arrows.features.push(a.head);
    return this;
  }

  line(from: LngLat, to: LngLat, tone: PlanningTone, id: string): this {
    this.o.lines.features.push({
      type: 'Feature',
      properties: { tone, id },
      geometry: {
        type: 'LineString',
        coordinates: [
          [from[0]!, from[1]!],
          [to[0]!, to[1]!],
        ],
      },
    });
    return this;
  }

  point(at: LngLat, tone: PlanningTone, id: string): this {
    this.o.points.features.push({
      type: 'Feature',
      properties: { tone, id },
      geometry: { type: 'Point', coordinates: [at[0]!, at[1]!] },
    });
    return this;
  }

  circle(centre: LngLat, radiusKm: number, tone: PlanningTone, id: string): this {
    this.o.areas.features.push({
      type: 'Feature',
      properties: { tone, id },
      geometry: circlePolygon([centre[0]!, centre[1]!], radiusKm * 1000, 96),
    });
    return this;
  }

  /** The pack's counties whose code is in `codes`, in `tone`. */
  counties(fc: FC | null, codes: Iterable<string>, tone: PlanningTone): this {
    if (!fc) return this;
    const want = new Set(codes);
    for (const f of fc.features) {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const code = String(p.district_adcode ?? p.adcode ?? p.code ?? '');
      if (want.has(code)) this.o.areas.features.push({ ...f, properties: { tone, id: code } });
    }
    return this;
  }

  build(): PlanningOverlay {
    return this.o;
  }
}

/** Where a planned resource starts: a unit's last fix, an aircraft's base. */
export function resourceFrom(p: Picture, resource: 'unit' | 'aircraft', id: string): [number, number] | null {
  if (resource === 'unit') {
    const u = p.units.find((x) => x.id === id);
    return u ? [u.position[0], u.position[1]] : null;
  }
  const b = p.bases.find((x) => x.aircraft.some((a) => a.id === id));
  return b ? [b.location[0], b.location[1]] : null;
}
