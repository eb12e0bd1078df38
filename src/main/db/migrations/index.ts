import type { Migration } from './types';
import { migration001 } from './001_initial';

/** Every migration, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [migration001];

export type { Migration };
