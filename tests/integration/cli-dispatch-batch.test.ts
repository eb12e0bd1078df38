import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BUNDLE, CLI_INPUTS, cliBundleStale, ensureCliBundle } from '../../src/cli/bundle.mjs';
import { REPO_ROOT, SHANXI_PACK, tempDir } from '../support/tmp';

/**
 * The bundled dispatch CLI as a child process: batch mode (JSON lines in, JSON lines out, a bad
 * line answered with an error naming it while the others go on), the bundle giving exactly the
 * answers of the TypeScript source run through tsx, and the launcher behind `npm run dispatch`.
 */
const NOW = '2026-11-29T08:00:00+08:00';
const TSX = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

type Run = { code: number; stdout: string; stderr: string };

function run(argv: string[], stdin = ''): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
const bundled = (args: string[], stdin?: string) => run([CLI_BUNDLE, ...args], stdin);
const source = (args: string[]) => run([TSX, 'src/cli/dispatch.ts', ...args]);
const lines = (r: Run) =>
  r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map(
      (l) => JSON.parse(l) as { line: number; id?: string; ok: boolean; result?: unknown; error?: string },
    );

beforeAll(async () => {
  await ensureCliBundle(REPO_ROOT, () => {});
}, 120_000);

describe.concurrent('dispatch CLI batch mode (--batch, JSON lines)', { timeout: 120_000 }, () => {
  it('good and bad lines: one result per line in order, errors name the line and the problem, the rest go on', async () => {
    const input = [
      /* 1 */ JSON.stringify({ id: 's1', command: 'supply', at: [111.68, 36.3], affected: 2300 }),
      /* 2 */ '{"command": "supply", "at": [111.68, 36.3',
      /* 3 */ '',
      /* 4 */ JSON.stringify({ command: 'recommend', at: '112.105,36.585', hazard: 'volcano' }),
      /* 5 */ JSON.stringify({
        command: 'recommend',
        at: [112.105, 36.585],
        hazard: 'forest_fire',
        limit: 3,
      }),
      /* 6 */ JSON.stringify({ id: 7, command: 'launch' }),
      /* 7 */ JSON.stringify({ command: 'supply', at: [111.68, 36.3], affected: 10, hazard: 'fire' }),
      /* 8 */ JSON.stringify({
        command: 'assign',
        incidents: [
          { id: 'a', location: [112.105, 36.585], hazard: 'forest_fire', level: 'III' },
          { id: 'b', location: [110.62, 35.62], hazard: 'flood', level: 'IV' },
        ],
      }),
      /* 9 */ '{"command": "supply", "at": [111.68, 36.3], "__proto__": {"affected": 1}}',
      /* 10 */ JSON.stringify({
        command: 'coverage',
        cellKm: 2,
        commit: ['base-ZBDT-ac1'],
        hazard: 'forest_fire',
      }),
      /* 11 */ JSON.stringify({ command: 'supply', at: [116.4, 39.9], affected: 10 }),
      /* 12 */ '[1, 2]',
    ].join('\n');
    const r = await bundled(['--batch', '--now', NOW, '--map-pack', SHANXI_PACK], `${input}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // some lines failed
    const out = lines(r);
    expect(out.map((o) => o.line)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(out.map((o) => o.ok)).toEqual([
      true,
      false,
      false,
      true,
      false,
      false,
      true,
      false,
      true,
      false,
      false,
    ]);
    const by = new Map(out.map((o) => [o.line, o]));
    expect(by.get(1)).toMatchObject({
      id: 's1',
      ok: true,
      result: { command: 'supply', targetMinutes: 600 },
    });
    expect(by.get(2)!.error).toMatch(/^line 2: column \d+: not valid JSON/);
    expect(by.get(4)!.error).toMatch(/^line 4: unknown hazard "volcano"; use one of: flood/);
    expect(by.get(5)!.result).toMatchObject({ command: 'recommend', county: { name: '沁源县' } });
    expect((by.get(5)!.result as { candidates: unknown[] }).candidates).toHaveLength(3);
    expect(by.get(6)).toMatchObject({ id: 7, ok: false });
    expect(by.get(6)!.error).toMatch(
      /^line 6: "command" must be one of recommend, coverage, assign, supply \(got "launch"\)/,
    );
    expect(by.get(7)!.error).toBe('line 7: "hazard" does not apply to supply');
    const plan = by.get(8)!.result as { optimal: { incidents: { id: string }[] } };
    expect(plan.optimal.incidents.map((i) => i.id)).toEqual(['a', 'b']);
    expect(by.get(9)!.error).toMatch(
      /^line 9: .*__proto__: keys named __proto__, constructor or prototype are not allowed/,
    );
    const cov = by.get(10)!.result as { counties: unknown[]; moveUp: { moves: { callsign: string }[] } };
    expect(cov.counties).toHaveLength(117);
    expect(cov.moveUp.moves[0]!.callsign).toBe('晋应-H11');
    expect(by.get(11)!.error).toMatch(/^line 11: --at 116.4,39.9 is outside Shanxi/);
    expect(by.get(12)!.error).toMatch(/^line 12: a request is a JSON object/);
  });

  it('a batch line answers exactly what the same single call answers', async () => {
    const supply = ['supply', '--at', '111.68,36.3', '--affected', '2300', '--days', '5'];
    const recommend = ['recommend', '--at', '112.8,36.38', '--hazard', 'mine_accident', '--level', 'II'];
    const common = ['--now', NOW, '--map-pack', SHANXI_PACK];
    const [batch, one, two] = await Promise.all([
      bundled(
        ['--batch', ...common],
        [
          JSON.stringify({ command: 'supply', at: '111.68,36.3', affected: 2300, days: 5 }),
          JSON.stringify({ command: 'recommend', at: [112.8, 36.38], hazard: 'mine_accident', level: 'II' }),
        ].join('\n'),
      ),
      bundled([...supply, '--json', ...common]),
      bundled([...recommend, '--json', ...common]),
    ]);
    expect(batch.code).toBe(0);
    const out = lines(batch);
    expect(out.map((o) => o.ok)).toEqual([true, true]);
    expect(out[0]!.result).toEqual(JSON.parse(one.stdout));
    expect(out[1]!.result).toEqual(JSON.parse(two.stdout));
  });

  it('line options override the command-line defaults; an empty input is an empty, successful batch', async () => {
    const [r, empty] = await Promise.all([
      bundled(
        ['--batch', '--now', NOW],
        [
          JSON.stringify({ command: 'recommend', at: [112.105, 36.585], hazard: 'fire' }),
          JSON.stringify({
            command: 'recommend',
            at: [112.105, 36.585],
            hazard: 'fire',
            mapPack: SHANXI_PACK,
          }),
          JSON.stringify({
            command: 'supply',
            at: [111.68, 36.3],
            affected: 10,
            now: '2026-07-01T08:00:00+08:00',
          }),
        ].join('\n'),
      ),
      bundled(['--batch'], ''),
    ]);
    expect(r.code).toBe(0);
    const out = lines(r) as { result: { county: { name: string } | null; coldSeason?: boolean } }[];
    expect(out[0]!.result.county).toBeNull();
    expect(out[1]!.result.county!.name).toBe('沁源县');
    expect(out[2]!.result.coldSeason).toBe(false);
    expect(empty).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--batch with a command on the command line is refused', async () => {
    const r = await bundled(['--batch', 'supply', '--affected', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--batch takes the command and its options from each stdin line.*supply --affected/,
    );
    expect(r.stdout).toBe('');
  });
});

describe.concurrent('the bundle answers as the source does', { timeout: 180_000 }, () => {
  const cases: [string, string[]][] = [
    [
      'recommend --json',
      [
        'recommend',
        '--at',
        '112.105,36.585',
        '--hazard',
        'forest_fire',
        '--level',
        'III',
        '--json',
        '--now',
        NOW,
      ],
    ],
    [
      'coverage with move-up --json',
      [
        'coverage',
        '--cell-km',
        '2',
        '--commit',
        'base-ZBLF-ac1',
        '--candidate',
        '111.3,39.3',
        '--json',
        '--map-pack',
        SHANXI_PACK,
      ],
    ],
    [
      'supply, text',
      ['supply', '--at', '111.68,36.3', '--affected', '2300', '--now', NOW, '--map-pack', SHANXI_PACK],
    ],
    ['a refusal', ['recommend', '--at', '37.87,112.55', '--hazard', 'fire']],
  ];
  for (const [name, args] of cases)
    it(name, async () => {
      const [b, s] = await Promise.all([bundled(args), source(args)]);
      expect(b.stdout.length + b.stderr.length).toBeGreaterThan(100);
      expect(b).toEqual(s);
    });

  it('the launcher of npm run dispatch runs the fresh bundle in its own process, silently', async () => {
    const args = ['supply', '--at', '111.68,36.3', '--affected', '2300', '--json', '--now', NOW];
    const [viaLauncher, direct] = await Promise.all([run(['src/cli/run.mjs', ...args]), bundled(args)]);
    expect(viaLauncher).toEqual(direct);
    expect(viaLauncher.code).toBe(0);
  });
});

describe('the bundle is rebuilt when any file it was built from changes', () => {
  const t = tempDir('jinying-cli-stale-');
  afterAll(() => t.cleanup());

  it('missing, fresh, an input newer than the bundle, an input gone', () => {
    const root = t.dir;
    expect(cliBundleStale(root)).toBe(`${CLI_BUNDLE} is missing`);
    mkdirSync(join(root, 'dist/cli'), { recursive: true });
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'src/a.ts'), 'export {}');
    writeFileSync(join(root, CLI_BUNDLE), '// bundle');
    writeFileSync(join(root, CLI_INPUTS), JSON.stringify(['src/a.ts']));
    const then = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'src/a.ts'), then, then);
    expect(cliBundleStale(root)).toBeNull();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src/a.ts'), later, later);
    expect(cliBundleStale(root)).toBe('src/a.ts changed');
    rmSync(join(root, 'src/a.ts'));
    expect(cliBundleStale(root)).toBe('src/a.ts is gone');
  });

  it('the repository bundle is fresh after ensureCliBundle', () => {
    expect(cliBundleStale(REPO_ROOT)).toBeNull();
  });
});
