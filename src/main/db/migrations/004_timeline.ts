import type { Migration } from './types';

/**
 * Each incident's timeline (处置日志): immutable entries, replicated like any record (entity
 * `timeline`), listed by incident and time.
 */
export const migration004: Migration = {
  version: 4,
  name: 'timeline',
  sql: `
CREATE TABLE timeline (
  id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  unit_id TEXT,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX timeline_incident ON timeline(incident_id, at);
CREATE INDEX timeline_kind ON timeline(kind, at);
`,
};
