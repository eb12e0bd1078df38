import Database from 'better-sqlite3';

export type HubDb = Database.Database;

/**
 * The hub's store: one SQLite file, WAL, synchronous=FULL (an op is acknowledged only after the
 * commit that holds it is on disk). Numbered, forward-only migrations; a newer file is refused.
 */
const HUB_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'hub-initial',
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

-- The op log: every accepted op with its global sequence. "op" is NULL once compacted away
-- (the row stays so that a late duplicate is still recognised).
CREATE TABLE log (
  seq INTEGER PRIMARY KEY,
  op_id TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL,
  at TEXT NOT NULL,
  op TEXT
) STRICT;

-- Ops refused for good (forbidden, invalid): a retried duplicate gets the same answer.
CREATE TABLE rejected (
  op_id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;

-- The merged current state of every entity: snapshots and assignment decisions read it.
CREATE TABLE entities (
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  fields TEXT NOT NULL,
  clocks TEXT NOT NULL,
  deleted_hlc TEXT,
  seq INTEGER NOT NULL,
  PRIMARY KEY (entity, entity_id)
) STRICT, WITHOUT ROWID;

-- Access tokens, stored as SHA-256 of a random 32-byte secret (never the secret itself).
-- unit_id binds a device to a unit: it joins that unit's room and acknowledges its orders.
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_id TEXT,
  hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

-- Which token first used each client id: another token may not write as that client.
CREATE TABLE clients (
  client_id TEXT PRIMARY KEY,
  token_id INTEGER NOT NULL REFERENCES tokens(id),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL
) STRICT;

-- Rooms a token's connections join besides "picture" (everyone): e.g. "unit:<id>".
CREATE TABLE rooms (
  token_id INTEGER NOT NULL REFERENCES tokens(id),
  room TEXT NOT NULL,
  PRIMARY KEY (token_id, room)
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 2,
    name: 'hub-client-seqs-receipts',
    sql: `
-- Which op seqs of each client the hub has logged or refused for good: the contiguous prefix
-- (up_to) and the few seqs above it (above, a JSON array). Written at every commit, so a restart
-- reads one row per client instead of every op id in the log. Filled from the log once, by the
-- hub, the first time it opens a store of schema 1.
CREATE TABLE client_seqs (
  client_id TEXT PRIMARY KEY,
  up_to INTEGER NOT NULL,
  above TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Device receipts the hub logged: one per (assignment, client id).
CREATE TABLE receipts (
  assignment_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (assignment_id, client_id)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO receipts (assignment_id, client_id, seq)
  SELECT json_extract(op, '$.entityId'), client_id, seq FROM log
  WHERE op IS NOT NULL AND json_extract(op, '$.kind') = 'receipt' ORDER BY seq;
`,
  },
  {
    version: 3,
    name: 'hub-token-org',
    sql: `
-- A token belongs to one person: name, organisation (e.g. 吕梁市应急管理局) and role. The hub
-- stamps that person on what the token writes.
ALTER TABLE tokens ADD COLUMN org TEXT NOT NULL DEFAULT '';
`,
  },
  {
    version: 4,
    name: 'hub-token-expiry-audit',
    sql: `
-- A token may expire (token create --expires); NULL: it does not.
ALTER TABLE tokens ADD COLUMN expires_at TEXT;

-- What administrators did to the hub (tokens issued and revoked, backups, restores, seeding):
-- who (the --actor given, or the OS user and host), when, and the action's details as JSON.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;
`,
  },
];

export function openHubDb(file: string): HubDb {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(
      'CREATE TABLE IF NOT EXISTS hub_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
    );
    const applied = db.prepare('SELECT version, name FROM hub_migrations ORDER BY version').all() as {
      version: number;
      name: string;
    }[];
    const newest = applied.at(-1)?.version ?? 0;
    if (newest > HUB_MIGRATIONS.length) {
      throw new Error(
        `${file} was written by a newer hub (schema ${newest}; this one knows ${HUB_MIGRATIONS.length}). It was not changed.`,
      );
    }
    applied.forEach((a, i) => {
      if (HUB_MIGRATIONS[i]?.name !== a.name) {
        throw new Error(
          `${file} has a hub migration history that does not match this version (at ${a.version} "${a.name}"). It was not changed.`,
        );
      }
    });
    const record = db.prepare('INSERT INTO hub_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of HUB_MIGRATIONS.slice(applied.length)) {
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.version, m.name, new Date().toISOString());
      })();
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
