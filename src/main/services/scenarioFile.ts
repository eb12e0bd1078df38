import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { loadScenarioText, type Scenario } from '../../shared/domain';
import { CodedError } from '../../shared/ipc/errors';

/** Largest scenario file accepted; a province's picture is a few MB at most. */
export const MAX_SCENARIO_BYTES = 64 * 1024 * 1024;

/** Read and validate a scenario file; errors name the file, line and column. */
export function readScenarioFile(path: string): Scenario {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CodedError(
      'SCENARIO_NOT_FOUND',
      `Scenario file "${path}" does not exist. Check the path given with --scenario.`,
    );
  }
  if (size > MAX_SCENARIO_BYTES) {
    throw new CodedError(
      'SCENARIO_TOO_LARGE',
      `Scenario file "${path}" is ${size} bytes; the limit is ${MAX_SCENARIO_BYTES}.`,
    );
  }
  const r = loadScenarioText(readFileSync(path, 'utf8'), basename(path));
  if (!r.ok) throw new CodedError(r.error.code, r.error.message);
  return r.value;
}
