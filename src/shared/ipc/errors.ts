/**
 * Every error code Jinying's own processes return across the contract. The renderer words each one
 * in the user's language (`error.<CODE>` in the i18n catalogues, filled from the error's `params`),
 * and keeps the English `message` as the detail (logs, a tooltip). A code not listed here (from a
 * newer version) is shown by its message.
 */
export const APP_ERROR_CODES = [
  // the contract itself (src/main/services/invoke.ts, the transports)
  'UNKNOWN_CHANNEL',
  'INVALID_REQUEST',
  'TOO_LARGE',
  'FORBIDDEN',
  'TIMEOUT',
  'INTERNAL',
  // commands and their input
  'INVALID',
  'NOT_FOUND',
  'STATUS_BACKWARDS',
  'FIX_IN_FUTURE',
  'NOT_RELEASABLE',
  'SIGN_IN_REQUIRED',
  'OUTSIDE_PROVINCE',
  'ALREADY_ACCEPTED',
  // the local store
  'STORE_FAILED',
  'STORE_STOPPED',
  'STORE_CLOSED',
  'STORE_OPEN_FAILED',
  'DB_SCHEMA_MISMATCH',
  'UNKNOWN_OP',
  // sync with the hub
  'SYNC_DISABLED',
  'SYNC_OFFLINE',
  // consultations (params.variant: NOT_INVITED, NOT_OPEN, FULL, UNAVAILABLE, NOT_JOINED)
  'CONSULT_REFUSED',
  // map packs and scenario files
  'MAP_PACK_INVALID',
  'MAP_PACK_NEEDS_ATTRIBUTION',
  'MAP_PACK_CANCELLED',
  'MAP_PACK_BUSY',
  'SCENARIO_NOT_FOUND',
  'SCENARIO_TOO_LARGE',
  'SCENARIO_INVALID',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** What the renderer needs to word an error: names, ids and numbers, never prose. */
export type ErrorParams = Record<string, string | number>;

/** What a NOT_FOUND error was looking for (`params.kind`). */
export const NOT_FOUND_KINDS = ['incident', 'unit', 'assignment', 'mapPack', 'base', 'aircraft'] as const;
export type NotFoundKind = (typeof NOT_FOUND_KINDS)[number];

export function isAppErrorCode(code: string): code is AppErrorCode {
  return (APP_ERROR_CODES as readonly string[]).includes(code);
}

/**
 * The one coded error: a failure meant for the user, with a code the UI words (APP_ERROR_CODES),
 * a message that says what to do next, and the parameters the UI words it with. Thrown by
 * services, store commands, the store and map-pack workers; the IPC entry turns it into an error
 * result. `C` is wider only where codes come from elsewhere (the store worker's, the hub's wire codes).
 */
export class CodedError<C extends string = AppErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}
