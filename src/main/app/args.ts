import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export interface StartArgs {
  port: number;
  host: string;
  mapPack: string | null;
  scenario: string | null;
  data: string;
  /** Provincial hub URL and token (issue 4); both or neither. */
  hub: string | null;
  token: string | null;
  /** PEM file of the CA(s) that signed an https hub's certificate (`--hub-ca`). */
  hubCa: string | null;
}

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'jinying');
}

/** Flags shared by `npm start` and `npm run web`. Throws with a usage message on bad input. */
export function parseStartArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): StartArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '5780' },
      host: { type: 'string', default: '127.0.0.1' },
      'map-pack': { type: 'string' },
      scenario: { type: 'string' },
      data: { type: 'string' },
      hub: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      'hub-ca': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
  }
  return {
    port,
    host: values.host ?? '127.0.0.1',
    mapPack: values['map-pack'] ?? null,
    scenario: values.scenario ?? null,
    data: values.data ?? defaultDataDir(),
    hub: values.hub ?? null,
    token: tokenFrom(values.token, values['token-file'], env),
    hubCa: values['hub-ca'] ?? null,
  };
}

/**
 * The hub token: from a file (`--token-file`, first line) or the environment (`JINYING_HUB_TOKEN`),
 * so it never shows in `ps`; `--token` still works, for scripts on a machine of one's own.
 */
function tokenFrom(
  flag: string | undefined,
  file: string | undefined,
  env: NodeJS.ProcessEnv,
): string | null {
  if ([flag, file].filter((x) => x !== undefined).length > 1)
    throw new Error('Give the hub token once: --token or --token-file, not both.');
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(
        `--token-file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path and its permissions.`,
      );
    }
    const token = text.split(/\r?\n/)[0]!.trim();
    if (!token)
      throw new Error(
        `--token-file ${file} is empty; put the token the hub administrator gave you on its first line.`,
      );
    return token;
  }
  return flag ?? (env.JINYING_HUB_TOKEN?.trim() || null);
}

export const USAGE = `usage: npm run web -- [--port P] [--host H] [--map-pack DIR] [--scenario FILE] [--data DIR]
  --port P          port to serve on (default 5780; 0 picks a free one)
  --host H          address to bind (default 127.0.0.1; use 0.0.0.0 only on a trusted network)
  --map-pack DIR    basemap pack folder (GeoJSON layers + optional manifest.json); remembered
  --scenario FILE   scenario JSON to load into the store (default: the demo, on an empty store)
  --data DIR        data folder (default ${defaultDataDir()})
  --hub URL[,URL]   provincial hub to sync with, e.g. https://10.0.0.5:5790; several nodes of one
                    hub separated by commas, tried in turn when one goes away (remembered)
  --hub-ca FILE     PEM file of the CA that signed the hub's certificate (a provincial PKI)
  --token-file F    file whose first line is this device's token from the hub administrator
                    (or set JINYING_HUB_TOKEN; remembered with --hub). --token T also works, but
                    shows the token to anyone who can list processes`;
