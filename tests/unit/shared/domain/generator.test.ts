/**
 * scripts/make-demo-scenario.ts is deterministic, and the committed demo file is exactly its output.
 * Runs the real script (node --import tsx) into a temp dir; it reads the map pack from
 * ../shared/data/basemap-shanxi, as the e2e tests do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../../../src/shared/domain';
import { REPO_ROOT as ROOT, SHANXI_PACK } from '../../../support/tmp';

const SCRIPT = path.join(ROOT, 'scripts/make-demo-scenario.ts');
const DEMO = path.join(ROOT, 'assets/scenarios/shanxi-demo.json');
const BASEMAP = SHANXI_PACK;

function generate(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jinying-gen-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('make-demo-scenario', () => {
  it('needs the map pack at ../shared/data/basemap-shanxi', () => {
    expect(existsSync(path.join(BASEMAP, 'shanxi_points.geojson')), `map pack missing at ${BASEMAP}`).toBe(
      true,
    );
  });

  it('writes identical output on two runs, equal to the committed demo file', { timeout: 120_000 }, () => {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'nested', 'b.json');
    const ra = generate(a);
    expect(ra.status, ra.stderr).toBe(0);
    expect(ra.stdout).toMatch(/wrote .*a\.json: 7 incidents, \d+ units, 13 bases/);
    const rb = generate(b, '--basemap', BASEMAP);
    expect(rb.status, rb.stderr).toBe(0);
    const textA = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(textA);
    // If this fails, the generator changed: run `npx tsx scripts/make-demo-scenario.ts` and commit.
    expect(textA).toBe(readFileSync(DEMO, 'utf8'));
    expect(loadScenarioText(textA, 'a.json').ok).toBe(true);
  });

  it('refuses unknown options and a missing map pack, writing nothing', { timeout: 60_000 }, () => {
    const bad = generate(path.join(dir, 'x.json'), '--frobnicate');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown option --frobnicate/);
    const missing = generate(path.join(dir, 'y.json'), '--basemap', path.join(dir, 'no-such-dir'));
    expect(missing.status).not.toBe(0);
    expect(existsSync(path.join(dir, 'x.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'y.json'))).toBe(false);
  });
});
