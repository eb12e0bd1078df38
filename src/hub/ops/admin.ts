import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { openHubBackend, type HubStoreLocation } from '../store';
import type { AuditStore } from '../tokens';
import { backupStore, restoreStore } from './backup';
import type { ConnectionLimits } from './limits';

/** Who ran an admin command: `--actor` when given, else the OS user and host. */
export function auditActor(given: string | undefined): string {
  const a = given?.trim();
  if (a) return a.slice(0, 200);
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container): keep "unknown"
  }
  return `${user}@${hostname()}`;
}

/** Record an admin action; the action itself has happened, so a failure to record is reported, not thrown. */
export async function audit(
  store: AuditStore,
  actor: string,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  try {
    await store.record({ actor, action, detail });
  } catch (e) {
    console.error(`[hub] warning: the audit log could not record ${action}: ${(e as Error).message}`);
  }
}

/**
 * `hub backup --out FILE STORE`, `hub restore --from FILE STORE`, `hub audit [--limit N] STORE`.
 * Returns false for any other command.
 */
export async function runOpsCommand(
  cmd: string | undefined,
  values: { out?: string; from?: string; limit?: string; actor?: string },
  at: HubStoreLocation,
  where: string,
  die: (message: string) => never,
): Promise<boolean> {
  if (cmd !== 'backup' && cmd !== 'restore' && cmd !== 'audit') return false;
  const actor = auditActor(values.actor);
  if (cmd === 'backup' && !values.out) die('backup needs --out FILE.');
  if (cmd === 'restore' && !values.from) die('restore needs --from FILE.');
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) die('--limit must be a positive whole number.');
  const backend = await openHubBackend(at);
  try {
    if (cmd === 'audit') {
      for (const e of await backend.audit.list(limit))
        console.log(`${e.id}\t${e.at}\t${e.actor}\t${e.action}\t${JSON.stringify(e.detail)}`);
      return true;
    }
    const started = performance.now();
    const s =
      cmd === 'backup' ? await backupStore(backend, values.out!) : await restoreStore(backend, values.from!);
    const file = cmd === 'backup' ? values.out! : values.from!;
    const counts = Object.entries(s.rows)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ');
    await audit(backend.audit, actor, cmd, {
      file,
      store: where,
      hubId: s.hubId,
      headSeq: s.headSeq,
      rows: s.rows,
    });
    console.log(
      `[hub] ${cmd === 'backup' ? 'backed up' : 'restored'} hub ${s.hubId} (head seq ${s.headSeq}; ${counts}) ${
        cmd === 'backup' ? `to ${file}` : `from ${file} into ${where}`
      } in ${Math.round(performance.now() - started)} ms`,
    );
    return true;
  } catch (e) {
    die((e as Error).message);
  } finally {
    await backend.close();
  }
}

/** The hub's `--rate`, `--ops-rate` and `--max-message-kib` as connection limits. */
export function limitsFromArgs(
  values: { rate?: string; 'ops-rate'?: string; 'max-message-kib'?: string },
  die: (message: string) => never,
): Partial<ConnectionLimits> {
  const out: Partial<ConnectionLimits> = {};
  const num = (name: string, v: string | undefined, min: number) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) die(`--${name} must be a whole number of at least ${min}.`);
    return n;
  };
  const rate = num('rate', values.rate, 0);
  if (rate !== undefined)
    Object.assign(out, { messagesPerSecond: rate, messageBurst: Math.max(4 * rate, 1) });
  const ops = num('ops-rate', values['ops-rate'], 0);
  if (ops !== undefined) Object.assign(out, { opsPerSecond: ops, opsBurst: Math.max(4 * ops, 500) });
  const kib = num('max-message-kib', values['max-message-kib'], 64);
  if (kib !== undefined) out.maxMessageBytes = kib * 1024;
  return out;
}

/** `--tls-cert FILE --tls-key FILE` (PEM): both or neither; read now so a bad path fails at start. */
export function tlsFromArgs(
  values: { 'tls-cert'?: string; 'tls-key'?: string },
  die: (message: string) => never,
): { cert: string; key: string } | null {
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if (!cert && !key) return null;
  if (!cert || !key)
    die('--tls-cert and --tls-key go together (PEM files: the certificate chain and its key).');
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      return die(
        `${flag} ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
      );
    }
  };
  return { cert: read('--tls-cert', cert), key: read('--tls-key', key) };
}
