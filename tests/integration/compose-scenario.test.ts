import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp } from '../../src/main/app/compose';
import { DEMO_SCENARIO, tempDir } from '../support/tmp';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

describe('--scenario at start', () => {
  it('loads into an empty store only; a later start keeps what changed since', async () => {
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);
    const first = await startApp({ dataDir: t.dir, mode: 'web', scenarioFile: DEMO_SCENARIO, log });
    expect(lines.join('\n')).toMatch(/loaded scenario/);
    const p = await first.handlers['picture:get']({});
    const inc = p.incidents.find((i) => i.status === 'verified')!;
    await first.handlers['duty:signIn']({ name: '张伟', org: '省应急指挥中心' });
    await first.handlers['incident:setStatus']({ id: inc.id, status: 'responding' });
    await first.close();

    lines.length = 0;
    const second = await startApp({ dataDir: t.dir, mode: 'web', scenarioFile: DEMO_SCENARIO, log });
    expect(lines.join('\n')).toMatch(/was not loaded: the store .* already holds a picture/);
    const again = await second.handlers['picture:get']({});
    expect(again.incidents.find((i) => i.id === inc.id)!.status).toBe('responding');
    await second.close();
  });

  it('reports a bad scenario file even when the store is not empty', async () => {
    const app = await startApp({ dataDir: t.dir, mode: 'web', log: () => undefined });
    await app.close();
    await expect(
      startApp({ dataDir: t.dir, mode: 'web', scenarioFile: `${t.dir}/missing.json`, log: () => undefined }),
    ).rejects.toThrow(/does not exist/);
  });
});
