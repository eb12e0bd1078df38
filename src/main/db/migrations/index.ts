import type { Migration } from './types';
import { migration001 } from './001_initial';
import { migration002 } from './002_sync';

/** Every migration, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002];

export type { Migration };
