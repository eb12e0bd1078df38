import type { Recommendation } from '../../shared/dispatch/recommend';
import type { AppError, Picture } from '../../shared/ipc';
import { api } from '../services/api';
import type { GetState, SetState } from './state';

/**
 * The recommend call answers in milliseconds; past this the local service is taken as stuck and
 * the panel says so (with what to do) instead of "calculating" for ever.
 */
export const RECOMMEND_TIMEOUT_MS = 10_000;
/** How many incidents at the top of the list have their candidates ready before they are clicked. */
export const PREFETCH_LIMIT = 8;

export interface RecommendationEntry {
  /** The latest answer for this incident (kept while a newer one is on its way). */
  rec: Recommendation | null;
  /** The picture that answer was computed from: a different one means it is being refreshed. */
  forPicture: Picture | null;
  /** When it was answered (ms since the epoch). */
  at: number | null;
  phase: 'loading' | 'ok' | 'error' | 'timeout';
  error: AppError | null;
  /** The picture the request in flight (or the last one) was made for. */
  askedFor: Picture | null;
}

export interface DispatchSlice {
  recommendations: Record<string, RecommendationEntry>;
  /** Ask for an incident's candidates unless an answer for the current picture is there or on its way. */
  loadRecommendation: (incidentId: string, opts?: { force?: boolean }) => Promise<void>;
  /** Have the candidates of these incidents ready (one request at a time, the selection's first). */
  prefetchRecommendations: (incidentIds: readonly string[]) => void;
}

export function createDispatchSlice(set: SetState, get: GetState): DispatchSlice {
  const seq = new Map<string, number>();
  let prefetchQueue: string[] = [];
  let prefetching = false;

  const patch = (id: string, p: Partial<RecommendationEntry>) =>
    set((s) => {
      const prev = s.recommendations[id] ?? {
        rec: null,
        forPicture: null,
        at: null,
        phase: 'loading' as const,
        error: null,
        askedFor: null,
      };
      return { recommendations: { ...s.recommendations, [id]: { ...prev, ...p } } };
    });

  const load = async (incidentId: string, force: boolean): Promise<void> => {
    const picture = get().picture;
    const cur = get().recommendations[incidentId];
    if (!force && cur && cur.askedFor === picture && (cur.phase === 'ok' || cur.phase === 'loading')) return;
    const n = (seq.get(incidentId) ?? 0) + 1;
    seq.set(incidentId, n);
    patch(incidentId, { phase: 'loading', error: null, askedFor: picture });
    const r = await api.invoke(
      'dispatch:recommend',
      { incidentId, limit: 10 },
      { timeoutMs: RECOMMEND_TIMEOUT_MS },
    );
    if (seq.get(incidentId) !== n) return; // a newer request has been made
    if (r.ok)
      patch(incidentId, { rec: r.value, forPicture: picture, at: Date.now(), phase: 'ok', error: null });
    else patch(incidentId, { phase: r.error.code === 'TIMEOUT' ? 'timeout' : 'error', error: r.error });
  };

  const drain = async () => {
    if (prefetching) return;
    prefetching = true;
    try {
      while (prefetchQueue.length && get().connected) {
        const id = prefetchQueue.shift()!;
        await load(id, false);
      }
    } finally {
      prefetching = false;
    }
  };

  return {
    recommendations: {},
    loadRecommendation: (incidentId, opts) => load(incidentId, opts?.force ?? false),
    prefetchRecommendations: (ids) => {
      prefetchQueue = ids.slice(0, PREFETCH_LIMIT);
      void drain();
    },
  };
}
