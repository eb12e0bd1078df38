import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Settings } from '../../shared/ipc';
import { prototypeKeyMessage, prototypeKeyPath } from '../../shared/util/protoKeys';

export const DEFAULT_SETTINGS: Settings = { locale: 'zh-CN', theme: 'light', mapPackId: null };

/** The settings in a refused file that are valid on their own; defaults for the rest. */
function validSettingsIn(json: unknown): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return out as Settings;
  for (const [k, schema] of Object.entries(Settings.shape)) {
    if (!Object.hasOwn(json, k)) continue;
    const r = schema.safeParse((json as Record<string, unknown>)[k]);
    if (r.success) out[k] = r.data;
  }
  return out as Settings;
}

/**
 * Settings live in `settings.json` in the data folder. A damaged file (or one with a prototype key
 * such as `__proto__`) is set aside (not deleted); the settings in it that are valid are kept and
 * defaults used for the rest, so a bad edit never stops the app from starting nor loses the rest.
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
    let json: unknown = null;
    try {
      json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      const bad = prototypeKeyPath(json, 'settings.json');
      if (bad) throw new Error(prototypeKeyMessage(bad));
      this.current = Settings.parse({ ...DEFAULT_SETTINGS, ...(json as Record<string, unknown>) });
    } catch (e) {
      const aside = `${file}.broken-${Date.now()}`;
      renameSync(file, aside);
      this.current = validSettingsIn(json);
      this.save();
      this.problem = `settings.json could not be read (${(e as Error).message.split('\n')[0]}); it was moved to ${aside}, its valid settings are kept and defaults are used for the rest.`;
    }
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: Partial<Settings>): Settings {
    this.current = Settings.parse({ ...this.current, ...patch });
    this.save();
    return this.get();
  }

  private save(): void {
    const file = join(this.dir, 'settings.json');
    // Write-then-rename: a crash mid-write leaves the old file intact.
    writeFileSync(`${file}.tmp`, JSON.stringify(this.current, null, 2));
    renameSync(`${file}.tmp`, file);
  }
}
