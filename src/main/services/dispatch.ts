import { recommend, type Recommendation } from '../../shared/dispatch/recommend';
import { rerankWithRouter } from '../../shared/dispatch/router';
import type { RoadRouter } from '../../shared/geo';
import { committedTo } from '../../shared/planning/committed';
import type { StoreClient } from '../db/client';
import { CodedError } from '../../shared/ipc/errors';

/**
 * Recommendation for a stored incident, over the current picture. Units already assigned to
 * another open incident stay in the ranking (their status says so); the engine filters by status.
 * With a road router (the map pack in use has a road layer), the crow-flies search picks a
 * shortlist three times the limit and the router re-prices and re-ranks it: a unit just outside
 * the crow-flies shortlist can move up once real roads are known.
 */
export async function recommendForIncident(
  store: StoreClient,
  req: { incidentId: string; limit?: number; headcount?: number },
  now: number = Date.now(),
  runCardTargetMinutes?: number,
  router: RoadRouter | null = null,
): Promise<Recommendation> {
  const picture = await store.call('picture');
  const incident = picture.incidents.find((i) => i.id === req.incidentId);
  if (!incident) {
    throw new CodedError(
      'NOT_FOUND',
      `No incident with id "${req.incidentId}". Refresh the list; it may have been closed or removed.`,
      {
        kind: 'incident',
        id: req.incidentId,
      },
    );
  }
  const limit = req.limit ?? 10;
  const rec = recommend(
    picture,
    {
      id: incident.id,
      location: incident.location,
      hazard: incident.hazard,
      level: incident.level,
      needs: req.headcount ? { headcount: req.headcount } : undefined,
    },
    {
      limit: router ? limit * 3 : limit,
      now,
      committed: committedTo(picture, incident.id),
      runCardTargetMinutes,
    },
  );
  return router ? rerankWithRouter(rec, router, limit) : rec;
}

/** Resources already sent to an incident (moved to shared/planning: the planning tools count them too). */
export { committedTo };

/**
 * What the recommender saw when a dispatch was made, small enough to travel in a timeline entry:
 * the time, what the hazard needs, the ranked candidates with their ETAs and the inputs of those
 * ETAs (distance, position age, confidence), which one was chosen, and what was left out and why.
 */
export async function dispatchSnapshot(
  store: StoreClient,
  incidentId: string,
  chosenId: string,
  now: number = Date.now(),
  router: RoadRouter | null = null,
): Promise<Record<string, unknown>> {
  const r = await recommendForIncident(store, { incidentId, limit: 8 }, now, undefined, router);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    at: r.nowIso,
    chosen: chosenId,
    requiredCapabilities: r.requiredCapabilities,
    rankBy: r.rankBy,
    candidates: r.candidates.map((c) => ({
      rank: c.rank,
      resource: c.resource,
      id: c.id,
      name: c.name,
      status: c.status,
      etaMinutes: round(c.etaMinutes),
      etaRangeMinutes: c.etaRangeMinutes.map(round),
      // Which model priced the ETA (crow-flies, a road router, air) and the crow-flies error band.
      etaModel: c.eta.model,
      roadBandMinutes: c.roadBandMinutes?.map(round) ?? null,
      distanceKm: round(c.distanceKm),
      fixAgeMinutes: c.fix ? round(c.fix.ageMinutes) : null,
      fixState: c.fix?.state ?? null,
      confidence: c.confidence,
      headcount: c.headcount,
    })),
    aircraftRefused: r.aircraftRefused.slice(0, 8),
    pool: r.pool,
    empty: r.empty,
  };
}
