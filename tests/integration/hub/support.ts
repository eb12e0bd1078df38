import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { startHub, type Hub } from '../../../src/hub/server';
import { createToken } from '../../../src/hub/tokens';
import { HlcClock } from '../../../src/shared/sync/hlc';
import { OP_PRIORITY, type Op } from '../../../src/shared/sync/ops';
import {
  PROTOCOL_VERSION,
  type LogEntry,
  type PushReply,
  type PushResult,
  type Reply,
} from '../../../src/shared/sync/protocol';
import type { Role } from '../../../src/shared/sync/roles';

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `jinying-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startTestHub(opts: { retainOps?: number } = {}): Promise<
  Hub & {
    dir: string;
    token: (role: Role, unitId?: string, person?: { name: string; org?: string }) => string;
    stop: () => Promise<void>;
  }
> {
  const t = tempDir('hub');
  const hub = await startHub({
    dbFile: join(t.dir, 'hub.sqlite'),
    port: 0,
    retainOps: opts.retainOps,
    log: () => undefined,
  });
  let n = 0;
  return {
    ...hub,
    dir: t.dir,
    token: (role, unitId, person) =>
      createToken(hub.store.db, {
        name: person?.name ?? `${role}-${++n}`,
        org: person?.org,
        role,
        unitId: unitId ?? null,
      }).token,
    stop: async () => {
      await hub.close();
      t.cleanup();
    },
  };
}

/** A raw protocol client: what a third-party client would do, with no engine in between. */
export async function rawConnect(url: string, auth: unknown): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    auth: auth as Record<string, unknown>,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  return socket;
}

export function connectAs(url: string, token: string, clientId: string): Promise<Socket> {
  return rawConnect(url, { token, clientId, protocol: PROTOCOL_VERSION });
}

export async function request<T = unknown>(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<Reply<T>> {
  return (await socket.timeout(10_000).emitWithAck(event, payload)) as Reply<T>;
}

export function expectOk<T>(r: Reply<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Builds ops for one client id with a real clock. */
export class OpMaker {
  private seq = 0;
  readonly clock: HlcClock;
  constructor(readonly clientId: string) {
    this.clock = new HlcClock(clientId);
  }
  op(
    entity: Op['entity'],
    entityId: string,
    kind: Op['kind'],
    fields: Record<string, unknown>,
    priority: number = OP_PRIORITY.descriptive,
  ): Op {
    const seq = ++this.seq;
    return {
      opId: `${this.clientId}:${seq}`,
      clientId: this.clientId,
      seq,
      hlc: this.clock.tick(),
      entity,
      entityId,
      kind,
      fields,
      priority,
    };
  }
}

export const now = () => new Date().toISOString();

export function incidentFields(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: `事故 ${id}`,
    hazard: 'fire',
    level: 'IV',
    status: 'reported',
    location: [112.55, 37.87],
    reporter: { name: '值班员' },
    reportedAt: now(),
    updatedAt: now(),
    ...extra,
  };
}

export function unitFields(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `救援队 ${id}`,
    kind: 'fire_rescue',
    capabilities: ['firefighting'],
    headcount: 12,
    status: 'available',
    homeBase: { name: '基地', location: [112.5, 37.8] },
    position: [112.5, 37.8],
    positionFixAt: now(),
    ...extra,
  };
}

export function assignmentFields(
  id: string,
  incidentId: string,
  resourceId: string,
): Record<string, unknown> {
  return { id, incidentId, resourceKind: 'unit', resourceId, status: 'proposed', proposedAt: now() };
}

/** Push ops and return their results (the push itself must succeed). */
export async function pushOps(socket: Socket, ...ops: unknown[]): Promise<PushResult[]> {
  return expectOk(await request<PushReply>(socket, 'push', { ops })).results;
}

/** The hub's whole log, parsed. */
export function hubLog(hub: Pick<Hub, 'store'>): LogEntry[] {
  return (
    hub.store.db.prepare('SELECT seq, at, op FROM log ORDER BY seq').all() as {
      seq: number;
      at: string;
      op: string;
    }[]
  ).map((r) => ({
    seq: r.seq,
    at: r.at,
    op: JSON.parse(r.op) as Op,
  }));
}
