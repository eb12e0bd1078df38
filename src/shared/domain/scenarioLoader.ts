import type * as z from 'zod';
import { Scenario } from './scenario';
import {
  describeParseFailure,
  formatPath,
  parseJsonWithPositions,
  pathKey,
  type JsonPosition,
} from './jsonPositions';

export interface ScenarioProblem {
  /** Where in the document, e.g. `units[3].position[1]`. */
  path: string;
  line: number;
  column: number;
  message: string;
}

export type ScenarioLoadResult =
  | { ok: true; value: Scenario }
  | { ok: false; error: { code: 'SCENARIO_INVALID'; message: string; problems: ScenarioProblem[] } };

const MAX_PROBLEMS = 20;

/** Nearest recorded position for a path: the value itself, else its closest parent. */
function positionOf(positions: Map<string, JsonPosition>, path: readonly PropertyKey[]): JsonPosition {
  for (let n = path.length; n >= 0; n--) {
    const p = positions.get(pathKey(path.slice(0, n).map((x) => (typeof x === 'symbol' ? String(x) : x))));
    if (p) return p;
  }
  return { line: 1, column: 1 };
}

/**
 * Parse and validate a scenario document. Errors name the source, the line and column, the
 * path of the bad value and what is wrong with it (a prototype key is refused the same way);
 * nothing is partially loaded.
 */
export function loadScenarioText(text: string, sourceName = 'scenario'): ScenarioLoadResult {
  const parsed = parseJsonWithPositions(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) {
    const { line, column } = parsed.position;
    return {
      ok: false,
      error: {
        code: 'SCENARIO_INVALID',
        message: describeParseFailure(parsed, sourceName),
        problems: [{ path: parsed.refusedKeyPath ?? '(root)', line, column, message: parsed.message }],
      },
    };
  }
  const result = Scenario.safeParse(parsed.value);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.slice(0, MAX_PROBLEMS).map((issue: z.core.$ZodIssue) => {
    const pos = positionOf(parsed.positions, issue.path);
    return { path: formatPath(issue.path), line: pos.line, column: pos.column, message: issue.message };
  });
  const more =
    result.error.issues.length > MAX_PROBLEMS
      ? `\n… and ${result.error.issues.length - MAX_PROBLEMS} more`
      : '';
  return {
    ok: false,
    error: {
      code: 'SCENARIO_INVALID',
      message:
        `${sourceName} does not follow the scenario schema (docs/scenario-schema.md):\n` +
        problems.map((p) => `  ${sourceName}:${p.line}:${p.column} ${p.path}: ${p.message}`).join('\n') +
        more,
      problems,
    },
  };
}
