import type { RoadRouter } from '../geo';
import type { Candidate, Recommendation } from './recommend';

/**
 * Re-rank a recommendation with real road times from an asynchronous router (an authorised road
 * layer, or OSRM/Valhalla on the provincial network). The spatial search stays on the crow-flies
 * model, which picks the shortlist fast; the router then replaces each ground candidate's drive
 * time. Ask `recommend` for a longer list than you will show (e.g. 3× the limit), because a unit
 * just outside the crow-flies shortlist can move up once real roads are known.
 *
 * Candidates the router finds no route for are kept, marked 'no_route', and ranked last with their
 * crow-flies ETA: a road closure must be visible, not make the unit vanish.
 */
export async function rerankWithRouter(
  rec: Recommendation,
  router: RoadRouter,
  limit = rec.candidates.length,
): Promise<Recommendation> {
  const ground = rec.candidates.filter((c) => c.resource === 'unit');
  const routes = ground.length
    ? await router.route(
        ground.map((c) => c.from),
        rec.incident.location,
      )
    : [];
  if (routes.length !== ground.length)
    throw new Error(`router ${router.name} returned ${routes.length} routes for ${ground.length} origins`);
  const byId = new Map(ground.map((c, i) => [c.id, routes[i]]));
  const updated: { c: Candidate; routed: boolean }[] = rec.candidates.map((c) => {
    if (c.resource !== 'unit') return { c, routed: true };
    const route = byId.get(c.id);
    if (!route) return { c: { ...c, notes: [...c.notes, 'no_route'] }, routed: false };
    const travelMinutes = route.durationS / 60;
    const mob = c.eta.mobilisationMinutes ?? 0;
    const etaMinutes = mob + travelMinutes;
    const shift = etaMinutes - c.etaMinutes;
    return {
      routed: true,
      c: {
        ...c,
        etaMinutes,
        etaRangeMinutes: [Math.max(mob, c.etaRangeMinutes[0] + shift), c.etaRangeMinutes[1] + shift],
        // Priced on the roads: the crow-flies model's error band no longer applies.
        roadBandMinutes: null,
        eta: {
          ...c.eta,
          model: router.name,
          travelMinutes,
          roadDistanceKm: route.distanceM / 1000,
          circuity: c.distanceKm > 0 ? route.distanceM / 1000 / c.distanceKm : 1,
          speedKmh: route.durationS > 0 ? route.distanceM / 1000 / (route.durationS / 3600) : c.eta.speedKmh,
        },
      },
    };
  });
  updated.sort(
    (a, b) =>
      Number(b.routed) - Number(a.routed) ||
      a.c.etaMinutes - b.c.etaMinutes ||
      (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0),
  );
  let cum = 0;
  const candidates = updated.slice(0, limit).map(({ c }, i) => {
    cum += c.headcount;
    return { ...c, rank: i + 1, cumulativeHeadcount: cum };
  });
  return { ...rec, candidates };
}
