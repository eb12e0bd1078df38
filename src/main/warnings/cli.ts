/**
 * The warning CLI (docs/interop.md §Warnings):
 *   npm run warning -- export --data DIR --id ID --out FILE.xml [--map-pack DIR]
 *   npm run warning -- validate FILE.xml
 * `export` writes an issued (or cancelled) warning's CAP 1.2 message, validated against the OASIS
 * schema first; `validate` checks any CAP 1.2 file and lists what is wrong. Exit 0 on success, 1 when
 * a file is invalid, 2 on a usage or data error.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StoreClient } from '../db/client';
import { SettingsFile } from '../services/settingsFile';
import { DeskConfig } from '../../shared/desk/config';
import { CodedError } from '../../shared/ipc/errors';
import { currentPackDir, loadReportPlaces } from '../reports/places';
import { exportCap } from './capFiles';
import { validateCap } from './capXml';

const USAGE = `Usage:
  npm run warning -- export --data DIR --id ID --out FILE.xml [--map-pack DIR]
  npm run warning -- validate FILE.xml
`;

class CliError extends Error {}

async function exportCommand(argv: string[]): Promise<number> {
  const { values: o } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      id: { type: 'string' },
      out: { type: 'string' },
      'map-pack': { type: 'string' },
    },
    strict: true,
  });
  if (!o.data || !o.id || !o.out)
    throw new CliError(`export needs --data DIR, --id ID and --out FILE.xml\n${USAGE}`);
  const dataDir = resolve(o.data);
  if (!existsSync(join(dataDir, 'jinying.sqlite')))
    throw new CliError(`${dataDir} holds no Jinying store (no jinying.sqlite there)`);
  const packDir = o['map-pack'] ? resolve(o['map-pack']) : currentPackDir(dataDir);
  const counties = packDir ? loadReportPlaces(packDir).counties : [];
  if (!packDir)
    process.stderr.write(
      '[warning] no map pack: counties are exported as GB/T 2260 geocodes without outlines (give --map-pack DIR)\n',
    );
  const rings = new Map(counties.map((c) => [c.adcode, c.polygons.map((p) => p[0]!)]));
  const cfg = DeskConfig.parse(new SettingsFile(dataDir).get().desk ?? {}).warnings;
  const store = await StoreClient.open(join(dataDir, 'jinying.sqlite'));
  try {
    const out = exportCap(await store.call('listWarnings'), o.id, cfg, (a) => rings.get(a) ?? []);
    writeFileSync(resolve(o.out), out.xml);
    process.stdout.write(`${out.msgType} ${out.identifier} written to ${resolve(o.out)} (valid CAP 1.2)\n`);
    return 0;
  } finally {
    await store.close();
  }
}

function validateCommand(argv: string[]): number {
  const file = argv[0];
  if (!file || argv.length > 1) throw new CliError(`validate takes one FILE.xml\n${USAGE}`);
  if (!existsSync(file)) throw new CliError(`${file} does not exist`);
  const problems = validateCap(readFileSync(file, 'utf8'));
  if (problems.length === 0) {
    process.stdout.write(`${file}: valid CAP 1.2\n`);
    return 0;
  }
  for (const p of problems) process.stdout.write(`${file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
  return 1;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'export') return exportCommand(rest);
  if (command === 'validate') return validateCommand(rest);
  if (command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  throw new CliError(`unknown command ${command ?? '(none)'}\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const known = e instanceof CliError || e instanceof CodedError;
    process.stderr.write(`${known ? '' : 'warning CLI failed: '}${(e as Error).message}\n`);
    process.exit(2);
  },
);
