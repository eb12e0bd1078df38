import { createHash, randomBytes } from 'node:crypto';
import { Id } from '../shared/domain/primitives';
import { isRole, type Role } from '../shared/sync/roles';

export interface TokenInfo {
  id: number;
  /** The person the token belongs to, and their organisation. */
  name: string;
  org: string;
  role: Role;
  unitId: string | null;
  createdAt: string;
  revokedAt: string | null;
  /** When the token stops working (token create --expires); null: never. */
  expiresAt: string | null;
}

/** An administrator's action, as the audit log keeps it (docs/hub-operations.md, "Audit log"). */
export interface AuditEntry {
  id: number;
  at: string;
  /** Who: the CLI's --actor, or the OS user and host that ran the command. */
  actor: string;
  /** e.g. token.create, token.revoke, backup, restore, seed. */
  action: string;
  detail: Record<string, unknown>;
}

/** The audit log, kept in the hub's store. */
export interface AuditStore {
  record(e: Omit<AuditEntry, 'id' | 'at'> & { at?: string }): Promise<void>;
  /** The newest `limit` entries, oldest first. */
  list(limit: number): Promise<AuditEntry[]>;
}

/** Where tokens, rooms and client ids are kept: the hub store's backend (SQLite or PostgreSQL). */
export interface TokenStore {
  /** Insert a token (and its unit's room) in one transaction. */
  insert(t: Omit<TokenInfo, 'id' | 'revokedAt'> & { hash: string }): Promise<TokenInfo>;
  findByHash(hash: string): Promise<TokenInfo | null>;
  list(): Promise<TokenInfo[]>;
  revoke(id: number, at: string): Promise<boolean>;
  rooms(tokenId: number): Promise<string[]>;
  /** Bind a client id to a token: see bindClient. */
  bindClient(clientId: string, tokenId: number, now: string): Promise<string | null>;
  /**
   * The revoked token ids, or null when nothing changed since the last call (cheap to call
   * often: the hub does before every group commit and every half second).
   */
  revokedIfChanged(): Promise<Set<number> | null>;
}

/** Tokens are 32 random bytes; only their SHA-256 is stored (full entropy: no slow hash needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createToken(
  store: TokenStore,
  opts: { name: string; org?: string; role: string; unitId?: string | null; expiresAt?: string | null },
): Promise<{ token: string; info: TokenInfo }> {
  const name = opts.name.trim();
  if (!name || name.length > 100) throw new Error('--name must be 1 to 100 characters.');
  const org = (opts.org ?? '').trim();
  if (org.length > 200) throw new Error('--org must be at most 200 characters.');
  if (!isRole(opts.role))
    throw new Error(
      `--role must be one of admin, duty-officer, field-commander, viewer (not "${opts.role}").`,
    );
  const unitId = opts.unitId ?? null;
  if (unitId !== null && !Id.safeParse(unitId).success)
    throw new Error(`--unit "${unitId}" is not a valid unit id.`);
  const expiresAt = opts.expiresAt ?? null;
  if (expiresAt !== null && !(Date.parse(expiresAt) > Date.now()))
    throw new Error(`--expires "${expiresAt}" must be a time in the future.`);
  const token = `jy_${randomBytes(32).toString('base64url')}`;
  const info = await store.insert({
    name,
    org,
    role: opts.role,
    unitId,
    hash: hashToken(token),
    createdAt: new Date().toISOString(),
    expiresAt,
  });
  return { token, info };
}

export function findToken(store: TokenStore, token: string): Promise<TokenInfo | null> {
  return store.findByHash(hashToken(token));
}

export function revokeToken(store: TokenStore, id: number): Promise<boolean> {
  return store.revoke(id, new Date().toISOString());
}

/**
 * Bind a client id to the token that first used it. Resolves to an error message when another
 * valid token already owns the id (nobody may write under someone else's client id). A device
 * whose token was revoked and replaced keeps its client id (and its op seqs): the id passes to
 * the new token.
 */
export function bindClient(store: TokenStore, clientId: string, tokenId: number): Promise<string | null> {
  return store.bindClient(clientId, tokenId, new Date().toISOString());
}

/** A tokens row (either backend) as a TokenInfo. */
export function rowToInfo(r: Record<string, unknown>): TokenInfo {
  return {
    id: Number(r.id),
    name: String(r.name),
    org: String(r.org ?? ''),
    role: String(r.role) as Role,
    unitId: r.unit_id === null ? null : String(r.unit_id),
    createdAt: String(r.created_at),
    revokedAt: r.revoked_at === null ? null : String(r.revoked_at),
    expiresAt: r.expires_at === null || r.expires_at === undefined ? null : String(r.expires_at),
  };
}

/** Why a token may not be used now (revoked or expired), or null when it may. */
export function tokenRefusal(
  info: Pick<TokenInfo, 'revokedAt' | 'expiresAt'>,
  now = Date.now(),
): string | null {
  if (info.revokedAt) return 'this token was revoked; ask the hub administrator for a new one';
  if (info.expiresAt && Date.parse(info.expiresAt) <= now)
    return `this token expired at ${info.expiresAt}; ask the hub administrator for a new one`;
  return null;
}

/**
 * `--expires` of token create: a duration from now (`90m`, `12h`, `30d`) or an ISO time; the
 * instant as ISO text.
 */
export function parseExpiry(text: string, now = Date.now()): string {
  const d = /^(\d{1,6})([mhd])$/.exec(text.trim());
  if (d) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[d[2] as 'm' | 'h' | 'd'];
    return new Date(now + Number(d[1]) * unit).toISOString();
  }
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim()) || Number.isNaN(t))
    throw new Error(
      `--expires must be a duration such as 90m, 12h or 30d, or a time such as 2027-01-31T16:00:00Z (not "${text}").`,
    );
  return new Date(t).toISOString();
}

/** An audit row (either backend) as an AuditEntry. */
export function auditRow(r: Record<string, unknown>): AuditEntry {
  return {
    id: Number(r.id),
    at: String(r.at),
    actor: String(r.actor),
    action: String(r.action),
    detail: JSON.parse(String(r.detail)) as Record<string, unknown>,
  };
}
