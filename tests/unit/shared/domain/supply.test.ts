import { describe, expect, it } from 'vitest';
import { hasStockWarning, StockItem, SUPPLY_ITEMS, SupplyDepot } from '../../../../src/shared/domain';
import { goodDepot, issuePaths } from './records';

describe('StockItem', () => {
  it('accepts every supply item with a counting unit', () => {
    for (const item of SUPPLY_ITEMS) {
      expect(StockItem.safeParse({ item, quantity: 10, unit: '个', minimum: 5 }).success, item).toBe(true);
    }
  });

  it('defaults the minimum to 0', () => {
    expect(StockItem.parse({ item: 'tent', quantity: 3, unit: '顶' }).minimum).toBe(0);
  });

  it('rejects unknown items, negative or fractional quantities, and a missing unit', () => {
    expect(issuePaths(StockItem.safeParse({ item: 'rifle', quantity: 1, unit: '支' }))).toEqual(['item']);
    expect(issuePaths(StockItem.safeParse({ item: 'tent', quantity: -1, unit: '顶' }))).toEqual(['quantity']);
    expect(issuePaths(StockItem.safeParse({ item: 'tent', quantity: 1.5, unit: '顶' }))).toEqual([
      'quantity',
    ]);
    expect(issuePaths(StockItem.safeParse({ item: 'tent', quantity: 1, unit: '' }))).toEqual(['unit']);
    expect(issuePaths(StockItem.safeParse({ item: 'tent', quantity: 1, unit: '顶', minimum: -5 }))).toEqual([
      'minimum',
    ]);
  });

  it('rejects unknown fields', () => {
    expect(issuePaths(StockItem.safeParse({ item: 'tent', quantity: 1, unit: '顶', price: 800 }))).toEqual([
      '',
    ]);
  });
});

describe('SupplyDepot', () => {
  it('accepts a complete record at each level', () => {
    for (const level of ['province', 'city', 'county'] as const) {
      expect(SupplyDepot.safeParse({ ...goodDepot(), level }).success, level).toBe(true);
    }
  });

  it('rejects an unknown level and a bad adcode', () => {
    expect(issuePaths(SupplyDepot.safeParse({ ...goodDepot(), level: 'township' }))).toEqual(['level']);
    expect(issuePaths(SupplyDepot.safeParse({ ...goodDepot(), adcode: '1404310' }))).toEqual(['adcode']);
  });

  it('rejects the same item listed twice, naming the second entry', () => {
    const d = goodDepot();
    const stock = [...d.stock!, { item: 'tent' as const, quantity: 5, unit: '顶' }];
    const r = SupplyDepot.safeParse({ ...d, stock });
    expect(r.success).toBe(false);
    expect(issuePaths(r)).toEqual(['stock.2.item']);
    expect(r.error?.issues[0]?.message).toContain('tent');
  });

  it('names the bad stock entry', () => {
    const d = goodDepot();
    const stock = [d.stock![0]!, { ...d.stock![1]!, quantity: -10 }];
    expect(issuePaths(SupplyDepot.safeParse({ ...d, stock }))).toEqual(['stock.1.quantity']);
  });

  it('rejects unknown fields and out-of-range locations', () => {
    expect(issuePaths(SupplyDepot.safeParse({ ...goodDepot(), manager: '张三' }))).toEqual(['']);
    expect(issuePaths(SupplyDepot.safeParse({ ...goodDepot(), location: [412, 36] }))).toEqual([
      'location.0',
    ]);
  });

  it('warns when any item is under its minimum', () => {
    expect(hasStockWarning(SupplyDepot.parse(goodDepot()))).toBe(true);
    expect(hasStockWarning({ stock: [{ item: 'tent', quantity: 70, unit: '顶', minimum: 70 }] })).toBe(false);
    expect(hasStockWarning({ stock: [] })).toBe(false);
  });
});
