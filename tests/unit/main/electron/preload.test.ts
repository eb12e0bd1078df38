import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { join } from 'node:path';
import { CHANNELS } from '../../../../src/shared/ipc/contract';
import { CHANNEL_NAMES } from '../../../../src/shared/ipc/channels';
import { ROOT } from '../../../support/web';

/**
 * The sandboxed preload is bundled alone (scripts/build.mjs): it must carry the channel names and
 * nothing of the schemas. Built here with the same options, in memory.
 */
describe('the preload', () => {
  it('names exactly the contract’s channels', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual([...CHANNELS].sort());
  });

  it('bundles to under 20 KB with no zod and no domain schemas in it', async () => {
    const out = await build({
      entryPoints: [join(ROOT, 'src/main/electron/preload.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const bytes = out.outputFiles[0]!.contents.byteLength;
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.filter((i) => /node_modules\/zod|shared\/domain|shared\/ipc\/contract/.test(i))).toEqual(
      [],
    );
    expect(bytes).toBeLessThan(20 * 1024);
  });
});
