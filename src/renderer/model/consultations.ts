import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Person } from '../../shared/domain';
import { isInvited, type Consultation } from '../../shared/consult/record';
import { api } from '../services/api';

/**
 * 调度会商 sessions as two features need them: the consultation panel, and the alert centre, which
 * raises an alert on the console of everyone invited (docs/consultation.md). An invitation stops
 * alerting once this console has joined the session or acknowledged it (kept in this browser's
 * storage: a viewer may not write to the timeline, and joining is logged at the hub).
 */
export function useConsultations(): { list: Consultation[]; reload: () => void } {
  const [list, setList] = useState<Consultation[]>([]);
  const reload = useCallback(() => {
    void api.invoke('consult:list', {}).then((r) => r.ok && setList(r.value));
  }, []);
  useEffect(() => {
    reload();
    return api.on('picture:changed', (p) => {
      if (p.entities.includes('consultation')) reload();
    });
  }, [reload]);
  return { list, reload };
}

const KEY = 'jinying.consult.seen';
const listeners = new Set<() => void>();
let seenCache: string | null = null;

function readSeen(): string {
  if (seenCache === null) {
    try {
      seenCache = localStorage.getItem(KEY) ?? '[]';
    } catch {
      seenCache = '[]';
    }
  }
  return seenCache;
}

/** This console has joined or acknowledged these invitations. */
export function markInvitationsSeen(ids: readonly string[]): void {
  const seen = new Set(JSON.parse(readSeen()) as string[]);
  ids.forEach((id) => seen.add(id));
  seenCache = JSON.stringify([...seen].slice(-500));
  try {
    localStorage.setItem(KEY, seenCache);
  } catch {
    /* private mode: kept for this page only */
  }
  listeners.forEach((l) => l());
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
};

/** Open sessions that invite `me` and that this console has neither joined nor acknowledged. */
export function useInvitations(list: readonly Consultation[], me: Person | null): Consultation[] {
  const raw = useSyncExternalStore(subscribe, readSeen);
  return useMemo(() => {
    const seen = new Set(JSON.parse(raw) as string[]);
    if (!me) return [];
    return list.filter(
      (c) =>
        c.status === 'open' &&
        !seen.has(c.id) &&
        !(c.openedBy.name === me.name && c.openedBy.org === me.org) &&
        isInvited(c, me),
    );
  }, [list, me, raw]);
}
