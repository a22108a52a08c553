import { type Database, prepared } from '../db/database.js';
import { hashSecret } from '../ids.js';
import type { Actor } from '../permissions/can.js';
import type { Rights, Scope } from '../permissions/rights.js';

export const SESSION_COOKIE = 'pvd_session';
export const TOKEN_PREFIX = 'pvd_';

/** Who sent a request: a session (possibly between organisations) or an API token. */
export interface Principal {
  kind: 'user' | 'token';
  userId: string;
  sessionHash?: string;
  /** Absent when a signed-in person has no active membership in the session's organisation. */
  actor?: Actor;
}

interface GrantRow {
  user_id: string;
  tenant_id: string | null;
  role_id: string | null;
  role_key: string | null;
  rights: Rights | null;
  scope: Scope | null;
  team_ids: string[] | null;
}

function actorOf(kind: Actor['kind'], row: GrantRow, tokenId?: string): Actor | undefined {
  if (!row.tenant_id || !row.role_id || !row.role_key || !row.rights || !row.scope) return undefined;
  return {
    kind,
    userId: row.user_id,
    ...(tokenId ? { tokenId } : {}),
    tenantId: row.tenant_id,
    role: { id: row.role_id, key: row.role_key, rights: row.rights, scope: row.scope },
    teamIds: row.team_ids ?? [],
  };
}

// Role, rights and teams of a person in an organisation, in the same round trip as the credential.
const GRANT_COLUMNS = `m.role_id, r.key AS role_key, r.rights, r.scope,
  ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = m.tenant_id AND tm.user_id = m.user_id) AS team_ids`;

// Run on every request: prepared (planned once per connection).
const SESSION_GRANT = prepared(
  'auth.session_grant',
  `SELECT s.user_id, s.current_tenant_id AS tenant_id, s.last_seen_at, ${GRANT_COLUMNS}
   FROM sessions s
   LEFT JOIN memberships m ON m.tenant_id = s.current_tenant_id AND m.user_id = s.user_id AND m.status = 'active'
   LEFT JOIN roles r ON r.tenant_id = m.tenant_id AND r.id = m.role_id
   WHERE s.token_hash = $1 AND s.expires_at > now()`,
);
const TOKEN_GRANT = prepared(
  'auth.token_grant',
  `SELECT t.id AS token_id, t.created_by AS user_id, t.tenant_id, t.last_used_at,
     t.role_id, r.key AS role_key, r.rights, r.scope,
     ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = t.tenant_id AND tm.user_id = t.created_by) AS team_ids
   FROM api_tokens t
   JOIN roles r ON r.tenant_id = t.tenant_id AND r.id = t.role_id
   JOIN memberships m ON m.tenant_id = t.tenant_id AND m.user_id = t.created_by AND m.status = 'active'
   WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
);

export async function principalFromSession(db: Database, token: string): Promise<Principal | undefined> {
  const hash = hashSecret(token);
  const { rows } = await db.query<GrantRow & { last_seen_at: Date }>(SESSION_GRANT, [hash]);
  const row = rows[0];
  if (!row) return undefined;
  // Touch at most once a minute: a write per request would cost more than the request.
  if (Date.now() - row.last_seen_at.getTime() > 60_000) {
    await db.query(`UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1`, [hash]);
  }
  const actor = actorOf('user', row);
  return { kind: 'user', userId: row.user_id, sessionHash: hash, ...(actor ? { actor } : {}) };
}

export async function principalFromToken(db: Database, token: string): Promise<Principal | undefined> {
  const hash = hashSecret(token);
  const { rows } = await db.query<GrantRow & { token_id: string; last_used_at: Date | null }>(TOKEN_GRANT, [
    hash,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.query(`UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1`, [hash]);
  }
  const actor = actorOf('token', row, row.token_id);
  return actor ? { kind: 'token', userId: row.user_id, actor } : undefined;
}
