import { describe, expect, it } from 'vitest';
import { catalogues, translate, type LocaleCode, type MessageKey } from '../../../../src/shared/i18n';
import { APP_ERROR_CODES, NOT_FOUND_KINDS, type AppError } from '../../../../src/shared/ipc';
import { errorText } from '../../../../src/renderer/ui/errorText';

const tOf = (locale: LocaleCode) => (key: MessageKey, params?: Record<string, string | number>) =>
  translate(locale, key, params);
const zh = tOf('zh-CN');
const en = tOf('en');

describe('errors in the user’s language', () => {
  it('every code main can return has a wording in both languages, and every kind of missing thing a name', () => {
    for (const code of APP_ERROR_CODES) {
      expect(catalogues['zh-CN'], code).toHaveProperty([`error.${code}`]);
      expect(catalogues.en, code).toHaveProperty([`error.${code}`]);
    }
    for (const kind of NOT_FOUND_KINDS) expect(catalogues['zh-CN']).toHaveProperty([`errorKind.${kind}`]);
  });

  it('words a coded error from its params, translating what was not found and incident statuses', () => {
    const notFound: AppError = {
      code: 'NOT_FOUND',
      message: 'No incident with id "inc-9". Refresh the list.',
      params: { kind: 'incident', id: 'inc-9' },
    };
    expect(errorText(zh, notFound)).toBe('找不到事件「inc-9」，可能已被移除。请刷新后重试。');
    expect(errorText(en, notFound)).toBe(
      'There is no incident “inc-9”; it may have been removed. Refresh and try again.',
    );
    const backwards: AppError = {
      code: 'STATUS_BACKWARDS',
      message: 'Incident status only moves forward.',
      params: { from: 'responding', to: 'reported' },
    };
    expect(errorText(zh, backwards)).toContain('当前为「处置中」，不能退回「已接报」');
    expect(
      errorText(zh, {
        code: 'INVALID',
        message: 'Invalid value at title: too small',
        params: { path: 'title' },
      }),
    ).toBe('输入有误（标题）。请更正后重试。');
    expect(
      errorText(zh, {
        code: 'INVALID',
        message: 'Invalid value at casualties.dead',
        params: { path: 'casualties.dead' },
      }),
    ).toBe('输入有误（casualties.dead）。请更正后重试。');
  });

  it('picks a variant when the error names one', () => {
    const e: AppError = {
      code: 'NOT_RELEASABLE',
      message: 'This proposal has not been decided yet.',
      params: { variant: 'proposed' },
    };
    expect(errorText(zh, e)).toBe('此调派尚待省级平台确认，确认后才能解除。');
    expect(errorText(zh, { ...e, params: { variant: 'something-new' } })).toBe(
      '此调派不能解除。请刷新后查看其状态。',
    );
  });

  it('keeps the technical detail of a refused map pack, in a sentence of the user’s language', () => {
    const e: AppError = {
      code: 'MAP_PACK_INVALID',
      message: '"rivers.geojson" is not valid JSON (line 3). Fix the file and import again.',
    };
    expect(errorText(zh, e)).toBe(
      '地图包无效："rivers.geojson" is not valid JSON (line 3). Fix the file and import again.',
    );
  });

  it('falls back to main’s message for a code it does not know, or when the params a wording needs are missing; a wording that needs none is used as is', () => {
    expect(errorText(zh, { code: 'SOMETHING_NEW', message: 'A newer main said this.' })).toBe(
      'A newer main said this.',
    );
    expect(errorText(zh, { code: 'NOT_FOUND', message: 'No incident with id "x".' })).toBe(
      'No incident with id "x".',
    );
    expect(errorText(zh, { code: 'STORE_STOPPED', message: 'The local store stopped.' })).toBe(
      '本地数据库已停止，重启前无法保存任何更改。请立即重启晋应；已保存的更改不会丢失。',
    );
  });
});
