import { useEffect, useMemo, useState } from 'react';
import type { ActionOwner } from '../../../shared/domain';
import type { Consultation } from '../../../shared/consult/record';
import { dutyDate } from '../../../shared/desk';
import { api } from '../../services/api';
import { useExperts } from './ExpertDirectory';

/** "王芳/吕梁市应急局", "王芳（吕梁市应急局）" or "王芳" as an owner; null when there is no name. */
export function parseOwner(text: string): ActionOwner | null {
  const s = text.trim();
  const m = /^(.+?)\s*[（(](.*)[）)]$/.exec(s) ?? /^(.+?)\s*\/\s*(.*)$/.exec(s);
  const name = (m ? m[1]! : s).trim().slice(0, 100);
  const org = (m ? m[2]! : '').trim().slice(0, 200);
  return name ? { name, org } : null;
}

export const ownerField = (o: ActionOwner): string => (o.org ? `${o.name}/${o.org}` : o.name);

/**
 * Whom an action item may be given to, as "姓名/单位": the people in the call, those the session
 * invited by name, its opener, the experts of the directory, and today's roster.
 */
export function useOwnerSuggestions(
  c: Consultation | null,
  participants: readonly { name: string; org: string }[] = [],
): string[] {
  const { experts } = useExperts();
  const [roster, setRoster] = useState<ActionOwner[]>([]);
  useEffect(() => {
    const today = dutyDate(Date.now());
    void api.invoke('roster:list', { from: today, to: today }).then((r) => {
      if (r.ok) setRoster(r.value.flatMap((s) => [s.leader, ...s.officers]));
    });
  }, []);
  return useMemo(() => {
    const people: ActionOwner[] = [
      ...participants,
      ...(c?.invitees.flatMap((i) => (i.kind === 'person' ? [i] : [])) ?? []),
      ...(c ? [c.openedBy] : []),
      ...experts,
      ...roster,
    ].map((p) => ({ name: p.name, org: p.org }));
    return [...new Set(people.map(ownerField))];
  }, [participants, c, experts, roster]);
}
