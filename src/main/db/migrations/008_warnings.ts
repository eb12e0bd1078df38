import type { Migration } from './types';

/** 预警: warnings (entity `warning`) and the immutable steps of their life (`warning_action`). */
export const migration008: Migration = {
  version: 8,
  name: 'warnings',
  sql: `
CREATE TABLE warnings (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX warnings_at ON warnings(at);
CREATE TABLE warning_actions (
  id TEXT PRIMARY KEY,
  warning_id TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX warning_actions_warning ON warning_actions(warning_id);
`,
};
