import type { Migration } from './types';

/** 标绘: annotations drawn on the map for an incident (entity `annotation`); removed ones stay, marked. */
export const migration011: Migration = {
  version: 11,
  name: 'annotations',
  sql: `
CREATE TABLE annotations (
  id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL,
  removed INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX annotations_incident ON annotations(incident_id, removed);
`,
};
