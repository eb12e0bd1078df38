import * as z from 'zod';
import { Adcode, HazardType, Id, Instant, WarningActionKind, WarningColour } from '../domain';
import type { WarningView } from '../warnings/state';

const View = z.custom<WarningView>();

/**
 * 预警 channels (docs/interop.md §Warnings). The shapes here bound sizes; the rules (an area, an
 * expiry after the onset, closed rings, the two-person rule) are the store's, which names the field.
 */
export const warningChannels = {
  'warning:list': { request: z.object({}).strict(), response: z.array(View) },
  /** Save a draft: new, an edit of a draft (`id`), or a new version of an issued warning (`supersedes`). */
  'warning:save': {
    request: z
      .object({
        id: Id.optional(),
        supersedes: Id.optional(),
        hazard: HazardType,
        colour: WarningColour,
        headline: z.string().max(200),
        description: z.string().max(4000).optional(),
        instruction: z.string().max(4000).optional(),
        senderOrg: z.string().max(200),
        area: z
          .object({
            description: z.string().max(500),
            counties: z.array(z.object({ adcode: Adcode, name: z.string().max(100) }).strict()).max(200),
            polygons: z.array(z.array(z.tuple([z.number(), z.number()])).max(500)).max(20),
          })
          .strict(),
        onset: Instant,
        expires: Instant,
        exercise: z.boolean().optional(),
      })
      .strict(),
    response: View,
  },
  /** Approve (a second person), issue (once approved) or cancel (issued; with a reason). */
  'warning:act': {
    request: z
      .object({ id: Id, action: WarningActionKind, reason: z.string().max(2000).optional() })
      .strict(),
    response: View,
  },
  /** Write the warning's CAP 1.2 message (validated against the schema) into <data>/warnings/. */
  'warning:export': {
    request: z.object({ id: Id }).strict(),
    response: z.object({
      path: z.string(),
      identifier: z.string(),
      msgType: z.enum(['Alert', 'Update', 'Cancel']),
      xml: z.string(),
    }),
  },
  /** Show another system's CAP 1.2 message (the file's text, at most 1 MB) on the map. */
  'warning:import': {
    request: z.object({ text: z.string().max(1024 * 1024) }).strict(),
    response: View,
  },
} as const;
