import { join } from 'node:path';
import { startHub, type Hub } from '../../../src/hub/server';
import { CotMap, DEFAULT_LIMITS, type CotConfig } from '../../../src/hub/cot/config';
import { createToken, revokeToken, type TokenInfo } from '../../../src/hub/tokens';
import type { Role } from '../../../src/shared/sync/roles';
import { scenarioRecords } from '../../../src/shared/sync/entities';
import { readScenarioFile } from '../../../src/main/services/scenarioFile';
import { DEMO_SCENARIO } from '../../support/tmp';
import { tempDir } from './support';

/** The device the tests stream as, and the demo unit it stands for. */
export const DEVICE = 'ANDROID-0a1b2c3d4e5f6071';
export const UNIT = 'unit-fire-det-140100';
export const WARNING = 'warn-cot-1';

const person = (name: string) => ({ name, org: '省应急厅', role: 'duty-officer' as const });

/** A warning in force (drafted by one person, approved and issued by another) with one drawn ring. */
function warningRecords(): {
  entity: 'warning' | 'warning_action';
  id: string;
  fields: Record<string, unknown>;
}[] {
  const at = new Date(Date.now() - 60_000).toISOString();
  const ring = [
    [112.4, 37.7],
    [112.7, 37.7],
    [112.7, 37.95],
    [112.4, 37.95],
    [112.4, 37.7],
  ];
  const action = (id: string, kind: 'approve' | 'issue', by: string) => ({
    entity: 'warning_action' as const,
    id,
    fields: { id, warningId: WARNING, action: kind, draftAt: at, reason: '', by: person(by), at },
  });
  return [
    {
      entity: 'warning',
      id: WARNING,
      fields: {
        id: WARNING,
        hazard: 'flood',
        colour: 'orange',
        headline: '太原市暴雨洪涝橙色预警',
        senderOrg: '山西省应急管理厅',
        area: { description: '太原市区', counties: [{ adcode: '140105', name: '小店区' }], polygons: [ring] },
        onset: at,
        expires: new Date(Date.now() + 6 * 3600_000).toISOString(),
        by: person('张伟'),
        at,
      },
    },
    action('wa-cot-1', 'approve', '王芳'),
    action('wa-cot-2', 'issue', '王芳'),
  ];
}

export interface CotHub {
  hub: Hub;
  cfg: CotConfig;
  /** The bridge's own token at the hub. */
  bridgeToken: TokenInfo;
  dir: string;
  stop: () => Promise<void>;
}

/** A real hub on 127.0.0.1 with the demo picture, a warning in force and the CoT bridge. */
export async function startCotHub(
  over: Partial<CotConfig> = {},
  log?: (l: string) => void,
  /** The bridge's token as issued (default: field-commander, no unit, no expiry); `revoked`: revoked before start. */
  tokenAs: { role?: Role; unitId?: string; expiresInMs?: number; revoked?: boolean } = {},
): Promise<CotHub> {
  const t = tempDir('cot');
  const seeded = await startHub({
    store: { sqlite: join(t.dir, 'hub.sqlite') },
    port: 0,
    log: () => undefined,
  });
  await seeded.store.seed([...scenarioRecords(readScenarioFile(DEMO_SCENARIO)), ...warningRecords()]);
  const bridge = await createToken(seeded.store.tokens, {
    name: 'CoT 网关',
    org: '省应急厅',
    role: tokenAs.role ?? 'field-commander',
    unitId: tokenAs.unitId ?? null,
    expiresAt: tokenAs.expiresInMs ? new Date(Date.now() + tokenAs.expiresInMs).toISOString() : null,
  });
  if (tokenAs.revoked) await revokeToken(seeded.store.tokens, bridge.info.id);
  await seeded.close();
  const cfg: CotConfig = {
    host: '127.0.0.1',
    token: bridge.token,
    tcpPort: 0,
    tls: null,
    multicast: null,
    map: CotMap.parse({
      devices: [{ uid: DEVICE, unit: UNIT, status: true }],
      status: { remarks: { 到达现场: 'on_scene' }, readiness: { false: 'out_of_service' } },
    }),
    limits: DEFAULT_LIMITS,
    staleSeconds: 300,
    refreshSeconds: 60,
    ...over,
  };
  const hub = await startHub({
    store: { sqlite: join(t.dir, 'hub.sqlite') },
    port: 0,
    cot: cfg,
    log: log ?? (() => undefined),
  }).catch((e: unknown) => {
    t.cleanup();
    throw e;
  });
  return {
    hub,
    cfg,
    bridgeToken: bridge.info,
    dir: t.dir,
    stop: async () => {
      await hub.close();
      t.cleanup();
    },
  };
}

/** The unit's merged position and fix time at the hub. */
export function unitAtHub(
  hub: Hub,
  id = UNIT,
): { position: [number, number]; positionFixAt: string; status: string } {
  return hub.store.getEntity('unit', id)!.fields as never;
}
