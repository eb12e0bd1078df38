import type { Migration } from './types';
import { migration001 } from './001_initial';
import { migration002 } from './002_sync';
import { migration003 } from './003_notice_codes';
import { migration004 } from './004_timeline';
import { migration005 } from './005_zero_reports';
import { migration006 } from './006_duty_shift';
import { migration007 } from './007_response_plans';
import { migration008 } from './008_warnings';
import { migration009 } from './009_consultations';
import { migration010 } from './010_experts';
import { migration011 } from './011_annotations';

/** Every migration, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
];

export type { Migration };
