import type { Migration } from './types';

/**
 * Sync notices get a code and its parameters (JSON), so the UI can say them in the user's language;
 * `message` stays as the English detail. Older notices keep a null code and are shown as written.
 */
export const migration003: Migration = {
  version: 3,
  name: 'notice_codes',
  sql: `
ALTER TABLE sync_notices ADD COLUMN code TEXT;
ALTER TABLE sync_notices ADD COLUMN params TEXT CHECK (params IS NULL OR json_valid(params));
`,
};
