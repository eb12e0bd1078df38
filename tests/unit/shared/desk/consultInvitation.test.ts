import { describe, expect, it } from 'vitest';
import { activeAlerts, DEFAULT_DESK_CONFIG } from '../../../../src/shared/desk';

const base = {
  incidents: [],
  assignments: [],
  timeline: [],
  notices: [],
  cfg: DEFAULT_DESK_CONFIG,
  now: Date.parse('2026-12-02T04:00:00Z'),
  viewer: { role: 'viewer', unitId: null },
};
const invitation = {
  id: 'cs-1',
  incidentId: 'inc-1',
  title: '会商：燃气爆炸',
  openedBy: { name: '张伟' },
  openedAt: '2026-12-02T03:59:00Z',
};

describe('consultation invitation alert', () => {
  it('alerts every invited console, whatever its role, naming the session and who opened it', () => {
    expect(activeAlerts({ ...base, invitations: [invitation] })).toEqual([
      {
        id: 'consult:cs-1',
        kind: 'consult_invitation',
        incidentId: 'inc-1',
        params: { title: '会商：燃气爆炸', by: '张伟' },
        since: '2026-12-02T03:59:00Z',
      },
    ]);
    expect(
      activeAlerts({ ...base, viewer: { role: 'duty-officer', unitId: null }, invitations: [invitation] }),
    ).toHaveLength(1);
    expect(activeAlerts({ ...base })).toEqual([]);
  });
});
