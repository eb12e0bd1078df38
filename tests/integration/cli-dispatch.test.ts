import { describe, expect, it, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBundle, CLI_BUNDLE } from '../../src/cli/bundle.mjs';
import { DEMO_SCENARIO, REPO_ROOT, SHANXI_PACK } from '../support/tmp';

/**
 * The dispatch CLI, spawned for real from its bundle (`node dist/cli/dispatch.mjs …`, what
 * `npm run dispatch` runs; built here first when stale) on the demo scenario and the shared
 * Shanxi map pack, plus forged bad inputs that must fail with a message naming the problem and a
 * non-zero exit. Batch mode and bundle = source: cli-dispatch-batch.test.ts.
 */
const ROOT = REPO_ROOT;
const MAP_PACK = SHANXI_PACK;
const DEMO = DEMO_SCENARIO;
// The Shanxi pack and the demo are required: a missing one fails here, naming the path, rather than
// skipping every test silently (tests/README.md).
for (const [what, path] of [
  ['demo scenario', DEMO],
  ['Shanxi map pack', MAP_PACK],
] as const)
  if (!existsSync(path)) throw new Error(`The ${what} is missing at ${path}: these tests need it.`);
const PACK = ['--map-pack', MAP_PACK];

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

const NOW = ['--now', '2026-11-29T08:00:00+08:00'];
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jinying-cli-'));
  await ensureCliBundle(ROOT, () => {});
}, 120_000);

describe.concurrent('dispatch CLI on the demo scenario', { timeout: 120_000 }, () => {
  it('recommend --json: ranked, explained candidates with km and minutes, run card, county', async () => {
    const r = await cli([
      'recommend',
      '--at',
      '112.105,36.585',
      '--hazard',
      'forest_fire',
      '--level',
      'III',
      '--limit',
      '8',
      '--json',
      ...NOW,
      ...PACK,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.command).toBe('recommend');
    expect(out.county).toMatchObject({ adcode: '140431', name: '沁源县' });
    expect(out.candidates.length).toBe(8);
    for (let i = 1; i < out.candidates.length; i++)
      expect(out.candidates[i].etaMinutes).toBeGreaterThanOrEqual(out.candidates[i - 1].etaMinutes);
    const c = out.candidates[0];
    expect(Object.keys(c)).toEqual(
      expect.arrayContaining([
        'distanceKm',
        'etaMinutes',
        'etaRangeMinutes',
        'qualifiesBy',
        'confidence',
        'eta',
      ]),
    );
    expect(out.runCard.slots.map((s: { role: string }) => s.role)).toContain('helicopter_bucket');
    expect(out.aviation60.within.length).toBeGreaterThan(0);
    // Committed and maintenance aircraft are listed as refused, not dropped.
    expect(out.aircraftRefused.some((a: { reason: string }) => a.reason === 'not_available')).toBe(true);
  });

  it('recommend text at night: a day-only aircraft is held until sunrise, and the text says so (not "out of range")', async () => {
    const r = await cli([
      'recommend',
      '--at',
      '112.55,37.87',
      '--hazard',
      'flood',
      '--now',
      '2026-12-20T22:00:00+08:00',
    ]);
    expect(r.code).toBe(0);
    const held = r.stdout.split('\n').filter((l) => /night at the base and not night-capable/.test(l));
    expect(held.length).toBeGreaterThan(0);
    expect(held[0]).toMatch(/until sunrise 2026-12-21 07:\d\d CST/);
    expect(held.join('\n')).not.toMatch(/out of range/);
  });

  it('recommend text: table, reasons, run card', async () => {
    const r = await cli([
      'recommend',
      '--at',
      '112.8,36.38',
      '--hazard',
      'mine_accident',
      '--level',
      'II',
      ...NOW,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Why:');
    expect(r.stdout).toContain('Run card mine_accident level II');
    expect(r.stdout).toMatch(/qualifies by mine_rescue/);
  });

  it('coverage --json: 117 counties, what-if with candidates, move-up', async () => {
    const r = await cli([
      'coverage',
      '--minutes',
      '60',
      '--candidate',
      '111.3,39.3',
      '--candidate',
      '112.5,37.8',
      '--commit',
      'base-ZBLF-ac1',
      '--json',
      '--map-pack',
      MAP_PACK,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.counties).toHaveLength(117);
    expect(out.coveredFraction).toBeGreaterThan(0);
    expect(out.coveredFraction).toBeLessThanOrEqual(1);
    expect(out.totalAreaKm2).toBeGreaterThan(150_000);
    expect(out.whatIf.ranked.map((s: { label: string }) => s.label)).toEqual(['111.3,39.3', '112.5,37.8']);
    expect(out.moveUp.committed).toEqual(['base-ZBLF-ac1']);
    expect(out.worstServed.length).toBeGreaterThan(0);
  });

  it('coverage text, with a reach GeoJSON written for the map', async () => {
    const file = join(dir, 'reach.geojson');
    const r = await cli(['coverage', '--minutes', '45', '--reach-geojson', file, ...PACK]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/province: [\d.]+% covered/);
    const fc = JSON.parse(readFileSync(file, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.some((f: { properties: { kind: string } }) => f.properties.kind === 'network')).toBe(
      true,
    );
  });

  it('without --map-pack nothing outside the repository is read: no county, the bounding box check', async () => {
    const r = await cli(['recommend', '--at', '112.105,36.585', '--hazard', 'fire', '--json', ...NOW]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.county).toBeNull();
    expect(JSON.stringify(out)).not.toContain('basemap-shanxi');
    const text = await cli(['recommend', '--at', '112.105,36.585', '--hazard', 'fire', ...NOW]);
    expect(text.stdout.split('\n')[0]).toBe('Recommendation: fire level IV at 112.105,36.585');
  });

  it('coverage move-up: 大同 H05 committed for a forest fire in November: the 阳曲 station helicopter stays home, unless the officer allows it', async () => {
    const args = ['coverage', '--hazard', 'forest_fire', '--commit', 'base-ZBDT-ac1', '--cell-km', '2'];
    const [held, allowed, text] = await Promise.all([
      cli([...args, '--json', ...NOW, ...PACK]),
      cli([...args, '--move-forest-aircraft', '--json', ...NOW, ...PACK]),
      cli([...args, ...NOW, ...PACK]),
    ]);
    for (const r of [held, allowed, text]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const h = JSON.parse(held.stdout).moveUp;
    expect(h.fireSeason).toBe(true);
    expect(h.forestAircraftHeld).toBe(true);
    expect(h.held).toContainEqual(
      expect.objectContaining({ callsign: '晋应-H16', reason: 'fire_season_station' }),
    );
    expect(h.moves.map((m: { callsign: string }) => m.callsign)).not.toContain('晋应-H16');
    expect(h.moves[0]).toMatchObject({
      callsign: '晋应-H11',
      fromBaseId: 'base-ZBLL',
      toBaseId: 'base-ZBDT',
      role: 'sole_cover',
    });
    const a = JSON.parse(allowed.stdout).moveUp;
    expect(a.forestAircraftHeld).toBe(false);
    expect(a.moves[0]).toMatchObject({
      callsign: '晋应-H16',
      fromBaseId: 'base-fa-yangqu',
      toBaseId: 'base-ZBDT',
      role: 'spare',
    });
    expect(a.moves[0].ferryMinutes).toBeGreaterThan(70);
    // The text says why each move is proposed, with its ferry time, and who stays home.
    expect(text.stdout).toMatch(
      /move 晋应-H11 吕梁大武机场 → 大同云冈机场: \+\d+ km², ferry \d+\.\d min, sole cover/,
    );
    expect(text.stdout).toMatch(/ferry \d+\.\d min \(11 min launch \+ 333 km at 235 km\/h\)/);
    expect(text.stdout).toMatch(/kept at their forest-aviation station \(fire season\): .*晋应-H16/);
    expect(text.stdout).toMatch(/never moved \(reconnaissance only\): 晋应-U04/);
  });

  it('assign --json: optimal never worse than greedy, saved minutes reported', async () => {
    const file = join(dir, 'incidents.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 'a', location: [112.105, 36.585], hazard: 'forest_fire', level: 'III' },
        { id: 'b', location: [110.62, 35.62], hazard: 'flood', level: 'IV' },
        { id: 'c', location: [112.8, 36.38], hazard: 'mine_accident', level: 'II' },
        {
          id: 'd',
          location: [111.68, 36.3],
          hazard: 'earthquake',
          level: 'IV',
          needs: [{ anyOf: ['structural_collapse'], count: 2 }],
        },
      ]),
    );
    const r = await cli(['assign', '--incidents', file, '--json', ...NOW]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.optimal.totals.filled).toBeGreaterThanOrEqual(out.greedy.totals.filled);
    if (out.optimal.totals.filled === out.greedy.totals.filled)
      expect(out.saved.totalEtaMinutes).toBeGreaterThanOrEqual(0);
    expect(out.optimal.incidents.map((i: { id: string }) => i.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('assign accepts full Incident records from a scenario-like {"incidents": [...]} file', async () => {
    const demo = JSON.parse(readFileSync(DEMO, 'utf8'));
    const file = join(dir, 'demo-incidents.json');
    writeFileSync(file, JSON.stringify({ incidents: demo.incidents }));
    const r = await cli(['assign', '--incidents', file, '--objective', 'worst', ...NOW]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/saved versus greedy/);
  });

  it('supply --json: needs, shipments nearest first, the 10-hour target', async () => {
    const r = await cli(['supply', '--at', '111.68,36.3', '--affected', '2300', '--json', ...NOW, ...PACK]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.targetMinutes).toBe(600);
    expect(out.county.adcode).toBe('141024');
    expect(out.needs.find((n: { item: string }) => n.item === 'tent').needed).toBe(173);
    for (let i = 1; i < out.shipments.length; i++)
      expect(out.shipments[i].travelMinutes).toBeGreaterThanOrEqual(out.shipments[i - 1].travelMinutes);
    expect(typeof out.meetsTarget).toBe('boolean');
  });

  it('a custom scenario file works too', async () => {
    const file = join(dir, 'tiny.json');
    writeFileSync(
      file,
      JSON.stringify({
        schemaVersion: 1,
        name: 'tiny',
        units: [
          {
            id: 'u1',
            name: '一号队',
            kind: 'fire_rescue',
            capabilities: ['firefighting'],
            headcount: 10,
            status: 'available',
            homeBase: { name: '站', location: [112.5, 37.8] },
            position: [112.5, 37.8],
            positionFixAt: '2026-11-29T07:58:00+08:00',
          },
        ],
      }),
    );
    const r = await cli([
      'recommend',
      '--scenario',
      file,
      '--at',
      '112.55,37.85',
      '--hazard',
      'fire',
      '--json',
      ...NOW,
    ]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.candidates.map((c: { id: string }) => c.id)).toEqual(['u1']);
    expect(out.candidates[0].fix.ageMinutes).toBe(2);
  });
});

describe.concurrent('dispatch CLI refuses bad input, naming the problem', { timeout: 120_000 }, () => {
  const bad = async (args: string[], message: RegExp) => {
    const r = await cli(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  };

  it('unknown hazard', () =>
    bad(
      ['recommend', '--at', '112.5,37.8', '--hazard', 'volcano'],
      /unknown hazard "volcano"; use one of: flood/,
    ));
  it('coordinates outside Shanxi', () =>
    bad(['recommend', '--at', '116.4,39.9', '--hazard', 'fire'], /--at 116.4,39.9 is outside Shanxi/));
  it('coordinates out of range', () =>
    bad(['supply', '--at', '200,37', '--affected', '10'], /out of range: longitude must be within ±180/));
  it('coordinates given as LAT,LON', () =>
    bad(['recommend', '--at', '37.87,112.55', '--hazard', 'fire'], /LAT,LON/));
  it('not a coordinate', () => bad(['recommend', '--at', 'taiyuan', '--hazard', 'fire'], /is not LON,LAT/));
  it('malformed scenario file, with its line', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "schemaVersion": 1,\n  "name": "x",\n  "units": [,]\n}\n');
    await bad(
      ['recommend', '--scenario', file, '--at', '112.5,37.8', '--hazard', 'fire'],
      /broken\.json:4:\d+: not valid JSON/,
    );
  });
  it('scenario that breaks the schema, with line and path', async () => {
    const file = join(dir, 'schema.json');
    writeFileSync(
      file,
      '{\n  "schemaVersion": 1,\n  "name": "x",\n  "units": [\n    { "id": "u1" }\n  ]\n}\n',
    );
    await bad(
      ['recommend', '--scenario', file, '--at', '112.5,37.8', '--hazard', 'fire'],
      /schema\.json:5:\d+ units\[0\]\.name/,
    );
  });
  it('missing scenario file', () =>
    bad(
      ['recommend', '--scenario', join(dir, 'nope.json'), '--at', '112.5,37.8', '--hazard', 'fire'],
      /does not exist/,
    ));
  it('malformed incidents file', async () => {
    const file = join(dir, 'bad-incidents.json');
    writeFileSync(
      file,
      '[\n  { "id": "a", "location": [112.5, 37.8], "hazard": "lava", "level": "II" }\n]\n',
    );
    await bad(['assign', '--incidents', file], /bad-incidents\.json:2:\d+ 0\.hazard/);
  });
  it('a prototype key in the incidents file, with its line and path', async () => {
    const file = join(dir, 'proto-incidents.json');
    writeFileSync(
      file,
      '[\n  { "id": "a", "location": [112.5, 37.8], "hazard": "fire", "level": "IV",\n    "__proto__": { "level": "I" } }\n]\n',
    );
    await bad(
      ['assign', '--incidents', file, ...NOW],
      /proto-incidents\.json:3:5 \[0\]\.__proto__: keys named __proto__, constructor or prototype are not allowed/,
    );
  });
  it('a prototype key in the scenario file, with its line and path', async () => {
    const file = join(dir, 'proto-scenario.json');
    writeFileSync(
      file,
      '{\n  "schemaVersion": 1,\n  "name": "x",\n  "constructor": { "prototype": {} }\n}\n',
    );
    await bad(
      ['recommend', '--scenario', file, '--at', '112.5,37.8', '--hazard', 'fire'],
      /proto-scenario\.json:4:3 constructor: keys named/,
    );
  });
  it('incident outside Shanxi in the incidents file', async () => {
    const file = join(dir, 'far-incidents.json');
    writeFileSync(
      file,
      JSON.stringify([{ id: 'a', location: [121.47, 31.23], hazard: 'fire', level: 'IV' }]),
    );
    await bad(['assign', '--incidents', file], /incidents\[0\]\.location 121\.47,31\.23 is outside Shanxi/);
  });
  it('missing map pack folder', () =>
    bad(['coverage', '--map-pack', join(dir, 'no-such-pack')], /map pack folder .* does not exist/));
  it('unknown aircraft to commit', () =>
    bad(['coverage', '--commit', 'nope', ...PACK], /--commit "nope" is not an aircraft id/));
  it('coverage without a map pack: there is no default, the flag is named', () =>
    bad(['coverage'], /coverage needs county geometry: pass --map-pack DIR.*There is no default map pack/));
  it('move-up flags without --commit, and a bad --fire-season', async () => {
    await bad(['coverage', '--min-gain-km2', '100', ...PACK], /--min-gain-km2 applies to move-up/);
    await bad(
      ['coverage', '--commit', 'base-ZBDT-ac1', '--fire-season', 'maybe', ...PACK],
      /--fire-season "maybe" must be yes or no/,
    );
  });
  it('affected not a whole number, or negative', async () => {
    await bad(
      ['supply', '--at', '112.5,37.8', '--affected', '2.5'],
      /--affected "2\.5" is not a whole number/,
    );
    await bad(['supply', '--at', '112.5,37.8', '--affected=-5'], /--affected -5 is out of range/);
  });
  it('unknown command and unknown option', async () => {
    await bad(['launch'], /unknown command "launch"/);
    await bad(['recommend', '--bogus'], /Unknown option '--bogus'/);
    await bad(
      ['supply', '--hazard', 'fire', '--at', '112.5,37.8', '--affected', '1'],
      /--hazard does not apply to supply/,
    );
  });
});
