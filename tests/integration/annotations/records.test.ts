import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  connectAs,
  HUB_STORES,
  incidentFields,
  now,
  OpMaker,
  pushOps,
  startTestHub,
  type TestHub,
} from '../hub/support';
import { startClient, syncAll, type TestClient } from '../sync/support';
import { PushBus } from '../../../src/main/services/handlers';
import { invoke, type Handlers } from '../../../src/main/services/invoke';
import { createAnnotationHandlers } from '../../../src/main/services/annotationHandlers';
import type { Annotation } from '../../../src/shared/annotations/record';
import type { Result } from '../../../src/shared/ipc';

// 标绘 through the contract's entry and a real hub, on both of the hub's stores: drawn on one
// console, seen on the others with who drew it as the hub says; relabelled and removed by marking;
// drawn offline and arriving after reconnecting; a viewer's drawing and hostile records refused.

const cordon = {
  type: 'Polygon',
  coordinates: [
    [
      [112.5, 37.8],
      [112.6, 37.8],
      [112.6, 37.9],
      [112.5, 37.8],
    ],
  ],
};

describe.each(HUB_STORES)('annotations through a real hub (%s store)', (kind) => {
  let hub: TestHub;
  let province: TestClient;
  let city: TestClient;
  let field: TestClient;
  let viewer: TestClient;
  let raw: Socket;
  const incidentId = 'inc-an-1';
  let ipc: (channel: string, req: unknown) => Promise<Result<unknown>>;
  const pushed: unknown[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ store: kind });
    const person = (name: string, org = '') => ({ name, org });
    raw = await connectAs(hub.url, await hub.token('duty-officer', undefined, person('系统接口')), 'raw1');
    const maker = new OpMaker('raw1');
    await pushOps(raw, maker.op('incident', incidentId, 'upsert', incidentFields(incidentId)));
    province = await startClient(
      'prov',
      hub.url,
      await hub.token('duty-officer', undefined, person('张伟', '省应急指挥中心')),
    );
    city = await startClient(
      'city',
      hub.url,
      await hub.token('admin', undefined, person('王芳', '太原市应急局')),
    );
    field = await startClient(
      'field',
      hub.url,
      await hub.token('field-commander', undefined, person('李强')),
    );
    viewer = await startClient('viewer', hub.url, await hub.token('viewer', undefined, person('赵敏')));
    await syncAll([province, city, field, viewer]);
    const bus = new PushBus();
    bus.on('push', (event, payload) => pushed.push({ event, payload }));
    const handlers = createAnnotationHandlers({ store: province.store, bus }) as unknown as Handlers;
    ipc = (channel, req) => invoke(handlers, channel, req);
  }, 60_000);
  afterAll(async () => {
    raw?.disconnect();
    for (const c of [province, city, field, viewer]) await c?.close();
    await hub?.stop();
  });

  const list = async (c: TestClient) =>
    (await c.store.call('listAnnotations', { incidentId })) as Annotation[];

  it('a cordon drawn through the contract reaches the others, stamped by the hub; every window hears of it', async () => {
    const r = await ipc('annotation:save', {
      incidentId,
      kind: 'area',
      category: 'cordon',
      label: '警戒区 A',
      geometry: cordon,
    });
    expect(r.ok).toBe(true);
    const drawn = (r as { value: Annotation }).value;
    expect(pushed).toContainEqual({ event: 'picture:changed', payload: { entities: ['annotation'] } });
    await syncAll([province, city, field]);
    for (const c of [city, field]) {
      const [seen] = await list(c);
      expect(seen).toMatchObject({ id: drawn.id, label: '警戒区 A', category: 'cordon', geometry: cordon });
      expect(seen!.createdBy).toMatchObject({ name: '张伟', org: '省应急指挥中心', role: 'duty-officer' });
      expect(seen!.by).toMatchObject({ name: '张伟' });
    }
  });

  it('refuses hostile geometry at the contract with a coded error naming the field, and stores nothing', async () => {
    const before = (await list(province)).length;
    const ring = cordon.coordinates[0]!.map((p) => [...p]);
    ring[2] = [112.6, 95];
    let r = await ipc('annotation:save', {
      incidentId,
      kind: 'area',
      category: 'cordon',
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID', params: { path: 'geometry.coordinates.0.2.1', variant: 'annotationField' } },
    });
    r = await ipc('annotation:save', {
      incidentId,
      kind: 'line',
      category: 'route',
      geometry: {
        type: 'LineString',
        coordinates: Array.from({ length: 2001 }, (_, i) => [112 + i / 1e4, 37]),
      },
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID', params: { path: 'geometry.coordinates' } },
    });
    r = await ipc('annotation:save', { incidentId, kind: 'point', category: 'bunker', geometry: cordon });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', params: { path: 'category' } } });
    r = await ipc('annotation:save', {
      incidentId: 'no-such',
      kind: 'point',
      category: 'assembly',
      geometry: { type: 'Point', coordinates: [112.5, 37.8] },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', params: { kind: 'incident' } } });
    expect(await list(province)).toHaveLength(before);
  });

  it('a field commander relabels it and the province removes it: who drew it stays, who changed it is recorded', async () => {
    const [drawn] = await list(field);
    await field.store.call('saveAnnotation', { ...drawn!, label: '警戒区 A（扩大）' });
    await syncAll([field, province, city]);
    let [seen] = await list(city);
    expect(seen).toMatchObject({
      label: '警戒区 A（扩大）',
      by: { name: '李强' },
      createdBy: { name: '张伟' },
    });
    const removed = await ipc('annotation:remove', { id: drawn!.id });
    expect(removed).toMatchObject({ ok: true, value: { removed: true } });
    await syncAll([province, city, field]);
    expect(await list(city)).toEqual([]);
    // Never deleted: the hub keeps the record, marked, with who removed it.
    const kept = hub.store.getEntity('annotation', drawn!.id)?.fields;
    expect(kept).toMatchObject({ removed: true, by: { name: '张伟' }, createdBy: { name: '张伟' } });
    seen = (await ipc('annotation:remove', { id: drawn!.id })) as never;
    expect(seen).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', params: { kind: 'annotation' } } });
  });

  it('drawn offline, it arrives after reconnecting', async () => {
    await city.offline();
    const drawn = (await city.store.call('saveAnnotation', {
      incidentId,
      kind: 'point',
      category: 'assembly',
      label: '集结点 1',
      geometry: { type: 'Point', coordinates: [112.55, 37.85] },
    })) as Annotation;
    await syncAll([province]);
    expect((await list(province)).map((a) => a.id)).not.toContain(drawn.id);
    await syncAll([city, province]);
    expect(await list(province)).toContainEqual(
      expect.objectContaining({
        id: drawn.id,
        label: '集结点 1',
        createdBy: expect.objectContaining({ name: '王芳' }),
      }),
    );
  });

  it('a viewer may not draw: the hub refuses FORBIDDEN and the others never see it', async () => {
    const drawn = (await viewer.store.call('saveAnnotation', {
      incidentId,
      kind: 'text',
      category: 'note',
      label: '越权标注',
      geometry: { type: 'Point', coordinates: [112.55, 37.85] },
    })) as Annotation;
    await syncAll([viewer, province]);
    expect((await list(province)).map((a) => a.id)).not.toContain(drawn.id);
    expect((await list(viewer)).map((a) => a.id)).not.toContain(drawn.id);
    const notices = (await viewer.store.call('syncNotices', {})) as {
      entity: string | null;
      message: string;
    }[];
    expect(notices.find((n) => n.entity === 'annotation')?.message).toMatch(/read-only/);
  });

  it('the hub refuses an invalid record naming the field, and stamps who created it whatever a client claims', async () => {
    const maker = new OpMaker('raw1b');
    const s = await connectAs(
      hub.url,
      await hub.token('duty-officer', undefined, { name: '接口二' }),
      'raw1b',
    );
    try {
      const forged = { name: '冒名者', org: '', role: 'admin' };
      const fields = {
        id: 'an-raw-1',
        incidentId,
        kind: 'area',
        category: 'cordon',
        label: '',
        geometry: { type: 'Polygon', coordinates: [cordon.coordinates[0]!.slice(0, 3)] },
        createdBy: forged,
        createdAt: now(),
        by: forged,
        at: now(),
      };
      const [bad] = await pushOps(s, maker.op('annotation', 'an-raw-1', 'upsert', fields));
      expect(bad).toMatchObject({ status: 'rejected', code: 'INVALID_RECORD' });
      expect((bad as { reason: string }).reason).toMatch(/^annotation field geometry\.coordinates\.0: /);
      const [ok, edit, del] = await pushOps(
        s,
        maker.op('annotation', 'an-raw-1', 'upsert', { ...fields, geometry: cordon }),
        maker.op('annotation', 'an-raw-1', 'upsert', { label: '改', createdBy: forged }),
        maker.op('annotation', 'an-raw-1', 'delete', {}),
      );
      expect([ok?.status, edit?.status]).toEqual(['accepted', 'accepted']);
      expect(del).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
      expect(hub.store.getEntity('annotation', 'an-raw-1')?.fields).toMatchObject({
        label: '改',
        createdBy: { name: '接口二', role: 'duty-officer' },
        by: { name: '接口二' },
      });
    } finally {
      s.disconnect();
    }
  });
});
