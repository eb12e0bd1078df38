import { REJECTION_CODES, type Assignment } from '../../shared/domain';
import type { MessageKey } from '../../shared/i18n';
import { ROLES } from '../../shared/sync/roles';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * Why a proposal was refused, in the user's language: the decision's code with its parameters,
 * or (a code this version does not know, or a record from before codes) the hub's English text.
 */
export function rejectionMessage(
  t: T,
  a: Pick<Assignment, 'rejectionCode' | 'rejectionParams' | 'rejectionReason'>,
): string {
  const code = a.rejectionCode;
  if (code && (REJECTION_CODES as readonly string[]).includes(code)) {
    const params: Record<string, string> = { ...(a.rejectionParams ?? {}) };
    const role = params.role;
    if (role && (ROLES as readonly string[]).includes(role))
      params.role = t(`syncRole.${role}` as MessageKey);
    if (params.kind === 'unit' || params.kind === 'aircraft')
      params.kind = t(`rejection.kind.${params.kind}`);
    return t(`rejection.${code}` as MessageKey, params);
  }
  return (a.rejectionReason ?? '').replace(/[.。]\s*$/, '');
}
