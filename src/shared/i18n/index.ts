import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';

export type { MessageKey };
export type LocaleCode = 'zh-CN' | 'en';
export const catalogues: Record<LocaleCode, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** Look up a message and fill `{name}` placeholders. Unknown keys show the key itself, never crash. */
export function translate(
  locale: LocaleCode,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  const text = catalogues[locale][key] ?? catalogues['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Human age of a timestamp relative to `now`, e.g. "12 分钟". */
export function formatAge(locale: LocaleCode, fromIso: string, now: number): string {
  const mins = Math.max(0, Math.round((now - Date.parse(fromIso)) / 60000));
  if (mins < 120) return translate(locale, 'age.minutes', { n: mins });
  const hours = Math.round(mins / 60);
  if (hours < 48) return translate(locale, 'age.hours', { n: hours });
  return translate(locale, 'age.days', { n: Math.round(hours / 24) });
}
