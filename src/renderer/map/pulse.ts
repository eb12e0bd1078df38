import * as maplibregl from 'maplibre-gl';
import type { Incident } from '../../shared/domain';
import type { Theme } from '../../shared/ipc';
import { MAP_COLOURS } from './theme';

/**
 * The pulse of unacknowledged incidents: one small DOM ring per such incident, animated by CSS
 * (transform and opacity only, run by the compositor). Animating a map layer instead repainted
 * the whole map ten times a second, which on software rendering kept the page's main thread busy
 * (a call to main waited ~250 ms behind the frames). The static ring under it is the map layer
 * 'incidents-pulse', so a still picture (print, reduced motion) shows them too.
 */
export class PulseMarkers {
  private readonly markers = new Map<string, { marker: maplibregl.Marker; key: string }>();
  constructor(private readonly map: maplibregl.Map) {}

  /** Show a ring on each open, unacknowledged incident (none when the incidents layer is off). */
  sync(incidents: readonly Incident[], theme: Theme, visible: boolean): void {
    const want = new Map<string, Incident>();
    if (visible)
      for (const i of incidents) if (i.status !== 'closed' && i.acknowledgedAt === null) want.set(i.id, i);
    for (const [id, m] of this.markers) {
      if (!want.has(id)) {
        m.marker.remove();
        this.markers.delete(id);
      }
    }
    for (const [id, i] of want) {
      const colour = MAP_COLOURS[theme].incident[i.level];
      const key = `${i.location[0]},${i.location[1]},${colour}`;
      const have = this.markers.get(id);
      if (have?.key === key) continue;
      have?.marker.remove();
      const el = document.createElement('div');
      el.className = 'pulse-marker';
      el.dataset.id = id;
      el.setAttribute('aria-hidden', 'true');
      const ring = document.createElement('span');
      ring.style.setProperty('--pulse', colour);
      el.append(ring);
      const marker = new maplibregl.Marker({ element: el })
        .setLngLat([i.location[0], i.location[1]])
        .addTo(this.map);
      this.markers.set(id, { marker, key });
    }
  }

  clear(): void {
    for (const m of this.markers.values()) m.marker.remove();
    this.markers.clear();
  }
}
