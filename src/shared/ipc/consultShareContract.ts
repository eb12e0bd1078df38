import * as z from 'zod';
import {
  ConsultShareRequest,
  ConsultViewRequest,
  type ConsultShareReply,
  type ConsultViewReply,
} from '../consult/share';

/**
 * The consultation's shared map (docs/consultation.md, "The shared map"): relayed by main to the
 * hub on the sync connection like the consultation's signalling; the hub's events come back as the
 * `consult:shared` push.
 */
export const consultShareChannels = {
  /** Join or leave the shared map, follow or not, ask for the floor, take, give or stop presenting. */
  'consult:share': { request: ConsultShareRequest, response: z.custom<ConsultShareReply>() },
  /** The presenter's view (at most ten a second; the hub coalesces the excess). */
  'consult:view': { request: ConsultViewRequest, response: z.custom<ConsultViewReply>() },
};
