import { describe, expect, it } from 'vitest';
import { conflictText } from '../../../src/renderer/features/sync/conflictText';
import { translator } from '../../../src/renderer/ui/translate';
import type { ConflictNotice, Picture } from '../../../src/shared/ipc';

const picture = {
  incidents: [{ id: 'inc-1', title: '临汾市洪洞县4.3级地震' }],
  units: [],
  bases: [],
  depots: [],
  assignments: [],
} as unknown as Picture;
const c = (field: string, kept: unknown, lost: unknown): ConflictNotice => ({
  id: 1,
  entity: 'incident',
  entityId: 'inc-1',
  field,
  keptValue: kept,
  keptHlc: '',
  lostValue: lost,
  lostHlc: '',
  createdAt: '2026-12-01T00:00:00Z',
  seenAt: null,
});

describe('conflict notices name things as people do', () => {
  it('the incident by its title, the field by its label, the values in words, in both languages', () => {
    expect(conflictText(translator('zh-CN'), c('level', 'II', 'III'), picture, 'zh-CN')).toBe(
      '事件 临汾市洪洞县4.3级地震 的「响应级别」同时被修改：保留 II级响应，被覆盖的值 III级响应',
    );
    expect(
      conflictText(translator('zh-CN'), c('status', 'responding', 'verified'), picture, 'zh-CN'),
    ).toContain('保留 处置中，被覆盖的值 已核实');
    expect(conflictText(translator('en'), c('title', 'A', 'B'), picture, 'en')).toContain(
      'of incident 临汾市洪洞县4.3级地震',
    );
  });
  it('times in Beijing time with their date', () => {
    expect(
      conflictText(
        translator('zh-CN'),
        c('occurredAt', '2026-12-01T00:30:00Z', '2026-11-30T23:00:00Z'),
        picture,
        'zh-CN',
      ),
    ).toContain('2026-12-01 08:30 北京时间');
  });
});
