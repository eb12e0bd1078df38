import { translate, type LocaleCode, type MessageKey } from '../../shared/i18n';
import { formatCount } from './numbers';

export type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A translator for a locale; numbers in the parameters get thousands separators (12,000). */
export function translator(locale: LocaleCode): T {
  return (key, params) => {
    if (!params) return translate(locale, key);
    const p: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(params))
      p[k] = typeof v === 'number' && Number.isFinite(v) ? formatCount(locale, v) : v;
    return translate(locale, key, p);
  };
}
