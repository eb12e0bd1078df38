import * as z from 'zod';
import { Id } from '../domain';
import { Consultation, ConsultInvitee, Expert, EXPERT_AVAILABILITY } from '../consult/record';
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
  /** 专家库: every expert, by speciality then name. */
  'expert:list': { request: z.object({}).strict(), response: z.array(Expert) },
  /** Add an expert (no id) or replace one, by the person on duty. */
  'expert:save': {
    request: z
      .object({
        id: Id.optional(),
        name: z.string().trim().min(1).max(100),
        speciality: z.string().trim().min(1).max(200),
        region: z.string().trim().max(100).optional(),
        org: z.string().trim().max(200).optional(),
        contact: z.string().trim().max(100).optional(),
        availability: z.enum(EXPERT_AVAILABILITY),
        note: z.string().trim().max(500).optional(),
      })
      .strict(),
    response: Expert,
  },
};
