/** What every handler returns across a boundary: never a thrown error (DESIGN.md §5.2). */
export interface AppError {
  /** Stable machine code, e.g. `INVALID_REQUEST`, `NOT_FOUND`, `STATUS_BACKWARDS`. */
  code: string;
  /** Human-readable; says what was wrong and what to do next. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: string, message: string): Result<never> => ({ ok: false, error: { code, message } });
