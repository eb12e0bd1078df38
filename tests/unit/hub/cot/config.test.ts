import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cotConfigFromFlags } from '../../../../src/hub/cot/config';
import { tempDir } from '../../../support/tmp';

const t = tempDir('cot-config-');
afterAll(() => t.cleanup());
const file = (name: string, text: string) => {
  const p = join(t.dir, name);
  writeFileSync(p, text);
  return p;
};
const map = file('map.json', JSON.stringify({ devices: [{ uid: 'ANDROID-1', unit: 'unit-1' }] }));

describe('the CoT bridge flags', () => {
  it('are off with no listener flag, and refuse the others alone', () => {
    expect(cotConfigFromFlags({ host: '127.0.0.1' })).toBeNull();
    expect(() => cotConfigFromFlags({ host: '127.0.0.1', tokenFile: 'x' })).toThrow(
      /--cot-token-file.* need --cot-tcp, --cot-tls or --cot-multicast/,
    );
  });

  it('need the bridge’s own token, read from --cot-token-file and trimmed', () => {
    expect(() => cotConfigFromFlags({ host: '127.0.0.1', tcp: '0', map })).toThrow(
      /needs --cot-token-file FILE: a hub token of its own/,
    );
    expect(() =>
      cotConfigFromFlags({ host: '127.0.0.1', tcp: '0', map, tokenFile: join(t.dir, 'missing') }),
    ).toThrow(/--cot-token-file .*missing could not be read/);
    expect(() =>
      cotConfigFromFlags({ host: '127.0.0.1', tcp: '0', map, tokenFile: file('empty', ' \n') }),
    ).toThrow(/is empty: put the token printed by token create in it/);
    const cfg = cotConfigFromFlags({ host: '127.0.0.1', tcp: '0', map, tokenFile: file('tok', 'jy_abc\n') });
    expect(cfg?.token).toBe('jy_abc');
    expect(cfg?.tcpPort).toBe(0);
  });
});
