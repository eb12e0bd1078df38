import type { AppErrorCode, ErrorParams } from './errors';

/** What every handler returns across a boundary: never a thrown error (DESIGN.md §5.2). */
export interface AppError {
  /** Stable machine code, e.g. `INVALID_REQUEST`, `NOT_FOUND`, `STATUS_BACKWARDS` (see errors.ts). */
  code: string;
  /** English, for logs and as the detail: says what was wrong and what to do next. */
  message: string;
  /** What the renderer words the error with in the user's language (a field, an id, a size). */
  params?: ErrorParams;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: AppErrorCode, message: string, params?: ErrorParams): Result<never> => ({
  ok: false,
  error: params ? { code, message, params } : { code, message },
});
