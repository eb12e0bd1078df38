import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Settings } from '../../shared/ipc';

export const DEFAULT_SETTINGS: Settings = { locale: 'zh-CN', theme: 'light', mapPackId: null };

/**
 * Settings live in `settings.json` in the data folder. A damaged file is set aside (not deleted)
 * and defaults are used, so a bad edit never stops the app from starting.
 */
export class SettingsFile {
  private current: Settings;
  readonly problem: string | null = null;

  constructor(private readonly dir: string) {
    const file = join(dir, 'settings.json');
    if (!existsSync(file)) {
      this.current = { ...DEFAULT_SETTINGS };
      return;
    }
    try {
      this.current = Settings.parse({ ...DEFAULT_SETTINGS, ...JSON.parse(readFileSync(file, 'utf8')) });
    } catch (e) {
      const aside = `${file}.broken-${Date.now()}`;
      renameSync(file, aside);
      this.problem = `settings.json could not be read (${(e as Error).message.split('\n')[0]}); it was moved to ${aside} and defaults are used.`;
      this.current = { ...DEFAULT_SETTINGS };
    }
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: Partial<Settings>): Settings {
    this.current = Settings.parse({ ...this.current, ...patch });
    const file = join(this.dir, 'settings.json');
    // Write-then-rename: a crash mid-write leaves the old file intact.
    writeFileSync(`${file}.tmp`, JSON.stringify(this.current, null, 2));
    renameSync(`${file}.tmp`, file);
    return this.get();
  }
}
