import { describe, expect, it } from 'vitest';
import { Assignment } from '../../../../src/shared/domain';
import { goodAssignment, issuePaths } from './records';

describe('Assignment', () => {
  it('accepts a complete record, for a unit and for an aircraft', () => {
    expect(Assignment.safeParse(goodAssignment()).success).toBe(true);
    expect(
      Assignment.safeParse({ ...goodAssignment(), resourceKind: 'aircraft', resourceId: 'ac-1' }).success,
    ).toBe(true);
  });

  it('fills defaults for a bare proposal', () => {
    const a = Assignment.parse({
      id: 'asg-2',
      incidentId: 'inc-1',
      resourceKind: 'unit',
      resourceId: 'unit-1',
      status: 'proposed',
      proposedAt: '2026-11-29T07:57:00+08:00',
    });
    expect(a).toMatchObject({
      etaMinutes: null,
      note: '',
      proposedBy: '',
      decidedAt: null,
      rejectionReason: null,
    });
  });

  it('rejects unknown status and resource kind', () => {
    expect(issuePaths(Assignment.safeParse({ ...goodAssignment(), status: 'done' }))).toEqual(['status']);
    expect(issuePaths(Assignment.safeParse({ ...goodAssignment(), resourceKind: 'depot' }))).toEqual([
      'resourceKind',
    ]);
  });

  it('rejects a negative ETA and bad ids', () => {
    expect(issuePaths(Assignment.safeParse({ ...goodAssignment(), etaMinutes: -4 }))).toEqual(['etaMinutes']);
    expect(issuePaths(Assignment.safeParse({ ...goodAssignment(), incidentId: '' }))).toEqual(['incidentId']);
    expect(issuePaths(Assignment.safeParse({ ...goodAssignment(), resourceId: 'unit 1' }))).toEqual([
      'resourceId',
    ]);
  });

  it('rejects unknown fields', () => {
    expect(issuePaths(Assignment.safeParse({ ...goodAssignment(), priority: 1 }))).toEqual(['']);
  });
});
