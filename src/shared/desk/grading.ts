import type { Casualties, ResponseLevel } from '../domain';
import type { DeskConfig } from './config';

export interface LevelSuggestion {
  level: ResponseLevel;
  /** What decided it: deaths (missing counted as dead) or injuries, and the threshold met. */
  by: 'dead' | 'injured' | null;
  threshold: number | null;
}

const LEVELS: ResponseLevel[] = ['I', 'II', 'III'];

/**
 * The level the national grading of production-safety accidents suggests for these casualties:
 * 特别重大 (I) ≥ 30 deaths or ≥ 100 injured, 重大 (II) 10–29 / 50–99, 较大 (III) 3–9 / 10–49,
 * 一般 (IV) below (thresholds from the desk's configuration). Missing people count as dead, as the
 * regulation counts them. A suggestion only: the level is set by a person, with a reason.
 */
export function suggestLevel(c: Casualties, grading: DeskConfig['grading']): LevelSuggestion {
  const dead = c.dead + c.missing;
  for (let i = 0; i < LEVELS.length; i++) {
    if (dead >= grading.dead[i]!) return { level: LEVELS[i]!, by: 'dead', threshold: grading.dead[i]! };
    if (c.injured >= grading.injured[i]!)
      return { level: LEVELS[i]!, by: 'injured', threshold: grading.injured[i]! };
  }
  return { level: 'IV', by: null, threshold: null };
}

/** True when `a` is more severe than `b` (I is the most severe). */
export function moreSevere(a: ResponseLevel, b: ResponseLevel): boolean {
  return RANK[a] < RANK[b];
}

const RANK: Record<ResponseLevel, number> = { I: 0, II: 1, III: 2, IV: 3 };
