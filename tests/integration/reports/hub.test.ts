/**
 * The report CLI's `--hub URL --token-file F` source against a real hub on 127.0.0.1: the demo
 * scenario seeded at the hub, a duty officer's console (a real store synced by the sync engine)
 * raises one incident's figures; the CLI pulls the hub's records into a throw-away store with a
 * viewer's token and writes a CSV whose totals match the `--data` report of the console's folder
 * (the same records), and the figures the scenario and the follow-up add up to. An unreachable hub,
 * a refused token and a bad token file each fail with a message that says what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readScenarioFile } from '../../../src/main/services/scenarioFile';
import { scenarioRecords } from '../../../src/shared/sync/entities';
import type { Scenario } from '../../../src/shared/domain';
import { startTestHub } from '../hub/support';
import { startClient, type TestClient } from '../sync/support';
import { DEMO_SCENARIO, REPO_ROOT, SHANXI_PACK, tempDir } from '../../support/tmp';

const FROM = '2026-11-29T00:00:00+08:00';
/** Ends in the future: states are as of now, so the console's follow-up counts. */
const TO = '2099-01-01T00:00:00+08:00';

let hub: Awaited<ReturnType<typeof startTestHub>>;
let tmp: ReturnType<typeof tempDir>;
let console1: TestClient;
let scenario: Scenario;
let viewerTokenFile: string;

/**
 * The CLI in a child process, awaited without blocking: the hub lives in this test's process, and a
 * synchronous spawn would stop it from answering.
 */
function report(
  source: string[],
  out: string,
): Promise<{ status: number | null; stdout: string; stderr: string; out: string }> {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'src/main/reports/cli.ts',
      ...source,
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'csv',
      '--out',
      out,
      '--map-pack',
      SHANXI_PACK,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr, out })));
}

/** The CSV's rows (BOM dropped, CRLF split; no cell of ours holds a comma or a quote). */
function rows(file: string): string[][] {
  const text = readFileSync(file, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return text
    .slice(1)
    .split('\r\n')
    .filter(Boolean)
    .map((l) => l.split(','));
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

beforeAll(async () => {
  tmp = tempDir('jinying-report-hub-test-');
  scenario = readScenarioFile(DEMO_SCENARIO);
  hub = await startTestHub();
  await hub.store.seed(scenarioRecords(scenario));
  console1 = await startClient('desk', hub.url, await hub.token('duty-officer', undefined, { name: '王芳' }));
  await console1.engine!.syncNow(60_000);
  // 续报 at the console: one more dead and 100 more affected on the first incident.
  const inc = scenario.incidents[0]!;
  await console1.store.call('followUpIncident', {
    id: inc.id,
    casualties: { dead: inc.casualties.dead + 1 },
    affected: inc.affected + 100,
  });
  console1.engine!.kick();
  await console1.engine!.syncNow(60_000);
  await console1.offline();
  viewerTokenFile = join(tmp.dir, 'viewer.token');
  writeFileSync(viewerTokenFile, `${await hub.token('viewer', undefined, { name: '省厅查看' })}\n`, {
    mode: 0o600,
  });
}, 90_000);

afterAll(async () => {
  await console1?.close();
  await hub?.stop();
  tmp?.cleanup();
});

describe('report CLI --hub', () => {
  it('pulls the hub into a throw-away store: the CSV totals match the --data report of the same records', async () => {
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('jinying-report-hub-')).length;
    const fromHub = await report(
      ['--hub', hub.url, '--token-file', viewerTokenFile],
      join(tmp.dir, 'hub.csv'),
    );
    expect(fromHub.stderr).not.toMatch(/failed/);
    expect(fromHub.status, fromHub.stderr).toBe(0);
    expect(fromHub.stderr).toContain(`[report] pulling the records from the hub at ${hub.url}`);
    expect(fromHub.stderr).toMatch(/\[report\] hub: connected to .* as 省厅查看 \(viewer\)/);
    expect(fromHub.stderr).toMatch(/\[report\] hub: up to date at sequence \d+/);
    expect(fromHub.stdout).toContain(`wrote ${fromHub.out}`);
    // The throw-away store is gone (ours is the one tempDir left; the CLI's had its own prefix).
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('jinying-report-hub-')).length).toBe(before);

    const fromData = await report(['--data', console1.dir], join(tmp.dir, 'data.csv'));
    expect(fromData.status).toBe(0);
    const h = rows(fromHub.out);
    const d = rows(fromData.out);
    const total = (r: string[][]) => r.find((x) => x[0] === '合计')!;
    expect(total(h)).toEqual(total(d));
    expect(h.length).toBe(d.length);
    expect(h.map((x) => x[0]).sort()).toEqual(d.map((x) => x[0]).sort());

    // And the figures are the scenario's, with the console's follow-up.
    const sum = (f: (i: Scenario['incidents'][number]) => number) =>
      scenario.incidents.reduce((n, i) => n + f(i), 0);
    const head = h[0]!;
    const col = (name: string) => Number(total(h)[head.indexOf(name)]);
    expect(col('死亡')).toBe(sum((i) => i.casualties.dead) + 1);
    expect(col('受伤')).toBe(sum((i) => i.casualties.injured));
    expect(col('被困')).toBe(sum((i) => i.casualties.trapped));
    expect(col('受灾人口')).toBe(sum((i) => i.affected) + 100);
    expect(total(h)[1]).toBe(`${scenario.incidents.length}起`);
  }, 120_000);

  it('a refused token says the hub refused it and what to do; nothing is written', async () => {
    const bad = join(tmp.dir, 'bad.token');
    writeFileSync(bad, 'not-a-token-the-hub-knows-0123456789\n');
    const r = await report(['--hub', hub.url, '--token-file', bad], join(tmp.dir, 'refused.csv'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`The hub at ${hub.url} refused the token (UNAUTHORIZED: unknown token`);
    expect(r.stderr).toContain('ask them for a new one');
    expect(readdirSync(tmp.dir)).not.toContain('refused.csv');
  }, 60_000);

  it('an unreachable hub says so and what to check', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const r = await report(['--hub', url, '--token-file', viewerTokenFile], join(tmp.dir, 'unreachable.csv'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Could not reach the hub at ${url} within 15 s`);
    expect(r.stderr).toContain('that the hub is running');
    expect(readdirSync(tmp.dir)).not.toContain('unreachable.csv');
  }, 60_000);

  it('refuses --hub without a usable token file, and --hub with --data', async () => {
    const none = await report(['--hub', hub.url], join(tmp.dir, 'x.csv'));
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--hub needs --token-file FILE');
    const empty = join(tmp.dir, 'empty.token');
    writeFileSync(empty, '\n');
    const e = await report(['--hub', hub.url, '--token-file', empty], join(tmp.dir, 'x.csv'));
    expect(e.stderr).toContain('does not hold a token');
    const both = await report(
      ['--hub', hub.url, '--token-file', viewerTokenFile, '--data', tmp.dir],
      join(tmp.dir, 'x.csv'),
    );
    expect(both.stderr).toContain('give --data DIR or --hub URL, not both');
  }, 60_000);
});
