import { useEffect, useState } from 'react';
import type { Person } from '../../shared/domain';
import { api } from '../services/api';

/** Who is signed in at this desk (the hub's person for the token once known); follows sign-ins. */
export function useWhoAmI(): Person | null {
  const [person, setPerson] = useState<Person | null>(null);
  useEffect(() => {
    void api.invoke('duty:whoami', {}).then((r) => r.ok && setPerson(r.value));
    return api.on('duty:changed', (p) => setPerson(p));
  }, []);
  return person;
}
