import type { Migration } from './types';
import { migration001 } from './001_initial';
import { migration002 } from './002_sync';
import { migration003 } from './003_notice_codes';

/** Every migration, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003];

export type { Migration };
