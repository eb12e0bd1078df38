import type { Migration } from './types';

/** 零报告: one confirmation per city and duty day (entity `zero_report`), listed by day. */
export const migration005: Migration = {
  version: 5,
  name: 'zero_reports',
  sql: `
CREATE TABLE zero_reports (
  id TEXT PRIMARY KEY,
  date TEXT NOT NULL,
  city_adcode TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX zero_reports_date ON zero_reports(date, city_adcode);
`,
};
