import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../support/web';

/**
 * The installers' configuration, checked with electron-builder's own loader and schema validator
 * (the Electron binary cannot be downloaded here, so the build itself is not run): the fuses the
 * build flips, what goes into the package, the icons the deb and NSIS targets need.
 */
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require(
  join(ROOT, 'node_modules/app-builder-lib/out/util/config/config.js'),
) as {
  getConfig: (dir: string, path: string | null, extra: null) => Promise<Record<string, unknown>>;
  validateConfiguration: (cfg: unknown, log: unknown) => Promise<void>;
};
const { DebugLogger } = require(join(ROOT, 'node_modules/builder-util')) as {
  DebugLogger: new (on: boolean) => unknown;
};
const load = () => getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  author?: { name?: string };
};

describe('packaging (electron-builder.yml, package.json)', () => {
  it('is a configuration electron-builder accepts, and its validator does refuse a wrong one', async () => {
    const cfg = await load();
    await expect(validateConfiguration(cfg, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...cfg, electronFuses: { runAsNod: false } }, new DebugLogger(false)),
    ).rejects.toThrow(/Invalid configuration object[\s\S]*electronFuses/);
  });

  it('flips the fuses: no ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect; the app only from its asar, integrity checked', async () => {
    expect((await load()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('ships only what main loads unbundled: better-sqlite3 (rebuilt for Electron), unpacked with its helpers', async () => {
    // scripts/build.mjs bundles everything else into dist/ (externals: electron, better-sqlite3).
    const build = readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8');
    expect(build).toMatch(/external: \['electron', 'better-sqlite3'\]/);
    expect(Object.keys(pkg.dependencies)).toEqual(['better-sqlite3']);
    expect(pkg.devDependencies.electron).toBeDefined();
    const cfg = await load();
    expect(cfg.npmRebuild).toBe(true);
    // What better-sqlite3 requires at run time (prebuild-install only runs at install).
    const unpack = cfg.asarUnpack as string[];
    for (const m of ['better-sqlite3', 'bindings', 'file-uri-to-path'])
      expect(unpack).toContain(`node_modules/${m}/**`);
    expect(readFileSync(join(ROOT, 'node_modules/better-sqlite3/lib/database.js'), 'utf8')).toMatch(
      /require\('bindings'\)/,
    );
    expect((cfg.files as { filter: string[] }[])[0]!.filter).toContain('!assets/build/**');
  });

  it('has what the deb and NSIS targets need: a maintainer, an author and a 512×512 icon', async () => {
    const cfg = await load();
    const linux = cfg.linux as { maintainer?: string; icon?: string };
    expect(linux.maintainer).toBeTruthy();
    expect(pkg.author?.name).toBeTruthy();
    const png = readFileSync(join(ROOT, linux.icon!));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    expect((cfg.win as { icon?: string }).icon).toBe(linux.icon);
  });
});
