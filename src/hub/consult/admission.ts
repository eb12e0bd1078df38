import { Consultation, isInvited, type ConsultPerson } from '../../shared/consult/record';

/** The replicated consultation record's fields by id, as the hub holds them (null: none). */
export type ConsultLookup = (id: string) => Record<string, unknown> | null;

/**
 * Who may take part in a consultation's live parts (the media, the shared map), decided from the
 * replicated record: the session exists at the hub and is open (`NOT_OPEN` otherwise), and, given
 * a person, that person is the opener or invited (`NOT_INVITED`). Errors carry the reason as their
 * message's prefix, as the consultation protocol's refusals do.
 */
export function admit(lookup: ConsultLookup, id: string, who?: ConsultPerson): Consultation {
  const fields = lookup(id);
  const parsed = fields ? Consultation.safeParse(fields) : null;
  if (!parsed?.success) throw new Error(`NOT_OPEN: no consultation ${id} at the hub`);
  if (parsed.data.status !== 'open') throw new Error(`NOT_OPEN: consultation ${id} has ended`);
  if (who && !isInvited(parsed.data, who))
    throw new Error(`NOT_INVITED: ${who.name} is not invited to consultation ${id}`);
  return parsed.data;
}

/** The opener of the session (by name, and organisation when the record has one). */
export const isOpener = (c: Consultation, who: { name: string; org: string }): boolean =>
  c.openedBy.name === who.name && (c.openedBy.org === '' || c.openedBy.org === who.org);
