import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'jinying-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
/** The Shanxi test pack, outside the project (never copied into it). */
export const SHANXI_PACK = join(REPO_ROOT, '..', 'shared', 'data', 'basemap-shanxi');
export const DEMO_SCENARIO = join(REPO_ROOT, 'assets', 'scenarios', 'shanxi-demo.json');
