import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/main/app/compose';
import { SHANXI_PACK, tempDir } from '../support/tmp';
import { CodedError } from '../../src/shared/ipc/errors';

type App = Awaited<ReturnType<typeof startApp>>;

/** 接报 with the Shanxi map pack: the county from its polygons, a place outside Shanxi only when confirmed. */
describe('intake against the map pack', () => {
  let app: App;
  const t = tempDir('intake');
  beforeAll(async () => {
    app = await startApp({ dataDir: t.dir, mode: 'web', mapPackDir: SHANXI_PACK, log: () => undefined });
    await app.handlers['duty:signIn']({ name: '张伟', org: '省应急指挥中心' });
  });
  afterAll(async () => {
    await app.close();
    t.cleanup();
  });

  it('derives the county from where the incident is (小店区, 140105)', async () => {
    const inc = await app.handlers['incident:create']({
      title: '小店区内涝',
      hazard: 'flood',
      level: 'IV',
      location: [112.565, 37.736],
    });
    expect(inc.countyAdcode).toMatch(/^1401\d\d$/);
  });

  it('refuses a place outside Shanxi unless cross-province support is confirmed, and records that it was', async () => {
    const outside = {
      title: '河北井陉山火',
      hazard: 'forest_fire' as const,
      level: 'III' as const,
      location: [114.14, 38.03] as [number, number],
    };
    await expect(app.handlers['incident:create'](outside)).rejects.toMatchObject({
      code: 'OUTSIDE_PROVINCE',
    });
    await expect(app.handlers['incident:create'](outside)).rejects.toBeInstanceOf(CodedError);
    const inc = await app.handlers['incident:create']({ ...outside, crossProvince: true });
    expect(inc.countyAdcode).toBeNull();
    const [entry] = await app.handlers['timeline:list']({ incidentId: inc.id });
    expect(entry).toMatchObject({ kind: 'reported', by: { name: '张伟' }, data: { crossProvince: true } });
  });
});
