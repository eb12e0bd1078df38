/**
 * The scenario loader: any file that follows the schema loads; a bad one is refused whole, with the
 * source name, line and column of each problem. Files are real files in a temp dir.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioText, type ScenarioLoadResult } from '../../../../src/shared/domain';
import { REPO_ROOT as ROOT } from '../../../support/tmp';

const DEMO = path.join(ROOT, 'assets/scenarios/shanxi-demo.json');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jinying-scenario-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Write `text` to a file in the temp dir, read it back and load it, as the app does. */
function loadFile(name: string, text: string): ScenarioLoadResult {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return loadScenarioText(readFileSync(file, 'utf8'), name);
}

function problemsOf(r: ScenarioLoadResult) {
  if (r.ok) throw new Error('expected the file to be refused');
  return r.error.problems;
}

/** 1-based line and column of character offset `i` in `text`, counted independently of the loader. */
function lineColumn(text: string, i: number): { line: number; column: number } {
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  return { line, column: i - (before.lastIndexOf('\n') + 1) + 1 };
}

const unit = (id: string, lat = 36.68) => ({
  id,
  name: '测试站',
  kind: 'fire_rescue',
  capabilities: ['firefighting'],
  headcount: 20,
  status: 'available',
  homeBase: { name: '测试站', location: [112.25, 36.68] },
  position: [112.25, lat],
  positionFixAt: '2026-11-29T07:58:00+08:00',
});

describe('loadScenarioText: valid files', () => {
  it('loads a minimal file and fills defaults', () => {
    const r = loadFile('min.json', '{"schemaVersion": 1, "name": "最小场景"}');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.units).toEqual([]);
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const text = '\uFEFF' + JSON.stringify({ schemaVersion: 1, name: '带BOM', units: [unit('u1')] }, null, 2);
    const file = path.join(dir, 'bom.json');
    writeFileSync(file, text, 'utf8');
    expect(readFileSync(file)[0]).toBe(0xef); // the BOM really is in the file
    const r = loadScenarioText(readFileSync(file, 'utf8'), 'bom.json');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.units[0]?.id).toBe('u1');
  });

  it('accepts CRLF line endings', () => {
    const text = JSON.stringify({ schemaVersion: 1, name: 'crlf', units: [unit('u1')] }, null, 2).replace(
      /\n/g,
      '\r\n',
    );
    expect(loadFile('crlf.json', text).ok).toBe(true);
  });
});

describe('loadScenarioText: syntax errors name the line and column', () => {
  it('a missing comma: at the next property', () => {
    const text = '{\n  "schemaVersion": 1,\n  "name": "x"\n  "units": []\n}\n';
    const r = loadFile('comma.json', text);
    expect(problemsOf(r)).toEqual([
      { path: '(root)', line: 4, column: 3, message: 'expected "," or "}" in object' },
    ]);
    expect(!r.ok && r.error.message).toMatch(/^comma\.json:4:3: not valid JSON/);
  });

  it('a trailing comma: at the closing brace', () => {
    const text = '{\n  "schemaVersion": 1,\n  "name": "x",\n}\n';
    expect(problemsOf(loadFile('trailing.json', text))[0]).toMatchObject({ line: 4, column: 1 });
  });

  it('an unterminated string: at the line break inside it, or at its opening quote at the end of the file', () => {
    const text = '{\n  "schemaVersion": 1,\n  "name": "x,\n  "units": []\n}\n';
    expect(problemsOf(loadFile('string.json', text))[0]).toMatchObject({
      line: 3,
      column: 14,
      message: 'control character in string',
    });
    const eof = '{\n  "schemaVersion": 1,\n  "name": "never closed';
    expect(problemsOf(loadFile('eof-string.json', eof))[0]).toMatchObject({
      line: 3,
      column: 11,
      message: 'unterminated string',
    });
  });

  it('a truncated file: at the end', () => {
    const text = '{\n  "schemaVersion": 1,\n  "name": ';
    expect(problemsOf(loadFile('truncated.json', text))[0]).toMatchObject({
      line: 3,
      column: 11,
      message: 'unexpected end of file',
    });
  });

  it('comments, single quotes and bare words are refused where they start', () => {
    expect(problemsOf(loadFile('comment.json', '{\n  // note\n  "name": "x"\n}'))[0]).toMatchObject({
      line: 2,
      column: 3,
    });
    expect(problemsOf(loadFile('quote.json', "{\n  'name': 'x'\n}"))[0]).toMatchObject({
      line: 2,
      column: 3,
    });
    expect(problemsOf(loadFile('nan.json', '{\n  "schemaVersion": NaN\n}'))[0]).toMatchObject({
      line: 2,
      column: 20,
    });
  });

  it('text after the document', () => {
    expect(problemsOf(loadFile('after.json', '{"schemaVersion": 1, "name": "x"}\n}'))[0]).toMatchObject({
      line: 2,
      column: 1,
    });
  });

  it('a syntax error deep in a real file (the demo file with one comma removed)', () => {
    const demo = readFileSync(DEMO, 'utf8');
    const target = demo.indexOf('"id": "depot-county-141181"');
    const comma = demo.indexOf(',', target);
    const text = demo.slice(0, comma) + demo.slice(comma + 1);
    // The parser notices at the next property name.
    const next = text.indexOf('"', comma);
    expect(problemsOf(loadFile('demo-syntax.json', text))[0]).toMatchObject(lineColumn(text, next));
    expect(lineColumn(text, next).line).toBeGreaterThan(6000);
  });

  it('counts lines the same with CRLF endings', () => {
    const text = '{\r\n  "schemaVersion": 1,\r\n  "name": "x"\r\n  "units": []\r\n}\r\n';
    expect(problemsOf(loadFile('crlf-bad.json', text))[0]).toMatchObject({ line: 4, column: 3 });
  });

  it('counts lines from after a byte-order mark', () => {
    const text = '\uFEFF{\n  "schemaVersion": 1,\n  "name": "x"\n  "units": []\n}\n';
    expect(problemsOf(loadFile('bom-bad.json', text))[0]).toMatchObject({ line: 4, column: 3 });
  });
});

describe('loadScenarioText: duplicate keys are refused', () => {
  it('at the top level', () => {
    const text = '{\n  "schemaVersion": 1,\n  "name": "a",\n  "name": "b"\n}\n';
    const p = problemsOf(loadFile('dup.json', text));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ line: 4, message: 'property "name" appears twice' });
  });

  it('deep inside a record (a position given twice must not silently keep the last)', () => {
    const u = JSON.stringify(unit('u1'), null, 2).replace(
      '"position": [',
      '"position": [112.0, 36.0],\n  "position": [',
    );
    const text = `{\n"schemaVersion": 1,\n"name": "x",\n"units": [\n${u}\n]\n}\n`;
    const at = text.lastIndexOf('"position"');
    const p = problemsOf(loadFile('dup-deep.json', text));
    expect(p[0]).toMatchObject({
      line: lineColumn(text, at).line,
      message: 'property "position" appears twice',
    });
  });
});

describe('loadScenarioText: prototype keys are refused where they stand', () => {
  it('"__proto__" inside a unit: the file, line, column and path of the key', () => {
    const u = JSON.stringify(unit('u1'), null, 2).replace(
      '"headcount": 20,',
      '"headcount": 20,\n  "__proto__": {"status": "committed"},',
    );
    const text = `{\n"schemaVersion": 1,\n"name": "x",\n"units": [\n${u}\n]\n}\n`;
    const at = lineColumn(text, text.indexOf('"__proto__"'));
    const r = loadFile('proto.json', text);
    const message = 'units[0].__proto__: keys named __proto__, constructor or prototype are not allowed';
    expect(problemsOf(r)).toEqual([{ path: 'units[0].__proto__', ...at, message }]);
    expect(!r.ok && r.error.message).toBe(`proto.json:${at.line}:${at.column} ${message}`);
  });

  it('"constructor" and "prototype" deeper in the demo file, written with an escape or not', () => {
    const demo = readFileSync(DEMO, 'utf8');
    const home = demo.indexOf('"homeBase": {') + '"homeBase": {'.length;
    const text = `${demo.slice(0, home)}"constructor": {"prototype": {}}, ${demo.slice(home)}`;
    expect(problemsOf(loadFile('demo-ctor.json', text))[0]).toMatchObject({
      path: 'units[0].homeBase.constructor',
      ...lineColumn(text, home),
    });
    const escaped = `${demo.slice(0, home)}"\\u0070rototype": 1, ${demo.slice(home)}`;
    expect(problemsOf(loadFile('demo-escaped.json', escaped))[0]).toMatchObject({
      path: 'units[0].homeBase.prototype',
    });
  });
});

describe('loadScenarioText: schema errors name the line and column of the bad value', () => {
  it('a bad latitude deep in the demo file: the exact number', () => {
    const demo = readFileSync(DEMO, 'utf8');
    const parsed = JSON.parse(demo) as { units: { id: string }[] };
    const k = parsed.units.length - 3;
    const id = parsed.units[k]!.id;
    const posKey = demo.indexOf('"position": [', demo.indexOf(`"id": "${id}"`));
    const lat = demo.indexOf(', ', posKey) + 2;
    const latEnd = demo.indexOf(']', lat);
    const text = demo.slice(0, lat) + '95.5' + demo.slice(latEnd);
    const r = loadFile('demo-lat.json', text);
    expect(problemsOf(r)).toEqual([
      { path: `units[${k}].position[1]`, ...lineColumn(text, lat), message: expect.stringMatching(/90/) },
    ]);
    expect(!r.ok && r.error.message).toContain(
      `demo-lat.json:${lineColumn(text, lat).line}:${lineColumn(text, lat).column} units[${k}].position[1]`,
    );
  });

  it('a negative stock quantity in the last depot: the exact number', () => {
    const demo = readFileSync(DEMO, 'utf8');
    const parsed = JSON.parse(demo) as { depots: { id: string }[] };
    const d = parsed.depots.length - 1;
    let at = demo.indexOf(`"id": "${parsed.depots[d]!.id}"`);
    for (let n = 0; n < 4; n++) at = demo.indexOf('"quantity": ', at + 1);
    const value = at + '"quantity": '.length;
    const end = demo.indexOf(',', value);
    const text = demo.slice(0, value) + '-7' + demo.slice(end);
    expect(problemsOf(loadFile('demo-stock.json', text))).toEqual([
      { path: `depots[${d}].stock[3].quantity`, ...lineColumn(text, value), message: expect.any(String) },
    ]);
  });

  it('an unknown hazard and a bad adcode in a small file', () => {
    const text = [
      '{',
      '  "schemaVersion": 1,',
      '  "name": "x",',
      '  "incidents": [',
      '    {',
      '      "id": "i1", "title": "t", "hazard": "volcano", "level": "IV", "status": "reported",',
      '      "location": [112.1, 36.5], "countyAdcode": "1404",',
      '      "reporter": {"name": "n"},',
      '      "reportedAt": "2026-11-29T07:00:00+08:00", "updatedAt": "2026-11-29T07:00:00+08:00"',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const p = problemsOf(loadFile('small.json', text));
    expect(lineColumn(text, text.indexOf('"volcano"'))).toEqual({ line: 6, column: 43 });
    expect(p).toEqual([
      { path: 'incidents[0].hazard', line: 6, column: 43, message: expect.any(String) },
      {
        path: 'incidents[0].countyAdcode',
        ...lineColumn(text, text.indexOf('"1404"')),
        message: expect.stringMatching(/6 digits/),
      },
    ]);
  });

  it('a duplicate id: at the second use, naming the first', () => {
    const text = JSON.stringify({ schemaVersion: 1, name: 'x', units: [unit('u1'), unit('u1')] }, null, 2);
    const second = text.lastIndexOf('"u1"');
    const p = problemsOf(loadFile('dup-id.json', text));
    expect(p).toEqual([
      { path: 'units[1].id', ...lineColumn(text, second), message: expect.stringMatching(/units\.0\.id/) },
    ]);
  });

  it('an unknown field: at the object that holds it', () => {
    const text = JSON.stringify(
      { schemaVersion: 1, name: 'x', units: [unit('u1'), { ...unit('u2'), colour: 'red' }] },
      null,
      2,
    );
    const obj = text.lastIndexOf('{', text.indexOf('"u2"'));
    const p = problemsOf(loadFile('unknown.json', text));
    expect(p).toEqual([
      { path: 'units[1]', ...lineColumn(text, obj), message: expect.stringMatching(/colour/) },
    ]);
  });

  it('a missing field: at the object that lacks it', () => {
    const { positionFixAt: _p, ...noFix } = unit('u2');
    const text = JSON.stringify({ schemaVersion: 1, name: 'x', units: [unit('u1'), noFix] }, null, 2);
    const obj = text.lastIndexOf('{', text.indexOf('"u2"'));
    expect(problemsOf(loadFile('missing.json', text))).toEqual([
      { path: 'units[1].positionFixAt', ...lineColumn(text, obj), message: expect.any(String) },
    ]);
  });

  it('a document that is not an object, and a wrong schema version', () => {
    expect(problemsOf(loadFile('array.json', '[]'))[0]).toMatchObject({ path: '(root)', line: 1, column: 1 });
    const p = problemsOf(loadFile('v2.json', '{\n  "schemaVersion": 2,\n  "name": "x"\n}'));
    expect(p).toEqual([{ path: 'schemaVersion', line: 2, column: 20, message: expect.any(String) }]);
  });

  it('lists at most 20 problems and says how many more', () => {
    const units = Array.from({ length: 25 }, (_, i) => unit(`u${i}`, 100 + i));
    const r = loadFile('many.json', JSON.stringify({ schemaVersion: 1, name: 'x', units }, null, 2));
    expect(problemsOf(r)).toHaveLength(20);
    expect(!r.ok && r.error.message).toMatch(/… and 5 more$/);
    expect(!r.ok && r.error.code).toBe('SCENARIO_INVALID');
  });

  it('says where the schema is documented', () => {
    const r = loadFile('doc.json', '{"schemaVersion": 1}');
    expect(!r.ok && r.error.message).toContain('docs/scenario-schema.md');
  });
});
