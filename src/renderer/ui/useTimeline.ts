import { useCallback, useEffect, useState } from 'react';
import type { TimelineEntry } from '../../shared/domain';
import { api } from '../services/api';

/**
 * An incident's timeline, read from main and read again whenever the picture's timeline changes
 * (a local step, or entries applied from the hub).
 */
export function useTimeline(incidentId: string | null): {
  entries: TimelineEntry[] | null;
  error: string | null;
  reload: () => void;
} {
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    if (!incidentId) return;
    void api.invoke('timeline:list', { incidentId }).then((r) => {
      if (r.ok) {
        setEntries(r.value);
        setError(null);
      } else setError(r.error.message);
    });
  }, [incidentId]);
  useEffect(() => {
    setEntries(null);
    reload();
    return api.on('picture:changed', (p) => {
      if (p.entities.includes('timeline')) reload();
    });
  }, [reload]);
  return { entries, error, reload };
}
