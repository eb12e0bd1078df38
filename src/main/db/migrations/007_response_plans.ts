import type { Migration } from './types';

/** 预案: the response-plan library (entity `response_plan`), one row per plan. */
export const migration007: Migration = {
  version: 7,
  name: 'response_plans',
  sql: `
CREATE TABLE response_plans (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
`,
};
