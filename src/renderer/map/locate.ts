import type { Picture } from '../../shared/ipc';
import type { Selection } from '../store';

/** Where a selected thing is on the map, or null when it is no longer in the picture. */
export function locate(p: Picture, s: Selection): [number, number] | null {
  const where =
    s.kind === 'incident'
      ? p.incidents.find((x) => x.id === s.id)?.location
      : s.kind === 'unit'
        ? p.units.find((x) => x.id === s.id)?.position
        : s.kind === 'base'
          ? p.bases.find((x) => x.id === s.id)?.location
          : p.depots.find((x) => x.id === s.id)?.location;
  return where ? [where[0], where[1]] : null;
}
