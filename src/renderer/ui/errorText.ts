import { catalogues, type MessageKey } from '../../shared/i18n';
import { isAppErrorCode, type AppError } from '../../shared/ipc';
import { chinaDateTime } from './time';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const known = (key: string): key is MessageKey => key in catalogues['zh-CN'];

/**
 * An error from main, worded in the user's language: the message for its code
 * (`error.<CODE>`, or `error.<CODE>.<variant>`), filled from its params, names translated
 * (what was not found, incident statuses, form fields). Falls back to main's English message
 * for a code this version does not know, or when the params a wording needs are missing.
 * `{detail}` in a wording is main's message (the technical specifics: a file, a coordinate).
 */
export function errorText(t: T, e: AppError): string {
  if (!isAppErrorCode(e.code)) return e.message;
  const raw = e.params ?? {};
  const params: Record<string, string | number> = { ...raw, detail: e.message.replace(/\s+$/, '') };
  if (typeof raw.kind === 'string' && known(`errorKind.${raw.kind}`))
    params.kind = t(`errorKind.${raw.kind}` as MessageKey);
  for (const k of ['from', 'to'] as const) {
    const v = raw[k];
    if (typeof v === 'string' && known(`status.${v}`)) params[k] = t(`status.${v}` as MessageKey);
  }
  if (typeof raw.path === 'string' && known(`field.${raw.path}`))
    params.path = t(`field.${raw.path}` as MessageKey);
  // A time (a position fix dated ahead of the clock) in China Standard Time with its date.
  if (typeof raw.fixAt === 'string' && chinaDateTime(raw.fixAt))
    params.fixAt = t('time.cst', { time: chinaDateTime(raw.fixAt) });
  const variant = typeof raw.variant === 'string' ? `error.${e.code}.${raw.variant}` : null;
  const key = variant && known(variant) ? variant : `error.${e.code}`;
  const text = t(key as MessageKey, params);
  return /\{\w+\}/.test(text) ? e.message : text;
}
