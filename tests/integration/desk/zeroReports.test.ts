import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startTestHub, tempDir } from '../hub/support';
import { StoreClient } from '../../../src/main/db/client';
import { startClient, syncAll, type TestClient } from '../sync/support';
import { dutyDate } from '../../../src/shared/desk/zeroReports';
import type { ZeroReport } from '../../../src/shared/domain';

// 零报告 is a new kind of record added through the entity registry (entity, table, migration): a
// city's duty officer confirms, the hub stamps who from the token, and the province's console sees it.

let hub: Awaited<ReturnType<typeof startTestHub>>;
let city: TestClient;
let province: TestClient;
let viewer: TestClient;
const today = dutyDate(Date.now());

beforeAll(async () => {
  hub = await startTestHub();
  city = await startClient(
    'city',
    hub.url,
    await hub.token('duty-officer', undefined, { name: '王芳', org: '吕梁市应急局' }),
  );
  province = await startClient(
    'prov',
    hub.url,
    await hub.token('duty-officer', undefined, { name: '张伟', org: '省应急指挥中心' }),
  );
  viewer = await startClient('viewer', hub.url, await hub.token('viewer'));
  await Promise.all([city.online(), province.online(), viewer.online()]);
}, 60_000);
afterAll(async () => {
  for (const c of [city, province, viewer]) await c?.close();
  await hub?.stop();
});

describe('零报告 through a real hub', () => {
  it('a city confirms; the province sees it, by the token’s person, within one sync', async () => {
    const local = await city.store.call('confirmZeroReport', {
      date: today,
      city: { adcode: '141100', name: '吕梁市' },
      status: 'no_incident',
      note: '全市无突发事件',
    });
    expect(local.id).toBe(`zr-${today}-141100`);
    await syncAll([city, province]);
    const seen = (await province.store.call('listZeroReports', { date: today })) as ZeroReport[];
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ cityAdcode: '141100', status: 'no_incident', note: '全市无突发事件' });
    expect(seen[0]!.by).toMatchObject({ name: '王芳', org: '吕梁市应急局', role: 'duty-officer' });
  });

  it('a later confirmation of the same city and day replaces the first everywhere', async () => {
    await city.store.call('confirmZeroReport', {
      date: today,
      city: { adcode: '141100', name: '吕梁市' },
      status: 'reported',
    });
    await syncAll([city, province]);
    const seen = (await province.store.call('listZeroReports', { date: today })) as ZeroReport[];
    expect(seen.map((r) => r.status)).toEqual(['reported']);
  });

  it('a viewer cannot confirm: the hub refuses, and the province never sees it', async () => {
    await viewer.store.call('confirmZeroReport', {
      date: today,
      city: { adcode: '140100', name: '太原市' },
      status: 'no_incident',
    });
    await syncAll([viewer, province]);
    const seen = (await province.store.call('listZeroReports', { date: today })) as ZeroReport[];
    expect(seen.map((r) => r.cityAdcode)).toEqual(['141100']);
    const notices = (await viewer.store.call('syncNotices', {})) as {
      entity: string | null;
      message: string;
    }[];
    const refusal = notices.find((n) => n.entity === 'zero_report');
    expect(refusal?.message).toMatch(/viewer/);
  });

  it('a store with nobody signed in refuses to confirm, naming what to do, and stores nothing', async () => {
    const t = tempDir('nobody');
    const store = await StoreClient.open(join(t.dir, 'jinying.sqlite'));
    try {
      await expect(
        store.call('confirmZeroReport', {
          date: today,
          city: { adcode: '140100', name: '太原市' },
          status: 'no_incident',
        }),
      ).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED', message: expect.stringMatching(/值班签到/) });
      expect(await store.call('listZeroReports', { date: today })).toEqual([]);
    } finally {
      await store.close();
      t.cleanup();
    }
  });
});
