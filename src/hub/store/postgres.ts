import pg from 'pg';
import type { EntityState } from '../../shared/sync/merge';
import { auditRow, rowToInfo, type AuditStore, type TokenInfo, type TokenStore } from '../tokens';
import {
  HeadMoved,
  type CommitOutcome,
  type FlushWrites,
  type HubBackend,
  type LoadedState,
} from './backend';
import { migratePg } from './pgSchema';
import { HUB_CHANNEL, listenForCommits, readCatchUp, type CatchUp } from './pgCluster';

// bigint columns (seqs, token ids) as numbers: seqs stay far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A PostgreSQL URL as it may be logged: without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

const rk = (assignmentId: string, clientId: string) => `${assignmentId}\u0000${clientId}`;

/**
 * One group commit, as ONE statement (so one round trip and one transaction): the counter row
 * moves from the head the rules counted from to the new head, and only if it did (and none of
 * the writers' tokens is revoked) are the rows written. The UPDATE holds hub_head's row lock
 * until the commit, so a concurrent commit waits, then finds the head moved (a foreign writer
 * committed: nothing written) or unchanged (it rolled back: no gap).
 */
const COMMIT_SQL = `
WITH h AS (
  UPDATE hub_head SET seq = $1, version = version + 1 WHERE id = 1 AND seq = $2 AND version = $10
    AND NOT EXISTS (SELECT 1 FROM tokens WHERE id = ANY($3::bigint[]) AND revoked_at IS NOT NULL)
  RETURNING seq, version
), l AS (
  INSERT INTO log (seq, op_id, client_id, at, op)
  SELECT x.seq, x."opId", x."clientId", x.at, x.op
  FROM h, json_to_recordset($4::json) AS x(seq bigint, "opId" text, "clientId" text, at text, op text)
), r AS (
  INSERT INTO rejected (op_id, code, reason, at)
  SELECT x."opId", x.code, x.reason, x.at
  FROM h, json_to_recordset($5::json) AS x("opId" text, code text, reason text, at text)
  ON CONFLICT (op_id) DO NOTHING
), rc AS (
  INSERT INTO receipts (assignment_id, client_id, seq)
  SELECT x."assignmentId", x."clientId", x.seq
  FROM h, json_to_recordset($6::json) AS x("assignmentId" text, "clientId" text, seq bigint)
), e AS (
  INSERT INTO entities (entity, entity_id, fields, clocks, deleted_hlc, seq)
  SELECT x.entity, x.id, x.fields, x.clocks, x."deletedHlc", x.seq
  FROM h, json_to_recordset($7::json) AS x(entity text, id text, fields text, clocks text, "deletedHlc" text, seq bigint)
  ON CONFLICT (entity, entity_id) DO UPDATE SET fields = excluded.fields, clocks = excluded.clocks,
    deleted_hlc = excluded.deleted_hlc, seq = excluded.seq
), cs AS (
  INSERT INTO client_seqs (client_id, up_to, above, version)
  SELECT x."clientId", x."upTo", x.above, h.version
  FROM h, json_to_recordset($8::json) AS x("clientId" text, "upTo" bigint, above text)
  ON CONFLICT (client_id) DO UPDATE SET up_to = excluded.up_to, above = excluded.above, version = excluded.version
), n AS (
  -- Wakes the other nodes (delivered at commit; a wake-up only: they read the log themselves).
  SELECT pg_notify('${HUB_CHANNEL}', h.seq || ':' || h.version) FROM h
), m AS (
  INSERT INTO meta (key, value)
  SELECT x.key, x.value FROM h, json_to_recordset($9::json) AS x(key text, value text)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value
)
SELECT (SELECT seq FROM h) AS committed, (SELECT version FROM h) AS version,
  (SELECT count(*) FROM n) AS notified,
  ARRAY(SELECT id FROM tokens WHERE id = ANY($3::bigint[]) AND revoked_at IS NOT NULL) AS revoked`;

/**
 * The hub store on PostgreSQL (`--pg URL`). The rules need their reads synchronously, so this
 * backend keeps in memory what they read: every entity's state (read at open), the receipts,
 * and, fetched before each group commit, the answers for retried op ids.
 */
export class PgBackend implements HubBackend {
  readonly kind = 'postgres';
  readonly where: string;
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  private receipts = new Map<string, number>();
  private logged = new Map<string, number>();
  private refused = new Map<string, { code: string; reason: string }>();
  /** hub_head.version as of this node's last commit or catch-up. */
  private version = 0;
  private url = '';

  private constructor(readonly pool: pg.Pool) {
    this.where = '';
    this.tokens = new PgTokens(pool);
    this.audit = {
      record: async (e) => {
        await pool.query('INSERT INTO audit (at, actor, action, detail) VALUES ($1, $2, $3, $4)', [
          e.at ?? new Date().toISOString(),
          e.actor,
          e.action,
          JSON.stringify(e.detail),
        ]);
      },
      list: async (limit) =>
        (
          await pool.query<Record<string, unknown>>(
            'SELECT * FROM (SELECT * FROM audit ORDER BY id DESC LIMIT $1) a ORDER BY id',
            [limit],
          )
        ).rows.map(auditRow),
    };
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  static async open(url: string, opts: { poolSize?: number } = {}): Promise<PgBackend> {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 4, types });
    // An idle connection that fails (the server restarted) must not crash the hub.
    pool.on('error', () => undefined);
    const b = new PgBackend(pool);
    (b as { where: string }).where = redactUrl(url);
    b.url = url;
    try {
      await migratePg(pool, b.where);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return b;
  }

  async load(): Promise<LoadedState> {
    const meta = new Map(
      (await this.pool.query<[string, string]>({ text: 'SELECT key, value FROM meta', rowMode: 'array' }))
        .rows,
    );
    const head = await this.pool.query<{ seq: number; version: number }>(
      'SELECT seq, version FROM hub_head WHERE id = 1',
    );
    this.version = head.rows[0]!.version;
    // Every state, in pages: the rules read them synchronously.
    const entities: [string, string, EntityState][] = [];
    let after: [string, string] = ['', ''];
    for (;;) {
      const page = await this.pool.query<[string, string, string, string, string | null]>({
        text: `SELECT entity, entity_id, fields, clocks, deleted_hlc FROM entities
               WHERE (entity, entity_id) > ($1, $2) ORDER BY entity, entity_id LIMIT 5000`,
        values: after,
        rowMode: 'array',
      });
      for (const [e, id, fields, clocks, deletedHlc] of page.rows)
        entities.push([
          e,
          id,
          {
            fields: JSON.parse(fields) as Record<string, unknown>,
            clocks: JSON.parse(clocks) as Record<string, string>,
            deletedHlc,
          },
        ]);
      if (page.rows.length < 5000) break;
      const last = page.rows.at(-1)!;
      after = [last[0], last[1]];
    }
    this.receipts.clear();
    for (const [a, c, seq] of (
      await this.pool.query<[string, string, number]>({
        text: 'SELECT assignment_id, client_id, seq FROM receipts',
        rowMode: 'array',
      })
    ).rows)
      this.receipts.set(rk(a, c), seq);
    const clientSeqs = (
      await this.pool.query<[string, number, string]>({
        text: 'SELECT client_id, up_to, above FROM client_seqs',
        rowMode: 'array',
      })
    ).rows.map(([clientId, upTo, above]) => ({ clientId, upTo, above }));
    return { meta, headSeq: head.rows[0]!.seq, entities, clientSeqs };
  }

  readEntity(entity: string, id: string): EntityState {
    // Every state is read at load: the rules never ask for one that is not in memory.
    throw new Error(`${entity} ${id} is not in memory`);
  }

  loggedSeq(opId: string): number | undefined {
    return this.logged.get(opId);
  }

  rejection(opId: string): { code: string; reason: string } | undefined {
    return this.refused.get(opId);
  }

  receiptSeq(assignmentId: string, clientId: string): number | undefined {
    return this.receipts.get(rk(assignmentId, clientId));
  }

  async prepare(retriedOpIds: readonly string[]): Promise<void> {
    this.logged.clear();
    this.refused.clear();
    if (retriedOpIds.length === 0) return;
    const ids = [...retriedOpIds];
    const [logged, refused] = await Promise.all([
      this.pool.query<[string, number]>({
        text: 'SELECT op_id, seq FROM log WHERE op_id = ANY($1::text[])',
        values: [ids],
        rowMode: 'array',
      }),
      this.pool.query<[string, string, string]>({
        text: 'SELECT op_id, code, reason FROM rejected WHERE op_id = ANY($1::text[])',
        values: [ids],
        rowMode: 'array',
      }),
    ]);
    for (const [id, seq] of logged.rows) this.logged.set(id, seq);
    for (const [id, code, reason] of refused.rows) this.refused.set(id, { code, reason });
  }

  async commit(w: FlushWrites): Promise<CommitOutcome> {
    const endHead = w.startHead + w.log.length;
    const r = await this.pool.query<{ committed: number | null; version: number; revoked: number[] }>({
      name: 'jinying-commit',
      text: COMMIT_SQL,
      values: [
        endHead,
        w.startHead,
        w.tokenIds,
        JSON.stringify(w.log),
        JSON.stringify(w.rejected),
        JSON.stringify(w.receipts),
        JSON.stringify(w.entities),
        JSON.stringify(w.clientSeqs),
        JSON.stringify(w.meta.map(([key, value]) => ({ key, value }))),
        this.version,
      ],
    });
    const row = r.rows[0]!;
    if (row.committed === null) {
      if (row.revoked.length > 0) return { committed: false, revoked: row.revoked.map(Number) };
      const head = await this.pool.query<{ seq: number }>('SELECT seq FROM hub_head WHERE id = 1');
      throw new HeadMoved(w.startHead, head.rows[0]?.seq ?? null);
    }
    for (const x of w.receipts) this.receipts.set(rk(x.assignmentId, x.clientId), x.seq);
    this.version = row.version;
    return { committed: true };
  }

  async pullRows(after: number, limit: number): Promise<[number, string, string | null][]> {
    const r = await this.pool.query<[number, string, string | null]>({
      name: 'jinying-pull',
      text: 'SELECT seq, at, op FROM log WHERE seq > $1 ORDER BY seq LIMIT $2',
      values: [after, limit],
      rowMode: 'array',
    });
    return r.rows;
  }

  /**
   * What other nodes committed since `fromHead` (and this node's version), or null when nothing
   * (docs/hub-operations.md, "Several nodes"). Receipts go into this backend's own map.
   */
  async catchUp(fromHead: number): Promise<CatchUp | null> {
    const c = await readCatchUp(this.pool, fromHead, this.version);
    if (!c) return null;
    this.version = c.version;
    for (const r of c.receipts) this.receipts.set(rk(r.assignmentId, r.clientId), r.seq);
    return c;
  }

  /** Call `wake` whenever another node commits (LISTEN); resolves to the stop function. */
  listen(wake: () => void, onError: (e: Error) => void): Promise<() => Promise<void>> {
    return listenForCommits(this.url, wake, onError);
  }

  async compact(newMin: number): Promise<void> {
    await this.pool.query(
      `WITH u AS (UPDATE log SET op = NULL WHERE seq < $1 AND op IS NOT NULL)
       INSERT INTO meta (key, value) VALUES ('min_seq', $1::text) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [newMin],
    );
  }

  async allOpIds(): Promise<string[]> {
    const r = await this.pool.query<[string]>({
      text: 'SELECT op_id FROM log UNION ALL SELECT op_id FROM rejected',
      rowMode: 'array',
    });
    return r.rows.map((x) => x[0]);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

class PgTokens implements TokenStore {
  private lastRevocation = '';

  constructor(private readonly pool: pg.Pool) {}

  async insert(t: Omit<TokenInfo, 'id' | 'revokedAt'> & { hash: string }): Promise<TokenInfo> {
    const r = await this.pool.query<Record<string, unknown>>(
      `WITH t AS (
         INSERT INTO tokens (name, org, role, unit_id, hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
       ), r AS (INSERT INTO rooms (token_id, room) SELECT id, 'unit:' || unit_id FROM t WHERE unit_id IS NOT NULL)
       SELECT * FROM t`,
      [t.name, t.org, t.role, t.unitId, t.hash, t.createdAt, t.expiresAt],
    );
    return rowToInfo(r.rows[0]!);
  }

  async findByHash(hash: string): Promise<TokenInfo | null> {
    const r = await this.pool.query<Record<string, unknown>>('SELECT * FROM tokens WHERE hash = $1', [hash]);
    return r.rows[0] ? rowToInfo(r.rows[0]) : null;
  }

  async list(): Promise<TokenInfo[]> {
    return (await this.pool.query<Record<string, unknown>>('SELECT * FROM tokens ORDER BY id')).rows.map(
      rowToInfo,
    );
  }

  async revoke(id: number, at: string): Promise<boolean> {
    const r = await this.pool.query(
      'UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
      [at, id],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async rooms(tokenId: number): Promise<string[]> {
    const r = await this.pool.query<{ room: string }>(
      'SELECT room FROM rooms WHERE token_id = $1 ORDER BY room',
      [tokenId],
    );
    return r.rows.map((x) => x.room);
  }

  async bindClient(clientId: string, tokenId: number, now: string): Promise<string | null> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const row = (
        await c.query<{ token_id: number; revoked_at: string | null }>(
          `SELECT c.token_id, t.revoked_at FROM clients c JOIN tokens t ON t.id = c.token_id
           WHERE c.client_id = $1 FOR UPDATE OF c`,
          [clientId],
        )
      ).rows[0];
      let clash: string | null = null;
      if (row && row.token_id !== tokenId && row.revoked_at === null)
        clash = `client id "${clientId}" belongs to another token`;
      else if (row)
        await c.query('UPDATE clients SET token_id = $1, last_seen = $2 WHERE client_id = $3', [
          tokenId,
          now,
          clientId,
        ]);
      else
        await c.query(
          `INSERT INTO clients (client_id, token_id, first_seen, last_seen) VALUES ($1, $2, $3, $3)
           ON CONFLICT (client_id) DO NOTHING`,
          [clientId, tokenId, now],
        );
      await c.query('COMMIT');
      return clash;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  async revokedIfChanged(): Promise<Set<number> | null> {
    const r = await this.pool.query<{ ids: number[]; mark: string }>(
      `SELECT coalesce(array_agg(id ORDER BY id), '{}') AS ids, count(*) || ':' || coalesce(max(revoked_at), '') AS mark
       FROM tokens WHERE revoked_at IS NOT NULL`,
    );
    const { ids, mark } = r.rows[0]!;
    if (mark === this.lastRevocation) return null;
    this.lastRevocation = mark;
    return new Set(ids.map(Number));
  }
}
