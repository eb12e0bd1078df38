import type { LocaleCode } from '../../shared/i18n';
import { CITY_CENTRES } from '../map/cityCentres';

/** A city's name from its adcode, in the user's language; null when the code names no city of Shanxi. */
export function cityName(locale: LocaleCode, adcode: string | null | undefined): string | null {
  const c = adcode ? CITY_CENTRES.find((x) => x.adcode === adcode) : undefined;
  return c ? (locale === 'en' ? c.nameEn : c.name) : null;
}

/** The cities a list can be filtered by, in code order. */
export function cityOptions(locale: LocaleCode): { adcode: string; name: string }[] {
  return CITY_CENTRES.map((c) => ({ adcode: c.adcode, name: locale === 'en' ? c.nameEn : c.name }));
}
