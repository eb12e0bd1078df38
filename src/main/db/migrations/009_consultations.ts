import type { Migration } from './types';

/** 调度会商: consultation sessions on incidents (entity `consultation`, docs/consultation.md). */
export const migration009: Migration = {
  version: 9,
  name: 'consultations',
  sql: `
CREATE TABLE consultations (
  id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL,
  status TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX consultations_incident ON consultations(incident_id);
`,
};
