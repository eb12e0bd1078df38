import { formatAge, translate, type LocaleCode } from '../../shared/i18n';

/**
 * Every time the renderer shows, in China Standard Time with its date, whatever the zone of the
 * machine (a laptop set to another zone, a browser on a wall in a foreign office): the command
 * centre works in Beijing time. Relative ages ("5 分钟前") are only ever shown beside it.
 */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

type When = string | number | Date;

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: CHINA_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function toMs(when: When): number {
  return typeof when === 'number' ? when : typeof when === 'string' ? Date.parse(when) : when.getTime();
}

/** '2026-12-01 16:05', China Standard Time; '' for a value that is not a time. */
export function chinaDateTime(when: When): string {
  const ms = toMs(when);
  if (!Number.isFinite(ms)) return '';
  const p: Record<string, string> = {};
  for (const x of parts.formatToParts(ms)) p[x.type] = x.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** '2026-12-01 16:05 北京时间' / '2026-12-01 16:05 CST'. */
export function formatTime(locale: LocaleCode, when: When): string {
  const s = chinaDateTime(when);
  return s ? translate(locale, 'time.cst', { time: s }) : '—';
}

/** '5 分钟前' / '5 min ago' ('刚刚' under a minute; '5 分钟后' for a time still to come). */
export function formatRelative(locale: LocaleCode, when: When, now: number): string {
  const ms = toMs(when);
  if (!Number.isFinite(ms)) return '';
  const diff = now - ms;
  if (Math.abs(diff) < 60_000) return translate(locale, 'time.justNow');
  const age =
    diff >= 0
      ? formatAge(locale, new Date(ms).toISOString(), now)
      : formatAge(locale, new Date(now).toISOString(), ms);
  return translate(locale, diff >= 0 ? 'time.ago' : 'time.in', { age });
}

/** '2026-12-01 16:05 北京时间（5 分钟前）': the time, and beside it how long ago. */
export function formatTimeAgo(locale: LocaleCode, when: When, now: number): string {
  const time = formatTime(locale, when);
  const rel = formatRelative(locale, when, now);
  return rel ? translate(locale, 'time.withRelative', { time, relative: rel }) : time;
}

/** A `datetime-local` field's value in Beijing time ('2026-12-02T09:05') for an instant, and back. */
export const toCstField = (when: When): string => chinaDateTime(when).replace(' ', 'T');
export const fromCstField = (v: string): string => (v ? new Date(`${v}:00+08:00`).toISOString() : '');
