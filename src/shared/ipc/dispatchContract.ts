import * as z from 'zod';
import { Id } from '../domain';
import type { Recommendation } from '../dispatch/recommend';

/** Dispatch channels of the contract: the engine runs in main, over the store's picture. */
export const dispatchChannels = {
  'dispatch:recommend': {
    request: z
      .object({
        incidentId: Id,
        limit: z.number().int().min(1).max(50).optional(),
        /** Extra people needed beyond the run card (e.g. a search line). */
        headcount: z.number().int().min(0).max(100_000).optional(),
      })
      .strict(),
    response: z.custom<Recommendation>(),
  },
} as const;
