import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStartArgs } from '../../../../src/main/app/args';
import { tempDir } from '../../../support/tmp';

let t: ReturnType<typeof tempDir> | null = null;
afterEach(() => t?.cleanup());

describe('the hub token stays out of the process list', () => {
  it('is read from the first line of --token-file', () => {
    t = tempDir();
    const f = join(t.dir, 'token');
    writeFileSync(f, 'jy_secret-token\nignored\n', { mode: 0o600 });
    expect(parseStartArgs(['--hub', 'http://127.0.0.1:5790', '--token-file', f], {}).token).toBe(
      'jy_secret-token',
    );
  });
  it('or from JINYING_HUB_TOKEN', () => {
    expect(
      parseStartArgs(['--hub', 'http://127.0.0.1:5790'], { JINYING_HUB_TOKEN: ' jy_env \n' }).token,
    ).toBe('jy_env');
  });
  it('says what is wrong with an unreadable or empty file, or a token given twice', () => {
    t = tempDir();
    expect(() => parseStartArgs(['--token-file', join(t!.dir, 'missing')], {})).toThrow(
      /cannot be read \(ENOENT\); check the path/,
    );
    const empty = join(t.dir, 'empty');
    writeFileSync(empty, '\n');
    expect(() => parseStartArgs(['--token-file', empty], {})).toThrow(/is empty/);
    expect(() => parseStartArgs(['--token', 'a', '--token-file', empty], {})).toThrow(/not both/);
  });
});
