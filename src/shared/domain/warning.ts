import * as z from 'zod';
import { HazardType } from './hazard';
import { Adcode, Id, Instant, LngLat } from './primitives';
import { Person } from './timeline';

/**
 * 预警 (early warnings, docs/interop.md §Warnings): a duty officer drafts a warning (hazard, colour
 * level, area, onset and expiry, instructions, sender organisation); a second named person approves
 * it; it is then issued, and later updated (a new version referencing it) or cancelled. The draft is
 * a `warning` record; approval, issue and cancellation are immutable `warning_action` records, each
 * stamped by the hub with its token's person, so the two-person rule rests on names nobody can forge.
 */

/** Colour levels of the Emergency Response Law: 红 (1, most severe), 橙 (2), 黄 (3), 蓝 (4). */
export const WARNING_COLOURS = ['red', 'orange', 'yellow', 'blue'] as const;
export const WarningColour = z.enum(WARNING_COLOURS);
export type WarningColour = z.infer<typeof WarningColour>;

/** The level number of a colour (红 1 … 蓝 4). */
export const colourLevel = (c: WarningColour): 1 | 2 | 3 | 4 =>
  (WARNING_COLOURS.indexOf(c) + 1) as 1 | 2 | 3 | 4;

/** A closed ring of [lng, lat] points (GeoJSON order): at least 4 points, the last equal to the first. */
export const Ring = z
  .array(LngLat)
  .min(4, 'an area ring needs at least 3 corners and the first point again')
  .max(500)
  .refine(
    (r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1],
    'an area ring must end where it starts',
  );
export type Ring = z.infer<typeof Ring>;

export const WarningArea = z
  .object({
    /** 预警区域 in words (CAP areaDesc). */
    description: z.string().trim().min(1, 'describe the area').max(500),
    /** Counties chosen from the map pack (their outlines come from the pack). */
    counties: z
      .array(z.object({ adcode: Adcode, name: z.string().max(100) }).strict())
      .max(200)
      .default([]),
    /** Areas drawn on the map, as closed rings. */
    polygons: z.array(Ring).max(20).default([]),
  })
  .strict()
  .refine((a) => a.counties.length + a.polygons.length > 0, {
    message: 'a warning needs an area: choose counties or draw one on the map',
    path: ['counties'],
  });
export type WarningArea = z.infer<typeof WarningArea>;

/** Where a warning came from: drafted here, or imported from another system's CAP file. */
export const WarningOrigin = z.enum(['local', 'imported']);

export const Warning = z
  .object({
    id: Id,
    hazard: HazardType,
    colour: WarningColour,
    headline: z.string().trim().min(1, 'write a headline').max(200),
    description: z.string().max(4000).default(''),
    instruction: z.string().max(4000).default(''),
    /** 发布单位 (CAP senderName). */
    senderOrg: z.string().trim().min(1, 'name the sender organisation').max(200),
    area: WarningArea,
    onset: Instant,
    expires: Instant,
    /** The issued warning this one updates (CAP Update), or null for a first version. */
    supersedes: Id.nullable().default(null),
    /** An exercise (CAP status Exercise), not a real warning. */
    exercise: z.boolean().default(false),
    origin: WarningOrigin.default('local'),
    /** For an imported warning: the CAP identifier, sender, sent time and status it came with. */
    cap: z
      .object({
        identifier: z.string().max(300),
        sender: z.string().max(300),
        sent: z.string().max(40),
        msgType: z.string().max(20),
        status: z.string().max(20),
      })
      .strict()
      .nullable()
      .default(null),
    /** Who drafted (or last edited) it: at the hub, the token's person. */
    by: Person,
    at: Instant,
  })
  .strict()
  .refine((w) => Date.parse(w.expires) > Date.parse(w.onset), {
    message: 'the warning must expire after its onset',
    path: ['expires'],
  });
export type Warning = z.infer<typeof Warning>;
export type WarningInput = z.input<typeof Warning>;

export const WARNING_ACTIONS = ['approve', 'issue', 'cancel'] as const;
export const WarningActionKind = z.enum(WARNING_ACTIONS);
export type WarningActionKind = z.infer<typeof WarningActionKind>;

/** A step in a warning's life, by a named person; immutable. */
export const WarningAction = z
  .object({
    id: Id,
    warningId: Id,
    action: WarningActionKind,
    /** The draft's `at` it acts on: an approval counts only for the draft as it was approved. */
    draftAt: Instant,
    /** Why (required to cancel). */
    reason: z.string().max(2000).default(''),
    by: Person,
    at: Instant,
  })
  .strict();
export type WarningAction = z.infer<typeof WarningAction>;
