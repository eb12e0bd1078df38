import type { consultZhCN } from './consult.zh-CN';

/** 调度会商 (consultation sessions) in English; every key of consult.zh-CN.ts. */
export const consultEn: Record<keyof typeof consultZhCN, string> = {
  'error.CONSULT_REFUSED': 'The provincial hub refused to let you join the consultation: {detail}',
  'error.CONSULT_REFUSED.NOT_INVITED':
    'You are not invited to this consultation. Ask the duty officer who opened it to invite you.',
  'error.CONSULT_REFUSED.NOT_OPEN':
    'This consultation has ended or has not reached the provincial hub yet. Refresh the list and try again.',
  'error.CONSULT_REFUSED.FULL':
    'The consultation is full (peer to peer takes at most 4 people while the media server is unavailable). Try again later or ask the administrator to check the media server.',
  'error.CONSULT_REFUSED.UNAVAILABLE':
    'The consultation media service is unavailable. Join again in a moment.',
  'error.CONSULT_REFUSED.NOT_JOINED': 'This desk is no longer in the consultation. Join again.',
  'error.CONSULT_REFUSED.NOT_ALLOWED': 'A viewer desk can watch and speak, but not publish a camera.',
};
