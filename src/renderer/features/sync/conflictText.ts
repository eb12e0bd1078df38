import { catalogues, type LocaleCode, type MessageKey } from '../../../shared/i18n';
import type { ConflictNotice, Picture } from '../../../shared/ipc';
import type { T } from '../../ui/translate';
import { formatTime } from '../../ui/time';

const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const isKey = (k: string): k is MessageKey => k in catalogues['zh-CN'];

/** A record as people name it: an incident by its title, a unit by its name, an aircraft by its call sign. */
export function recordName(picture: Picture | null, entity: string, id: string): string {
  if (!picture) return id;
  if (entity === 'incident') return picture.incidents.find((i) => i.id === id)?.title ?? id;
  if (entity === 'unit') return picture.units.find((u) => u.id === id)?.name ?? id;
  if (entity === 'aircraft')
    return picture.bases.flatMap((b) => b.aircraft).find((a) => a.id === id)?.callsign ?? id;
  if (entity === 'base') return picture.bases.find((b) => b.id === id)?.name ?? id;
  if (entity === 'depot') return picture.depots.find((d) => d.id === id)?.name ?? id;
  return id;
}

/** A field's label ("标题"), else its name. */
function fieldName(t: T, field: string): string {
  const k = `field.${field}`;
  return isKey(k) ? t(k) : field;
}

/** A value in words: statuses, levels and hazards translated, times in Beijing time with the date, long text cut. */
export function valueWords(t: T, field: string, v: unknown, locale: LocaleCode): string {
  if (typeof v === 'string') {
    if (field === 'level') return t('incident.level', { level: v });
    const k = field === 'status' ? `status.${v}` : field === 'hazard' ? `hazard.${v}` : '';
    if (k && isKey(k)) return t(k);
    if (INSTANT.test(v)) return formatTime(locale, v);
  }
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** A conflict as a person would say it: the incident's title, the field's label, the values in words. */
export function conflictText(t: T, c: ConflictNotice, picture: Picture | null, locale: LocaleCode): string {
  return t('sync.conflict', {
    entity: isKey(`entityName.${c.entity}`) ? t(`entityName.${c.entity}` as MessageKey) : c.entity,
    id: recordName(picture, c.entity, c.entityId),
    field: fieldName(t, c.field),
    kept: valueWords(t, c.field, c.keptValue, locale),
    lost: valueWords(t, c.field, c.lostValue, locale),
  });
}
