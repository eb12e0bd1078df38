import type { Migration } from './types';

/**
 * The duty shift: the roster (entity `duty_shift`, one per duty day), the duty log (`duty_log`,
 * immutable entries) and the signed handovers (`handover`), listed by time.
 */
export const migration006: Migration = {
  version: 6,
  name: 'duty_shift',
  sql: `
CREATE TABLE duty_shifts (
  id TEXT PRIMARY KEY,
  date TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX duty_shifts_date ON duty_shifts(date);
CREATE TABLE duty_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  handover_id TEXT,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX duty_log_at ON duty_log(at);
CREATE INDEX duty_log_handover ON duty_log(handover_id) WHERE handover_id IS NOT NULL;
CREATE TABLE handovers (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX handovers_at ON handovers(at);
`,
};
