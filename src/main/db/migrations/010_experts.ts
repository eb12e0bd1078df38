import type { Migration } from './types';

/** 专家库: the expert directory used when inviting to consultations (entity `expert`). */
export const migration010: Migration = {
  version: 10,
  name: 'experts',
  sql: `
CREATE TABLE experts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  speciality TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
`,
};
