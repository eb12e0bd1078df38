import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startTestHub, tempDir } from '../hub/support';
import { StoreClient } from '../../../src/main/db/client';
import { startClient, syncAll, type TestClient } from '../sync/support';
import type { Consultation, Expert } from '../../../src/shared/consult/record';
import { scenarioRecords } from '../../../src/shared/sync/entities';
import { readScenarioFile } from '../../../src/main/services/scenarioFile';
import { DEMO_SCENARIO } from '../../support/tmp';

// 调度会商 records and the 专家库 through a real hub: the province opens a session and keeps the
// expert directory; a city's console sees both; a field commander's edits are refused by the hub.

let hub: Awaited<ReturnType<typeof startTestHub>>;
let province: TestClient;
let city: TestClient;
let field: TestClient;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.store.seed(scenarioRecords(readScenarioFile(DEMO_SCENARIO)));
  province = await startClient(
    'prov',
    hub.url,
    await hub.token('duty-officer', undefined, { name: '张伟', org: '省应急指挥中心' }),
  );
  city = await startClient(
    'city',
    hub.url,
    await hub.token('duty-officer', undefined, { name: '王芳', org: '吕梁市应急局' }),
  );
  field = await startClient(
    'field',
    hub.url,
    await hub.token('field-commander', undefined, { name: '李强' }),
  );
  await Promise.all([province.online(), city.online(), field.online()]);
  const incident = (await province.store.call('picture')).incidents[0];
  expect(incident).toBeDefined();
}, 60_000);
afterAll(async () => {
  for (const c of [province, city, field]) await c?.close();
  await hub?.stop();
});

describe('consultations and the expert directory through a real hub', () => {
  it('an expert saved at the province reaches the city, stamped with who; an edit replaces it', async () => {
    const saved = (await province.store.call('saveExpert', {
      name: '赵工',
      speciality: '岩土工程（滑坡）',
      region: '吕梁市',
      org: '山西省地质勘查局',
      contact: '0351-0000000',
      availability: 'available',
    })) as Expert;
    await syncAll([province, city]);
    let seen = (await city.store.call('listExperts')) as Expert[];
    expect(seen).toEqual([
      expect.objectContaining({ id: saved.id, name: '赵工', speciality: '岩土工程（滑坡）' }),
    ]);
    expect(seen[0]!.by).toMatchObject({ name: '张伟', org: '省应急指挥中心' });
    await city.store.call('saveExpert', { ...saved, availability: 'busy', note: '在离石现场' });
    await syncAll([city, province]);
    seen = (await province.store.call('listExperts')) as Expert[];
    expect(seen.map((x) => [x.availability, x.note, x.by.name])).toEqual([['busy', '在离石现场', '王芳']]);
  });

  it('a field commander may neither edit the directory nor open a consultation: the hub refuses both', async () => {
    const incidentId = ((await field.store.call('picture')) as { incidents: { id: string }[] }).incidents[0]
      ?.id;
    await field.store.call('saveExpert', { name: '冒充专家', speciality: '任何', availability: 'available' });
    expect(incidentId).toBeDefined();
    await field.store.call('openConsultation', {
      incidentId: incidentId!,
      title: '越权会商',
      invitees: [{ kind: 'role', role: 'viewer' }],
    });
    await syncAll([field, province]);
    expect(((await province.store.call('listExperts')) as Expert[]).map((x) => x.name)).toEqual(['赵工']);
    const notices = (await field.store.call('syncNotices', {})) as {
      entity: string | null;
      message: string;
    }[];
    expect(notices.find((n) => n.entity === 'expert')?.message).toMatch(/may not edit the expert directory/);
    expect(notices.find((n) => n.entity === 'consultation')?.message).toMatch(
      /may not open or end consultations/,
    );
    expect(((await province.store.call('listConsultations')) as Consultation[]).map((c) => c.title)).toEqual(
      [],
    );
  });

  it('a session opened at the province reaches every console and its end too', async () => {
    const incidentId = ((await province.store.call('picture')) as { incidents: { id: string }[] })
      .incidents[0]!.id;
    const opened = (await province.store.call('openConsultation', {
      incidentId,
      title: '会商：滑坡处置',
      invitees: [{ kind: 'person', name: '王芳', org: '' }],
    })) as Consultation;
    await syncAll([province, city]);
    expect(
      ((await city.store.call('listConsultations')) as Consultation[]).map((c) => [c.id, c.status]),
    ).toEqual([[opened.id, 'open']]);
    expect(hub.store.getEntity('consultation', opened.id)?.fields.openedBy).toMatchObject({ name: '张伟' });
    await province.store.call('endConsultation', { id: opened.id });
    await syncAll([province, city]);
    const [ended] = (await city.store.call('listConsultations')) as Consultation[];
    expect(ended).toMatchObject({ id: opened.id, status: 'ended', by: { name: '张伟' } });
    expect(ended!.endedAt).not.toBeNull();
  });

  it('a desk with nobody signed in refuses, naming what to do, and stores nothing', async () => {
    const t = tempDir('nobody');
    const store = await StoreClient.open(join(t.dir, 'jinying.sqlite'));
    try {
      await expect(
        store.call('saveExpert', { name: '赵工', speciality: '岩土', availability: 'available' }),
      ).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED', message: expect.stringMatching(/值班签到/) });
      expect(await store.call('listExperts')).toEqual([]);
    } finally {
      await store.close();
      t.cleanup();
    }
  });
});
