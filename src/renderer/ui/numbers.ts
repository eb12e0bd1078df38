import type { LocaleCode } from '../../shared/i18n';

const formats = new Map<string, Intl.NumberFormat>();

/** A count or quantity with thousands separators: 12000 → '12,000' (both languages). */
export function formatCount(locale: LocaleCode, n: number): string {
  let f = formats.get(locale);
  if (!f)
    formats.set(
      locale,
      (f = new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', {
        maximumFractionDigits: 2,
        useGrouping: true,
      })),
    );
  return f.format(n);
}
