import type { AvailabilityReason } from '../../shared/dispatch/airAvailability';
import type { LocaleCode } from '../../shared/i18n';
import type { T } from '../ui/translate';
import { formatTime } from '../ui/time';

/**
 * The availability rules that applied to an aircraft (docs/dispatch.md, "Aircraft availability"),
 * in the user's language: which rule, and its launch time or the sunrise (China Standard Time,
 * with the date) from which it may go.
 */
export function availabilityText(t: T, locale: LocaleCode, reasons: readonly AvailabilityReason[]): string {
  return reasons
    .map((r) => {
      const time = formatTime(locale, r.until ?? Number.NaN);
      switch (r.code) {
        case 'on_call':
        case 'airspace_pending':
          return t(`avail.${r.code}`, { min: Math.round(r.minutes ?? 0) });
        case 'night_at_base':
          return t('avail.night_at_base', { time });
        case 'night_at_scene':
          return r.sunset
            ? t('avail.night_at_scene', { sunset: formatTime(locale, r.sunset), time })
            : t('avail.night_at_scene_predawn', { time });
        default:
          return t(`avail.${r.code}`);
      }
    })
    .join(' · ');
}
