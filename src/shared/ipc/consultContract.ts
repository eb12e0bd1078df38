import * as z from 'zod';
import { Id } from '../domain';
import { Consultation, ConsultInvitee } from '../consult/record';
import {
  ConsultJoinRequest,
  ConsultLeaveRequest,
  ConsultSignalRequest,
  type ConsultJoinReply,
  type ConsultSignalReply,
} from '../consult/protocol';

/**
 * 调度会商 (docs/consultation.md): open, end and list consultation sessions (replicated records),
 * and the signalling of the one this console is in (relayed to the hub; the hub's answers and
 * events come back, events as the `consult:event` push).
 */
export const consultChannels = {
  /** Open sessions, and those ended in the last 24 hours, newest first. */
  'consult:list': { request: z.object({}).strict(), response: z.array(Consultation) },
  /** A duty officer opens a session on an incident and invites people by name or by role. */
  'consult:open': {
    request: z
      .object({
        incidentId: Id,
        title: z.string().trim().min(1).max(200),
        invitees: z.array(ConsultInvitee).min(1).max(50),
      })
      .strict(),
    response: Consultation,
  },
  'consult:end': { request: z.object({ id: Id }).strict(), response: Consultation },
  'consult:join': { request: ConsultJoinRequest, response: z.custom<ConsultJoinReply>() },
  'consult:signal': { request: ConsultSignalRequest, response: z.custom<ConsultSignalReply>() },
  'consult:leave': { request: ConsultLeaveRequest, response: z.null() },
};
