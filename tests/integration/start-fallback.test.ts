import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/tmp';

describe('npm start without the Electron binary', () => {
  it('says so, explains the offline install, and starts web mode', async () => {
    const data = mkdtempSync(join(tmpdir(), 'jinying-start-'));
    const empty = mkdtempSync(join(tmpdir(), 'jinying-noelectron-'));
    // An Electron folder with no binary in it: exactly the air-gapped case.
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--data', data], {
      cwd: REPO_ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}\n${err}`)), 60_000);
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    try {
      expect(err).toMatch(/Electron .* is not installed here/);
      expect(err).toMatch(/install it offline/);
      expect(err).toMatch(/Starting web mode instead/);
      expect((await fetch(url)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(data, { recursive: true, force: true });
      rmSync(empty, { recursive: true, force: true });
    }
  }, 90_000);
});
