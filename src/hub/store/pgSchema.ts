import type { Pool } from 'pg';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The hub's schema on PostgreSQL: numbered, forward-only migrations, each applied in its own
 * transaction and recorded in hub_migrations; a database from a newer hub, or with another
 * history, is refused untouched. The tables are those of the SQLite store (sqliteSchema.ts),
 * plus `hub_head`: the one counter row the log's seqs are assigned from (docs/hub-operations.md).
 * JSON is kept as text, as the hub wrote it: a pull splices the stored op text into its page.
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'pg-hub-initial',
    sql: `
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);

-- The log's head: the last seq committed. Every group commit moves it in its own transaction
-- (UPDATE ... WHERE seq = <the head the commit counted from>), which holds the row's lock until
-- the commit: seqs are contiguous and in commit order; a rolled-back commit leaves no gap.
CREATE TABLE hub_head (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL CHECK (seq >= 0));
INSERT INTO hub_head (id, seq) VALUES (1, 0);

-- The op log. "op" is NULL once compacted away (the row stays so a late duplicate is recognised).
CREATE TABLE log (
  seq bigint PRIMARY KEY,
  op_id text NOT NULL UNIQUE,
  client_id text NOT NULL,
  at text NOT NULL,
  op text
);

-- Ops refused for good (forbidden, invalid): a retried duplicate gets the same answer.
CREATE TABLE rejected (op_id text PRIMARY KEY, code text NOT NULL, reason text NOT NULL, at text NOT NULL);

-- The merged current state of every entity.
CREATE TABLE entities (
  entity text NOT NULL,
  entity_id text NOT NULL,
  fields text NOT NULL,
  clocks text NOT NULL,
  deleted_hlc text,
  seq bigint NOT NULL,
  PRIMARY KEY (entity, entity_id)
);

-- Access tokens, stored as SHA-256 of a random 32-byte secret. A token belongs to one person.
CREATE TABLE tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  org text NOT NULL DEFAULT '',
  role text NOT NULL,
  unit_id text,
  hash text NOT NULL UNIQUE,
  created_at text NOT NULL,
  revoked_at text
);

-- Which token first used each client id.
CREATE TABLE clients (
  client_id text PRIMARY KEY,
  token_id bigint NOT NULL REFERENCES tokens(id),
  first_seen text NOT NULL,
  last_seen text NOT NULL
);

-- Rooms a token's connections join besides "picture": e.g. "unit:<id>".
CREATE TABLE rooms (
  token_id bigint NOT NULL REFERENCES tokens(id),
  room text NOT NULL,
  PRIMARY KEY (token_id, room)
);

-- Which op seqs of each client the hub has logged or refused for good (see SeenOps).
CREATE TABLE client_seqs (client_id text PRIMARY KEY, up_to bigint NOT NULL, above text NOT NULL);

-- Device receipts the hub logged: one per (assignment, client id).
CREATE TABLE receipts (
  assignment_id text NOT NULL,
  client_id text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (assignment_id, client_id)
);

-- Every hub store records from its first migration that it was never schema 1 (see SeenOps.rebuild),
-- and its id here: two hubs opening a new database together must not each make up one.
INSERT INTO meta (key, value) VALUES ('client_seqs', 'built'), ('hub_id', 'hub-' || gen_random_uuid());
`,
  },
  {
    version: 2,
    name: 'pg-hub-token-expiry-audit',
    sql: `
-- A token may expire (token create --expires); NULL: it does not.
ALTER TABLE tokens ADD COLUMN expires_at text;

-- What administrators did to the hub: who, when, the action and its details as JSON.
CREATE TABLE audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  detail text NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'pg-hub-several-nodes',
    sql: `
-- Several hub nodes on one database (docs/hub-operations.md, "Several nodes"). hub_head.version
-- moves with every commit, also one that logs nothing (only refusals): a node whose version is
-- behind catches up before it commits. client_seqs rows carry the version that wrote them, and the
-- indexes let a node read only what changed since its head.
ALTER TABLE hub_head ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE client_seqs ADD COLUMN version bigint NOT NULL DEFAULT 0;
CREATE INDEX client_seqs_version ON client_seqs (version);
CREATE INDEX entities_seq ON entities (seq);
CREATE INDEX receipts_seq ON receipts (seq);
-- The socket.io PostgreSQL adapter's large payloads (ephemeral events between nodes).
CREATE TABLE socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT now(), payload bytea);
`,
  },
];

/** Bring the database's schema up to date (or refuse it untouched). Two hubs starting together take turns. */
export async function migratePg(
  pool: Pool,
  where: string,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query("SELECT pg_advisory_xact_lock(hashtext('jinying-hub-migrations'))");
    await c.query(
      'CREATE TABLE IF NOT EXISTS hub_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)',
    );
    const applied = (
      await c.query<{ version: number; name: string }>(
        'SELECT version, name FROM hub_migrations ORDER BY version',
      )
    ).rows;
    const newest = applied.at(-1)?.version ?? 0;
    if (newest > migrations.length)
      throw new Error(
        `${where} was written by a newer hub (schema ${newest}; this one knows ${migrations.length}). It was not changed.`,
      );
    applied.forEach((a, i) => {
      if (migrations[i]?.name !== a.name)
        throw new Error(
          `${where} has a hub migration history that does not match this version (at ${a.version} "${a.name}"). It was not changed.`,
        );
    });
    await c.query('COMMIT');
    for (const m of migrations.slice(applied.length)) {
      await c.query('BEGIN');
      await c.query("SELECT pg_advisory_xact_lock(hashtext('jinying-hub-migrations'))");
      // Another hub may have applied it while we waited for the lock.
      const done = await c.query('SELECT 1 FROM hub_migrations WHERE version = $1', [m.version]);
      if (done.rowCount === 0) {
        await c.query(m.sql);
        await c.query('INSERT INTO hub_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          new Date().toISOString(),
        ]);
      }
      await c.query('COMMIT');
    }
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
