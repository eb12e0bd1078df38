import { recommend, type Recommendation } from '../../shared/dispatch/recommend';
import type { StoreClient } from '../db/client';
import { ServiceError } from './invoke';

/**
 * Recommendation for a stored incident, over the current picture. Units already assigned to
 * another open incident stay in the ranking (their status says so); the engine filters by status.
 */
export async function recommendForIncident(
  store: StoreClient,
  req: { incidentId: string; limit?: number; headcount?: number },
  now: number = Date.now(),
): Promise<Recommendation> {
  const picture = await store.call('picture');
  const incident = picture.incidents.find((i) => i.id === req.incidentId);
  if (!incident) {
    throw new ServiceError('NOT_FOUND', `No incident with id "${req.incidentId}". Refresh the list; it may have been closed or removed.`);
  }
  return recommend(
    picture,
    { id: incident.id, location: incident.location, hazard: incident.hazard, level: incident.level, needs: req.headcount ? { headcount: req.headcount } : undefined },
    { limit: req.limit ?? 10, now },
  );
}
