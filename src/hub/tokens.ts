import { createHash, randomBytes } from 'node:crypto';
import { Id } from '../shared/domain/primitives';
import { isRole, type Role } from '../shared/sync/roles';
import type { HubDb } from './schema';

export interface TokenInfo {
  id: number;
  /** The person the token belongs to, and their organisation. */
  name: string;
  org: string;
  role: Role;
  unitId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** Tokens are 32 random bytes; only their SHA-256 is stored (full entropy: no slow hash needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createToken(
  db: HubDb,
  opts: { name: string; org?: string; role: string; unitId?: string | null },
): { token: string; info: TokenInfo } {
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
  const token = `jy_${randomBytes(32).toString('base64url')}`;
  const createdAt = new Date().toISOString();
  const info = db.transaction(() => {
    const r = db
      .prepare('INSERT INTO tokens (name, org, role, unit_id, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(name, org, opts.role, unitId, hashToken(token), createdAt);
    const id = Number(r.lastInsertRowid);
    if (unitId) db.prepare('INSERT INTO rooms (token_id, room) VALUES (?, ?)').run(id, `unit:${unitId}`);
    return { id, name, org, role: opts.role as Role, unitId, createdAt, revokedAt: null };
  })();
  return { token, info };
}

export function findToken(db: HubDb, token: string): TokenInfo | null {
  const r = db.prepare('SELECT * FROM tokens WHERE hash = ?').get(hashToken(token)) as
    Record<string, unknown> | undefined;
  return r ? rowToInfo(r) : null;
}

export function listTokens(db: HubDb): TokenInfo[] {
  return (db.prepare('SELECT * FROM tokens ORDER BY id').all() as Record<string, unknown>[]).map(rowToInfo);
}

export function revokeToken(db: HubDb, id: number): boolean {
  return (
    db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(new Date().toISOString(), id).changes > 0
  );
}

export function roomsOfToken(db: HubDb, tokenId: number): string[] {
  return (
    db.prepare('SELECT room FROM rooms WHERE token_id = ? ORDER BY room').all(tokenId) as { room: string }[]
  ).map((r) => r.room);
}

/**
 * Bind a client id to the token that first used it. Returns an error message when another
 * valid token already owns the id (nobody may write under someone else's client id).
 */
export function bindClient(db: HubDb, clientId: string, tokenId: number): string | null {
  const now = new Date().toISOString();
  const row = db
    .prepare(
      'SELECT c.token_id, t.revoked_at FROM clients c JOIN tokens t ON t.id = c.token_id WHERE c.client_id = ?',
    )
    .get(clientId) as { token_id: number; revoked_at: string | null } | undefined;
  // A device whose token was revoked and replaced keeps its client id (and its op seqs): the id
  // passes to the new token. An id whose token is still valid stays with it.
  if (row && row.token_id !== tokenId && row.revoked_at === null)
    return `client id "${clientId}" belongs to another token`;
  if (row && row.token_id !== tokenId)
    db.prepare('UPDATE clients SET token_id = ?, last_seen = ? WHERE client_id = ?').run(
      tokenId,
      now,
      clientId,
    );
  else if (row) db.prepare('UPDATE clients SET last_seen = ? WHERE client_id = ?').run(now, clientId);
  else
    db.prepare('INSERT INTO clients (client_id, token_id, first_seen, last_seen) VALUES (?, ?, ?, ?)').run(
      clientId,
      tokenId,
      now,
      now,
    );
  return null;
}

function rowToInfo(r: Record<string, unknown>): TokenInfo {
  return {
    id: Number(r.id),
    name: String(r.name),
    org: String(r.org ?? ''),
    role: String(r.role) as Role,
    unitId: r.unit_id === null ? null : String(r.unit_id),
    createdAt: String(r.created_at),
    revokedAt: r.revoked_at === null ? null : String(r.revoked_at),
  };
}
