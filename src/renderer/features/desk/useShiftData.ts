import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../../shared/ipc';
import { api } from '../../services/api';

/**
 * Load something from main and load it again whenever any console changes one of `entities` (a
 * `picture:changed` push names what changed). `error` keeps the last failure for the screen.
 */
export function useReloading<T>(
  load: () => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>,
  entities: readonly string[],
): { value: T | null; error: AppError | null; reload: () => void } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const key = entities.join(',');
  const reload = useCallback(() => {
    void load().then((r) => {
      if (r.ok) {
        setValue(r.value);
        setError(null);
      } else setError(r.error);
    });
    // `load` is recreated each render by callers; what it loads is named by `key` and deps below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  useEffect(() => {
    reload();
    const watched = new Set(key.split(','));
    return api.on('picture:changed', (p) => {
      if (p.entities.some((e) => watched.has(e))) reload();
    });
  }, [reload, key]);
  return { value, error, reload };
}
