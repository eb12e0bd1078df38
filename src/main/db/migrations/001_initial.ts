import type { Migration } from './types';

/** The first schema: the operational picture, per-field clocks, outbox and conflict notices. */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Each aggregate keeps its full validated record as JSON in "data", plus the columns that
-- queries filter or sort on. Writes always go through repositories that keep both in step.
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  hazard TEXT NOT NULL,
  level TEXT NOT NULL,
  status TEXT NOT NULL,
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  county_adcode TEXT,
  reported_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX incidents_status ON incidents(status, reported_at);

CREATE TABLE units (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  fix_at TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX units_kind_status ON units(kind, status);

CREATE TABLE bases (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  data TEXT NOT NULL
) STRICT;

CREATE TABLE aircraft (
  id TEXT PRIMARY KEY,
  base_id TEXT NOT NULL,
  status TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX aircraft_base ON aircraft(base_id);

CREATE TABLE depots (
  id TEXT PRIMARY KEY,
  level TEXT NOT NULL,
  adcode TEXT NOT NULL,
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  data TEXT NOT NULL
) STRICT;

CREATE TABLE assignments (
  id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL,
  resource_kind TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  status TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX assignments_incident ON assignments(incident_id);

-- Last-writer-wins bookkeeping: the HLC of the write that set each field.
CREATE TABLE field_clocks (
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  field TEXT NOT NULL,
  hlc TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id, field)
) STRICT, WITHOUT ROWID;

-- Ops waiting for the hub's acknowledgement, in the order they were made.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  op_id TEXT NOT NULL UNIQUE,
  priority INTEGER NOT NULL,
  op TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_priority ON outbox(priority, seq);

-- A value that lost a last-writer-wins merge is kept here and shown, never silently dropped.
CREATE TABLE conflicts (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  field TEXT NOT NULL,
  kept_value TEXT NOT NULL,
  kept_hlc TEXT NOT NULL,
  lost_value TEXT NOT NULL,
  lost_hlc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  seen_at TEXT
) STRICT;
`,
};
