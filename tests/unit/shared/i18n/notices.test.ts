import { describe, expect, it } from 'vitest';
import { translate, type LocaleCode, type MessageKey } from '../../../../src/shared/i18n';
import type { Picture } from '../../../../src/shared/ipc';
import type { SyncNoticeInfo } from '../../../../src/shared/sync/status';
import { noticeText } from '../../../../src/renderer/features/sync/noticeText';

const tr = (locale: LocaleCode) => (key: MessageKey, params?: Record<string, string | number>) =>
  translate(locale, key, params);
const notice = (p: Partial<SyncNoticeInfo>): SyncNoticeInfo => ({
  id: 1,
  kind: 'op_rejected',
  entity: 'incident',
  entityId: 'inc-1',
  message:
    'The hub refused a change to incident inc-1 (FORBIDDEN): the viewer role is read-only. The hub’s version was restored.',
  code: 'FORBIDDEN',
  params: { restored: true },
  createdAt: '2026-11-29T08:00:00Z',
  seenAt: null,
  ...p,
});

describe('sync notices in the user’s language', () => {
  it('a refused change: what, why and what happened here', () => {
    expect(noticeText(tr('zh-CN'), notice({}), null)).toBe(
      '省级平台拒绝了对事件 inc-1 的修改：当前身份无权做此修改。本地已恢复为平台上的版本。',
    );
    expect(
      noticeText(
        tr('en'),
        notice({ entity: 'unit', entityId: 'u-9', code: 'UNKNOWN_ENTITY', params: { restored: false } }),
        null,
      ),
    ).toBe(
      'The provincial hub refused a change to rescue unit u-9: the hub does not have this record. The hub does not have this record, so it was removed here.',
    );
    expect(noticeText(tr('zh-CN'), notice({ code: 'CLOCK_AHEAD' }), null)).toMatch(/校准本机时间/);
  });

  it('falls back to the stored text for an unknown code, no code, or another kind', () => {
    const n = notice({ code: 'QUOTA' });
    expect(noticeText(tr('zh-CN'), n, null)).toBe(n.message);
    expect(noticeText(tr('zh-CN'), notice({ code: null }), null)).toBe(n.message);
    expect(noticeText(tr('zh-CN'), notice({ kind: 'record_invalid', message: 'skipped' }), null)).toBe(
      'skipped',
    );
  });

  it('a refused proposal is told from its assignment, with names from the picture', () => {
    const picture = {
      incidents: [{ id: 'inc-1', title: '洪洞县地震' }],
      units: [{ id: 'u-1', name: '洪洞矿山救护中队' }],
      bases: [],
      assignments: [
        {
          id: 'asg-1',
          incidentId: 'inc-1',
          resourceKind: 'unit',
          resourceId: 'u-1',
          status: 'rejected',
          rejectionCode: 'unit_out_of_service',
          rejectionParams: { resource: 'u-1' },
          rejectionReason: 'Unit u-1 is out of service.',
        },
      ],
    } as unknown as Picture;
    const n = notice({
      kind: 'assignment_rejected',
      entity: 'assignment',
      entityId: 'asg-1',
      code: null,
      params: null,
      message: 'The hub rejected…',
    });
    expect(noticeText(tr('zh-CN'), n, picture)).toBe(
      '省级平台拒绝调派 洪洞矿山救护中队 至「洪洞县地震」：队伍 u-1 已停止执勤。可另选力量，或处理原因后再次提出。',
    );
    // Not in the picture (yet): the stored text.
    expect(noticeText(tr('zh-CN'), { ...n, entityId: 'asg-2' }, picture)).toBe('The hub rejected…');
  });
});
