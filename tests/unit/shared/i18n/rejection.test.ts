import { describe, expect, it } from 'vitest';
import { REJECTION_CODES } from '../../../../src/shared/domain';
import { translate, type LocaleCode, type MessageKey } from '../../../../src/shared/i18n';
import { decideProposal, type Decision, type DecisionContext } from '../../../../src/shared/sync/decide';
import type { EntityState } from '../../../../src/shared/sync/merge';
import { rejectionMessage } from '../../../../src/renderer/model/rejection';

const state = (fields: Record<string, unknown>): EntityState => ({ fields, clocks: {}, deletedHlc: null });

/** A hub picture with one of everything, and the proposal that triggers each rejection code. */
function decisions(): Decision[] {
  const records: Record<string, EntityState> = {
    'incident inc-open': state({ id: 'inc-open', status: 'responding' }),
    'incident inc-other': state({ id: 'inc-other', status: 'responding' }),
    'incident inc-closed': state({ id: 'inc-closed', status: 'closed' }),
    'unit u-ok': state({ id: 'u-ok', name: '太原消防特勤站', status: 'dispatched' }),
    'unit u-oos': state({ id: 'u-oos', status: 'out_of_service' }),
    'aircraft ac-mx': state({ id: 'ac-mx', status: 'maintenance' }),
  };
  const ctx: DecisionContext = {
    get: (entity, id) => records[`${entity} ${id}`] ?? null,
    assignments: () => [
      state({
        id: 'asg-0',
        incidentId: 'inc-other',
        resourceKind: 'unit',
        resourceId: 'u-ok',
        status: 'accepted',
      }),
    ],
  };
  const p = (incidentId: string, resourceKind: string, resourceId: string) => ({
    id: 'asg-new',
    incidentId,
    resourceKind,
    resourceId,
  });
  return [
    decideProposal('viewer', p('inc-open', 'unit', 'u-ok'), ctx),
    decideProposal('duty-officer', p('inc-gone', 'unit', 'u-ok'), ctx),
    decideProposal('duty-officer', p('inc-closed', 'unit', 'u-ok'), ctx),
    decideProposal('duty-officer', p('inc-open', 'unit', 'u-gone'), ctx),
    decideProposal('duty-officer', p('inc-open', 'unit', 'u-oos'), ctx),
    decideProposal('duty-officer', p('inc-open', 'aircraft', 'ac-mx'), ctx),
    decideProposal('duty-officer', p('inc-other', 'unit', 'u-ok'), ctx),
    decideProposal('duty-officer', p('inc-open', 'unit', 'u-ok'), ctx),
  ];
}

describe('rejection codes', () => {
  const all = decisions();

  it('the decision rules produce every code, with an English reason', () => {
    expect(all.map((d) => d.code).sort()).toEqual([...REJECTION_CODES].sort());
    for (const d of all) expect(d.reason).toMatch(/\.$/);
  });

  it.each(['zh-CN', 'en'] as LocaleCode[])('are told in %s with every parameter filled in', (locale) => {
    const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
    for (const d of all) {
      const text = rejectionMessage(t, {
        rejectionCode: d.code,
        rejectionParams: d.params,
        rejectionReason: d.reason,
      });
      expect(text, d.code!).not.toMatch(/[{}]/);
      expect(text, d.code!).not.toBe(d.reason);
      // Ids and names as given; the role and the resource kind translated.
      for (const [k, v] of Object.entries(d.params!))
        if (k !== 'role' && k !== 'kind') expect(text, d.code!).toContain(v);
    }
    const told = (d: Decision) =>
      rejectionMessage(t, { rejectionCode: d.code, rejectionParams: d.params, rejectionReason: d.reason });
    expect(told(all[0]!)).toContain(locale === 'en' ? 'viewer' : '只读用户');
    expect(told(all[3]!)).toContain(locale === 'en' ? 'the unit u-gone' : '没有队伍 u-gone');
  });

  it("falls back to the hub's text for a code this version does not know, or none", () => {
    const t = (key: MessageKey, params?: Record<string, string | number>) => translate('zh-CN', key, params);
    expect(
      rejectionMessage(t, {
        rejectionCode: 'quota_exceeded' as never,
        rejectionParams: {},
        rejectionReason: 'Quota exceeded.',
      }),
    ).toBe('Quota exceeded');
    expect(
      rejectionMessage(t, {
        rejectionCode: null,
        rejectionParams: null,
        rejectionReason: 'Unit u-1 is out of service.',
      }),
    ).toBe('Unit u-1 is out of service');
  });
});
