import type { Statement } from 'better-sqlite3';
import type { EntityState } from '../../shared/sync/merge';
import { auditRow, rowToInfo, type AuditStore, type TokenInfo, type TokenStore } from '../tokens';
import {
  HeadMoved,
  type CommitOutcome,
  type FlushWrites,
  type HubBackend,
  type LoadedState,
} from './backend';
import { openHubDb, type HubDb } from './sqliteSchema';

/**
 * The hub store on one SQLite file (WAL, synchronous=FULL): the default, for a hub on one machine.
 * Synchronous underneath: every read the rules make is a prepared statement; a group commit is
 * one transaction.
 */
export class SqliteBackend implements HubBackend {
  readonly kind = 'sqlite';
  readonly db: HubDb;
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  private readonly stmt: Record<
    | 'insertLog'
    | 'findLog'
    | 'findRejected'
    | 'insertRejected'
    | 'putEntity'
    | 'getEntity'
    | 'pullPage'
    | 'putClientSeqs'
    | 'findReceipt'
    | 'insertReceipt'
    | 'putMeta'
    | 'head'
    | 'revokedAmong',
    Statement
  >;
  private readonly commitTx: (w: FlushWrites) => CommitOutcome;

  constructor(readonly where: string) {
    this.db = openHubDb(where);
    const db = this.db;
    this.stmt = {
      insertLog: db.prepare('INSERT INTO log (seq, op_id, client_id, at, op) VALUES (?, ?, ?, ?, ?)'),
      findLog: db.prepare('SELECT seq FROM log WHERE op_id = ?').pluck(),
      pullPage: db.prepare('SELECT seq, at, op FROM log WHERE seq > ? ORDER BY seq LIMIT ?').raw(),
      findRejected: db.prepare('SELECT code, reason FROM rejected WHERE op_id = ?'),
      insertRejected: db.prepare(
        'INSERT OR IGNORE INTO rejected (op_id, code, reason, at) VALUES (?, ?, ?, ?)',
      ),
      putEntity: db.prepare(
        `INSERT INTO entities (entity, entity_id, fields, clocks, deleted_hlc, seq) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(entity, entity_id) DO UPDATE SET fields = excluded.fields, clocks = excluded.clocks,
         deleted_hlc = excluded.deleted_hlc, seq = excluded.seq`,
      ),
      putClientSeqs: db.prepare(
        'INSERT INTO client_seqs (client_id, up_to, above) VALUES (?, ?, ?) ON CONFLICT(client_id) DO UPDATE SET up_to = excluded.up_to, above = excluded.above',
      ),
      getEntity: db
        .prepare('SELECT fields, clocks, deleted_hlc FROM entities WHERE entity = ? AND entity_id = ?')
        .raw(),
      findReceipt: db.prepare('SELECT seq FROM receipts WHERE assignment_id = ? AND client_id = ?').pluck(),
      insertReceipt: db.prepare('INSERT INTO receipts (assignment_id, client_id, seq) VALUES (?, ?, ?)'),
      putMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      head: db.prepare('SELECT max(seq) FROM log').pluck(),
      revokedAmong: db
        .prepare(
          'SELECT id FROM tokens WHERE revoked_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))',
        )
        .pluck(),
    };
    this.commitTx = db.transaction((w: FlushWrites): CommitOutcome => {
      const s = this.stmt;
      const head = (s.head.get() as number | null) ?? 0;
      if (head !== w.startHead) throw new HeadMoved(w.startHead, head);
      if (w.tokenIds.length > 0) {
        const revoked = s.revokedAmong.all(JSON.stringify(w.tokenIds)) as number[];
        if (revoked.length > 0) return { committed: false, revoked };
      }
      for (const r of w.log) s.insertLog.run(r.seq, r.opId, r.clientId, r.at, r.op);
      for (const r of w.rejected) s.insertRejected.run(r.opId, r.code, r.reason, r.at);
      for (const r of w.receipts) s.insertReceipt.run(r.assignmentId, r.clientId, r.seq);
      for (const e of w.entities) s.putEntity.run(e.entity, e.id, e.fields, e.clocks, e.deletedHlc, e.seq);
      for (const c of w.clientSeqs) s.putClientSeqs.run(c.clientId, c.upTo, c.above);
      for (const [k, v] of w.meta) s.putMeta.run(k, v);
      return { committed: true };
    });
    this.tokens = new SqliteTokens(db);
    this.audit = {
      record: (e) => {
        db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(
          e.at ?? new Date().toISOString(),
          e.actor,
          e.action,
          JSON.stringify(e.detail),
        );
        return Promise.resolve();
      },
      list: (limit) =>
        Promise.resolve(
          (
            db
              .prepare('SELECT * FROM (SELECT * FROM audit ORDER BY id DESC LIMIT ?) ORDER BY id')
              .all(limit) as Record<string, unknown>[]
          ).map(auditRow),
        ),
    };
  }

  ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
    return Promise.resolve();
  }

  load(): Promise<LoadedState> {
    const db = this.db;
    const meta = new Map(db.prepare('SELECT key, value FROM meta').raw().all() as [string, string][]);
    // Only the keys: a state is read the first time an op, a decision or a snapshot needs it.
    const entities = (
      db.prepare('SELECT entity, entity_id FROM entities').raw().all() as [string, string][]
    ).map(([e, id]) => [e, id, null] as [string, string, null]);
    const clientSeqs = (
      db.prepare('SELECT client_id, up_to, above FROM client_seqs').raw().all() as [string, number, string][]
    ).map(([clientId, upTo, above]) => ({ clientId, upTo, above }));
    return Promise.resolve({
      meta,
      headSeq: (this.stmt.head.get() as number | null) ?? 0,
      entities,
      clientSeqs,
    });
  }

  readEntity(entity: string, id: string): EntityState {
    const [fields, clocks, deletedHlc] = this.stmt.getEntity.get(entity, id) as [
      string,
      string,
      string | null,
    ];
    return {
      fields: JSON.parse(fields) as Record<string, unknown>,
      clocks: JSON.parse(clocks) as Record<string, string>,
      deletedHlc,
    };
  }

  loggedSeq(opId: string): number | undefined {
    return this.stmt.findLog.get(opId) as number | undefined;
  }

  rejection(opId: string): { code: string; reason: string } | undefined {
    return this.stmt.findRejected.get(opId) as { code: string; reason: string } | undefined;
  }

  receiptSeq(assignmentId: string, clientId: string): number | undefined {
    return this.stmt.findReceipt.get(assignmentId, clientId) as number | undefined;
  }

  prepare(): Promise<void> {
    return Promise.resolve();
  }

  commit(w: FlushWrites): Promise<CommitOutcome> {
    try {
      return Promise.resolve(this.commitTx(w));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  pullRows(after: number, limit: number): Promise<[number, string, string | null][]> {
    return Promise.resolve(this.stmt.pullPage.all(after, limit) as [number, string, string | null][]);
  }

  compact(newMin: number): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('UPDATE log SET op = NULL WHERE seq < ? AND op IS NOT NULL').run(newMin);
      this.stmt.putMeta.run('min_seq', String(newMin));
    })();
    return Promise.resolve();
  }

  allOpIds(): Promise<string[]> {
    const ids: string[] = [];
    for (const table of ['log', 'rejected'])
      for (const [id] of this.db.prepare(`SELECT op_id FROM ${table}`).raw().iterate() as Iterable<[string]>)
        ids.push(id);
    return Promise.resolve(ids);
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

class SqliteTokens implements TokenStore {
  // `token revoke` runs in another process against the same file. `PRAGMA data_version` changes
  // only when another connection commits, so checking it costs one tiny statement.
  private readonly dataVersion: Statement;
  private seenVersion = -1;
  private ownChange = true;

  constructor(private readonly db: HubDb) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  insert(t: Omit<TokenInfo, 'id' | 'revokedAt'> & { hash: string }): Promise<TokenInfo> {
    const db = this.db;
    return Promise.resolve(
      db.transaction(() => {
        const r = db
          .prepare(
            'INSERT INTO tokens (name, org, role, unit_id, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(t.name, t.org, t.role, t.unitId, t.hash, t.createdAt, t.expiresAt);
        const id = Number(r.lastInsertRowid);
        if (t.unitId)
          db.prepare('INSERT INTO rooms (token_id, room) VALUES (?, ?)').run(id, `unit:${t.unitId}`);
        const { hash: _hash, ...info } = t;
        return { ...info, id, revokedAt: null };
      })(),
    );
  }

  findByHash(hash: string): Promise<TokenInfo | null> {
    const r = this.db.prepare('SELECT * FROM tokens WHERE hash = ?').get(hash) as
      Record<string, unknown> | undefined;
    return Promise.resolve(r ? rowToInfo(r) : null);
  }

  list(): Promise<TokenInfo[]> {
    const rows = this.db.prepare('SELECT * FROM tokens ORDER BY id').all() as Record<string, unknown>[];
    return Promise.resolve(rows.map(rowToInfo));
  }

  revoke(id: number, at: string): Promise<boolean> {
    const changed =
      this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
        .changes > 0;
    this.ownChange ||= changed;
    return Promise.resolve(changed);
  }

  rooms(tokenId: number): Promise<string[]> {
    return Promise.resolve(
      this.db
        .prepare('SELECT room FROM rooms WHERE token_id = ? ORDER BY room')
        .pluck()
        .all(tokenId) as string[],
    );
  }

  bindClient(clientId: string, tokenId: number, now: string): Promise<string | null> {
    const db = this.db;
    const row = db
      .prepare(
        'SELECT c.token_id, t.revoked_at FROM clients c JOIN tokens t ON t.id = c.token_id WHERE c.client_id = ?',
      )
      .get(clientId) as { token_id: number; revoked_at: string | null } | undefined;
    if (row && row.token_id !== tokenId && row.revoked_at === null)
      return Promise.resolve(`client id "${clientId}" belongs to another token`);
    if (row && row.token_id !== tokenId)
      db.prepare('UPDATE clients SET token_id = ?, last_seen = ? WHERE client_id = ?').run(
        tokenId,
        now,
        clientId,
      );
    else if (row) db.prepare('UPDATE clients SET last_seen = ? WHERE client_id = ?').run(now, clientId);
    else
      db.prepare('INSERT INTO clients (client_id, token_id, first_seen, last_seen) VALUES (?, ?, ?, ?)').run(
        clientId,
        tokenId,
        now,
        now,
      );
    return Promise.resolve(null);
  }

  revokedIfChanged(): Promise<Set<number> | null> {
    const v = this.dataVersion.get() as number;
    if (v === this.seenVersion && !this.ownChange) return Promise.resolve(null);
    this.seenVersion = v;
    this.ownChange = false;
    const ids = this.db
      .prepare('SELECT id FROM tokens WHERE revoked_at IS NOT NULL')
      .pluck()
      .all() as number[];
    return Promise.resolve(new Set(ids));
  }
}
