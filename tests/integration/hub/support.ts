import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { startHub, type HubOptions } from '../../../src/hub/server';
import type { HubStoreLocation } from '../../../src/hub/store';
import { createToken } from '../../../src/hub/tokens';
import { testPgCluster } from '../../support/postgres';
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

/** The hub's two stores: the hub and sync suites run against each (`describe.each(HUB_STORES)`). */
export type HubStoreKind = 'sqlite' | 'postgres';
export const HUB_STORES: readonly HubStoreKind[] = ['sqlite', 'postgres'];

/** A new, empty store: a file in `dir`, or a new database in this test file's PostgreSQL cluster. */
export async function newStoreLocation(kind: HubStoreKind, dir: string): Promise<HubStoreLocation> {
  return kind === 'sqlite'
    ? { sqlite: join(dir, 'hub.sqlite') }
    : { postgres: await (await testPgCluster()).createDatabase() };
}

/** The hub CLI's arguments for a store location. */
export const storeArgs = (at: HubStoreLocation): string[] =>
  'sqlite' in at ? ['--db', at.sqlite] : ['--pg', at.postgres];

/**
 * Run one SQL statement against a store over a connection of its own, as another process would
 * (`?` placeholders, written the same for both): the rows it returns.
 */
export async function storeQuery(
  at: HubStoreLocation,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  if ('sqlite' in at) {
    const db = new Database(at.sqlite);
    try {
      const stmt = db.prepare(sql);
      if (stmt.reader) return stmt.all(...params) as Record<string, unknown>[];
      stmt.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: at.postgres, types: { getTypeParser: numericTypes } });
  await c.connect();
  try {
    let i = 0;
    return (
      await c.query(
        sql.replace(/\?/g, () => `$${++i}`),
        params,
      )
    ).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

// bigint as number in test queries, as the hub reads them.
const numericTypes = ((oid: number, format?: 'text' | 'binary') =>
  oid === 20
    ? (v: string) => Number(v)
    : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

export type TestHub = Awaited<ReturnType<typeof startTestHub>>;

export async function startTestHub(
  opts: {
    retainOps?: number;
    store?: HubStoreKind;
    consult?: HubOptions['consult'];
    log?: (line: string) => void;
  } = {},
) {
  const t = tempDir('hub');
  const kind = opts.store ?? 'sqlite';
  const at = await newStoreLocation(kind, t.dir);
  const hub = await startHub({
    store: at,
    port: 0,
    retainOps: opts.retainOps,
    consult: opts.consult,
    log: opts.log ?? (() => undefined),
  });
  let n = 0;
  return {
    ...hub,
    dir: t.dir,
    kind,
    /** Where the store is: to start another hub on it, or to reach it as another process would. */
    at,
    /** Issue a token (through the hub's own store) and return its secret. */
    token: async (role: Role, unitId?: string, person?: { name: string; org?: string }): Promise<string> =>
      (
        await createToken(hub.store.tokens, {
          name: person?.name ?? `${role}-${++n}`,
          org: person?.org,
          role,
          unitId: unitId ?? null,
        })
      ).token,
    query: (sql: string, params: unknown[] = []) => storeQuery(at, sql, params),
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

/** The hub's whole log, parsed (read as another process would). */
export async function hubLog(hub: { at: HubStoreLocation }): Promise<LogEntry[]> {
  return (await storeQuery(hub.at, 'SELECT seq, at, op FROM log ORDER BY seq')).map((r) => ({
    seq: Number(r.seq),
    at: String(r.at),
    op: JSON.parse(String(r.op)) as Op,
  }));
}
