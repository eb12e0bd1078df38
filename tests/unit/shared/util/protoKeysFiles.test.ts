/**
 * Prototype keys in the files the app reads beside the scenario and the map packs: settings.json
 * (refused, the file set aside, its other settings kept), sync.json (refused, the file untouched)
 * and the hub's `seed --scenario FILE` (refused before the hub database is opened). Real files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsFile } from '../../../../src/main/services/settingsFile';
import { resolveHubConfig } from '../../../../src/main/sync/wire';
import { REPO_ROOT as ROOT } from '../../../support/tmp';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'jinying-protokeys-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('settings.json with a prototype key', () => {
  it('is refused by path and set aside as it was, and its other settings are kept', () => {
    const d = tmp();
    const text =
      '{"locale": "en", "theme": "dark", "mapPackId": "shanxi-1234abcd", "__proto__": {"mapPackId": "evil"}}';
    writeFileSync(join(d, 'settings.json'), text);
    const s = new SettingsFile(d);
    expect(s.problem).toContain(
      'settings.json.__proto__: keys named __proto__, constructor or prototype are not allowed',
    );
    expect(s.get()).toEqual({ locale: 'en', theme: 'dark', mapPackId: 'shanxi-1234abcd' });
    const aside = readdirSync(d).filter((n) => n.startsWith('settings.json.broken-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(d, aside[0]!), 'utf8')).toBe(text);
    // The kept settings are on disk: the next start has them, with nothing to complain about.
    const again = new SettingsFile(d);
    expect(again.problem).toBeNull();
    expect(again.get()).toEqual({ locale: 'en', theme: 'dark', mapPackId: 'shanxi-1234abcd' });
  });
});

describe('sync.json with a prototype key', () => {
  it('is refused naming the path, and left as it was', () => {
    const d = tmp();
    const text =
      '{"hubUrl": "http://10.0.0.5:5790", "token": "0123456789abcdef0123", "constructor": {"prototype": {}}}';
    writeFileSync(join(d, 'sync.json'), text);
    expect(() => resolveHubConfig(d, {})).toThrow(
      /sync\.json\.constructor: keys named __proto__, constructor or prototype are not allowed/,
    );
    expect(readFileSync(join(d, 'sync.json'), 'utf8')).toBe(text);
  });
});

describe('hub seed --scenario with a prototype key', () => {
  it('exits with the file, line, column and path, before opening the database', () => {
    const d = tmp();
    const scenario = join(d, 'seed.json');
    writeFileSync(
      scenario,
      '{\n  "schemaVersion": 1,\n  "name": "x",\n  "units": [\n    {"__proto__": {}}\n  ]\n}\n',
    );
    const r = spawnSync(
      'npx',
      ['tsx', 'src/hub/cli.ts', 'seed', '--scenario', scenario, '--db', join(d, 'hub.db')],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `${scenario}:5:6 units[0].__proto__: keys named __proto__, constructor or prototype are not allowed`,
    );
    expect(existsSync(join(d, 'hub.db'))).toBe(false);
  });
});
