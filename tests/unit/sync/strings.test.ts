import { describe, expect, it } from 'vitest';
import { SYNC_STRINGS, syncText } from '../../../src/renderer/features/sync/strings';

describe('sync indicator texts', () => {
  it('zh-CN and en hold the same keys with the same placeholders, none empty', () => {
    const zh = SYNC_STRINGS['zh-CN'] as Record<string, string>;
    const en = SYNC_STRINGS.en as Record<string, string>;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(zh)) {
      expect(en[k]!.trim(), k).not.toBe('');
      expect(ph(en[k]!), k).toEqual(ph(zh[k]!));
    }
  });

  it('fills placeholders and falls back to zh-CN for an unknown locale', () => {
    expect(syncText('en', 'pending', { n: 3 })).toBe('3 to send');
    expect(syncText('fr', 'pending', { n: 3 })).toBe('待发送 3');
  });
});
