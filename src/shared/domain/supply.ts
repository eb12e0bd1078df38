import * as z from 'zod';
import { Adcode, Id, LngLat } from './primitives';

export const DEPOT_LEVELS = ['province', 'city', 'county'] as const;
export const DepotLevel = z.enum(DEPOT_LEVELS);
export type DepotLevel = z.infer<typeof DepotLevel>;

/** Relief items by stable code; names and units come from i18n (`supply.<code>`). */
export const SUPPLY_ITEMS = [
  'tent',
  'quilt',
  'cotton_coat',
  'folding_bed',
  'drinking_water',
  'instant_food',
  'generator',
  'lighting',
  'sandbag',
  'life_jacket',
  'pump',
  'medical_kit',
] as const;
export const SupplyItem = z.enum(SUPPLY_ITEMS);
export type SupplyItem = z.infer<typeof SupplyItem>;

export const StockItem = z
  .object({
    item: SupplyItem,
    quantity: z.number().int().min(0),
    /** Counting unit as stored, e.g. "顶" for tents, "箱" for water; shown as is. */
    unit: z.string().min(1).max(20),
    /** Below this the depot shows a stock warning. */
    minimum: z.number().int().min(0).default(0),
  })
  .strict();
export type StockItem = z.infer<typeof StockItem>;

export const SupplyDepot = z
  .object({
    id: Id,
    name: z.string().min(1).max(200),
    level: DepotLevel,
    adcode: Adcode,
    location: LngLat,
    stock: z.array(StockItem).default([]),
    demo: z.boolean().default(false),
  })
  .strict()
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.stock.forEach((s, i) => {
      if (seen.has(s.item)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stock', i, 'item'],
          message: `item "${s.item}" listed twice`,
        });
      }
      seen.add(s.item);
    });
  });
export type SupplyDepot = z.infer<typeof SupplyDepot>;
export type SupplyDepotInput = z.input<typeof SupplyDepot>;

/** True when any stock item is under its minimum. */
export function hasStockWarning(d: Pick<SupplyDepot, 'stock'>): boolean {
  return d.stock.some((s) => s.quantity < s.minimum);
}
