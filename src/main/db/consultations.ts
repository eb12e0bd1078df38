import { Consultation, Expert, type ConsultInvitee } from '../../shared/consult/record';
import { OP_PRIORITY } from '../../shared/sync';
import { CodedError } from '../../shared/ipc/errors';
import { recordLocalOp, type StoreContext } from './context';
import { currentPerson, deskNow } from './desk';
import { getRecord, putRecord } from './repositories/records';
import { consultationTable, expertTable, listConsultations, listExperts } from './repositories/consultations';
import { incidentTable } from './repositories/incidents';

export interface OpenConsultation {
  incidentId: string;
  title: string;
  invitees: ConsultInvitee[];
}

function signedIn(ctx: StoreContext, what: string) {
  const by = currentPerson(ctx);
  if (!by)
    throw new CodedError(
      'SIGN_IN_REQUIRED',
      `Nobody is signed in on this desk. Sign in for the shift (值班签到), then ${what} again.`,
    );
  return by;
}

/** 调度会商: open a session on an incident, by the person on duty (one record, one sync op). */
export function openConsultation(ctx: StoreContext, input: OpenConsultation): Consultation {
  const by = signedIn(ctx, 'open the consultation');
  const incident = getRecord(ctx.db, incidentTable, input.incidentId);
  if (!incident)
    throw new CodedError('NOT_FOUND', `No incident ${input.incidentId}.`, {
      kind: 'incident',
      id: input.incidentId,
    });
  if (incident.status === 'closed')
    throw new CodedError('INVALID', 'The incident is closed; a consultation is opened on an open incident.', {
      variant: 'closed',
    });
  const at = deskNow(ctx);
  const record = Consultation.parse({
    id: `cs-${ctx.clientId}-${Date.parse(at).toString(36)}`,
    incidentId: input.incidentId,
    title: input.title,
    status: 'open',
    invitees: input.invitees,
    openedBy: by,
    openedAt: at,
    endedAt: null,
    by,
    at,
  });
  return ctx.db.transaction(() => {
    const stored = putRecord(ctx.db, consultationTable, record);
    recordLocalOp(ctx, 'consultation', stored.id, 'upsert', { ...stored }, OP_PRIORITY.status);
    return stored;
  })();
}

/** End a session: the hub tears its rooms down when this reaches it. */
export function endConsultation(ctx: StoreContext, id: string): Consultation {
  const by = signedIn(ctx, 'end the consultation');
  const current = getRecord(ctx.db, consultationTable, id);
  if (!current) throw new CodedError('NOT_FOUND', `No consultation ${id}.`, { kind: 'consultation', id });
  if (current.status === 'ended') return current;
  const at = deskNow(ctx);
  const change = { status: 'ended' as const, endedAt: at, by, at };
  return ctx.db.transaction(() => {
    const stored = putRecord(ctx.db, consultationTable, Consultation.parse({ ...current, ...change }));
    recordLocalOp(ctx, 'consultation', id, 'upsert', { ...change }, OP_PRIORITY.status);
    return stored;
  })();
}

/** Open sessions and those ended in the last 24 hours. */
export const consultationsOf = (ctx: StoreContext): Consultation[] =>
  listConsultations(ctx.db, new Date(Date.parse(deskNow(ctx)) - 24 * 3600_000).toISOString());

export interface ExpertInput {
  /** Absent: a new expert. */
  id?: string;
  name: string;
  speciality: string;
  region?: string;
  org?: string;
  contact?: string;
  availability: Expert['availability'];
  note?: string;
}

/** 专家库: add an expert or replace one, by the person on duty (one record, one sync op). */
export function saveExpert(ctx: StoreContext, input: ExpertInput): Expert {
  const by = signedIn(ctx, 'save the expert');
  const at = deskNow(ctx);
  const id = input.id ?? `ex-${ctx.clientId}-${Date.parse(at).toString(36)}`;
  if (input.id && !getRecord(ctx.db, expertTable, input.id))
    throw new CodedError('NOT_FOUND', `No expert ${input.id}.`, { kind: 'expert', id: input.id });
  const record = Expert.parse({ ...input, id, by, at });
  return ctx.db.transaction(() => {
    const stored = putRecord(ctx.db, expertTable, record);
    recordLocalOp(ctx, 'expert', id, 'upsert', { ...stored }, OP_PRIORITY.descriptive);
    return stored;
  })();
}

export const expertsOf = (ctx: StoreContext): Expert[] => listExperts(ctx.db);
