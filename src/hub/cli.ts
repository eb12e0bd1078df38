/**
 * `npm run hub -- --port P --db FILE [--host H] [--keep-ops N]`: run the provincial hub.
 * `--pg postgres://…` in place of `--db FILE` keeps the store in PostgreSQL (docs/hub-operations.md).
 * `npm run hub -- token create --name NAME --role ROLE [--unit UNIT_ID] --db FILE`: issue a token (printed once).
 * `npm run hub -- token list --db FILE` / `token revoke --id N --db FILE`.
 * `npm run hub -- seed --scenario FILE --db FILE`: load a scenario into the hub as its own ops.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadScenarioText } from '../shared/domain/scenarioLoader';
import { rebaseScenarioTimes } from '../shared/domain/scenarioTime';
import { startHub } from './server';
import { loadConsultConfig } from './consult/config';
import { cotConfigFromFlags } from './cot/config';
import { openHubBackend, openHubStore, type HubStoreLocation } from './store';
import { redactUrl } from './store/postgres';
import { scenarioRecords } from '../shared/sync/entities';
import { createToken, parseExpiry, revokeToken } from './tokens';
import { audit, auditActor, limitsFromArgs, runOpsCommand, tlsFromArgs } from './ops/admin';

const USAGE = `usage (STORE is --db FILE, a SQLite file, or --pg postgres://USER@HOST:PORT/DB):
  npm run hub -- --help
  npm run hub -- --port P STORE [--host H] [--keep-ops N] [--consult FILE]
      [--cot-tcp PORT] [--cot-tls PORT --cot-cert F --cot-key F --cot-ca F] [--cot-multicast GROUP:PORT[,IFACE]] [--cot-map FILE] [--cot-token-file FILE] [--cot-counties FILE]
      [--rate MSGS_PER_S] [--ops-rate OPS_PER_S] [--max-message-kib KIB] [--tls-cert PEM --tls-key PEM]
  npm run hub -- token create --name NAME [--org ORG] --role admin|duty-officer|field-commander|viewer [--unit UNIT_ID] [--expires 30d|ISO] STORE
  npm run hub -- token list STORE
  npm run hub -- token revoke --id N STORE
  npm run hub -- backup --out FILE STORE     |  restore --from FILE STORE (an empty store)
  npm run hub -- audit [--limit N] STORE     (admin commands take [--actor NAME] for the audit log)
  npm run hub -- seed --scenario FILE STORE [--keep-times]`;

function die(message: string, code = 2): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(code);
}

const OPTIONS = {
  port: { type: 'string', default: '5790' },
  host: { type: 'string', default: '127.0.0.1' },
  db: { type: 'string' },
  pg: { type: 'string' },
  'keep-ops': { type: 'string' },
  consult: { type: 'string' },
  'cot-tcp': { type: 'string' },
  'cot-tls': { type: 'string' },
  'cot-cert': { type: 'string' },
  'cot-key': { type: 'string' },
  'cot-ca': { type: 'string' },
  'cot-multicast': { type: 'string' },
  'cot-map': { type: 'string' },
  'cot-counties': { type: 'string' },
  'cot-token-file': { type: 'string' },
  name: { type: 'string' },
  org: { type: 'string' },
  role: { type: 'string' },
  unit: { type: 'string' },
  id: { type: 'string' },
  scenario: { type: 'string' },
  expires: { type: 'string' },
  actor: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  limit: { type: 'string' },
  rate: { type: 'string' },
  'ops-rate': { type: 'string' },
  'max-message-kib': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'keep-times': { type: 'boolean' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (e) {
    return die(`${(e as Error).message}.`);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    console.log(`Jinying provincial hub (docs/sync-protocol.md).\n${USAGE}`);
    return;
  }
  if (values.db && values.pg) die('give either --db FILE or --pg URL, not both.');
  if (values.pg !== undefined && !/^postgres(ql)?:\/\//.test(values.pg))
    die(`--pg must be a postgres:// URL, not "${redactUrl(values.pg)}".`);
  const at: HubStoreLocation | null = values.pg
    ? { postgres: values.pg }
    : values.db
      ? { sqlite: values.db }
      : null;
  if (!at)
    die('--db FILE (a SQLite file, created if missing) or --pg postgres://… (a database) is required.');
  const where = 'sqlite' in at ? at.sqlite : redactUrl(at.postgres);

  const [cmd, sub] = positionals;
  const actor = auditActor(values.actor);
  if (await runOpsCommand(cmd, values, at, where, die)) return;

  if (cmd === 'token') {
    const backend = await openHubBackend(at);
    try {
      if (sub === 'create') {
        if (!values.name || !values.role) die('token create needs --name and --role.');
        const { token, info } = await createToken(backend.tokens, {
          name: values.name,
          org: values.org,
          role: values.role,
          unitId: values.unit ?? null,
          expiresAt: values.expires === undefined ? null : parseExpiry(values.expires),
        });
        await audit(backend.audit, actor, 'token.create', {
          id: info.id,
          name: info.name,
          org: info.org,
          role: info.role,
          unitId: info.unitId,
          expiresAt: info.expiresAt,
        });
        console.error(
          `[hub] token ${info.id} for "${info.name}"${info.org ? ` of ${info.org}` : ''} (${info.role}${info.unitId ? `, unit ${info.unitId}` : ''}); shown once, store it safely:`,
        );
        console.log(token);
      } else if (sub === 'list') {
        for (const t of await backend.tokens.list()) {
          console.log(
            `${t.id}\t${t.name}\t${t.org || '-'}\t${t.role}\t${t.unitId ?? '-'}\t${t.createdAt}\t${t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt && Date.parse(t.expiresAt) <= Date.now() ? `expired ${t.expiresAt}` : t.expiresAt ? `active until ${t.expiresAt}` : 'active'}`,
          );
        }
      } else if (sub === 'revoke') {
        const id = Number(values.id);
        if (!Number.isInteger(id)) die('token revoke needs --id N.');
        const revoked = await revokeToken(backend.tokens, id);
        if (revoked) await audit(backend.audit, actor, 'token.revoke', { id });
        console.log(revoked ? `revoked token ${id}` : `no active token ${id}`);
      } else die(`unknown token command "${sub ?? ''}".`);
    } finally {
      await backend.close();
    }
    return;
  }

  if (cmd === 'seed') {
    if (!values.scenario) die('seed needs --scenario FILE.');
    const loaded = loadScenarioText(readFileSync(values.scenario, 'utf8'), values.scenario);
    if (!loaded.ok) die(loaded.error.message);
    // A demo's times are moved to now (its newest time becomes the present), so its units' positions
    // are minutes old, not days; --keep-times seeds the file's times as they are.
    const scenario =
      loaded.value.incidents.every((i) => i.demo) && !values['keep-times']
        ? rebaseScenarioTimes(loaded.value, Date.now())
        : loaded.value;
    const store = await openHubStore(at);
    try {
      const records = scenarioRecords(scenario);
      const n = await store.seed(records);
      await audit(store.backend.audit, actor, 'seed', { scenario: values.scenario, records: n });
      console.log(`[hub] seeded ${n} records from ${values.scenario}`);
    } finally {
      await store.close();
    }
    return;
  }

  if (cmd !== undefined) die(`unknown command "${cmd}".`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    die(`--port must be 0..65535, not "${values.port}".`);
  const keep = values['keep-ops'] === undefined ? undefined : Number(values['keep-ops']);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
    die('--keep-ops must be a positive whole number.');
  let consult;
  try {
    consult = values.consult ? loadConsultConfig(values.consult) : null;
  } catch (e) {
    die((e as Error).message);
  }
  let cot;
  try {
    cot = cotConfigFromFlags({
      host: values.host,
      tcp: values['cot-tcp'],
      tls: values['cot-tls'],
      cert: values['cot-cert'],
      key: values['cot-key'],
      ca: values['cot-ca'],
      multicast: values['cot-multicast'],
      map: values['cot-map'],
      counties: values['cot-counties'],
      tokenFile: values['cot-token-file'],
    });
  } catch (e) {
    die((e as Error).message);
  }
  const limits = limitsFromArgs(values, die);
  const tls = tlsFromArgs(values, die);
  const hub = await startHub({
    store: at,
    port,
    host: values.host,
    retainOps: keep,
    consult,
    cot,
    limits,
    tls,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[hub] ${signal}: closing`);
    await hub.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Last resort: a bug in one handler must not take the hub down for everyone.
  process.on('uncaughtException', (e) => console.error(`[hub] uncaught: ${e.stack ?? e.message}`));
  console.log(`[hub] id ${hub.store.hubId}, store ${where}, head seq ${hub.store.head().headSeq}`);
  // Printed last, once ready: scripts and tests wait for this line.
  console.log(`[hub] listening on ${hub.url}`);
}

main(process.argv.slice(2)).catch((e: Error) => {
  console.error(`[hub] could not start: ${e.message}`);
  process.exit(1);
});
