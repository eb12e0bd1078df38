import type { Migration } from './types';

/**
 * Sync bookkeeping (issue 4): notices shown to the user (rejected proposals, refused changes),
 * delivery receipts of dispatch orders, and tombstones of deleted records. The cursor, hub id and
 * device binding live in `meta` (sync_cursor, sync_hub_id, sync_unit_id, sync_role).
 */
export const migration002: Migration = {
  version: 2,
  name: 'sync',
  sql: `
CREATE TABLE sync_notices (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  entity TEXT,
  entity_id TEXT,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  seen_at TEXT
) STRICT;

-- A dispatch order's delivery: when the hub had the proposal, who proposed it, and when the
-- receiving unit's device acknowledged the accepted order.
CREATE TABLE receipts (
  assignment_id TEXT PRIMARY KEY,
  proposer_client TEXT,
  hub_seq INTEGER,
  hub_at TEXT,
  device_client TEXT,
  device_at TEXT
) STRICT;

CREATE TABLE tombstones (
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id)
) STRICT, WITHOUT ROWID;
`,
};
