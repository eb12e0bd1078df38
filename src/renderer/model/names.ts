import type { Picture } from '../../shared/ipc';

/** How a resource is named to the user: a unit by its name, an aircraft by its callsign; else its id. */
export function resourceName(
  picture: Picture | null | undefined,
  kind: 'unit' | 'aircraft',
  id: string,
): string {
  return kind === 'unit'
    ? (picture?.units.find((u) => u.id === id)?.name ?? id)
    : (picture?.bases.flatMap((b) => b.aircraft).find((x) => x.id === id)?.callsign ?? id);
}
